/**
 * mmap_lock.ts — mm->mmap_lock, the reader-writer semaphore over a process's mappings.
 *
 * Mirrors: include/linux/mmap_lock.h and kernel/locking/rwsem.c as the memory calls use them:
 * mmap, munmap and mprotect change the VMA tree and take the lock for writing
 * (mmap_write_lock_killable in vm_mmap_pgoff, __vm_munmap, do_mprotect_pkey);
 * madvise(MADV_DONTNEED) only zaps pages and takes it for reading (madvise_need_mmap_write),
 * and so does every exiting thread, briefly, in exit_mm (after it has woken its joiner).
 * With threads on several CPUs this is where they meet: glibc ≥ 2.34's exiting thread
 * madvises its stack while its siblings mmap, mprotect and munmap stacks.
 *
 * The semaphore's rules, as rwsem.c has them:
 * - When the last holder lets go (rwsem_wake → rwsem_mark_wake), a writer first in line is
 *   woken to try again, and readers first in line are granted the lock — every reader waiting
 *   (the phase-fair rule of Linux ≥ 5.3; 2.6 granted the readers up to the first writer). A
 *   granted reader holds the lock while it waits in a run queue for a CPU to run on.
 * - A newcomer may take a free lock past the waiters (reader and writer lock stealing, Linux
 *   ≥ 5.11; a reader not while other readers hold it) — unless the first waiter has waited `rwsemHandoff` ns (RWSEM_WAIT_TIMEOUT, 4 ms)
 *   and set RWSEM_FLAG_HANDOFF: then everyone queues behind it. rwsemHandoff 0 is 2.6's FIFO
 *   semaphore: no stealing, a newcomer queues whenever anyone waits.
 * On a machine with many runnable threads per CPU the two rules make a convoy: readers granted
 * at a writer's release keep the lock read-held while they wait for CPUs, the next writer waits
 * for all of them, and after 4 ms its hand-off sends every newcomer to sleep too. Measured on a
 * 2-vCPU Linux 6.18 guest (perf sched, the NPTL paper's sweep at T=20, C=10, 3,120 creations):
 * ~2,000 sleeps in rwsem_down_read_slowpath (1,063 in do_exit, 972 in madvise) and ~60 in the
 * write path, median 3.1 ms each, behind ~720 writer calls of 5–13 µs each.
 *
 * The lab runs a system call's work at its entry and charges its cost after it, so a holder
 * holds the lock from its call's entry (or its grant) until its cost ends; a timer then lets
 * it go. On one CPU no call is ever seen holding it: the holder's whole cost passes before
 * another task runs.
 *
 * Writers spin before they sleep (`rwsemSpin` 1; rwsem_down_write_slowpath →
 * rwsem_can_spin_on_owner → rwsem_optimistic_spin, Linux ≥ 3.16; read from rwsem.c of a 7.1-rc1
 * mainline tree, unchanged in these paths since 5.12, which removed reader spinning — readers
 * here sleep at once, as in 6.x): a writer that finds the lock held, and has no reschedule
 * pending (need_resched: its slice is over and another task waits on its CPU), spins —
 * - on a writer owner while that owner is on a CPU (rwsem_spin_on_owner's owner_on_cpu): in the
 *   lab a writer holds the lock only for its call's cost, on its CPU, so the spin lasts until
 *   the release, and the spinner takes the lock there, before rwsem_wake hands it to anyone;
 * - on readers for rwsem_rspin_threshold, (20 + readers) / 2 µs (readers capped at 30: 10–25
 *   µs), then sets RWSEM_NONSPINNABLE (no writer spins on readers again until they drain or a
 *   writer takes the lock) and sleeps; readers that drain first hand the spinner the lock.
 * The spin is a CPU burst in system time (burstSys) inside the call: cut at the slice end (the
 * tick's need_resched, looked at when the call is re-entered), and cut short at the release
 * (interruptCpu). Several spinners take the lock in the order they came (the OSQ).
 * 2.6 (`rwsemSpin` 0, the 2003 preset) never spins.
 *
 * Simplifies: a writer that finds the lock free but handed off (RWSEM_FLAG_HANDOFF) sleeps
 * instead of spinning on the NULL owner; a waiter that set the hand-off does not spin on the
 * owner (the slowpath's handoff_set spin); a wake-up preemption does not stop a spin (the lab
 * decides it at return to user mode); a spinner that takes the released lock wins every race
 * with rwsem_wake, and the first writer waiting is not woken to find it taken; readers do not
 * wake other queued readers when they steal; page faults do not take it (per-VMA locks, 6.4+,
 * as measured: 16 fault sleeps in the same run); brk is not covered.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Mm } from './mm.js';
import { WaitQueue, TASK_UNINTERRUPTIBLE, WAKE_NORMAL } from './task.js';
import { sleepOn, wakeUpTask, interruptCpu, BLOCK } from './sched.js';

/** A task waiting for the lock; a writer woken to try again stays listed (awake) until it has it. */
interface Waiter { t: Task; write: boolean; since: number; awake: boolean }

