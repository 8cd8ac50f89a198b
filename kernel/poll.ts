/**
 * poll.ts — waiting on many files at once: poll, select, and the wait-queue side of it.
 *
 * Mirrors: fs/select.c of Linux 2.6 — do_sys_poll/do_poll (poll every file, return the count
 * of fds with events; otherwise sleep until a file wakes us, a signal, or the timeout, and
 * poll again), poll_wait/__pollwait/pollwake (the "poll table": the poller hangs an entry on
 * every file's wait queue), poll_freewait (entries removed after the wake-up), core_sys_select
 * (select as bit sets over the same machinery; a bad descriptor is EBADF, not POLLNVAL), and
 * the restart rule (-ERESTART_RESTARTBLOCK: EINTR after a handler, restarted with the time
 * that is left otherwise).
 *
 * The poll-table mechanism here. A task sleeps on at most one `t.waitq`, so a poller sleeps on
 * none (sleepOn with a null queue and the timeout) and hangs a `PollEntry {task, sleepGen}` on
 * each file's `PollWaitQueue.pollers` instead — Linux's wait_queue_entry with pollwake as its
 * wake function. A file wakes its queue with `wakeUpPoll`, which wakes the tasks sleeping on
 * the queue (blocking readers/writers) and then every poller hung on it. An entry wakes its
 * task only if the task is still in the same sleep (sleepGen unchanged), so an entry left on a
 * queue by a poll that ended some other way (timeout, signal, another file) is inert; entries
 * are one-shot (a wake-up empties the list) and the re-entered poll removes its own entries
 * from every queue first (poll_freewait) and registers afresh if it must sleep again.
 * A file whose readiness can change must therefore create its queues as PollWaitQueue and
 * wake them with wakeUpPoll, and list them in FileOps.pollQueues.
 *
 * Simplifies: timeouts are nanoseconds (poll's milliseconds ×1e6) rounded up to the jiffy
 * grid; no per-fd CPU cost beyond the system call; POLLRDNORM/POLLWRNORM are not reported.
 */

import type { Kernel } from './kernel.js';
import { Task, WaitQueue, TASK_INTERRUPTIBLE, WAKE_NORMAL, WAKE_SIGNAL, WAKE_TIMEOUT } from './task.js';
import { sleepOn, wakeUpTask, BLOCK } from './sched.js';
import { fget, NR_OPEN } from './file.js';
import {
  POLLIN, POLLOUT, POLLPRI, POLLERR, POLLHUP, POLLNVAL, EFAULT, EINVAL, EBADF, ERESTARTNOHAND,
} from './uapi.js';
import { jiffyCeil } from './time.js';
import { SigSet, sigdup, sigsetFromBigint } from './sigset.js';
import { setBlocked, recalcSigpending } from './signal.js';
import { KernelPanic } from './panic.js';

/** struct pollfd: `revents` is filled in by the kernel. */
export interface PollFd {
  fd: number;
  events: number;
  revents?: number;
}

/** One poller hung on a file's queue (a wait_queue_entry with pollwake). */
interface PollEntry {
  task: Task;
  gen: number;
}

/** A wait queue that pollers can hang entries on. */
export class PollWaitQueue extends WaitQueue {
  pollers: PollEntry[] = [];
}

/** What every file without a poll method reports: always readable and writable. */
const DEFAULT_POLLMASK = POLLIN | POLLOUT;

/**
 * wake_up_interruptible_all on a file's queue: every sleeper (readers, writers, D-state
 * device waiters) and every poller. `waker` is null from interrupt context (a timer).
 * Returns how many tasks were woken.
 */
export function wakeUpPoll(k: Kernel, wq: WaitQueue, waker: Task | null = k.current): number {
  let woken = 0;
  while (wq.tasks.length) {
    const t = wq.tasks[0];
    if (wakeUpTask(k, t, WAKE_NORMAL, waker)) woken++;
    else wq.tasks.shift();
  }
  if (wq instanceof PollWaitQueue && wq.pollers.length) {
    const entries = wq.pollers;
    wq.pollers = [];
    for (const e of entries) {
      if (e.task.sleepGen === e.gen && e.task.state === TASK_INTERRUPTIBLE) {
        if (wakeUpTask(k, e.task, WAKE_NORMAL, waker)) woken++;
      }
    }
  }
  return woken;
}

/** The scratch a sleeping poll keeps between re-entries. */
interface PollState {
  deadline: number;
  queues: PollWaitQueue[];
  /** pselect6's end_time: deadline before its rounding to the jiffy (what the time left counts from). */
  end?: number;
}

/** poll_freewait: take this task's entries off every queue it hung them on. */
function pollFreewait(st: PollState, t: Task): void {
  for (const q of st.queues) {
    const ps = q.pollers;
    let n = 0;
    for (let i = 0; i < ps.length; i++) if (ps[i].task !== t) ps[n++] = ps[i]; // in place, order kept
    truncate(ps, n);
  }
  truncate(st.queues, 0);
}

