/**
 * contention.ts — what does lock contention cost?
 *
 * The NPTL white paper's setup: 32 threads enter critical regions 50,000 times in all; each
 * region is a mutex, and the number of regions varies — with fewer regions more threads want
 * the same lock at once. Each entry does some work outside (compute), picks a region at random
 * (a per-thread PRNG seeded from the run's seed), locks it, works inside, and unlocks. The
 * program times itself with clock_gettime; the row adds the kernel's count of system calls
 * (futex, sigsuspend, ...) and context switches per entry, which is where contention shows.
 */

import type { Libc, Sim, pthread_mutex_t, pthread_t } from '../../libs/index.js';
import { lineChart } from '../report/specs.js';
import {
  LIB_ORDER, baseRow, cpusFor, fmtNs, fmtRatio, libsIn, listText, makePrng, pick, runJob,
  setText, sig, subSeed, syscallMix,
} from './common.js';
import { lineStyles, log2Axis } from './chartfix.js';
import type { Experiment, Job, JobSpec, ParamSets, Row, RunContext } from './types.js';

interface ContentionParams {
  threads: number;
  entries: number;
  regions: number[];
  /** Work inside the critical region, ns; work outside is `outsideFactor` times as much. */
  insideNs: number[];
  outsideFactor: number;
}

export const CONTENTION_PARAMS: ParamSets<ContentionParams> = {
  full: { threads: 32, entries: 50_000, regions: [1, 2, 4, 8, 16, 32], insideNs: [1_000, 10_000], outsideFactor: 4 },
  quick: { threads: 32, entries: 1_600, regions: [1, 4, 32], insideNs: [1_000, 10_000], outsideFactor: 4 },
};

interface RunParams { threads: number; entries: number; insideNs: number; outsideNs: number }

const DEFAULT_CPUS = 4;

interface WorkerArg { locks: pthread_mutex_t[]; entries: number; seed: number; insideNs: number; outsideNs: number }
interface Out { elapsedNs: number; entered: number }

/** One thread: `entries` times, work outside, then lock a random region and work inside. */
function* worker(libc: Libc, a: WorkerArg): Sim<number> {
  const rnd = makePrng(a.seed);
  for (let i = 0; i < a.entries; i++) {
    yield* libc.compute(a.outsideNs);
    const m = a.locks[Math.floor(rnd() * a.locks.length)];
    yield* libc.pthread_mutex_lock(m);
    yield* libc.compute(a.insideNs);
    yield* libc.pthread_mutex_unlock(m);
  }
  return a.entries;
}

function contentionProgram(p: RunParams, regions: number, seed: number, out: Out) {
  return function* main(libc: Libc): Sim<number> {
    const locks: pthread_mutex_t[] = [];
    for (let i = 0; i < regions; i++) locks.push(yield* libc.pthread_mutex_init());
    const t0 = yield* libc.clock_gettime();
    const ids: pthread_t[] = [];
    for (let i = 0; i < p.threads; i++) {
      const share = Math.floor(p.entries / p.threads) + (i < p.entries % p.threads ? 1 : 0);
      const arg: WorkerArg = { locks, entries: share, seed: subSeed(seed, i), insideNs: p.insideNs, outsideNs: p.outsideNs };
      const t = yield* libc.pthread_create(worker, arg);
      if (t < 0) return 1;
      ids.push(t);
    }
    for (const t of ids) {
      const rv = { value: 0 as unknown };
      yield* libc.pthread_join(t, rv);
      out.entered += typeof rv.value === 'number' ? rv.value : 0;
    }
    out.elapsedNs = (yield* libc.clock_gettime()) - t0;
    return 0;
  };
}

function params(ctx: RunContext): ContentionParams {
  return ctx.quick ? CONTENTION_PARAMS.quick : CONTENTION_PARAMS.full;
}

function plan(ctx: RunContext): JobSpec[] {
  const p = params(ctx);
  return ctx.libs.flatMap((lib) => p.insideNs.flatMap((inside) => p.regions.map((regions) => ({
    lib, libOptions: {}, seed: ctx.seed, costs: ctx.costs, cpus: cpusFor(ctx, DEFAULT_CPUS),
    params: { threads: p.threads, entries: p.entries, regions, inside_ns: inside, outside_ns: inside * p.outsideFactor },
  }))));
}

function run(job: Job): Row[] {
  const q = job.params as Record<string, number>;
  const p: RunParams = { threads: q.threads, entries: q.entries, insideNs: q.inside_ns, outsideNs: q.outside_ns };
  const out: Out = { elapsedNs: 0, entered: 0 };
  const r = runJob(job, contentionProgram(p, q.regions, job.seed, out));
  const ok = r.outcome === 'exited' && out.entered === p.entries;
  const per = (n: number) => (ok ? sig(n / p.entries) : null);
  return [{
    ...baseRow(job, r),
    outcome: ok ? 'ok' : `${r.outcome}: ${r.statusText}`,
    elapsed_ns: Math.round(out.elapsedNs),
    ns_per_entry: per(out.elapsedNs),
    futex_per_entry: per(r.syscalls.futex ?? 0),
    syscalls_per_entry: per(r.syscallTotal),
    switches_per_entry: per(r.contextSwitches),
    syscall_mix: syscallMix(r.syscalls, p.entries),
  }];
}

const COLUMNS = [
  'library', 'threads', 'entries', 'regions', 'inside_ns', 'outside_ns', 'seed', 'costs', 'cpus', 'outcome',
  'elapsed_ns', 'ns_per_entry', 'futex_per_entry', 'syscalls_per_entry', 'switches_per_entry', 'syscall_mix',
];

