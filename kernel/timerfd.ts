/**
 * timerfd.ts — timerfd_create(2), timerfd_settime, timerfd_gettime: a timer whose expiries are
 * read from a descriptor (and waited for with read, poll or select) instead of signalled.
 *
 * Mirrors: fs/timerfd.c — timerfd_create (CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME; the
 * _ALARM clocks need CAP_WAKE_ALARM: EPERM for a user; TFD_CLOEXEC|TFD_NONBLOCK), do_timerfd_settime
 * (TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET, any other flag EINVAL; a descriptor that is not a
 * timerfd EINVAL; setting clears the expiry count and returns the old setting; a zero it_value
 * disarms), timerfd_tmrproc (an expiry counts one tick and wakes the queue), timerfd_read (8
 * bytes at least, else EINVAL; waits while no tick is counted, or EAGAIN with O_NONBLOCK; then
 * the count — every period that passed, hrtimer_forward's overruns included — and zero again),
 * timerfd_poll (POLLIN while the count is above 0), do_timerfd_gettime (the time to the next
 * expiry and the period).
 *
 * Simplifies: the clocks are the kernel's one virtual clock (C's CLOCK_REALTIME epoch is the C
 * host's business, as for timer_settime: clib/host/timers.ts); expiries land on the jiffy grid,
 * as the lab's other timers; TFD_TIMER_CANCEL_ON_SET is accepted and never fires (the lab's
 * realtime clock is never set); no TFD_IOC_SET_TICKS.
 */

import type { Kernel, KTimer } from './kernel.js';
import type { Task } from './task.js';
import { sleepOn } from './sched.js';
import { File, type FileOps, fdInstall, fget } from './file.js';
import { PollWaitQueue, wakeUpPoll } from './poll.js';
import { jiffyCeil } from './time.js';
import { u64ToBytes } from './eventfd.js';
import {
  EAGAIN, EBADF, EINVAL, EPERM, O_NONBLOCK, O_RDWR, POLLIN, TFD_CLOEXEC, TFD_NONBLOCK, TFD_TIMER_ABSTIME,
  TFD_TIMER_CANCEL_ON_SET,
} from './uapi.js';

const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7, CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;

/** struct timerfd_ctx. */
class TimerfdCtx {
  /** Absolute expiry on the kernel's clock (0: disarmed), and the period. */
  expires = 0;
  interval = 0;
  ticks = 0n;
  ktimer: KTimer | null = null;
  released = false;
  wqh = new PollWaitQueue('timerfd');
  readonly queues: readonly PollWaitQueue[] = [this.wqh];
  constructor(readonly clock: number) {}
}

/** The time to the next expiry and the period, as timerfd_gettime and an old setting give them. */
export interface TimerfdSpec {
  value?: number;
  interval?: number;
}

function arm(k: Kernel, ctx: TimerfdCtx): void {
  k.delTimer(ctx.ktimer);
  ctx.ktimer = k.addTimer(jiffyCeil(k, Math.max(ctx.expires, k.now)), timerfdTmrproc, ctx);
}

/** timerfd_tmrproc: count the expiries that passed (every period of a periodic timer), wake readers. */
function timerfdTmrproc(k: Kernel, ctx: TimerfdCtx): void {
  ctx.ktimer = null;
  if (ctx.released || ctx.expires === 0) return;
  let n = 1;
  if (ctx.interval > 0) {
    const missed = Math.floor((k.now - ctx.expires) / ctx.interval);
    n += missed;
    ctx.expires += (missed + 1) * ctx.interval;
    arm(k, ctx);
  } else ctx.expires = 0;
  ctx.ticks += BigInt(n);
  wakeUpPoll(k, ctx.wqh, null);
}

function timerfdRead(k: Kernel, t: Task, f: File, n: number): string | number {
  const ctx = f.priv as TimerfdCtx;
  if (n < 8) return -EINVAL;
  if (ctx.ticks === 0n) {
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    return sleepOn(k, t, ctx.wqh);
  }
  const v = ctx.ticks;
  ctx.ticks = 0n;
  return u64ToBytes(v);
}

const timerfdOps: FileOps = {
  name: 'timerfd',
  read: timerfdRead,
  poll: (k, f) => ((f.priv as TimerfdCtx).ticks > 0n ? POLLIN : 0),
  pollQueues: (f) => (f.priv as TimerfdCtx).queues,
  release(k, f) {
    const ctx = f.priv as TimerfdCtx;
    ctx.released = true;
    k.delTimer(ctx.ktimer);
    ctx.ktimer = null;
  },
};

/** timerfd_create(clockid, flags): the descriptor, or -EINVAL / -EPERM / -EMFILE. */
export function sysTimerfdCreate(k: Kernel, t: Task, clock: number, flags: number): number {
  flags = flags ?? 0;
  if (!Number.isInteger(flags) || (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK)) !== 0) return -EINVAL;
  const alarm = clock === CLOCK_REALTIME_ALARM || clock === CLOCK_BOOTTIME_ALARM;
  if (clock !== CLOCK_REALTIME && clock !== CLOCK_MONOTONIC && clock !== CLOCK_BOOTTIME && !alarm) return -EINVAL;
  if (alarm && t.cred.euid !== 0) return -EPERM; // capable(CAP_WAKE_ALARM)
  const fd = fdInstall(t, new File(timerfdOps, O_RDWR | (flags & TFD_NONBLOCK), new TimerfdCtx(clock)));
  if (fd >= 0) t.files!.cloexec[fd] = (flags & TFD_CLOEXEC) !== 0;
  return fd;
}

function ctxOf(t: Task, fd: number): TimerfdCtx | number {
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  return f.ops === timerfdOps ? (f.priv as TimerfdCtx) : -EINVAL;
}

const validNs = (ns: unknown): ns is number => typeof ns === 'number' && Number.isFinite(ns) && ns >= 0;

function readSpec(k: Kernel, ctx: TimerfdCtx, out: TimerfdSpec): void {
  out.value = ctx.expires === 0 ? 0 : Math.max(0, ctx.expires - k.now);
  out.interval = ctx.interval;
}

/** timerfd_settime(fd, flags, valueNs, intervalNs, old): 0 or -errno. */
export function sysTimerfdSettime(k: Kernel, t: Task, fd: number, flags: number, valueNs: number, intervalNs: number,
  old: TimerfdSpec | null): number {
  if (!Number.isInteger(flags) || (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) !== 0) return -EINVAL;
  if (!validNs(valueNs) || !validNs(intervalNs)) return -EINVAL;
  const ctx = ctxOf(t, fd);
  if (typeof ctx === 'number') return ctx;
  if (old) readSpec(k, ctx, old);
  k.delTimer(ctx.ktimer);
  ctx.ktimer = null;
  ctx.ticks = 0n;
  ctx.interval = intervalNs;
  ctx.expires = 0;
  if (valueNs === 0) return 0;
  ctx.expires = (flags & TFD_TIMER_ABSTIME) !== 0 ? Math.max(valueNs, 1) : k.now + valueNs;
  arm(k, ctx);
  return 0;
}

/** timerfd_gettime(fd, out): the time to the next expiry (0: disarmed) and the period. */
export function sysTimerfdGettime(k: Kernel, t: Task, fd: number, out: TimerfdSpec | null): number {
  const ctx = ctxOf(t, fd);
  if (typeof ctx === 'number') return ctx;
  if (out === null || typeof out !== 'object') return -EINVAL;
  readSpec(k, ctx, out);
  return 0;
}
