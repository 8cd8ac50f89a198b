/**
 * linuxthreads-helpers.ts — scaffolding for the LinuxThreads suites (test/linuxthreads*.test.ts):
 * run a program under --lib linuxthreads with the full event log kept, reach the kernel from
 * inside the program (code between two yields runs atomically, so it may look at the task
 * table), and read the log back by kind, task and system call.
 */

import { runProgram, type RunOptions, type RunResult } from '../experiments/runner.js';
import type { Kernel, TraceEvent, Task } from '../kernel/index.js';
import type { Libc } from '../libs/api.js';

export type Prog = (libc: Libc, k: Kernel) => Generator<any, number | void, any>;

export interface LtRun extends RunResult {
  events: TraceEvent[];
  /** The program's initial thread (the shell's child). */
  mainPid: number;
}

/** Run `prog` under LinuxThreads with the event log kept; `prog` also receives the kernel. */
export function runLt(prog: Prog, opts: Partial<RunOptions> = {}): LtRun {
  let kernel: Kernel | null = null;
  const program = function* (libc: Libc) { return yield* prog(libc, kernel!); };
  const r = runProgram({
    lib: 'linuxthreads', trace: true, cpus: 1, ...opts, program,
    setup: (k) => { kernel = k; opts.setup?.(k); },
  });
  const first = r.events!.find((e) => e.kind === 'exec' && e.s === (opts.name ?? 'a.out').slice(0, 15));
  return { ...r, events: r.events!, mainPid: first ? first.pid : -1 };
}

/** Live tasks of the program: the main thread and everything created under it (not the shell). */
export function programTasks(k: Kernel, mainPid: number): Task[] {
  return [...k.tasks.values()].filter((t) => t.pid >= mainPid && t.exitState === 0 && !t.isKthread);
}

/** Events of one kind, optionally of one task. */
export function ev(r: LtRun, kind: string, pid?: number): TraceEvent[] {
  return r.events.filter((e) => e.kind === kind && (pid === undefined || e.pid === pid));
}

/** The system calls a task entered, in order, by name. */
export function callsOf(r: LtRun, pid: number, from = 0, to = Infinity): string[] {
  return r.events.filter((e) => e.kind === 'sys_enter' && e.pid === pid && e.time >= from && e.time <= to).map((e) => e.s);
}

/** Count how many of `names` a task entered. */
export function countCalls(r: LtRun, pid: number, name: string): number {
  return callsOf(r, pid).filter((s) => s === name).length;
}

/** The manager's pid: the first task the main thread cloned. */
export function managerPid(r: LtRun): number {
  const c = r.events.find((e) => e.kind === 'clone' && e.pid === r.mainPid);
  return c ? c.a : -1;
}

/** Exit events (pid, time, code). */
export function exits(r: LtRun): TraceEvent[] {
  return ev(r, 'exit');
}

/** Spin (in virtual time) until `cond()` holds, sleeping 1 ms between looks. */
export function* waitUntil(libc: Libc, cond: () => boolean, maxMs = 1000): Generator<any, boolean, any> {
  for (let i = 0; i < maxMs && !cond(); i++) yield* libc.usleep(1000);
  return cond();
}
