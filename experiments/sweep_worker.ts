/**
 * sweep_worker.ts — a worker thread of the experiment sweep (see sweep.ts).
 *
 * It announces itself ready, then runs one job per message and replies with the job's rows
 * (plain data) or its error message. Each job boots its own kernel, so nothing carries over
 * from one job to the next except loaded code.
 */

import { parentPort } from 'node:worker_threads';
import { getExperiment } from './lab/registry.js';
import type { Job } from './lab/types.js';

if (!parentPort) throw new Error('sweep_worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (job: Job) => {
  try {
    port.postMessage({ index: job.index, rows: getExperiment(job.experiment).run(job) });
  } catch (e) {
    port.postMessage({ index: job.index, error: (e as Error).message });
  }
});
port.postMessage({ ready: true });
