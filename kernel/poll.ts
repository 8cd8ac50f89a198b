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
  restartSlot: 'sc' | 'sf'): number {
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
    if (st.deadline !== Infinity) t[restartSlot] = st.deadline;
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
  if (!Number.isInteger(nfds) || nfds < 0 || nfds > NR_OPEN) return -EINVAL;
  for (const s of [rd, wr, ex]) if (s !== null && s !== undefined && !(s instanceof Set)) return -EFAULT;
  if (timeoutNs !== null && timeoutNs !== undefined && (typeof timeoutNs !== 'number' || !(timeoutNs >= 0))) return -EINVAL;
  const fds: PollFd[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    const events = (rd?.has(fd) ? POLLIN : 0) | (wr?.has(fd) ? POLLOUT : 0) | (ex?.has(fd) ? POLLPRI : 0);
    if (events === 0) continue;
    if (fget(t, fd) === null) return -EBADF;
    fds.push({ fd, events });
  }
  const r = doPoll(k, t, fds, timeoutNs ?? -1, restartDeadline, 'sf');
  if (r < 0) return r; // BLOCK or -errno: the sets are left alone
  return rewriteSets(fds, rd, wr, ex);
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
