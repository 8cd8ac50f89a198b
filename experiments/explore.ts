/**
 * explore.ts — `threadlab explore`'s engine: run a program under many perturbed schedules
 * (kernel/sched_pct.ts) on each library, and group the runs by outcome.
 *
 * For each library: one unperturbed run measures k (schedule.ts) and gives the outcome a plain
 * `threadlab run` shows; then schedule seeds first..first+runs−1, spread over worker threads
 * (explore_pool.ts) or run here. Results are taken in seed order whatever order they arrive in,
 * so the grouping, the counts, the first seed of each outcome and where `--until` stops are
 * the same for any number of workers.
 *
 * `--until`: stop a library at the first run (in seed order) whose outcome differs from the
 * most common outcome of the runs before it, or whose output matches a pattern. That run is
 * counted; the runs after it are not.
 */

import { availableParallelism } from 'node:os';
import { ExploreRunner, outcomeKey, type ExploreBase, type RunSummary } from './explore_run.js';
import { runJobsHere, runJobsInPool, type Job, type JobHooks } from './explore_pool.js';

export type Until = { kind: 'differs' } | { kind: 'match'; pattern: RegExp };

export interface ExploreSpec extends Omit<ExploreBase, 'compiled'> {
  libs: string[];
  runs: number;
  firstSeed: number;
  until: Until | null;
  /** Worker threads; 0 runs everything in this thread. */
  jobs: number;
  hostSeconds: number;
  memoryMb: number;
  onProgress?(done: number, total: number): void;
  onNote?(msg: string): void;
}

/** One distinct outcome of one library. */
export interface Outcome extends RunSummary {
  /** 1 for the most common, then by count (ties: the earlier first seed). */
  index: number;
  runs: number;
  /** The first schedule seed that gave it (its `seed` field too). */
  firstSeed: number;
  /** The unperturbed run (a plain `threadlab run`) gives this outcome. */
  unperturbed: boolean;
}

export interface LibExploration {
  lib: string;
  /** k: the steps of the unperturbed run, from which change points are drawn. */
  steps: number;
  /** Runs counted (fewer than asked when --until stopped the library). */
  runs: number;
  outcomes: Outcome[];
  /** The outcome of the unperturbed run (`index` 0 when no perturbed run gave it). */
  unperturbed: Outcome;
  /** The schedule seed at which --until stopped this library, or null. */
  stoppedAt: number | null;
}

export interface Exploration {
  base: ExploreBase;
  runs: number;
  firstSeed: number;
  until: Until | null;
  libs: LibExploration[];
}

/** The runs of one library, taken in seed order. */
class Tally {
  private next: number;
  private readonly waiting = new Map<number, RunSummary>();
  readonly groups = new Map<string, { s: RunSummary; runs: number }>();
  private best: { key: string; runs: number } | null = null;
  counted = 0;
  stoppedAt: number | null = null;

  constructor(readonly lib: string, readonly steps: number, first: number, private readonly until: Until | null) {
    this.next = first;
  }

  add(s: RunSummary): void {
    this.waiting.set(s.seed, s);
    for (let r = this.waiting.get(this.next); r !== undefined; r = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      if (this.stoppedAt === null) this.take(r);
    }
  }

  private take(s: RunSummary): void {
    const key = outcomeKey(s);
    const differs = this.best !== null && key !== this.best.key;
    let g = this.groups.get(key);
    if (g === undefined) this.groups.set(key, (g = { s, runs: 0 }));
    g.runs++;
    this.counted++;
    if (this.best === null || (key !== this.best.key && g.runs > this.best.runs)) this.best = { key, runs: g.runs };
    else if (key === this.best.key) this.best.runs = g.runs;
    const u = this.until;
    if (u !== null && (u.kind === 'differs' ? differs : u.pattern.test(s.stdout))) this.stoppedAt = s.seed;
  }

  result(plain: RunSummary): LibExploration {
    const plainKey = outcomeKey(plain);
    const sorted = [...this.groups.entries()].sort((a, b) => b[1].runs - a[1].runs || a[1].s.seed - b[1].s.seed);
    const outcomes: Outcome[] = sorted.map(([key, g], i) => ({
      ...g.s, index: i + 1, runs: g.runs, firstSeed: g.s.seed, unperturbed: key === plainKey,
    }));
    const unperturbed = outcomes.find((o) => o.unperturbed) ?? { ...plain, index: 0, runs: 0, firstSeed: 0, unperturbed: true };
    return { lib: this.lib, steps: this.steps, runs: this.counted, outcomes, unperturbed, stoppedAt: this.stoppedAt };
  }
}

/** A library's chunks of seeds, in order; about eight per worker so the pool stays busy. */
function chunksFor(lib: string, steps: number, first: number, runs: number, workers: number): Job[] {
  const size = Math.max(1, Math.min(25, Math.ceil(runs / Math.max(1, workers * 8))));
  const out: Job[] = [];
  for (let from = first; from < first + runs; from += size) out.push({ kind: 'runs', lib, steps, from, to: Math.min(first + runs, from + size) });
  return out;
}

export async function explore(spec: ExploreSpec): Promise<Exploration> {
  const base: ExploreBase = {
    file: spec.file, args: spec.args, cpus: spec.cpus, seed: spec.seed, costs: spec.costs, timeLimit: spec.timeLimit,
    libOpt: spec.libOpt, depth: spec.depth, check: spec.check, compiled: null, stdinText: spec.stdinText, stdinFrom: spec.stdinFrom,
    files: spec.files, fileSpecs: spec.fileSpecs,
  };
  const runner = await ExploreRunner.load(base);
  if (runner.factory.shared !== null) {
    spec.onNote?.(`note: every run of '${spec.file}' shares one module instance (${runner.factory.shared}): variables at module level carry over from run to run`);
  }
  const total = spec.runs * spec.libs.length;
  const workers = Math.min(spec.jobs < 0 ? availableParallelism() : spec.jobs, Math.ceil(total / 4));
  const tallies = new Map<string, Tally>();
  const plains = new Map<string, RunSummary>();
  let done = 0;
  const hooks: JobHooks = {
    measured: (lib, steps, s) => {
      plains.set(lib, s);
      tallies.set(lib, new Tally(lib, steps, spec.firstSeed, spec.until));
      return chunksFor(lib, steps, spec.firstSeed, spec.runs, workers);
    },
    ran: (lib, s) => { tallies.get(lib)!.add(s); spec.onProgress?.(++done, total); },
    wanted: (j) => j.kind === 'measure' || tallies.get(j.lib)!.stoppedAt === null,
  };
  const jobs: Job[] = spec.libs.map((lib) => ({ kind: 'measure', lib }));
  if (workers < 1) await runJobsHere(runner, jobs, hooks);
  else {
    await runJobsInPool(base, jobs, { ...hooks, workers, hostSeconds: spec.hostSeconds, memoryMb: spec.memoryMb, onNote: spec.onNote },
      async () => runner);
  }
  return {
    base, runs: spec.runs, firstSeed: spec.firstSeed, until: spec.until,
    libs: spec.libs.map((lib) => tallies.get(lib)!.result(plains.get(lib)!)),
  };
}
