/**
 * uwrap.ts — the wrapped system calls of NGPT and the green library: calls that would block
 * the native are turned into user-level waits, so only the calling user thread sleeps.
 *
 * Mirrors: GNU Pth's pth_high.c (and NGPT's copy of it) — pth_read/pth_write (check the fd's
 * mode with fcntl, poll it with a zero timeout, and if it is not ready wait for
 * PTH_EVENT_FD in the scheduler, then make the real call), pth_nanosleep/pth_usleep/pth_sleep
 * (a PTH_EVENT_TIME wait: no system call at all), pth_waitpid (waitpid with WNOHANG in a loop,
 * sleeping 250 ms between tries), pth_sigwait (a PTH_EVENT_SIGS wait), pth_poll (all the
 * descriptors at once); and NGPT 2.2.1's pth_syscall.c, whose hard wrappers replace libc's read,
 * write, sleep, waitpid, sigwait, poll, select (and the socket calls) with these — except on a
 * bound native, and for read/write when the process has a single thread, where the plain
 * system call is made (ulibc.ts `direct`). pause() is wrapped here too (issue 16), though NGPT's
 * own pause() was a pass-through to the kernel; `wrap` can leave it out. NGPT's own
 * nanosleep wrapper calls the kernel and then yields; this model parks for nanosleep and
 * usleep as for sleep, as Pth's pth_nanosleep/pth_usleep do.
 *
 * Which calls are wrapped is a library option (`wrap`), so an experiment can show both sides
 * of rule 33: an unwrapped call goes straight to the kernel and, if it sleeps, its native
 * sleeps with every user thread queued on it (for green: the whole process, rule 34).
 *
 * Differences from Pth, each for a reason:
 *  - read: when the fd is not ready, one non-blocking read is tried before parking (flags set
 *    and restored with fcntl, as pth_connect/pth_accept do), because /dev/slow starts its I/O
 *    only when read (kernel/dev_slow.ts's protocol); for a pipe it just returns EAGAIN.
 *  - sigwait: Pth catches the signal with a temporary handler while it sleeps in select();
 *    here the waiter re-checks with rt_sigtimedwait(timeout 0) every 10 ms, and at once when
 *    this process signals itself through the library (kill/raise/pthread_kill).
 *  - a wrapped call made from a signal handler (no user thread to park) is not wrapped.
 */

import {
  sys, uaccess, type Sim, EINVAL, EINTR, EAGAIN, POLLIN, POLLOUT, POLLPRI, F_GETFL, F_SETFL, O_NONBLOCK,
  WNOHANG,
} from '../../kernel/index.js';
import type { Ref, SigInfo } from '../api.js';
import { M_PARK, WAIT_INTR, WAIT_CANCEL, US_WAITING, UF_INTR } from './uctx.js';
import { selfNative, waitFd, waitUntil, PollWait, TIMED_OUT, type FdWait, type UProc } from './usched.js';
import { wrappedSigtimedwait } from './usigwait.js';
import { cancelPoint } from './ucancel.js';

/** The calls the `wrap` option can name. */
export const WRAPPABLE = ['read', 'write', 'sleep', 'waitpid', 'read_slow_device', 'sigwait', 'poll', 'pause'] as const;
export type Wrappable = typeof WRAPPABLE[number];
export type WrapSet = Record<Wrappable, boolean>;

/** `wrap`: true (all, the default), false (none), or a list of names. Throws on a bad name. */
export function parseWrap(v: unknown, lib: string): WrapSet {
  const all = v === undefined || v === true || v === 'true' || v === 'all';
  const none = v === false || v === 'false' || v === 'none';
  const names: string[] = all || none ? [] : typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.map(String) : ['?'];
  const set = {} as WrapSet;
  for (const w of WRAPPABLE) set[w] = all;
  for (const raw of names) {
    const name = raw.trim();
    if (!(WRAPPABLE as readonly string[]).includes(name)) {
      throw new RangeError(`${lib}: option wrap: unknown call '${name}' (expected true, false or a list of ${WRAPPABLE.join(', ')})`);
    }
    set[name as Wrappable] = true;
  }
  return set;
}

/** Pth's pth_waitpid poll interval. */
export const WAITPID_POLL_NS = 250_000_000;
/** How often a wrapped sigwait re-checks pending signals. */
export const SIGWAIT_POLL_NS = 10_000_000;

/** Park the calling thread until `fd` has `events` (or a signal for it arrives). */
function* parkFd(fd: number, events: number): Sim<unknown> {
  const n = selfNative();
  if (n.current!.cancelreq) yield* cancelPoint(); // pth_wait again: a request that came while we ran
  const w: FdWait = { fd, events, revents: 0 };
  waitFd(n.current!, w);
  const r = yield M_PARK;
  if (r === WAIT_CANCEL) yield* cancelPoint(); // pth_wait's cancellation point
  return r;
}