function setup(ctx: RunContext): string {
  const p = params(ctx);
  return `${p.threads} threads enter critical regions ${p.entries.toLocaleString('en-US')} times in all ` +
    `(${p.entries === 50_000 ? 'as in' : 'the full run uses 50,000, as'} the NPTL white paper); regions (mutexes) ∈ ${setText(p.regions)}, each entry picking one at random. ` +
    `An entry works ${setText(p.insideNs.map(fmtNs))} inside the lock and ${p.outsideFactor} times as long outside ` +
    `(one panel per length). Each library's default mutex sleeps when it finds the lock taken, LinuxThreads' ` +
    `PTHREAD_MUTEX_TIMED_NP included; its adaptive kind, which spins first on SMP, is not the default. ` +
    `${cpusFor(ctx, DEFAULT_CPUS)} CPUs, cost preset ${ctx.costs}. Time is the program's own clock, per entry.`;
}

/** One sentence per library for one critical-section length: most against least contended. */
function lengthReading(rows: Row[], p: ContentionParams, inside: number): string {
  const few = p.regions[0], many = p.regions[p.regions.length - 1];
  const at = (l: string, r: number, c: string) => pick(rows, { library: l, regions: r, inside_ns: inside }, c);
  const parts: string[] = [];
  for (const l of libsIn(rows)) {
    const lo = at(l, few, 'ns_per_entry'), hi = at(l, many, 'ns_per_entry');
    const sysLo = at(l, few, 'syscalls_per_entry'), sysHi = at(l, many, 'syscalls_per_entry');
    if (lo === null || hi === null || sysLo === null || sysHi === null) { parts.push(`${l} did not finish`); continue; }
    parts.push(`${l} ${fmtNs(lo)} per entry with ${few} region${few > 1 ? 's' : ''} against ${fmtNs(hi)} with ${many} ` +
      `(${fmtRatio(lo / hi)}; ${sysLo.toFixed(2)} against ${sysHi.toFixed(2)} system calls per entry)`);
  }
  const ranked = libsIn(rows).map((l) => [l, at(l, few, 'ns_per_entry')] as const)
    .filter((x): x is readonly [string, number] => x[1] !== null).sort((a, b) => a[1] - b[1]);
  const order = ranked.length > 1 ? ` Most contended, ${ranked[0][0]} was the fastest and ${ranked[ranked.length - 1][0]} the slowest.` : '';
  return `With ${fmtNs(inside)} inside the lock: ${listText(parts)}.${order}`;
}

function reading(rows: Row[], p: ContentionParams): string {
  const many = p.regions[p.regions.length - 1];
  const sysMany = rows.filter((r) => r.regions === many).map((r) => r.syscalls_per_entry).filter((v): v is number => typeof v === 'number');
  const base = sysMany.length ? ` With ${many} regions no library needed more than ${Math.max(...sysMany).toFixed(2)} system calls per ` +
    'entry — an uncontended lock is taken in user space — so the system calls added with fewer regions are waiters ' +
    'sleeping and being woken.' : '';
  return p.insideNs.map((inside) => lengthReading(rows, p, inside)).join(' ') + base;
}

function table(rows: Row[], p: ContentionParams) {
  const few = p.regions[0], many = p.regions[p.regions.length - 1];
  return {
    columns: ['library', 'inside the lock', `ns/entry, ${few} region`, `ns/entry, ${many} regions`, `syscalls/entry, ${few} region`],
    rows: libsIn(rows).flatMap((l) => p.insideNs.map((inside) => {
      const at = (r: number, c: string) => pick(rows, { library: l, regions: r, inside_ns: inside }, c) ?? '';
      return [l, fmtNs(inside), at(few, 'ns_per_entry'), at(many, 'ns_per_entry'), at(few, 'syscalls_per_entry')];
    })),
  };
}

function chart(id: string, title: string, specTitle: string, data: Row[], y: string, yTitle: string, p: ContentionParams) {
  const libs = libsIn(data);
  const shown = data.map((r) => ({ ...r, inside: `${fmtNs(r.inside_ns as number)} inside` }));
  const spec = lineChart({
    title: specTitle, data: shown, x: 'regions', y, xTitle: 'critical regions (mutexes)', yTitle,
    column: 'inside', columnTitle: 'work inside the lock per entry', colorDomain: libs, width: 260, height: 220,
  });
  return { id, title, spec: { ...lineStyles(log2Axis(spec, 'x', p.regions), libs), resolve: { scale: { y: 'independent' } } } };
}

export const contention: Experiment = {
  name: 'contention',
  question: 'What does lock contention cost?',
  libraries: LIB_ORDER,
  measures: 'virtual ns per critical-region entry, with futex and other system calls per entry',
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows, ctx) {
    const p = params(ctx);
    const data = rows.filter((r) => r.ns_per_entry !== null);
    return {
      reading: reading(rows, p),
      table: table(rows, p),
      charts: [
        chart('contention-time', 'Lock contention: virtual ns per critical-region entry by number of regions (fewer regions, more contention)',
          'ns per critical-region entry', data, 'ns_per_entry', 'ns per entry', p),
        chart('contention-syscalls', 'Lock contention: system calls per entry by number of regions',
          'system calls per critical-region entry', data, 'syscalls_per_entry', 'system calls per entry', p),
      ],
    };
  },
};