/** a.length = n, by pops: setting length is a call into the runtime, pop() is inlined (poll is on LinuxThreads' create path). */
function truncate(a: unknown[], n: number): void {
  while (a.length > n) a.pop();
}

/** __pollwait for every file polled: hang an entry for the sleep just begun. */
function pollRegister(k: Kernel, t: Task, fds: PollFd[], st: PollState): void {
  for (const p of fds) {
    const f = p.fd >= 0 ? fget(t, p.fd) : null;
    if (!f || !f.ops.pollQueues) continue;
    for (const q of f.ops.pollQueues(f)) {
      if (!(q instanceof PollWaitQueue)) throw new KernelPanic('pollRegister', `${f.ops.name}: poll queue ${q.name} is not a PollWaitQueue`);
      if (st.queues.includes(q)) continue;
      q.pollers.push({ task: t, gen: t.sleepGen });
      st.queues.push(q);
    }
  }
}

/** One pass of do_poll over every descriptor: fills revents, returns how many have any. */
export function pollOnce(k: Kernel, t: Task, fds: PollFd[]): number {
  let count = 0;
  for (const p of fds) {
    if (p.fd < 0) { p.revents = 0; continue; } // negative fds are ignored (poll(2))
    const f = fget(t, p.fd);
    let rev: number;
    if (f === null) rev = POLLNVAL;
    else {
      const mask = f.ops.poll ? f.ops.poll(k, f) : DEFAULT_POLLMASK;
      rev = mask & ((p.events | 0) | POLLERR | POLLHUP);
    }
    p.revents = rev;
    if (rev !== 0) count++;
  }
  return count;
}

/**
 * The sleeping half shared by poll and select. `timeoutNs` < 0 waits forever, 0 never sleeps.
 * `restartDeadline` is the restart_block: set (as an argument slot) when a signal without a
 * handler interrupted the call, so the restarted call ends at the original time.
 * `restartSlot` names that slot (poll's third argument, select's sixth). Returns the ready
 * count, BLOCK, or -ERESTARTNOHAND.
 */
function doPoll(k: Kernel, t: Task, fds: PollFd[], timeoutNs: number, restartDeadline: unknown,
  restartSlot: 'sc' | 'sf' | null): number {
  let st = t.sleepData as PollState | null;
  if (st !== null) pollFreewait(st, t);
  const count = pollOnce(k, t, fds);
  if (count > 0 || timeoutNs === 0) return count;
  if (st === null) {
    const deadline = typeof restartDeadline === 'number' ? restartDeadline
      : timeoutNs < 0 ? Infinity : jiffyCeil(k, k.now + timeoutNs);
    st = { deadline, queues: [] };
    t.sleepData = st;
  }
  if (t.wakeReason === WAKE_TIMEOUT || k.now >= st.deadline) return 0;
  if (t.wakeReason === WAKE_SIGNAL || t.sigpending) {
    if (st.deadline !== Infinity && restartSlot !== null) t[restartSlot] = st.deadline;
    return -ERESTARTNOHAND;
  }
  sleepOn(k, t, null, st.deadline === Infinity ? -1 : st.deadline - k.now);
  pollRegister(k, t, fds, st);
  return BLOCK;
}

/**
 * poll(fds, timeoutNs): fills each revents, returns how many fds have events, 0 on timeout,
 * or -errno. A bad descriptor is reported as POLLNVAL in its revents (and counts).
 */
export function sysPoll(k: Kernel, t: Task, fds: PollFd[], timeoutNs: number, restartDeadline?: number): number {
  if (!Array.isArray(fds)) return -EFAULT;
  if (fds.length > NR_OPEN) return -EINVAL;
  for (const p of fds) if (p === null || typeof p !== 'object' || !Number.isInteger(p.fd)) return -EFAULT;
  if (typeof timeoutNs !== 'number' || Number.isNaN(timeoutNs)) return -EINVAL;
  return doPoll(k, t, fds, timeoutNs, restartDeadline, 'sc');
}

/** An fd_set: the descriptors in it. select rewrites it in place with the ready ones. */
export type FdSet = Set<number>;

/**
 * select(nfds, readfds, writefds, exceptfds, timeoutNs): a thin wrapper over poll. A null
 * timeout waits forever. Returns the number of bits left set (an fd ready for reading and
 * writing counts twice), after rewriting the sets in place; a bad fd in any set is EBADF.
 */
export function sysSelect(k: Kernel, t: Task, nfds: number, rd: FdSet | null, wr: FdSet | null,
  ex: FdSet | null, timeoutNs: number | null, restartDeadline?: number): number {
  const fds = selectFds(t, nfds, rd, wr, ex);
  if (typeof fds === 'number') return fds;
  if (timeoutNs !== null && timeoutNs !== undefined && (typeof timeoutNs !== 'number' || !(timeoutNs >= 0))) return -EINVAL;
  const r = doPoll(k, t, fds, timeoutNs ?? -1, restartDeadline, 'sf');
  if (r < 0) return r; // BLOCK or -errno: the sets are left alone
  return rewriteSets(fds, rd, wr, ex);
}

