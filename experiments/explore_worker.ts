/**
 * explore_worker.ts — a worker thread of `threadlab explore` (explore_pool.ts).
 *
 * The first message sets the exploration up (the worker loads the program once). Each later
 * message is a job: the unperturbed run of a library that measures k (one reply), or a chunk
 * of schedule seeds run in order with one reply per run (so the pool's watchdog sees progress
 * run by run) and a last reply saying the chunk is done.
 */

import { parentPort } from 'node:worker_threads';
import { ExploreRunner, type ExploreBase } from './explore_run.js';
import type { Job } from './explore_pool.js';

if (!parentPort) throw new Error('explore_worker.ts must run as a worker thread');
const port = parentPort;

let runner: Promise<ExploreRunner> | null = null;

function work(r: ExploreRunner, j: Job): void {
  if (j.kind === 'measure') {
    port.postMessage({ measured: r.measure(j.lib) });
    return;
  }
  for (let s = j.from; s < j.to; s++) port.postMessage({ summary: r.run(j.lib, j.steps, s) });
  port.postMessage({ done: true });
}

port.on('message', (m: { base: ExploreBase } | Job) => {
  if ('base' in m) {
    runner = ExploreRunner.forWorker(m.base);
    runner.then(() => port.postMessage({ ready: true }), (e: Error) => port.postMessage({ error: e.message }));
    return;
  }
  void runner!.then((r) => {
    try {
      work(r, m);
    } catch (e) {
      port.postMessage({ error: (e as Error).message });
    }
  });
});
