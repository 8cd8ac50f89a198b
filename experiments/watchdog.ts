/**
 * watchdog.ts — run a student's program in a worker thread under a host-time and a memory
 * limit, so a program that never yields or allocates without bound is stopped with a message
 * naming it and the thread that was running, instead of hanging the terminal or the machine.
 *
 * Programs are trusted code: the watchdog guards against accidents (a `while (true) {}` with no
 * `yield*`, an array that grows forever), not against malice — a program can still do anything
 * Node.js can. The virtual-time limit (--time-limit) is the kernel's; this is host time.
 */

import { Worker } from 'node:worker_threads';
import { workerSpec } from './worker_spec.js';
import type { RunCliOptions } from './commands/run.js';

export interface WatchLimits {
  /** Host seconds before the run is stopped. */
  hostSeconds: number;
  /** Old-generation heap limit of the worker, MB. */
  memoryMb: number;
}

export interface WatchedResult {
  out: string;
  err: string;
  code: number;
}

/** Exit status of a run the watchdog stopped (like timeout(1)'s 124, but for host limits). */
export const WATCHDOG_EXIT = 137;

export async function runWatched(file: string, args: string[], opts: RunCliOptions, limits: WatchLimits): Promise<WatchedResult> {
  const { script, options } = workerSpec('watchdog_worker');
  const cell = new SharedArrayBuffer(8);
  const view = new Int32Array(cell);
  const w = new Worker(script, { ...options, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
  return new Promise<WatchedResult>((resolve) => {
    let settled = false;
    let partial = ''; // console output streamed so far: kept even if the run is stopped
    const finish = (r: WatchedResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void w.terminate();
      resolve(r);
    };
    const who = (): string => (view[0] > 0 ? `thread ${view[0]} (process ${view[1]})` : 'the program');
    let timer: NodeJS.Timeout | undefined;
    let lastChunkAt = 0; // host ms of the latest output: a program still printing is long, not stuck
    const arm = (): void => { timer = setTimeout(() => {
      const busy = Date.now() - lastChunkAt < Math.min(1000, limits.hostSeconds * 250)
        ? `${who()} was still writing output (a long run, not a hang: raise --host-timeout)`
        : /\.c$/i.test(file) ? `${who()} was running C code that kept the simulation from moving on (a loop that never ends?)`
          : `${who()} was running and never yielded (a loop without yield*?)`;
      finish({ out: partial, err: `threadlab: program '${file}' stopped by the watchdog after ${limits.hostSeconds} s of host time: ${busy}\n`, code: WATCHDOG_EXIT });
    }, limits.hostSeconds * 1000); };
    // The host-time limit starts when the worker has booted and begins the run.
    w.on('message', (m: WatchedResult | { chunk: string } | { started: true }) => {
      if ('started' in m) arm();
      else if ('chunk' in m) { partial += m.chunk; lastChunkAt = Date.now(); }
      else finish(m);
    });
    w.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const why = oom ? `it used more than ${limits.memoryMb} MB of host memory while ${who()} was running` : `it failed: ${e.message.split('\n')[0]}`;
      finish({ out: partial, err: `threadlab: program '${file}' stopped by the watchdog: ${why}\n`, code: WATCHDOG_EXIT });
    });
    w.on('exit', (code) => finish({ out: partial, err: `threadlab: program '${file}' stopped: its worker exited with code ${code}\n`, code: WATCHDOG_EXIT }));
    w.postMessage({ file, args, opts, cell });
  });
}
