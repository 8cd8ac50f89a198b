/**
 * mmap_lock.ts — mm->mmap_lock, the reader-writer semaphore over a process's mappings.
 *
 * Mirrors: include/linux/mmap_lock.h and kernel/locking/rwsem.c as the memory calls use them:
 * mmap, munmap and mprotect change the VMA tree and take the lock for writing
 * (mmap_write_lock_killable in vm_mmap_pgoff, __vm_munmap, do_mprotect_pkey);
 * madvise(MADV_DONTNEED) only zaps pages and takes it for reading (madvise_need_mmap_write).
 * With threads on several CPUs this is where they meet: glibc ≥ 2.34's exiting thread
 * madvises its stack while its siblings mmap, mprotect and munmap stacks, and the reader sleeps
 * until the writer is done. Measured on a 2-vCPU Linux 6.18 guest (perf record of
 * sched_switch call chains, the NPTL paper's sweep at T=20, C=10, 1,560 creations): 511 of the
 * run's ~1,050 sleeps were madvise in rwsem_down_read_slowpath behind those writers.
 *
 * The lab runs a system call's work at its entry and charges its cost after it, so a holder
 * holds the lock from its call's entry until its cost ends; a timer then releases it and wakes
 * every waiter, each of which tries again (in wake order). On one CPU no call is ever seen
 * holding it: the holder's whole cost passes before another task runs.
 *
 * Simplifies: a contender sleeps at once (no optimistic spinning on a running owner); a writer
 * waiting keeps new readers out (rwsem's hand-off, in short); page faults do not take it (per-VMA
 * locks, 6.4+, as measured: 4 fault sleeps in the same run); brk is not covered.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Mm } from './mm.js';
import { WaitQueue, TASK_UNINTERRUPTIBLE } from './task.js';
import { sleepOn, wakeUp } from './sched.js';

export class MmapLock {
  /** Until when a writer holds it (virtual ns); readers likewise. */
  writerEnd = 0;
  readersEnd = 0;
  /** Writers asleep waiting for it: new readers queue behind them. */
  readonly writersWaiting = new Set<Task>();
  readonly wq = new WaitQueue('mmap_lock');
  /** The release timer's time, so one timer serves one hold. */
  timerAt = -1;
}

function lockOf(mm: Mm): MmapLock {
  return (mm.mmapLock ??= new MmapLock());
}

/** Writers still asleep on the lock (one killed while asleep no longer counts). */
function writerWaiting(l: MmapLock, self: Task): boolean {
  for (const w of l.writersWaiting) {
    if (w !== self && w.waitq === l.wq) return true;
    if (w.waitq !== l.wq) l.writersWaiting.delete(w);
  }
  return false;
}

/**
 * down_write / down_read at a call's entry: 0 when `t` holds the lock now (the caller does its
 * work, then calls mmapUnlockAfter), or BLOCK when it sleeps for it (the caller returns BLOCK;
 * the call is re-entered when the lock is released).
 */
export function mmapLock(k: Kernel, t: Task, write: boolean): number {
  const l = lockOf(t.mm!);
  const now = k.engine.now;
  const busy = write
    ? now < l.writerEnd || now < l.readersEnd || writerWaiting(l, t)
    : now < l.writerEnd || writerWaiting(l, t);
  if (!busy) {
    if (write) { l.writersWaiting.delete(t); l.writerEnd = Infinity; }
    return 0;
  }
  if (write) l.writersWaiting.add(t);
  const end = write && l.readersEnd > l.writerEnd ? l.readersEnd : l.writerEnd;
  if (end > now) armRelease(k, l, end); // else a waiting writer's own release will wake us
  return sleepOn(k, t, l.wq, -1, TASK_UNINTERRUPTIBLE);
}

/** up_write / up_read when the call's cost has run (k.extraCost so far): a timer then wakes the waiters. */
export function mmapUnlockAfter(k: Kernel, t: Task, write: boolean): void {
  const l = lockOf(t.mm!);
  const end = k.engine.now + k.extraCost;
  if (write) l.writerEnd = end; else if (end > l.readersEnd) l.readersEnd = end;
  if (l.wq.tasks.length === 0 && l.writersWaiting.size === 0) return;
  armRelease(k, l, end);
}

function armRelease(k: Kernel, l: MmapLock, end: number): void {
  if (l.timerAt >= end) return;
  l.timerAt = end;
  k.addTimer(end, released, l);
}

/** The hold ended: every waiter tries again; one that still cannot sleeps anew. */
function released(k: Kernel, l: MmapLock): void {
  l.timerAt = -1;
  wakeUp(k, l.wq);
}

