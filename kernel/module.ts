/**
 * module.ts — loadable kernel modules for the lab: module_init/module_exit and the few kernel
 * functions a teaching module calls.
 *
 * Mirrors: include/linux/module.h (module_init, module_exit, insmod/rmmod calling them),
 * kernel/printk.c (printk), include/linux/sched.h (for_each_process walks the thread-group
 * leaders; task->exit_state, task->comm), kernel/kthread.c (kthread_run, kthread_stop,
 * kthread_should_stop), kernel/timer.c (schedule_timeout takes jiffies; msecs_to_jiffies).
 *
 * A module is an ES module whose default export is a `KernelModule`. Its code runs in kernel
 * context: `init` runs at load time (before the program starts), and a kernel thread it
 * starts is a generator that yields `api.schedule_timeout(jiffies)` to sleep, exactly like
 * the classic kernel-thread examples. Kernel threads are children of kthreadd (pid 2) and ps
 * shows them in brackets (rule 7).
 *
 * Simplifies: tasks are handed to modules as read-only snapshots (ModuleTask) with Linux's
 * field names, not as live task_structs; no module parameters, symbols or reference counts.
 */

import type { Kernel } from './kernel.js';
import { EXIT_ZOMBIE, EXIT_DEAD, type Task } from './task.js';
import { Req, type Sim } from './req.js';
import { NR } from './syscalls.js';
import { kthreadRun, kthreadStop, kthreadShouldStop } from './kthread.js';
import { stateLetter } from './ps.js';

/** What a module sees of a task_struct. */
export interface ModuleTask {
  pid: number;
  tgid: number;
  comm: string;
  /** ps's state letter: R, S, D, T, Z. */
  state: string;
  /** 0, EXIT_ZOMBIE or EXIT_DEAD. */
  exit_state: number;
  /** The real parent's pid (task->real_parent->pid). */
  parent_pid: number;
  /** PF_KTHREAD. */
  kthread: boolean;
  /** Threads in its group (for a group leader). */
  nr_threads: number;
}

/** The kernel functions a module may call (bound to the kernel it was loaded into). */
export interface KernelApi {
  readonly HZ: number;
  readonly EXIT_ZOMBIE: number;
  readonly EXIT_DEAD: number;
  /** jiffies since boot. */
  readonly jiffies: number;
  printk(msg: string): void;
  /** Every process (thread-group leader), kernel threads included, in pid order. */
  for_each_process(): ModuleTask[];
  /** Start a kernel thread running fn(api, data); returns its snapshot or a negative errno. */
  kthread_run<D>(fn: (api: KernelApi, data: D) => Sim<unknown>, data: D, name: string): ModuleTask | number;
  kthread_stop(pid: number): void;
  kthread_should_stop(): boolean;
  /** The request a kernel thread yields to sleep `jiffies` (or until woken if < 0). */
  schedule_timeout(jiffies: number): Req;
  msecs_to_jiffies(ms: number): number;
}

export interface KernelModule {
  name: string;
  description?: string;
  /** module_init: 0 on success, or a negative errno (the load fails). */
  init(api: KernelApi): number | void;
  /** module_exit. */
  exit?(api: KernelApi): void;
}

export function taskSnapshot(t: Task): ModuleTask {
  return {
    pid: t.pid, tgid: t.tgid, comm: t.comm, state: stateLetter(t), exit_state: t.exitState,
    parent_pid: t.realParent ? t.realParent.pid : 0, kthread: t.isKthread,
    nr_threads: t.signal ? t.signal.threads.length : 1,
  };
}

/** A module's kernel thread: run the module's function with the api. */
function* moduleThread(a: { fn: (api: KernelApi, data: unknown) => Sim<unknown>; api: KernelApi; data: unknown }): Sim<unknown> {
  return yield* a.fn(a.api, a.data);
}

function makeApi(k: Kernel, name: string): KernelApi {
  const api: KernelApi = {
    HZ: k.costs.hz,
    EXIT_ZOMBIE,
    EXIT_DEAD,
    get jiffies() { return Math.floor(k.now / k.tickNs); },
    printk: (msg) => k.printk(`${name}: ${msg}`),
    for_each_process: () => [...k.tasks.values()].filter((t) => t.isLeader).sort((a, b) => a.pid - b.pid).map(taskSnapshot),
    kthread_run: (fn, data, comm) => {
      const p = kthreadRun(k, moduleThread, { fn, api, data }, comm);
      return typeof p === 'number' ? p : taskSnapshot(p);
    },
    kthread_stop: (pid) => {
      const t = k.findTask(pid);
      if (t && t.isKthread) kthreadStop(k, t);
    },
    kthread_should_stop: () => kthreadShouldStop(),
    schedule_timeout: (jiffies) => new Req(NR.schedule_timeout, jiffies < 0 ? -1 : jiffies * k.tickNs),
    msecs_to_jiffies: (ms) => Math.ceil((ms * 1e6) / k.tickNs),
  };
  return api;
}

/** A module loaded into a kernel (what rmmod needs). */
export interface LoadedModule {
  module: KernelModule;
  api: KernelApi;
}

/** insmod: run module_init. Returns the loaded module, or a negative errno from init. */
export function loadModule(k: Kernel, mod: KernelModule): LoadedModule | number {
  const api = makeApi(k, mod.name);
  const r = mod.init(api);
  if (typeof r === 'number' && r < 0) {
    k.printk(`insmod: ${mod.name}: module_init failed (${r})`);
    return r;
  }
  return { module: mod, api };
}

/** rmmod: run module_exit. */
export function unloadModule(k: Kernel, m: LoadedModule): void {
  m.module.exit?.(m.api);
}

/** Is this a plausible module object (for loaders checking a file's default export)? */
export function isKernelModule(x: unknown): x is KernelModule {
  return typeof x === 'object' && x !== null && typeof (x as KernelModule).name === 'string'
    && typeof (x as KernelModule).init === 'function';
}