/** A writer spinning on the lock; `readersUntil`: its reader-owned spin ends then (-1: not spinning on readers). */
interface Spinner { t: Task; readersUntil: number }

export class MmapLock {
  /** The writer holding it. */
  writer: Task | null = null;
  /** When the writer's hold ends (its call's cost), Infinity while the call runs. */
  writerUntil = Infinity;
  /** A timer will end the writer's hold; without one the hold lapses when next looked at. */
  writerTimer = false;
  /** Read holds: readers in their call, or granted and waiting for a CPU. */
  readers = 0;
  /** rwsem's wait_list, first come first. */
  readonly waiters: Waiter[] = [];
  /** Readers woken with the lock already theirs. */
  readonly granted = new Set<Task>();
  /** RWSEM_FLAG_HANDOFF: the first waiter waited too long; nobody may steal. */
  handoff = false;
  /** Writers spinning on the owner (rwsem_optimistic_spin), first come first (the OSQ). */
  readonly spinners: Spinner[] = [];
  /** RWSEM_NONSPINNABLE: a writer gave up spinning on these readers; none spins on them again. */
  nonspinnable = false;
  readonly wq = new WaitQueue('mmap_lock');
}

function lockOf(mm: Mm): MmapLock {
  return (mm.mmapLock ??= new MmapLock());
}

/**
 * May a newcomer take the lock now? With nobody waiting, a reader whenever no writer holds it
 * and a writer when it is free. Past waiters (lock stealing; 2.6: never), only a free lock and
 * only before the hand-off: rwsem_down_read_slowpath does not steal from other readers
 * ("to prevent a constant stream of readers from starving a sleeping writer").
 */
function mayTake(k: Kernel, l: MmapLock, write: boolean): boolean {
  if (l.writer !== null || (write && l.readers > 0)) return false;
  if (l.waiters.length === 0) return true;
  return k.costs.rwsemHandoff > 0 && !l.handoff && l.readers === 0;
}

/**
 * down_write / down_read at a call's entry: 0 when `t` holds the lock now (the caller does its
 * work, then calls mmapUnlockAfter), or BLOCK when it sleeps for it (the caller returns BLOCK;
 * the call is re-entered when the lock has been granted to it).
 */
export function mmapLock(k: Kernel, t: Task, write: boolean): number {
  const l = lockOf(t.mm!);
  lapse(k, l);
  if (l.granted.delete(t)) return 0;
  if (!write) {
    if (mayTake(k, l, false)) { l.readers++; return 0; }
    return waitFor(k, l, t, false);
  }
  let readersUntil = -1;
  if (l.spinners.length > 0 || l.writer === t) {
    readersUntil = spinEnded(l, t);
    if (readersUntil === SPIN_TOOK) return 0;
  }
  const i = l.waiters.findIndex((w) => w.t === t);
  if (i >= 0) return writerRetry(k, l, i);
  if (mayTake(k, l, true)) { takeWrite(l, t); return 0; }
  if (k.costs.rwsemSpin > 0 && optimisticSpin(k, l, t, readersUntil)) return BLOCK;
  return waitFor(k, l, t, true);
}

function takeWrite(l: MmapLock, t: Task): void {
  l.writer = t;
  l.nonspinnable = false; // rwsem_set_owner: the owner word loses its flags
}

const SPIN_TOOK = -2;

/**
 * A spinner's call re-entered (its spin burst ended, or the release cut it short): SPIN_TOOK
 * if the release handed it the lock, else where its reader-owned spin ends (-1: none).
 */
function spinEnded(l: MmapLock, t: Task): number {
  if (l.writer === t && l.writerUntil === Infinity) return SPIN_TOOK;
  const j = l.spinners.findIndex((s) => s.t === t);
  if (j < 0) return -1;
  const until = l.spinners[j].readersUntil;
  l.spinners.splice(j, 1);
  return until;
}