/** core_sys_select's checks and the poll list the sets make: -EINVAL, -EFAULT, -EBADF, or the list. */
function selectFds(t: Task, nfds: number, rd: FdSet | null, wr: FdSet | null, ex: FdSet | null): PollFd[] | number {
  if (!Number.isInteger(nfds) || nfds < 0) return -EINVAL;
  if (nfds > NR_OPEN) nfds = NR_OPEN; // max_fds: the table's size; no descriptor lies above it
  for (const s of [rd, wr, ex]) if (s !== null && s !== undefined && !(s instanceof Set)) return -EFAULT;
  const fds: PollFd[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    const events = (rd?.has(fd) ? POLLIN : 0) | (wr?.has(fd) ? POLLOUT : 0) | (ex?.has(fd) ? POLLPRI : 0);
    if (events === 0) continue;
    if (fget(t, fd) === null) return -EBADF;
    fds.push({ fd, events });
  }
  return fds;
}

/** pselect6's timeout as the kernel reads and writes it: ns (poll_select_finish writes back the time left). */
export interface SelectTimeout {
  ns: number;
}

/**
 * pselect6(nfds, readfds, writefds, exceptfds, timeout, sigmask) — fs/select.c's do_pselect:
 * the mask (if any) replaces the caller's for the wait and the old one is kept in
 * saved_sigmask (set_user_sigmask), so a signal it unblocks runs its handler before the old
 * mask comes back, atomically with the wait; then core_sys_select, and poll_select_finish:
 * the time left is written back into `timeout` (not for a zero timeout) and the mask restored,
 * unless the call was interrupted (-ERESTARTNOHAND: the signal code restores it after the
 * handler, or restarts the call, which then waits for the time written back). glibc's select
 * is this call with no mask (its timeval converted and the time left converted back); its
 * pselect passes a copy of the timeout.
 */
export function sysPselect6(k: Kernel, t: Task, nfds: number, rd: FdSet | null, wr: FdSet | null,
  ex: FdSet | null, timeout: SelectTimeout | null, sigmask: bigint | null): number {
  const st = t.sleepData as PollState | null;
  if (st === null) { // the call's first entry (a re-entry after a sleep finds poll's state)
    if (timeout !== null && (typeof timeout !== 'object' || typeof timeout.ns !== 'number' || !(timeout.ns >= 0))) return -EINVAL;
    if (sigmask !== null && typeof sigmask !== 'bigint') return -EINVAL;
  }
  const fds = selectFds(t, nfds, rd, wr, ex);
  if (typeof fds === 'number') { // a descriptor closed while the call slept: the mask goes back too
    if (st !== null && sigmask !== null && t.savedSigmask !== null) restoreSavedSigmask(t);
    return fds;
  }
  if (st === null && sigmask !== null) setUserSigmask(t, sigmask);
  const end = st !== null ? st.end! : timeout === null ? Infinity : k.now + timeout.ns;
  let r = doPoll(k, t, fds, timeout === null ? -1 : timeout.ns, end === Infinity ? undefined : jiffyCeil(k, end), null);
  if (r === BLOCK) { (t.sleepData as PollState).end = end; return BLOCK; }
  if (r >= 0) r = rewriteSets(fds, rd, wr, ex);
  if (timeout !== null && timeout.ns !== 0) timeout.ns = Math.max(0, end - k.now);
  if (r !== -ERESTARTNOHAND && t.savedSigmask !== null && sigmask !== null) restoreSavedSigmask(t);
  return r;
}

/** set_user_sigmask: the wait's mask now, the caller's kept in saved_sigmask. */
function setUserSigmask(t: Task, mask: bigint): void {
  t.savedSigmask = sigdup(t.blocked);
  const s = new SigSet();
  sigsetFromBigint(s, mask);
  setBlocked(t, s);
  recalcSigpending(t);
}

/** restore_saved_sigmask: the caller's mask back (nothing was delivered during the wait). */
function restoreSavedSigmask(t: Task): void {
  setBlocked(t, t.savedSigmask!);
  t.savedSigmask = null;
  recalcSigpending(t);
}

function rewriteSets(fds: PollFd[], rd: FdSet | null, wr: FdSet | null, ex: FdSet | null): number {
  rd?.clear(); wr?.clear(); ex?.clear();
  let bits = 0;
  for (const p of fds) {
    const rev = p.revents ?? 0;
    if ((p.events & POLLIN) && (rev & (POLLIN | POLLHUP | POLLERR))) { rd!.add(p.fd); bits++; }
    if ((p.events & POLLOUT) && (rev & (POLLOUT | POLLERR))) { wr!.add(p.fd); bits++; }
    if ((p.events & POLLPRI) && (rev & POLLPRI)) { ex!.add(p.fd); bits++; }
  }
  return bits;
}