/** pth_read: returns the kernel's answer (data string, byte count, or -errno). */
export function* wrappedRead(fd: number, count: number): Sim<string | number> {
  const fl = (yield sys.fcntl(fd, F_GETFL)) as number;
  if (fl < 0 || (fl & O_NONBLOCK)) return (yield sys.read(fd, count)) as string | number;
  for (;;) {
    const pfd = [{ fd, events: POLLIN, revents: 0 }];
    const r = (yield sys.poll(pfd, 0)) as number;
    if (r < 0) return r;
    if (r > 0) return (yield sys.read(fd, count)) as string | number;
    yield sys.fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    const x = (yield sys.read(fd, count)) as string | number;
    yield sys.fcntl(fd, F_SETFL, fl);
    if (x !== -EAGAIN) return x;
    yield* parkFd(fd, POLLIN);
  }
}

/** pth_write: poll for room first; park until there is some. */
export function* wrappedWrite(fd: number, data: string): Sim<number> {
  const fl = (yield sys.fcntl(fd, F_GETFL)) as number;
  if (fl < 0 || (fl & O_NONBLOCK)) return (yield sys.write(fd, data)) as number;
  for (;;) {
    const pfd = [{ fd, events: POLLOUT, revents: 0 }];
    const r = (yield sys.poll(pfd, 0)) as number;
    if (r < 0) return r;
    if (r > 0) return (yield sys.write(fd, data)) as number;
    yield* parkFd(fd, POLLOUT);
  }
}

/** The slow device through its non-blocking protocol: submit by reading, park, read. */
export function* wrappedSlowRead(p: UProc, count: number): Sim<string | number> {
  if (p.slowNbFd < 0) {
    const fd = (yield sys.open('/dev/slow', O_NONBLOCK)) as number;
    if (fd < 0) return fd;
    p.slowNbFd = fd;
  }
  for (;;) {
    const x = (yield sys.read(p.slowNbFd, count)) as string | number;
    if (x !== -EAGAIN) return x;
    yield* parkFd(p.slowNbFd, POLLIN);
  }
}

/**
 * pth_nanosleep: a timer in the native's heap; no system call. 0 or -EINTR (with the time left
 * in `rem`, as pth_nanosleep fills its rmtp) / -EINVAL.
 */
export function* wrappedNanosleep(ns: number, rem: Ref<number> | null = null): Sim<number> {
  if (typeof ns !== 'number' || !(ns >= 0) || !Number.isFinite(ns)) return -EINVAL;
  if (ns === 0) return 0;
  const n = selfNative();
  const self = n.current!;
  if (self.cancelreq) yield* cancelPoint(); // waitpid's loop comes back here: see wrappedSigwait
  self.waitOn = null;
  const until = uaccess.vdsoNow() + ns;
  waitUntil(self, until, true);
  const r = yield M_PARK;
  if (r === WAIT_CANCEL) yield* cancelPoint();
  if (r !== WAIT_INTR && r !== WAIT_CANCEL) return 0;
  if (rem) rem.value = Math.max(0, until - uaccess.vdsoNow());
  return -EINTR;
}

/**
 * pth_waitpid: WNOHANG polls with a 250 ms user-level sleep between them. The sleep is a plain
 * pth_wait on a PTH_EVENT_TIME: a handler that runs meanwhile (the event manager wakes the
 * thread for it) ends that round only, so waitpid never fails with EINTR, SA_RESTART or not.
 */
export function* wrappedWaitpid(pid: number, status: Ref<number> | null, options: number, ru: Parameters<typeof sys.wait4>[3] = null): Sim<number> {
  for (;;) {
    const r = (yield sys.wait4(pid, status, options | WNOHANG, ru)) as number;
    if (r !== 0 || (options & WNOHANG)) return r;
    const s = yield* wrappedNanosleep(WAITPID_POLL_NS);
    if (s < 0 && s !== -EINTR) return s;
  }
}

/** waitid as pth_waitpid waits (NGPT and Pth had no waitid; glibc's is one system call): WNOHANG polls, 250 ms apart. */
export function* wrappedWaitid(idtype: number, id: number, info: { value?: SigInfo } | null, options: number): Sim<number> {
  const got: { value?: SigInfo } = {};
  for (;;) {
    const r = (yield sys.waitid(idtype, id, got, options | WNOHANG)) as number;
    if (r !== 0 || (options & WNOHANG) || (got.value?.pid ?? 0) !== 0) {
      if (info && got.value) info.value = got.value;
      return r;
    }
    const s = yield* wrappedNanosleep(WAITPID_POLL_NS);
    if (s < 0 && s !== -EINTR) return s;
  }
}