/**
 * rwsem_can_spin_on_owner + rwsem_optimistic_spin: true when `t` spins (a system-time burst
 * inside its call, which is re-entered after it), false when it must sleep. `readersUntil`:
 * the end of a reader-owned spin already under way (rwsem_rspin_threshold is set when the owner
 * turns from non-reader to reader).
 */
function optimisticSpin(k: Kernel, l: MmapLock, t: Task, readersUntil: number): boolean {
  const cpu = k.cpus[t.cpu];
  const now = k.engine.now;
  if (cpu.rq.length > 0 && cpu.sliceEnd <= now) return false; // need_resched()
  let until: number;
  const owner = l.writer;
  if (owner !== null) {
    if (k.cpus[owner.cpu].curr !== owner) return false; // owner_on_cpu
    until = l.writerUntil; // Infinity: the owner's call is under way; its release cuts the spin
    readersUntil = -1;
  } else if (l.readers > 0) {
    if (l.nonspinnable) return false;
    if (readersUntil < 0) readersUntil = now + rspinThreshold(l.readers);
    else if (now >= readersUntil) { l.nonspinnable = true; return false; } // rwsem_set_nonspinnable
    until = readersUntil;
  } else {
    return false; // free, but handed off to the first waiter: simplified, sleep
  }
  const start = now + k.extraCost; // the spin follows the call's entry cost
  if (cpu.sliceEnd > start && cpu.sliceEnd < until) until = cpu.sliceEnd; // the tick's need_resched
  if (until === Infinity) until = start + k.costs.timeslice;
  l.spinners.push({ t, readersUntil });
  if (owner !== null) armWriterEnd(k, l);
  t.burstLeft = until > start ? until - start : 0;
  t.burstSys = true;
  return true;
}

/** rwsem_rspin_threshold: (20 + readers) / 2 µs, readers capped at 30. */
function rspinThreshold(readers: number): number {
  return (20 + (readers < 30 ? readers : 30)) * 500;
}

/**
 * The lock was let go with writers spinning on it: the first one still on its CPU takes it
 * (rwsem_try_write_lock_unqueued, before rwsem_wake's grant) and its spin ends now.
 */
function spinTake(k: Kernel, l: MmapLock): boolean {
  for (let j = 0; j < l.spinners.length; j++) {
    const t = l.spinners[j].t;
    const cpu = k.cpus[t.cpu];
    if (cpu.curr !== t) continue; // preempted at its slice end: not spinning now
    l.spinners.splice(j, 1);
    takeWrite(l, t);
    l.writerUntil = Infinity;
    interruptCpu(k, cpu);
    t.burstLeft = 0;
    return true;
  }
  return false;
}

/**
 * A read hold that ends as it begins (exit_mm's: a few stores under the lock): 0 once it is
 * taken and let go, or BLOCK to sleep for it. No release timer: nothing can contend with it.
 */
export function mmapReadInstant(k: Kernel, t: Task): number {
  const l = lockOf(t.mm!);
  lapse(k, l);
  if (l.granted.delete(t)) { readerDone(k, l); return 0; }
  return mayTake(k, l, false) ? 0 : waitFor(k, l, t, false);
}

function waitFor(k: Kernel, l: MmapLock, t: Task, write: boolean): number {
  l.waiters.push({ t, write, since: k.engine.now, awake: false });
  if (l.waiters.length === 1) armHandoff(k, l);
  armWriterEnd(k, l);
  return sleepOn(k, t, l.wq, -1, TASK_UNINTERRUPTIBLE);
}

/** rwsem_try_write_lock for a woken writer: a free lock is its (the first waiter's alone after the hand-off). */
function writerRetry(k: Kernel, l: MmapLock, i: number): number {
  const w = l.waiters[i];
  if (l.writer === null && l.readers === 0 && (i === 0 || !l.handoff)) {
    l.waiters.splice(i, 1);
    if (i === 0) { l.handoff = false; if (l.waiters.length > 0) armHandoff(k, l); }
    takeWrite(l, w.t);
    return 0;
  }
  w.awake = false;
  return sleepOn(k, w.t, l.wq, -1, TASK_UNINTERRUPTIBLE);
}

/**
 * up_write / up_read when the call's cost has run (k.extraCost so far). A reader's hold ends on
 * a timer; a writer's needs one only if someone waits — else it lapses when next looked at.
 */
