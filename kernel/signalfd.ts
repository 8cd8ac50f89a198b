/**
 * signalfd.ts — signalfd(2): the caller's pending signals read as struct signalfd_siginfo
 * records from a descriptor (and waited for with read, poll or select) instead of delivered.
 *
 * Mirrors: fs/signalfd.c — do_signalfd4 (fd -1 makes one, a signalfd's fd changes its mask, any
 * other EINVAL; SFD_CLOEXEC|SFD_NONBLOCK; SIGKILL and SIGSTOP leave the mask), signalfd_read
 * (a buffer under 128 bytes is EINVAL; as many records as fit, dequeued with dequeue_signal
 * from the READING task: its private pending first, then its thread group's shared pending —
 * rule 14; the first one waits on sighand->signalfd_wqh, or EAGAIN with O_NONBLOCK; a signal
 * that is delivered meanwhile ends the wait with -ERESTARTSYS), signalfd_poll (POLLIN when the
 * POLLING task has one of the mask's signals pending), signalfd_copyinfo (the record's fields
 * from the siginfo), and kernel/signal.c's signalfd_notify (every queued signal wakes the
 * sighand's queue: signal.ts sendSignal).
 *
 * So what a read sees is the reading kernel task's: a thread-directed signal (tgkill,
 * pthread_kill — rule 12) only by its target thread, a process-directed one (kill) by any
 * thread of the group. Under LinuxThreads a thread is a thread group of its own (rule 21), so
 * kill(getpid()) is seen only by the main thread (rule 25); under NGPT and green pthread_kill
 * is the library's user-level business and never reaches the kernel's pending sets.
 *
 * Simplifies: the queue is the creating task's sighand's (a forked child polling an inherited
 * signalfd hangs its poll entry on its parent's queue; reads are right); the siginfo fields the
 * lab keeps are copied (signo, code, pid, uid, status, timer id and overrun, the value), the
 * rest (fault address, band, fd, CPU times) are 0.
 */

import type { Kernel } from './kernel.js';
import type { Task, SigInfo, SigHand } from './task.js';
import { sleepOn } from './sched.js';
import { File, type FileOps, fdInstall, fget } from './file.js';
import { PollWaitQueue, wakeUpPoll } from './poll.js';
import { dequeueSignal, recalcSigpending } from './signal.js';
import { SigSet, sigdup, signotset, sigsetFromBigint, sigdelset, nextSignal } from './sigset.js';
import { EAGAIN, EBADF, EFAULT, EINVAL, O_NONBLOCK, O_RDWR, POLLIN, SIGKILL, SIGSTOP, SFD_CLOEXEC, SFD_NONBLOCK } from './uapi.js';

/** sizeof(struct signalfd_siginfo). */
export const SIGNALFD_SIGINFO_SIZE = 128;

/** struct signalfd_ctx: the signals this descriptor reads, and the queue its readers sleep on. */
class SignalfdCtx {
  constructor(public mask: SigSet, readonly wqh: PollWaitQueue) {}
  get queues(): readonly PollWaitQueue[] { return [this.wqh]; }
}

/** sighand->signalfd_wqh, made with the first signalfd of a handler table. */
function wqhOf(sh: SigHand): PollWaitQueue {
  const q = new PollWaitQueue('signalfd');
  sh.signalfdWake = (k: Kernel) => { if (q.tasks.length > 0 || q.pollers.length > 0) wakeUpPoll(k, q); };
  return q;
}

const queues = new WeakMap<SigHand, PollWaitQueue>();

function maskFrom(mask: bigint): SigSet {
  const s = new SigSet();
  sigsetFromBigint(s, mask);
  sigdelset(s, SIGKILL);
  sigdelset(s, SIGSTOP);
  return s;
}

/** signalfd_copyinfo: one 128-byte record, little endian (one character per byte). */
export function signalfdSiginfo(info: SigInfo): string {
  const b = new DataView(new ArrayBuffer(SIGNALFD_SIGINFO_SIZE));
  const v = typeof info.value === 'number' ? info.value : 0;
  b.setUint32(0, info.signo, true);
  b.setInt32(8, info.code, true);
  b.setUint32(12, info.pid >>> 0, true);
  b.setUint32(16, (info.uid ?? 0) >>> 0, true);
  b.setUint32(24, (info.timerid ?? 0) >>> 0, true);
  b.setUint32(32, (info.overrun ?? 0) >>> 0, true);
  b.setInt32(40, info.status ?? 0, true);
  b.setInt32(44, v | 0, true);
  b.setBigUint64(48, BigInt.asUintN(64, BigInt(Math.trunc(v))), true);
  let s = '';
  for (let i = 0; i < SIGNALFD_SIGINFO_SIZE; i++) s += String.fromCharCode(b.getUint8(i));
  return s;
}

function signalfdRead(k: Kernel, t: Task, f: File, n: number): string | number {
  const ctx = f.priv as SignalfdCtx;
  if (n < SIGNALFD_SIGINFO_SIZE) return -EINVAL;
  const skip = sigdup(ctx.mask);
  signotset(skip);
  let out = '';
  for (let left = Math.floor(n / SIGNALFD_SIGINFO_SIZE); left > 0; left--) {
    const info = dequeueSignal(t, skip);
    if (info === null) break;
    out += signalfdSiginfo(info);
  }
  if (out.length > 0) { recalcSigpending(t); return out; }
  if (f.flags & O_NONBLOCK) return -EAGAIN;
  return sleepOn(k, t, ctx.wqh);
}

const signalfdOps: FileOps = {
  name: 'signalfd',
  read: signalfdRead,
  poll(k, f) {
    const t = k.current;
    const ctx = f.priv as SignalfdCtx;
    if (t === null) return 0;
    const skip = sigdup(ctx.mask);
    signotset(skip);
    return nextSignal(t.pending, skip) !== 0 || (t.signal !== null && nextSignal(t.signal.shared, skip) !== 0) ? POLLIN : 0;
  },
  pollQueues: (f) => (f.priv as SignalfdCtx).queues,
};

/** signalfd4(fd, mask, flags): a new signalfd (fd -1) or a new mask for one; the descriptor, or -errno. */
export function sysSignalfd4(k: Kernel, t: Task, fd: number, mask: bigint, flags: number): number {
  flags = flags ?? 0;
  if (!Number.isInteger(flags) || (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK)) !== 0) return -EINVAL;
  if (typeof mask !== 'bigint') return -EFAULT; // copy_from_user of the mask failed
  if (fd !== -1) {
    const f = fget(t, fd);
    if (f === null) return -EBADF;
    if (f.ops !== signalfdOps) return -EINVAL;
    (f.priv as SignalfdCtx).mask = maskFrom(mask);
    return fd;
  }
  const sh = t.sighand!;
  let q = queues.get(sh);
  if (q === undefined) { q = wqhOf(sh); queues.set(sh, q); }
  const f = new File(signalfdOps, O_RDWR | (flags & SFD_NONBLOCK), new SignalfdCtx(maskFrom(mask), q));
  const nfd = fdInstall(t, f);
  if (nfd >= 0) t.files!.cloexec[nfd] = (flags & SFD_CLOEXEC) !== 0;
  return nfd;
}

/** signalfd(fd, mask): signalfd4 with no flags. */
export function sysSignalfd(k: Kernel, t: Task, fd: number, mask: bigint): number {
  return sysSignalfd4(k, t, fd, mask, 0);
}
