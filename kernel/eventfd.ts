/**
 * eventfd.ts — eventfd(2): a 64-bit counter behind a descriptor, for one thread or process to
 * wake another (and to wait on with poll/select beside pipes).
 *
 * Mirrors: fs/eventfd.c — do_eventfd (flags EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK, any
 * other EINVAL), eventfd_read (a buffer under 8 bytes is EINVAL; a zero counter waits, or
 * EAGAIN with O_NONBLOCK; then the whole count — or 1 with EFD_SEMAPHORE — is taken and
 * returned, and writers waiting for room are woken), eventfd_write (EINVAL under 8 bytes or
 * for 0xffffffffffffffff; waits while the sum would pass 0xfffffffffffffffe), eventfd_poll
 * (POLLIN while the count is above 0, POLLOUT while another 1 fits). One wait queue for both
 * sides, as Linux's ctx->wqh.
 *
 * Simplifies: the 8 bytes travel as the lab's byte strings (one character per byte, little
 * endian as on x86-64); no eventfd_signal from inside the kernel (no AIO, no KVM irqfd).
 */

import type { Kernel } from './kernel.js';
import { type Task, WAKE_SIGNAL } from './task.js';
import { sleepOn } from './sched.js';
import { File, type FileOps, fdInstall } from './file.js';
import { PollWaitQueue, wakeUpPoll } from './poll.js';
import {
  EAGAIN, EINVAL, ERESTARTSYS, O_NONBLOCK, O_RDWR, POLLIN, POLLOUT, EFD_SEMAPHORE, EFD_CLOEXEC, EFD_NONBLOCK,
} from './uapi.js';
/** ULLONG_MAX: never a count (a write of it is EINVAL); the count stays below it. */
const ULLONG_MAX = 0xffffffffffffffffn;

/** struct eventfd_ctx. */
export class EventfdCtx {
  wqh = new PollWaitQueue('eventfd');
  readonly queues: readonly PollWaitQueue[] = [this.wqh];
  constructor(public count: bigint, readonly semaphore: boolean) {}
}

/** The 8 bytes of a u64, little endian, one character per byte. */
export function u64ToBytes(v: bigint): string {
  let s = '';
  for (let i = 0n; i < 8n; i++) s += String.fromCharCode(Number((v >> (8n * i)) & 0xffn));
  return s;
}

/** The u64 in the first 8 bytes of `data` (little endian). */
export function bytesToU64(data: string): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(data.charCodeAt(i) & 0xff);
  return v;
}

function eventfdRead(k: Kernel, t: Task, f: File, n: number): string | number {
  const ctx = f.priv as EventfdCtx;
  if (n < 8) return -EINVAL;
  if (ctx.count === 0n) {
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    return sleepOn(k, t, ctx.wqh);
  }
  const v = ctx.semaphore ? 1n : ctx.count;
  ctx.count -= v;
  wakeUpPoll(k, ctx.wqh); // room for writers (and pollers' POLLOUT)
  return u64ToBytes(v);
}

/** eventfd_write: the write system call is sigAware, so a signal wake-up is seen here. */
function eventfdWrite(k: Kernel, t: Task, f: File, data: string): number {
  const ctx = f.priv as EventfdCtx;
  if (t.wakeReason === WAKE_SIGNAL) return -ERESTARTSYS;
  if (data.length < 8) return -EINVAL;
  const v = bytesToU64(data);
  if (v === ULLONG_MAX) return -EINVAL;
  if (ULLONG_MAX - ctx.count <= v) {
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    return sleepOn(k, t, ctx.wqh);
  }
  ctx.count += v;
  if (ctx.count > 0n) wakeUpPoll(k, ctx.wqh);
  return 8;
}

const eventfdOps: FileOps = {
  name: 'eventfd',
  read: eventfdRead,
  write: eventfdWrite,
  poll(k, f) {
    const ctx = f.priv as EventfdCtx;
    return (ctx.count > 0n ? POLLIN : 0) | (ULLONG_MAX - 1n > ctx.count ? POLLOUT : 0);
  },
  pollQueues: (f) => (f.priv as EventfdCtx).queues,
};

/** eventfd2(initval, flags): a new descriptor (O_RDWR), or -EINVAL / -EMFILE. */
export function sysEventfd2(k: Kernel, t: Task, initval: number, flags: number): number {
  flags = flags ?? 0;
  if (!Number.isInteger(flags) || (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)) !== 0) return -EINVAL;
  if (!Number.isInteger(initval) || initval < 0 || initval > 0xffffffff) return -EINVAL;
  const f = new File(eventfdOps, O_RDWR | (flags & EFD_NONBLOCK), new EventfdCtx(BigInt(initval), (flags & EFD_SEMAPHORE) !== 0));
  const fd = fdInstall(t, f);
  if (fd >= 0) t.files!.cloexec[fd] = (flags & EFD_CLOEXEC) !== 0;
  return fd;
}

/** eventfd(initval): eventfd2 with no flags. */
export function sysEventfd(k: Kernel, t: Task, initval: number): number {
  return sysEventfd2(k, t, initval, 0);
}
