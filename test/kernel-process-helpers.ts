/**
 * kernel-process-helpers.ts — scaffolding shared by the process-model suites
 * (test/kernel-process*.test.ts): boot a kernel, run a raw-task program, create and join
 * threads the way NPTL does, and read tasks back.
 *
 * Programs here are raw tasks: generator functions yielding `sys.*` requests, with no thread
 * library in between, so each test sees exactly what the kernel does. `main(k)` receives the
 * kernel so it can inspect task structures at a precise instant (code between two yields
 * runs atomically).
 */

import { Kernel, type KernelOptions } from '../kernel/kernel.js';
import { PRESETS } from '../kernel/costs.js';
import { spawnProgram, type ProgramHandle } from '../kernel/shell.js';
import { sys } from '../kernel/usys.js';
import { umalloc, uload } from '../kernel/uaccess.js';
import type { Sim } from '../kernel/req.js';
import type { Task } from '../kernel/task.js';
import {
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_SYSVSEM,
  CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, FUTEX_WAIT, __WALL,
} from '../kernel/uapi.js';

/** The flags NPTL's pthread_create passes (rule 26), minus SETTLS and the tid words. */
export const THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

/** A small kernel: modern-x86 costs, one CPU, seed 1, and no boot kernel threads unless asked. */
export function boot(opts: Partial<KernelOptions> = {}): Kernel {
  return new Kernel({ costs: PRESETS['modern-x86'], cpus: 1, seed: 1, kthreads: false, ...opts });
}

export type Main = (k: Kernel) => Sim<unknown>;

/** Boot, spawn `main(k)` as program "prog" under the login shell, run to the end. */
export function runMain(main: Main, opts: Partial<KernelOptions> = {}): { k: Kernel; h: ProgramHandle } {
  const k = boot(opts);
  const h = spawnProgram(k, main, k, 'prog');
  k.run();
  return { k, h };
}

/** The task running this code (only valid inside a program, between two yields). */
export function me(k: Kernel): Task {
  const t = k.current;
  if (t === null) throw new Error('me(): no current task');
  return t;
}

export function task(k: Kernel, pid: number): Task {
  const t = k.findTask(pid);
  if (t === undefined) throw new Error(`task(): no task ${pid}`);
  return t;
}

export interface Thread {
  tid: number;
  /** The tid word: set by CLONE_PARENT_SETTID, cleared by the kernel at exit. */
  ctid: number;
}

/** clone a thread NPTL-style: THREAD_FLAGS | PARENT_SETTID | CHILD_CLEARTID on one tid word. */
export function* spawnThread(fn: (arg: any) => Sim<unknown>, arg?: unknown, extraFlags = 0): Sim<Thread> {
  const ctid = umalloc(1);
  const flags = THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | extraFlags;
  const tid = (yield sys.clone({ flags, fn, arg, ptid: ctid, ctid })) as number;
  if (tid < 0) throw new Error(`spawnThread: clone failed with ${tid}`);
  return { tid, ctid };
}

/** pthread_join's kernel half: futex-wait on the tid word until the kernel clears it. */
export function* joinThread(th: Thread): Sim<void> {
  for (;;) {
    const v = uload(th.ctid);
    if (v === 0) return;
    yield sys.futex(th.ctid, FUTEX_WAIT, v);
  }
}

/** wait4(pid, &status, options) returning [pid-or-errno, status]. */
export function* wait(pid: number, options = __WALL): Sim<[number, number]> {
  const st = { value: -1 };
  const r = (yield sys.wait4(pid, st, options)) as number;
  return [r, st.value];
}

/** A child body that just returns `code`. */
export function* exitWith(code: number): Sim<number> {
  return code;
}

/** A body that burns `ns` of CPU and returns 0. */
export function* burn(ns: number): Sim<number> {
  yield sys.compute(ns);
  return 0;
}
