/**
 * common.ts — helpers every experiment shares: running one job's program, the columns every
 * CSV row carries, a seeded PRNG for programs that need random choices, statistics, and the
 * number formats the readings use.
 *
 * Programs are real Libc programs (generator functions over the POSIX API) run by
 * runProgram on a fresh kernel. A program reports what it measured through a plain
 * `out` object it closes over — the lab's instrument wire, read after the run — the way a
 * C benchmark prints its timings; the kernel never sees it.
 */

import { runProgram, type RunOptions, type RunResult } from '../runner.js';
import { EV_CLONE, EV_EXIT, EV_EXEC, type Kernel } from '../../kernel/index.js';
import type { Program } from '../../libs/index.js';
import type { Job, Params, Row, RunContext } from './types.js';

/** The order libraries are listed and coloured in every chart (registry order). */
export const LIB_ORDER = ['linuxthreads', 'nptl', 'ngpt', 'green'] as const;

/** Run `program` for `job`: its library, options, seed, cost preset and CPU count. */
export function runJob(job: Job, program: Program, extra: Partial<RunOptions> = {}): RunResult {
  const watch = nextRunWatch;
  nextRunWatch = null;
  const r = runProgram({
    program,
    name: extra.name ?? job.experiment,
    lib: job.lib,
    libOptions: job.libOptions,
    seed: job.seed,
    costs: job.costs,
    cpus: job.cpus,
    timeLimit: extra.timeLimit ?? 600e9,
    ...(watch ? watch.options(extra) : extra),
  });
  watch?.done(r);
  return r;
}

/** Extra runner options for the next runJob only, and its result (a timeline's collector). */
export interface RunWatch {
  options(extra: Partial<RunOptions>): Partial<RunOptions>;
  done(r: RunResult): void;
}

let nextRunWatch: RunWatch | null = null;

/** Run `f` (an experiment's run(job)) with `w` watching the first program it runs. */
export function watchFirstRun<T>(w: RunWatch, f: () => T): T {
  nextRunWatch = w;
  try {
    return f();
  } finally {
    nextRunWatch = null;
  }
}

/** The columns every row starts with: library, its options and parameters, seed, preset, CPUs. */
export function baseRow(job: Job, r: RunResult | null, params: Params = job.params): Row {
  return {
    library: job.lib,
    ...params,
    seed: job.seed,
    costs: r ? r.costs : job.costs,
    cpus: job.cpus,
  };
}

/** The CPU count an experiment runs on: --cpus, else its default. */
export function cpusFor(ctx: RunContext, dflt: number): number {
  return ctx.cpus ?? dflt;
}

/** mulberry32: a small seeded PRNG for programs' random choices (kernel/ has its own). */
export function makePrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mix a run seed with a thread index, so each thread draws its own stream. */
export function subSeed(seed: number, i: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
}

/** A number rounded to `digits` significant digits (stable CSV text). */
export function sig(n: number, digits = 4): number {
  if (!Number.isFinite(n) || n === 0) return n;
  return Number(n.toPrecision(digits));
}

/** Human text for a duration in ns: "850 ns", "4.12 µs", "12.3 ms", "2.00 s". */
export function fmtNs(ns: number): string {
  const a = Math.abs(ns);
  if (a < 1e3) return `${Math.round(ns)} ns`;
  if (a < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (a < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

/** "4.6×" for a ratio. */
export function fmtRatio(x: number): string {
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
}

/** Rows of one library, in order. */
export function rowsOf(rows: Row[], lib: string): Row[] {
  return rows.filter((r) => r.library === lib);
}

/** The value of numeric column `col` in the first row matching `where`, or null. */
export function pick(rows: Row[], where: Row, col: string): number | null {
  const r = rows.find((x) => Object.entries(where).every(([k, v]) => x[k] === v));
  const v = r ? r[col] : null;
  return typeof v === 'number' ? v : null;
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}

/** Libraries present in the rows, in LIB_ORDER (then any others, in order of appearance). */
export function libsIn(rows: Row[]): string[] {
  const seen = [...new Set(rows.map((r) => String(r.library)))];
  const known = LIB_ORDER.filter((l) => seen.includes(l)) as string[];
  return [...known, ...seen.filter((l) => !known.includes(l))];
}

/** Join words as "a, b and c". */
export function listText(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** "{1, 2, 4}" for a parameter list. */
export function setText(xs: readonly (number | string)[]): string {
  return `{${xs.join(', ')}}`;
}

/** Tracks a process and every task cloned from it, transitively (threads, managers, natives). */
export interface Family {
  root: number;
  pids: Set<number>;
  alive: Set<number>;
  lastExit: number;
}

/** Follow the clone tree from `root` (set later, e.g. when the probe forks) via the event log. */
export function trackFamily(k: Kernel): Family {
  const f: Family = { root: -1, pids: new Set(), alive: new Set(), lastExit: 0 };
  k.trace.subscribe([EV_CLONE], (_kind, _t, _cpu, pid, child) => {
    if (f.pids.has(pid)) { f.pids.add(child); f.alive.add(child); }
  });
  k.trace.subscribe([EV_EXIT], (_kind, time, _cpu, pid) => {
    if (f.alive.delete(pid)) f.lastExit = time;
  });
  // A thread that execs takes over its process's pid: its own tid is gone from then on.
  k.trace.subscribe([EV_EXEC], (_kind, _t, _cpu, pid, oldTid) => {
    if (pid !== oldTid && f.alive.delete(oldTid)) { f.pids.add(pid); f.alive.add(pid); }
  });
  return f;
}

/** Start tracking `pid` (a freshly forked process) in `f`. */
export function adopt(f: Family, pid: number): void {
  f.root = pid;
  f.pids.add(pid);
  f.alive.add(pid);
}

/** The most frequent system calls of a run, per unit of work: "clone 1, futex 2.05, write 1". */
export function syscallMix(calls: Record<string, number>, per: number, top = 4): string {
  return Object.entries(calls)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([name, n]) => `${name} ${sig(n / per, 3)}`)
    .join(', ');
}
