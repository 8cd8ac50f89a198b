/**
 * sweep.ts — run a list of experiment jobs, in parallel across the machine's cores.
 *
 * Each job is one simulated run (a fresh kernel, one library, one parameter set) and is
 * deterministic by itself, so jobs may run anywhere in any order: results are stored by job
 * index and returned in index order — the same seed gives the same rows, byte for byte,
 * whatever the worker scheduling.
 *
 * How workers run (node:worker_threads):
 *  - From compiled code (dist/experiments/sweep.js) each worker loads sweep_worker.js.
 *  - From TypeScript sources (vitest, tsx) the worker is a one-line CommonJS bootstrap
 *    (`eval: true`) that imports tsx's ESM API (resolved from this file), calls its
 *    `register()` to install the loader in the worker, then imports sweep_worker.ts. (`execArgv: ['--import', 'tsx']` does not work here: Node 20
 *    rejects the .ts entry before the worker's loader is registered.)
 *  - If a worker cannot start (no tsx, an unsupported runtime), the jobs it would have run
 *    are run in-process instead and `onNote` says so; results are identical either way.
 *  - `workers: 0` (or 1, or a single job) runs everything in-process, no threads.
 * A job that throws fails the whole sweep with an error naming the job.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerSpec } from './worker_spec.js';
import { getExperiment } from './lab/registry.js';
import type { Job, Row } from './lab/types.js';

export interface SweepOptions {
  /** Worker threads; default: the number of cores (at most the number of jobs). */
  workers?: number;
  /** Called after each job finishes (for the progress bar). */
  onProgress?: (done: number, total: number, job: Job) => void;
  /** Called with a one-line note (e.g. falling back to in-process). */
  onNote?: (msg: string) => void;
}

/** One line naming a job: "create nptl top_threads=4 children=1 ...". */
export function describeJob(j: Job): string {
  const opts = Object.entries(j.libOptions).map(([k, v]) => `${k}=${v}`);
  const params = Object.entries(j.params).map(([k, v]) => `${k}=${v}`);
  return [j.experiment, j.lib, ...opts, ...params, `cpus=${j.cpus}`].join(' ');
}

export class JobError extends Error {}

/** Run one job here. */
export function runJobHere(job: Job): Row[] {
  try {
    return getExperiment(job.experiment).run(job);
  } catch (e) {
    throw new JobError(`${describeJob(job)}: ${(e as Error).message}`);
  }
}

type Reply = { ready: true } | { index: number; rows: Row[] } | { index: number; error: string };

/** Run `jobs`; returns each job's rows, indexed like `jobs`. */
export async function runSweep(jobs: Job[], o: SweepOptions = {}): Promise<Row[][]> {
  const results: Row[][] = new Array(jobs.length);
  const want = o.workers ?? availableParallelism();
  const n = Math.min(want, jobs.length);
  let done = 0;
  const finished = (i: number, rows: Row[]) => {
    results[i] = rows;
    o.onProgress?.(++done, jobs.length, jobs[i]);
  };
  if (n <= 1) {
    for (let i = 0; i < jobs.length; i++) {
      finished(i, runJobHere(jobs[i]));
      await new Promise((r) => setImmediate(r));
    }
    return results;
  }
  await runPool(jobs, n, finished, o);
  return results;
}

/** A pool of `n` workers taking jobs from a shared queue; failed starts fall back in-process. */
async function runPool(jobs: Job[], n: number, finished: (i: number, rows: Row[]) => void, o: SweepOptions): Promise<void> {
  const queue = jobs.map((_, i) => i);
  const { script, options } = workerSpec('sweep_worker');
  const workers: Worker[] = [];
  let fellBack = false;
  let failed = false;
  /** The first failure ends the sweep: no more jobs, every worker stopped. */
  const abort = (reject: (e: Error) => void, e: Error) => {
    if (!failed) { failed = true; queue.length = 0; for (const w of workers) void w.terminate(); }
    reject(e);
  };
  const drainHere = async () => {
    while (queue.length > 0) {
      const i = queue.shift()!;
      finished(i, runJobHere(jobs[i]));
      await new Promise((r) => setImmediate(r));
    }
  };
  const one = () => new Promise<void>((resolve, reject) => {
    const w = new Worker(script, options);
    workers.push(w);
    let current = -1;
    let ready = false;
    let settled = false;
    const next = () => {
      if (queue.length === 0) { settled = true; void w.terminate(); resolve(); return; }
      current = queue.shift()!;
      w.postMessage(jobs[current]);
    };
    w.on('message', (m: Reply) => {
      if ('ready' in m) { ready = true; next(); return; }
      if ('error' in m) { settled = true; abort(reject, new JobError(`${describeJob(jobs[m.index])}: ${m.error}`)); return; }
      finished(m.index, m.rows);
      next();
    });
    w.on('exit', (code) => {
      if (settled) return;
      settled = true;
      if (failed) resolve();
      else abort(reject, new JobError(`worker exited with code ${code}${current >= 0 ? ` during ${describeJob(jobs[current])}` : ''}`));
    });
    w.on('error', (e) => {
      settled = true;
      if (ready) { abort(reject, new JobError(`worker failed${current >= 0 ? ` on ${describeJob(jobs[current])}` : ''}: ${e.message}`)); return; }
      if (!fellBack) o.onNote?.(`note: worker threads unavailable (${e.message.split('\n')[0]}); running jobs in-process`);
      fellBack = true;
      drainHere().then(resolve, (err: Error) => abort(reject, err));
    });
  });
  await Promise.all(Array.from({ length: n }, one));
}
