/**
 * sys.ts — process-level system calls: identity, yield, exit, clone/fork/vfork, execve,
 * wait4, thread-pointer and tid-address setup, limits, mmap of stacks, and clocks.
 *
 * Mirrors: kernel/sys.c (getpid → tgid, gettid → pid, getppid → real parent's tgid: rule 3;
 * prctl PR_SET_NAME; getrlimit/setrlimit), kernel/sched.c (sched_yield), kernel/exit.c (exit,
 * exit_group), kernel/fork.c (sys_clone, sys_fork, sys_vfork, set_tid_address),
 * fs/exec.c (execve, much simplified), mm/mmap.c (mmap/munmap of thread stacks).
 */

import type { Kernel } from './kernel.js';
import { Task, SigHand, type Context } from './task.js';
import {
  EINVAL, ENOMEM, SIGCHLD, CLONE_VM, CLONE_VFORK, RLIMIT_NPROC, EPERM, SIG_IGN, SIG_DFL,
} from './uapi.js';
import { yieldTask, BLOCK } from './sched.js';
import { doExit, doGroupExit, mmRelease, mmput } from './exit.js';
import { sysClone } from './fork.js';
import { Mm } from './mm.js';

export function sysGetpid(k: Kernel, t: Task): number { return t.tgid; }
export function sysGettid(k: Kernel, t: Task): number { return t.pid; }
export function sysGetppid(k: Kernel, t: Task): number {
  const p = t.groupLeader.realParent;
  return p ? p.tgid : 0;
}

export function sysSchedYield(k: Kernel, t: Task): number {
  yieldTask(k, k.cpus[t.cpu], t);
  return 0;
}

export function sysExit(k: Kernel, t: Task, code: number): number {
  doExit(k, t, ((code | 0) & 0xff) << 8);
  return BLOCK;
}

export function sysExitGroup(k: Kernel, t: Task, code: number): number {
  doGroupExit(k, t, ((code | 0) & 0xff) << 8);
  return BLOCK;
}

/** fork(fn, arg): clone(SIGCHLD); the child runs fn(arg) (a documented deviation). */
export function sysFork(k: Kernel, t: Task, fn: (a: any) => Context, arg: unknown): number {
  return sysClone(k, t, { flags: SIGCHLD, fn, arg });
}

/** vfork(fn, arg): clone(CLONE_VM|CLONE_VFORK|SIGCHLD); the parent sleeps until exit/exec. */
export function sysVfork(k: Kernel, t: Task, fn: (a: any) => Context, arg: unknown): number {
  return sysClone(k, t, { flags: CLONE_VM | CLONE_VFORK | SIGCHLD, fn, arg });
}

/**
 * execve(fn, argv, name): a new image. Other threads are killed (de_thread), the mm is
 * replaced (releasing a vfork parent), caught signals reset to SIG_DFL, and the task starts
 * fn(argv). Only the group leader may exec here (a documented simplification).
 */
export function sysExecve(k: Kernel, t: Task, fn: (argv: any) => Context, argv: unknown, name: string): number {
  if (typeof fn !== 'function') return -EINVAL;
  if (!t.isLeader) return -EINVAL;
  for (const th of t.signal!.threads) if (th !== t && th.exitState === 0) k.forceFatalSignal(th, 9);
  const old = t.mm;
  mmRelease(k, t, old); // exec_mmap: the vfork parent wakes, clear_child_tid is honoured
  if (old) mmput(k, old);
  t.mm = new Mm(k.programPages);
  t.activeMm = t.mm;
  const sh = new SigHand();
  if (t.sighand) sh.action = t.sighand.action.map((a) => ({ ...a, handler: a.handler === SIG_IGN ? SIG_IGN : SIG_DFL }));
  if (t.sighand && --t.sighand.count === 0) t.sighand.released = true;
  t.sighand = sh;
  t.comm = (name ?? t.comm).slice(0, 15);
  if (t.data && typeof t.data === 'object') t.data = { ...t.data, cmdline: name ?? t.comm };
  t.stack = [fn(argv)];
  t.sigFrames = [];
  t.retval = undefined;
  return 0; // the new image starts at the next step; this value is never seen
}

export function sysSetTidAddress(k: Kernel, t: Task, addr: number): number {
  t.clearChildTid = addr | 0;
  return t.pid;
}

/** arch_prctl(ARCH_SET_FS): set the thread pointer (TLS). */
export function sysSetTls(k: Kernel, t: Task, tls: unknown): number {
  t.tls = tls;
  return 0;
}

/** prctl(PR_SET_NAME, name) */
export function sysSetName(k: Kernel, t: Task, name: string): number {
  if (typeof name !== 'string') return -EINVAL;
  t.comm = name.slice(0, 15);
  return 0;
}

export function sysSetrlimit(k: Kernel, t: Task, res: number, value: number): number {
  if (res !== RLIMIT_NPROC) return -EINVAL;
  if (typeof value !== 'number' || value < 0) return -EINVAL;
  t.signal!.rlimNproc = value;
  return 0;
}

/** mmap(len): an anonymous private mapping, e.g. a thread stack. Returns its address. */
export function sysMmap(k: Kernel, t: Task, len: number): number {
  if (!t.mm) return -EPERM;
  if (!Number.isInteger(len) || len <= 0) return -EINVAL;
  if (len > 1 << 30) return -ENOMEM;
  k.extraCost += k.costs.mmapStack;
  const addr = t.mm.mmap(len, 'stack');
  return addr < 0 ? -ENOMEM : addr;
}

/** munmap(addr): unmapping flushes the TLB on every CPU running this mm. */
export function sysMunmap(k: Kernel, t: Task, addr: number): number {
  if (!t.mm) return -EPERM;
  if (!t.mm.munmap(addr)) return -EINVAL;
  let others = 0;
  for (const c of k.cpus) if (c.id !== t.cpu && c.curr && c.curr.mm === t.mm) others++;
  k.extraCost += k.costs.munmapStack + others * k.costs.tlbShootdown;
  return 0;
}

/** clock_gettime(CLOCK_MONOTONIC) in ns — a vsyscall in spirit, but charged as a call here. */
export function sysClockGettime(k: Kernel): number {
  return k.now;
}

/** times-like accounting for the calling thread: {utime, stime} in ns. */
export function sysGetrusage(k: Kernel, t: Task, out: { utime?: number; stime?: number } | null): number {
  if (out) { out.utime = t.utime; out.stime = t.stime; }
  return 0;
}
