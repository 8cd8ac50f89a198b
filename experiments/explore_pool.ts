/**
 * explore_pool.ts — spread the runs of `threadlab explore` over worker threads.
 *
 * The work is a queue of jobs: first, per library, the unperturbed run that measures k; once
 * it is in, that library's chunks of schedule seeds. Each worker loads the program once and
 * takes jobs in queue order, replying run by run. Results may arrive in any order; the caller
 * (explore.ts) puts them back in seed order, so what it reports does not depend on how many
 * workers ran or how they were scheduled.
 *
 * Like the experiment sweep (sweep.ts) workers start through worker_spec.ts, and when they
 * cannot start at all the jobs run in-process instead (with a note). Unlike it, a program may
 * misbehave here, so every run — the measuring one too — happens in a worker with a memory
 * limit, and a worker that finishes no run for `hostSeconds` is stopped (a thread that never
 * yields), failing the exploration with a message naming the library and schedule seed.
 */

import { Worker } from 'node:worker_threads';
import { workerSpec } from './worker_spec.js';
import type { ExploreRunner, ExploreBase, RunSummary } from './explore_run.js';

/** Measure k for a library (seed 0: the unperturbed run), or run a chunk of seeds. */
export type Job =
  | { kind: 'measure'; lib: string }
  | { kind: 'runs'; lib: string; steps: number; from: number; to: number };

export interface JobHooks {
  /** A measuring run finished: returns the library's chunks to queue. */
  measured(lib: string, steps: number, s: RunSummary): Job[];
  /** A perturbed run finished (any order). */
  ran(lib: string, s: RunSummary): void;
  /** Whether a chunk is still wanted when it comes up (--until may have ended its library). */
  wanted(job: Job): boolean;
}

export interface PoolOptions extends JobHooks {
  workers: number;
  hostSeconds: number;
  memoryMb: number;
  onNote?(msg: string): void;
}

export class ExploreError extends Error {}

type Reply =
  | { ready: true }
  | { measured: { steps: number; summary: RunSummary } }
  | { summary: RunSummary }
  | { done: true }
  | { error: string };

/** Run the jobs in this thread, in queue order. */
export async function runJobsHere(runner: ExploreRunner, jobs: Job[], o: JobHooks): Promise<void> {
  const queue = jobs.slice();
  while (queue.length > 0) {
    const j = queue.shift()!;
    if (!o.wanted(j)) continue;
    if (j.kind === 'measure') {
      const m = runner.measure(j.lib);
      queue.push(...o.measured(j.lib, m.steps, m.summary));
    } else {
      for (let s = j.from; s < j.to; s++) o.ran(j.lib, runner.run(j.lib, j.steps, s));
    }
    await new Promise((r) => setImmediate(r));
  }
}

/** Which run a job is at, for messages. */
const whichRun = (j: Job | null, next: number): string =>
  (j === null ? 'a run' : j.kind === 'measure' ? `the unperturbed run of ${j.lib}` : `the run of ${j.lib} with schedule seed ${next}`);

/** Run the jobs on `o.workers` worker threads; `here` gives a runner for the in-process fallback. */
export function runJobsInPool(base: ExploreBase, jobs: Job[], o: PoolOptions, here: () => Promise<ExploreRunner>): Promise<void> {
  return new Promise<void>((resolve, reject) => { new Pool(base, jobs, o, here, resolve, reject).start(); });
}

/** The shared queue and the workers taking from it. */
class Pool {
  readonly queue: Job[];
  /** Jobs in flight (a measuring one may still queue more). */
  busy = 0;
  /** Workers waiting for work that a measuring job may still queue. */
  readonly idle: Slot[] = [];
  readonly slots: Slot[] = [];
  failed = false;
  live: number;

  constructor(readonly base: ExploreBase, jobs: Job[], readonly o: PoolOptions, private readonly here: () => Promise<ExploreRunner>,
    private readonly resolve: () => void, private readonly reject: (e: Error) => void) {
    this.queue = jobs.slice();
    this.live = o.workers;
  }

