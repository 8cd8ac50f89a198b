/**
 * sys.ts — process-level system calls: identity, yield, exit, clone/fork/vfork,
 * wait4, thread-pointer and tid-address setup, limits, mmap of stacks, and clocks.
 *
 * Mirrors: kernel/sys.c (getpid → tgid, gettid → pid, getppid → real parent's tgid: rule 3;
 * the rlimits are sys_rlimit.ts, prctl sys_prctl.ts), kernel/sched.c (sched_yield), kernel/exit.c (exit,
 * exit_group), kernel/fork.c (sys_clone, sys_fork, sys_vfork, set_tid_address),
 * mm/mmap.c (mmap/munmap of thread stacks).
 */

import type { Kernel } from './kernel.js';
import type { Task, Context } from './task.js';
import { EAGAIN, EINVAL, ENOMEM, SIGCHLD, CLONE_VM, CLONE_VFORK, EPERM } from './uapi.js';
import { yieldTask, BLOCK } from './sched.js';
import { doExit, doGroupExit, exitStart } from './exit.js';
import { sysClone } from './fork.js';
import { sysMmapPgoff, MMAP_MAX_LEN } from './sys_mmap.js';
import { mlockFutureOk, mlockNewMapping, munlockMapping } from './mlock.js';
import { fileSync } from './filemap.js';
import { mmapLock, mmapUnlockAfter, mmapReadInstant } from './mmap_lock.js';
import { flushOtherCpus } from './sys_mm.js';

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

/**
 * exit: do_exit. A thread sharing its mm takes mmap_lock for reading in exit_mm (after waking
 * its joiner): a sibling's mmap, munmap or mprotect holding it on another CPU puts the dying
 * thread to sleep (D) until it is done, and the call is re-entered to finish (mmap_lock.ts).
 */
export function sysExit(k: Kernel, t: Task, code: number): number {
  exitStart(k, t);
  if (t.mm !== null && t.mm.users > 1 && mmapReadInstant(k, t) === BLOCK) return BLOCK;
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

export function sysSetTidAddress(k: Kernel, t: Task, addr: number): number {
  t.clearChildTid = addr | 0;
  return t.pid;
}

/** arch_prctl(ARCH_SET_FS): set the thread pointer (TLS). */
export function sysSetTls(k: Kernel, t: Task, tls: unknown): number {
  t.tls = tls;
  return 0;
}

/**
 * mmap(len, prot, flags, fd, offset): with no flags (a library's thread stack) an anonymous
 * private mapping that nothing reads word by word; with flags, mmap_pgoff's rules (sys_mmap.ts).
 * Returns its address.
 */
export function sysMmap(k: Kernel, t: Task, len: number, prot?: number, flags?: number, fd?: number, off?: number): number {
  if (!t.mm) return -EPERM;
  if (flags !== undefined && flags !== 0) return sysMmapPgoff(k, t, len, prot ?? 0, flags, fd ?? -1, off ?? 0);
  if (!Number.isInteger(len) || len <= 0) return -EINVAL;
  if (len > MMAP_MAX_LEN) return -ENOMEM;
  if (!mlockFutureOk(t, len, false)) return -EAGAIN;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  k.extraCost += k.costs.mmapStack;
  const addr = t.mm.mmap(len, 'stack');
  if (addr >= 0) mlockNewMapping(t, addr, len, false);
  mmapUnlockAfter(k, t, true);
  return addr < 0 ? -ENOMEM : addr;
}

/**
 * brk(addr): move the program break (mm/mmap.c sys_brk): brk(0) and any address below the
 * image's end return the current break; otherwise the data segment grows or shrinks to it
 * and the new break is returned. New pages are resident at once, each charged a page fault
 * (simplified: Linux faults them in at their first touch; the program asked for them to use).
 */
/** Where the data segment must stop: the mmap area starts below 0xb0000000 (mm.ts MMAP_BASE). */
const MMAP_LIMIT = 0xa0000000;

export function sysBrk(k: Kernel, t: Task, addr: number): number {
  if (!t.mm) return -EPERM;
  if (!Number.isInteger(addr) || addr < t.mm.imageEnd || addr > MMAP_LIMIT) return t.mm.programBreak;
  k.extraCost += t.mm.setBreak(addr) * k.costs.pageFault;
  return t.mm.programBreak;
}

/** munmap(addr): unmapping flushes the TLB on every CPU running this mm. */
export function sysMunmap(k: Kernel, t: Task, addr: number): number {
  if (!t.mm) return -EPERM;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  const v = t.mm.vmas.get(addr);
  if (v !== undefined) { fileSync(k, v); munlockMapping(t.mm, v); }
  if (!t.mm.munmap(addr)) { mmapUnlockAfter(k, t, true); return -EINVAL; }
  k.extraCost += k.costs.munmapStack;
  flushOtherCpus(k, t);
  mmapUnlockAfter(k, t, true);
  return 0;
}