export function mmapUnlockAfter(k: Kernel, t: Task, write: boolean): void {
  const l = lockOf(t.mm!);
  const end = k.engine.now + k.extraCost;
  if (!write) { k.addTimer(end, readerDone, l); return; }
  l.writerUntil = end;
  if (l.waiters.length > 0 || l.spinners.length > 0) armWriterEnd(k, l);
}

/** A waiter needs the writer's hold to end on time: a timer at its end, once it is known. */
function armWriterEnd(k: Kernel, l: MmapLock): void {
  if (l.writer === null || l.writerTimer || l.writerUntil === Infinity) return;
  l.writerTimer = true;
  k.addTimer(l.writerUntil, writerDone, l);
}

/** A writer's hold whose end has passed with no timer armed is over. */
function lapse(k: Kernel, l: MmapLock): void {
  if (l.writer !== null && !l.writerTimer && k.engine.now >= l.writerUntil) {
    l.writer = null;
    l.writerUntil = Infinity;
  }
}

function writerDone(k: Kernel, l: MmapLock): void {
  l.writerTimer = false;
  l.writer = null;
  l.writerUntil = Infinity;
  grantNext(k, l);
}

function readerDone(k: Kernel, l: MmapLock): void {
  l.readers--;
  if (l.readers === 0) { l.nonspinnable = false; grantNext(k, l); }
}

/** A dying task that was granted the lock, or woken to retry, and will never run its call. */
export function mmapDropGrant(k: Kernel, t: Task): void {
  const l = t.mm?.mmapLock;
  if (!l) return;
  if (l.granted.size > 0 && l.granted.delete(t)) readerDone(k, l);
  // (every exit comes here: nobody spinning or waiting, the usual case, costs no search)
  const j = l.spinners.length > 0 ? l.spinners.findIndex((s) => s.t === t) : -1;
  if (j >= 0) l.spinners.splice(j, 1);
  if (l.writer === t && l.writerUntil === Infinity) writerDone(k, l); // handed the lock as it spun
  const i = l.waiters.length > 0 ? l.waiters.findIndex((w) => w.t === t) : -1;
  if (i >= 0) { l.waiters.splice(i, 1); grantNext(k, l); }
}

/**
 * rwsem_wake → rwsem_mark_wake, when the lock is free: a writer first in line is woken to try
 * again (it may find the lock stolen); readers first in line are granted it — every waiting
 * reader (phase-fair), or under 2.6 those up to the first writer.
 */
function grantNext(k: Kernel, l: MmapLock): void {
  lapse(k, l);
  dropGone(l);
  if (l.writer !== null || l.readers > 0) return;
  if (l.spinners.length > 0 && !l.handoff && spinTake(k, l)) return;
  if (l.waiters.length === 0) return;
  const first = l.waiters[0];
  if (first.write) {
    if (!first.awake) { first.awake = true; wakeUpTask(k, first.t, WAKE_NORMAL, null); }
    return;
  }
  l.handoff = false;
  const phaseFair = k.costs.rwsemHandoff > 0;
  const keep: Waiter[] = [];
  let open = true; // 2.6: the readers up to the first writer
  for (const w of l.waiters) {
    if (!w.write && (phaseFair || open)) grantRead(k, l, w.t);
    else { open = false; keep.push(w); }
  }
  l.waiters.length = 0;
  l.waiters.push(...keep);
  if (l.waiters.length > 0) armHandoff(k, l);
}

function grantRead(k: Kernel, l: MmapLock, t: Task): void {
  l.readers++;
  l.granted.add(t);
  wakeUpTask(k, t, WAKE_NORMAL, null);
}

/** Waiters neither asleep on the lock nor woken to retry (killed, say) leave the list. */
function dropGone(l: MmapLock): void {
  for (let i = l.waiters.length - 1; i >= 0; i--) {
    const w = l.waiters[i];
    if (w.t.waitq !== l.wq && !w.awake) l.waiters.splice(i, 1);
  }
}

/** RWSEM_WAIT_TIMEOUT: once the first waiter has waited rwsemHandoff, nobody steals past it. */
function armHandoff(k: Kernel, l: MmapLock): void {
  const h = k.costs.rwsemHandoff;
  if (h <= 0) return;
  const first = l.waiters[0];
  k.addTimer(Math.max(k.engine.now, first.since + h), (_k: Kernel, w: Waiter) => {
    if (l.waiters[0] === w) l.handoff = true;
  }, first);
}
