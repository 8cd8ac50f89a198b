/**
 * uthreads-helpers.ts — programs and measurements shared by the NGPT and green suites
 * (test/ngpt*.test.ts, test/green*.test.ts): run a program on a user-level library, take a ps
 * snapshot from inside the program, and measure a sibling's progress in virtual time.
 */

import { runProgram, type RunOptions, type RunResult } from '../experiments/runner.js';
import { psThreads, type Kernel, type PsRow } from '../kernel/index.js';
import type { Libc, Program } from '../libs/api.js';
import '../libs/all.js';

export function run(lib: string, program: Program, o: Partial<RunOptions> = {}): RunResult {
  return runProgram({ program, lib, name: 'uthreads', timeLimit: 30e9, ...o });
}

/** A run whose program can look at the kernel (ps) at an instant of its choosing. */
export function runWithPs(lib: string, make: (snap: () => PsRow[]) => Program, o: Partial<RunOptions> = {}): RunResult {
  let kernel: Kernel | null = null;
  const snap = (): PsRow[] => psThreads(kernel!);
  return run(lib, make(snap), { ...o, setup: (k) => { kernel = k; o.setup?.(k); } });
}

/** The rows of ps -eLf for one process. */
export function tasksOf(rows: PsRow[], pid: number): PsRow[] {
  return rows.filter((r) => r.pid === pid && !r.kthread);
}

/** Virtual times at which a sibling made progress (one entry per unit of work). */
export interface Progress {
  times: number[];
  stop: boolean;
}

/** A CPU-bound sibling: 100 µs units, yielding between units (cooperative libraries need it). */
export function* sibling(libc: Libc, p: Progress): Generator<any, number, any> {
  while (!p.stop) {
    yield* libc.compute(100_000);
    p.times.push(yield* libc.clock_gettime());
    yield* libc.sched_yield();
  }
  return p.times.length;
}

/** How many units of `p` completed strictly inside (t0, t1). */
export function unitsDuring(p: Progress, t0: number, t1: number): number {
  return p.times.filter((t) => t > t0 && t < t1).length;
}

/** One read of the slow device, timed. */
export interface Timed {
  t0: number;
  t1: number;
  r: number;
}

export function* timedSlowRead(libc: Libc, out: Timed): Generator<any, number, any> {
  out.t0 = yield* libc.clock_gettime();
  out.r = yield* libc.read_slow_device(512);
  out.t1 = yield* libc.clock_gettime();
  return out.r;
}