  start(): void {
    const { script, options } = workerSpec('explore_worker');
    for (let i = 0; i < this.o.workers; i++) {
      this.slots.push(new Slot(this, new Worker(script, { ...options, resourceLimits: { maxOldGenerationSizeMb: this.o.memoryMb } })));
    }
  }

  /** The next wanted job, or null when there is none now. */
  take(): Job | null {
    while (this.queue.length > 0) { const j = this.queue.shift()!; if (this.o.wanted(j)) return j; }
    return null;
  }

  wakeIdle(): void {
    for (const s of this.idle.splice(0)) s.dispatch();
  }

  fail(e: Error): void {
    if (this.failed) return;
    this.failed = true;
    for (const s of this.slots) s.stop();
    this.reject(e);
  }

  /** A worker left normally; the last one out ends the pool. */
  left(): void {
    if (--this.live === 0 && !this.failed) this.resolve();
  }

  /** A worker never started: the others take the work, or this thread when none did. */
  couldNotStart(e: Error): void {
    if (--this.live > 0) return;
    this.o.onNote?.(`note: worker threads unavailable (${e.message.split('\n')[0]}); running in-process`);
    this.here().then((r) => runJobsHere(r, this.queue.splice(0), this.o)).then(this.resolve, (err: Error) => this.fail(err));
  }
}

/** One worker thread, its job and its watchdog timer. */
class Slot {
  job: Job | null = null;
  /** The seed of the run in progress. */
  next = 0;
  ready = false;
  gone = false;
  timer: NodeJS.Timeout | undefined;

  constructor(private readonly pool: Pool, private readonly w: Worker) {
    w.on('message', (m: Reply) => this.message(m));
    w.on('error', (e: Error & { code?: string }) => this.error(e));
    w.on('exit', (code) => {
      if (!pool.failed && !this.gone) pool.fail(new ExploreError(`an explore worker exited with code ${code} during ${whichRun(this.job, this.next)}`));
    });
    w.postMessage({ base: pool.base });
  }

  /** Restart the watchdog: a run must finish within hostSeconds. */
  arm(): void {
    const p = this.pool;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => p.fail(new ExploreError(`program '${p.base.file}' stopped by the watchdog: ${whichRun(this.job, this.next)} ` +
      `took more than ${p.o.hostSeconds} s of host time (a loop without yield*? raise --host-timeout for a long run)`)), p.o.hostSeconds * 1000);
  }

  stop(): void {
    clearTimeout(this.timer);
    void this.w.terminate();
  }

  dispatch(): void {
    const p = this.pool;
    if (p.failed || this.gone) return;
    this.job = p.take();
    if (this.job === null) {
      if (p.busy > 0) { p.idle.push(this); return; }
      this.gone = true;
      this.stop();
      p.left();
      p.wakeIdle(); // nothing more can come: the idle ones leave too
      return;
    }
    p.busy++;
    this.next = this.job.kind === 'runs' ? this.job.from : 0;
    this.arm();
    this.w.postMessage(this.job);
  }

  private message(m: Reply): void {
    const p = this.pool;
    if (p.failed || this.gone) return;
    if ('ready' in m) { this.ready = true; this.dispatch(); return; }
    if ('error' in m) { p.fail(new ExploreError(m.error)); return; }
    if ('summary' in m) { this.next = m.summary.seed + 1; this.arm(); p.o.ran(this.job!.lib, m.summary); return; }
    if ('measured' in m) p.queue.push(...p.o.measured(this.job!.lib, m.measured.steps, m.measured.summary));
    clearTimeout(this.timer);
    p.busy--;
    p.wakeIdle();
    this.dispatch();
  }

  private error(e: Error & { code?: string }): void {
    const p = this.pool;
    if (p.failed || this.gone) return;
    clearTimeout(this.timer);
    if (!this.ready) { this.gone = true; p.couldNotStart(e); return; }
    const why = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `used more than ${p.o.memoryMb} MB of host memory` : `failed: ${e.message.split('\n')[0]}`;
    p.fail(new ExploreError(`program '${p.base.file}' stopped by the watchdog: ${whichRun(this.job, this.next)} ${why}`));
  }
}