/** pth_sigwait: thread-directed signals recorded for us first, then the kernel's, then wait (usigwait.ts). */
export function* wrappedSigwait(set: bigint, sig: Ref<number>): Sim<number> {
  if (typeof set !== 'bigint') return EINVAL;
  const r = yield* wrappedSigtimedwait(set, null, -1);
  if (r < 0) return -r;
  sig.value = r;
  return 0;
}

/**
 * pth_poll (pth_high.c, via pth_select_ev; NGPT's poll wrapper __poll_2_1 calls it unless the
 * native is bound): poll with a zero timeout; if nothing is ready and the caller would wait,
 * park on every descriptor at once (PTH_EVENT_SELECT) and on a timer for the timeout; once
 * woken by a descriptor, poll again with a zero timeout to fill `revents` as the kernel sees
 * them. A timeout returns 0, a signal -EINTR. With no descriptors it sleeps for the timeout as
 * the kernel's poll does (Pth's pth_poll returned at once). `timeoutNs` < 0 waits forever.
 */
export function* wrappedPoll(fds: { fd: number; events: number; revents?: number }[], timeoutNs: number): Sim<number> {
  if (!Array.isArray(fds) || typeof timeoutNs !== 'number' || Number.isNaN(timeoutNs)) return -EINVAL;
  const r = fds.length === 0 ? 0 : (yield sys.poll(fds, 0)) as number;
  if (r !== 0 || timeoutNs === 0) return r;
  const self = selfNative().current!;
  const w = new PollWait(fds.map((f) => ({ fd: f.fd, events: f.events, revents: 0 })));
  if (fds.length > 0) waitFd(self, w);
  else { self.state = US_WAITING; self.flags |= UF_INTR; self.waitOn = w; }
  if (timeoutNs > 0) waitUntil(self, uaccess.vdsoNow() + timeoutNs, true);
  const v = yield M_PARK;
  if (v === WAIT_CANCEL) yield* cancelPoint(); // pth_wait's cancellation point
  if (v === WAIT_INTR || v === WAIT_CANCEL) return -EINTR;
  if (v === TIMED_OUT) return 0;
  return (yield sys.poll(fds, 0)) as number;
}

/**
 * pth_select (pth_high.c: pth_select_ev): select with a zero timeout first (EBADF, or what is
 * ready now); if nothing is and the caller would wait, park on the descriptors of the sets as
 * wrappedPoll does (PTH_EVENT_SELECT plus a timer), then select again with a zero timeout to
 * rewrite the sets as the kernel sees them. The time left (`timeout.ns`) is the timer's, as
 * the kernel would write it back; a signal leaves the sets alone and returns -EINTR.
 */
export function* wrappedSelect(nfds: number, rd: Set<number> | null, wr: Set<number> | null, ex: Set<number> | null,
  timeout: { ns: number } | null): Sim<number> {
  const copy = (set: Set<number> | null): Set<number> | null => (set ? new Set(set) : null);
  const sets = [copy(rd), copy(wr), copy(ex)] as const;
  const r = (yield sys.pselect6(nfds, sets[0], sets[1], sets[2], { ns: 0 }, null)) as number;
  if (r !== 0 || timeout?.ns === 0) {
    if (r >= 0) [rd, wr, ex].forEach((set, i) => { if (set) { set.clear(); for (const fd of sets[i]!) set.add(fd); } });
    return r;
  }
  const fds: { fd: number; events: number; revents?: number }[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    const events = (rd?.has(fd) ? POLLIN : 0) | (wr?.has(fd) ? POLLOUT : 0) | (ex?.has(fd) ? POLLPRI : 0);
    if (events !== 0) fds.push({ fd, events });
  }
  const t0 = uaccess.vdsoNow();
  const p = yield* wrappedPoll(fds, timeout === null ? -1 : timeout.ns);
  if (timeout !== null) timeout.ns = Math.max(0, timeout.ns - (uaccess.vdsoNow() - t0));
  if (p < 0) return p;
  return (yield sys.pselect6(nfds, rd, wr, ex, { ns: 0 }, null)) as number;
}

/** What a thread in a wrapped pause() waits on (the debugging view shows it). */
export const PAUSE_WAIT = { pause: true };

/**
 * pause(): park until a signal's handler has run in this thread, then fail with EINTR — the
 * thread waits for signals as pth_sigwait's PTH_EVENT_SIGS and pth_sleep_time's
 * PTH_EVENT_TIME_SIGS waits do, woken by usignal.ts signalWake. NGPT 2.2.1's pause() itself went
 * straight to __libc_pause (pth_syscall.c), blocking the native and its queue; `wrap` without
 * 'pause' shows that.
 */
export function* wrappedPause(): Sim<number> {
  const self = selfNative().current!;
  self.state = US_WAITING;
  self.flags |= UF_INTR;
  self.waitOn = PAUSE_WAIT;
  if ((yield M_PARK) === WAIT_CANCEL) yield* cancelPoint();
  return -EINTR;
}
