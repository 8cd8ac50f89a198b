/**
 * watchdog.ts — run a student's program in a worker thread under a host-time and a memory
 * limit, so a program that never yields or allocates without bound is stopped with a message
 * naming it and the thread that was running, instead of hanging the terminal or the machine.
 *
 * Programs are trusted code: the watchdog guards against accidents (a `while (true) {}` with no
 * `yield*`, an array that grows forever), not against malice — a program can still do anything
 * Node.js can. The virtual-time limit (--time-limit) is the kernel's; this is host time.
 *
 * Two host-time limits: a thread that stops yielding freezes the simulation, so when the
 * kernel's heartbeat (Kernel.currentCell, kernel/watch_cell.ts) stands still for the stall
 * interval (5 s by default) the run is stopped at once, naming the thread; a run that keeps
 * simulating is stopped only at the host timeout (--host-timeout, 120 s by default).
 */

import { Worker } from 'node:worker_threads';
import { workerSpec } from './worker_spec.js';
import type { RunCliOptions } from './commands/run.js';
import { CELL_BEAT, CELL_PID, CELL_RUNNING, CELL_SLOTS, CELL_TGID } from '../kernel/index.js';

export interface WatchLimits {
  /** Host seconds before the run is stopped. */
  hostSeconds: number;
  /** Old-generation heap limit of the worker, MB. */
  memoryMb: number;
  /**
   * Host seconds the simulation may stand still (no engine heartbeat while it is running)
   * before the thread in user code is named as stuck; default STALL_SECONDS.
   */
  stallSeconds?: number;
}

export interface WatchedResult {
  out: string;
  err: string;
  code: number;
}

/** Exit status of a run the watchdog stopped (like timeout(1)'s 124, but for host limits). */
export const WATCHDOG_EXIT = 137;
/** Default for WatchLimits.stallSeconds (and `threadlab run --stall-timeout`). */
export const STALL_SECONDS = 5;

export async function runWatched(file: string, args: string[], opts: RunCliOptions, limits: WatchLimits): Promise<WatchedResult> {
  const { script, options } = workerSpec('watchdog_worker');
  const cell = new SharedArrayBuffer(CELL_SLOTS * 4);
  const view = new Int32Array(cell);
  const w = new Worker(script, { ...options, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
  return new Promise<WatchedResult>((resolve) => {
    let settled = false;
    // Console output streamed so far, kept even if the run is stopped: with --quiet, standard
    // error apart (to our stderr, as the finished run's printQuiet does), else merged.
    let partial = '';
    let partialErr = '';
    let timer: NodeJS.Timeout | undefined;
    let stall: NodeJS.Timeout | undefined;
    const finish = (r: WatchedResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(stall);
      void w.terminate();
      resolve(r);
    };
    const who = (): string => (view[CELL_PID] > 0 ? `thread ${view[CELL_PID]} (process ${view[CELL_TGID]})` : 'the program');
    const stop = (why: string): void =>
      finish({ out: partial, err: `${partialErr}threadlab: program '${file}' stopped by the watchdog ${why}\n`, code: WATCHDOG_EXIT });
    let lastChunkAt = 0; // host ms of the latest output: a program still printing is long, not stuck
    // A C loop is preempted at its slices' ends, so virtual time moves on: only a stall (C code
    // with no preemption point, e.g. in the C library) holds the simulation itself still.
    const stuck = (stalled: boolean): string => /\.c$/i.test(file)
      ? `${who()} was running C code${stalled ? ' that kept the simulation from moving on' : ''} (a loop that never ends?)`
      : `${who()} was running and never yielded (a loop without yield*?)`;
    const arm = (): void => {
      timer = setTimeout(() => {
        const busy = Date.now() - lastChunkAt < Math.min(1000, limits.hostSeconds * 250)
          ? `${who()} was still writing output (a long run, not a hang: raise --host-timeout)`
          : stuck(false);
        stop(`after ${limits.hostSeconds} s of host time: ${busy}`);
      }, limits.hostSeconds * 1000);
      stall = watchHeartbeat(view, (limits.stallSeconds ?? STALL_SECONDS) * 1000, (s) =>
        stop(`after the simulation stood still for ${s} s of host time: ${stuck(true)}`));
    };
    // The host-time limit starts when the worker has booted and begins the run.
    w.on('message', (m: WatchedResult | { chunk: string; err: boolean } | { started: true }) => {
      if ('started' in m) arm();
      else if ('chunk' in m) {
        if (m.err && opts.quiet) partialErr += m.chunk;
        else partial += m.chunk;
        lastChunkAt = Date.now();
      }
      else finish(m);
    });
    w.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const why = oom ? `it used more than ${limits.memoryMb} MB of host memory while ${who()} was running` : `it failed: ${e.message.split('\n')[0]}`;
      finish({ out: partial, err: `${partialErr}threadlab: program '${file}' stopped by the watchdog: ${why}\n`, code: WATCHDOG_EXIT });
    });
    w.on('exit', (code) => finish({ out: partial, err: `${partialErr}threadlab: program '${file}' stopped: its worker exited with code ${code}\n`, code: WATCHDOG_EXIT }));
    w.postMessage({ file, args, opts, cell });
  });
}

/**
 * Call `stuck` when the kernel is simulating (CELL_RUNNING) but its heartbeat (CELL_BEAT) has
 * not moved for `stallMs` of host time. Before the simulation starts and after it ends (loading
 * the program, writing its report) the heartbeat may stand still. Checks ten times per interval.
 */
function watchHeartbeat(view: Int32Array, stallMs: number, stuck: (seconds: number) => void): NodeJS.Timeout {
  let beat = Atomics.load(view, CELL_BEAT);
  let movedAt = Date.now();
  return setInterval(() => {
    const now = Date.now();
    const b = Atomics.load(view, CELL_BEAT);
    if (b !== beat || Atomics.load(view, CELL_RUNNING) === 0) { beat = b; movedAt = now; return; }
    if (now - movedAt >= stallMs) stuck(Math.round((now - movedAt) / 100) / 10);
  }, Math.max(10, stallMs / 10));
}
