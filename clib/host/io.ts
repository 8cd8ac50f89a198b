/**
 * io.ts — descriptors, sleeping, processes and the lab calls from C (everything not in
 * threads.ts, sync.ts, signals.ts or fork.ts), each the chosen library's call.
 *
 * Models: glibc's system-call wrappers: -1 and errno (Linux's numbers, as the library gives them) on
 * failure. Flags and events are Linux's (the lab's <fcntl.h> and <poll.h>). nanosleep reports
 * the time left after an interruption from the virtual clock. exit() reaches the library's
 * exit after wasi-libc has run the atexit handlers and flushed stdio in the program's memory;
 * _exit() and _Exit() skip both, as in C.
 */

import type { Sim, Rusage, SigInfo } from '../../libs/api.js';
import { storeRusage } from './ids.js';
import { writeSiginfo } from './signals.js';
import {
  EINTR, F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW, type Flock,
} from '../../libs/api.js';
import { type Activation, type Op, suspend } from './activation.js';
import { preemptionPoint } from './spin.js';
import type { CProcess } from './process.js';

/** A system-call wrapper's result: -1 sets errno. */
function sc(p: CProcess, a: Activation, r: number): number {
  if (r < 0) a.thread.errno = p.libc.errno;
  return r;
}

/** The library's generator itself, with a post step (activation.ts): one level less. */
function opGetpid(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  a.post = sc;
  return a.a0 === 0 ? l.getpid() : a.a0 === 1 ? l.getppid() : l.gettid();
}

function* opWaitpid(p: CProcess, a: Activation): Sim<number> {
  const ref = { value: 0 };
  const r = yield* p.libc.waitpid(a.a0, ref, a.a2);
  if (r > 0 && a.a1 !== 0) p.store32(a.a1, ref.value);
  return sc(p, a, r);
}

/** wait4/wait3: waitpid's status, and the child's struct rusage (ids.ts storeRusage). */
function* opWait4(p: CProcess, a: Activation): Sim<number> {
  const ref = { value: 0 }, ru: { value?: Rusage } = {};
  const r = yield* p.libc.wait4(a.a0, ref, a.a2, a.a3 !== 0 ? ru : null);
  if (r > 0 && a.a1 !== 0) p.store32(a.a1, ref.value);
  if (r > 0 && a.a3 !== 0 && ru.value) storeRusage(p, a.a3, ru.value);
  return sc(p, a, r);
}

/** waitid: the siginfo_t of SIGCHLD (all zeros under WNOHANG with no child ready). */
function* opWaitid(p: CProcess, a: Activation): Sim<number> {
  const ref: { value?: SigInfo } = {};
  const r = yield* p.libc.waitid(a.a0, a.a1, ref, a.a3);
  if (r === 0 && a.a2 !== 0 && ref.value) writeSiginfo(p, a.a2, ref.value.signo, ref.value);
  return sc(p, a, r);
}

function* opExit(p: CProcess, a: Activation): Sim<number> {
  if (a.a1 === 0) return yield* p.libc.exit(a.a0);
  return yield* p.libc._exit(a.a0);
}

function* opPipe(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.pipe(a.a1);
  if (r === -1) return sc(p, a, -1);
  p.store32(a.a0, r[0]);
  p.store32(a.a0 + 4, r[1]);
  return 0;
}

/** dup (a0 = 0), dup2 (1), fcntl (2), flock (3), dup3 (4), eventfd (5), signalfd (6): descriptor tables change, so isatty answers too (open: fs.ts). */
function* opFd(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  let r: number;
  if (a.a0 === 0) r = yield* l.dup(a.a1);
  else if (a.a0 === 1) r = yield* l.dup2(a.a1, a.a2);
  else if (a.a0 === 3) r = yield* l.flock(a.a1, a.a2);
  else if (a.a0 === 4) r = yield* l.dup3(a.a1, a.a2, a.a3);
  else if (a.a0 === 5) r = yield* l.eventfd(a.a1 >>> 0, a.a2);
  else if (a.a0 === 6) r = a.a2 === 0 ? yield* l.signalfd(a.a1, null as unknown as bigint, a.a3) : yield* l.signalfd(a.a1, p.loadSigset(a.a2), a.a3);
  else if (LOCK_CMDS.includes(a.a2)) r = yield* fcntlLock(p, a.a1, a.a2, a.a3);
  else r = yield* l.fcntl(a.a1, a.a2, a.a3);
  if (a.a0 < 2 || a.a0 >= 4) p.forgetDescriptors();
  return sc(p, a, r);
}

/** fcntl's lock commands (<fcntl.h>): their argument is a struct flock *. */
const LOCK_CMDS = [F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW];

/**
 * struct flock (glibc x86-64 layout, which wasm32's alignment keeps): short l_type @0, short
 * l_whence @2, off_t l_start @8, off_t l_len @16, pid_t l_pid @24. Read in, and written back
 * after F_GETLK (the kernel's answer: l_type F_UNLCK, or the lock in the way).
 */
function* fcntlLock(p: CProcess, fd: number, cmd: number, at: number): Sim<number> {
  if (at === 0) return yield* p.libc.fcntl(fd, cmd, null as unknown as Flock); // EFAULT
  const dv = p.dv();
  const fl: Flock = {
    l_type: dv.getInt16(at, true), l_whence: dv.getInt16(at + 2, true), l_start: p.loadI64(at + 8),
    l_len: p.loadI64(at + 16), l_pid: dv.getInt32(at + 24, true),
  };
  const r = yield* p.libc.fcntl(fd, cmd, fl);
  if (r === 0 && (cmd === F_GETLK || cmd === F_OFD_GETLK)) {
    const out = p.dv();
    out.setInt16(at, fl.l_type, true);
    out.setInt16(at + 2, fl.l_whence, true);
    p.storeI64(at + 8, fl.l_start);
    p.storeI64(at + 16, fl.l_len);
    out.setInt32(at + 24, fl.l_pid, true);
  }
  return r;
}

function* opPoll(p: CProcess, a: Activation): Sim<number> {
  const [at, n] = [a.a0, a.a1 >>> 0];
  const fds: { fd: number; events: number; revents?: number }[] = [];
  for (let i = 0; i < n; i++) fds.push({ fd: p.load32(at + 8 * i), events: p.dv().getInt16(at + 8 * i + 4, true) });
  const r = yield* p.libc.poll(fds, a.a2);
  for (let i = 0; i < n; i++) p.dv().setInt16(at + 8 * i + 6, fds[i].revents ?? 0, true);
  return sc(p, a, r);
}

/** An fd_set (glibc's bit mask: bit fd of byte fd/8) read into a set of its first nfds descriptors; NULL is null. */
function readFdSet(p: CProcess, at: number, nfds: number): Set<number> | null {
  if (at === 0) return null;
  const mem = p.u8();
  const s = new Set<number>();
  for (let fd = 0; fd < nfds; fd++) if (mem[at + (fd >> 3)] & (1 << (fd & 7))) s.add(fd);
  return s;
}

/** set_fd_set: the ready descriptors written back over whole longs (x86-64's 64 bits), the rest of those cleared. */
function writeFdSet(p: CProcess, at: number, nfds: number, s: Set<number> | null): void {
  if (at === 0 || s === null) return;
  const mem = p.u8();
  mem.fill(0, at, at + Math.ceil(nfds / 64) * 8);
  for (const fd of s) mem[at + (fd >> 3)] |= 1 << (fd & 7);
}

/** select(2) passes -1 where pselect(2) passes its mask (select.c). */
const SELECT_TIMEVAL = -1;

/**
 * select and pselect (clib/runtime/select.c): the three fd_sets in and out, select's timeval as
 * µs (negative: EINVAL in glibc, before any call) written back with the time left, pselect's
 * timespec as ns (one timespec64_valid refuses becomes -1: the kernel's EINVAL) and its mask.
 */
function* opSelect(p: CProcess, a: Activation): Sim<number> {
  const nfds = Math.min(Math.max(a.a0 | 0, 0), 1024);
  const [rd, wr, ex] = [a.a1, a.a2, a.a3].map((at) => readFdSet(p, at, nfds));
  let r: number;
  if ((a.a5 | 0) === SELECT_TIMEVAL) {
    const tv = a.a4 === 0 ? null : { value: p.loadI64(a.a4) * 1e6 + p.loadI64(a.a4 + 8) };
    const neg = tv !== null && (p.loadI64(a.a4) < 0 || p.loadI64(a.a4 + 8) < 0);
    r = neg ? yield* p.libc.select(a.a0, rd, wr, ex, { value: -1 }) : yield* p.libc.select(a.a0, rd, wr, ex, tv);
    if (tv !== null && !neg) { p.storeI64(a.a4, Math.floor(tv.value / 1e6)); p.storeI64(a.a4 + 8, tv.value % 1e6); }
  } else {
    const ns = a.a4 === 0 ? null : sleepNs(p, a.a4);
    const mask = a.a5 === 0 ? null : p.loadSigset(a.a5);
    r = yield* p.libc.pselect(a.a0, rd, wr, ex, ns, mask);
  }
  if (r >= 0) [a.a1, a.a2, a.a3].forEach((at, i) => writeFdSet(p, at, nfds, [rd, wr, ex][i]));
  return sc(p, a, r);
}

/**
 * The request in ns; a timespec that timespec64_valid refuses (tv_sec < 0, tv_nsec outside
 * [0, 1e9)) becomes -1, which the kernel's nanosleep answers with EINVAL (LTP nanosleep/6-1).
 */
function sleepNs(p: CProcess, at: number): number {
  const sec = p.loadI64(at), nsec = p.load32(at + 8);
  return sec < 0 || nsec < 0 || nsec >= 1e9 ? -1 : sec * 1e9 + nsec;
}

function* opNanosleep(p: CProcess, a: Activation): Sim<number> {
  const ns = sleepNs(p, a.a0);
  const start = yield* p.libc.clock_gettime();
  const r = yield* p.libc.nanosleep(ns);
  if (r < 0 && a.a1 !== 0 && p.libc.errno === EINTR) {
    const left = Math.max(0, start + ns - (yield* p.libc.clock_gettime()));
    p.storeI64(a.a1, Math.floor(left / 1e9));
    p.store32(a.a1 + 8, left % 1e9);
  }
  return sc(p, a, r);
}

function* opLab(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  if (a.a0 === 0) { yield* l.compute(a.a1); return 0; }
  if (a.a0 === 1) return sc(p, a, yield* l.read_slow_device(a.a1));
  return 0;
}

/**
 * The fuel ran out at a preemption point: the driver has charged the work (the scheduler may
 * have taken the CPU there); a thread spinning with no way out is fast-forwarded (spin.ts).
 */
const opPreempt: Op = function* (p: CProcess, a: Activation): Sim<number> {
  yield* preemptionPoint(p, a);
  return 0;
};
opPreempt.preemptionPoint = true;

export function ioImports(p: CProcess): Record<string, (...a: unknown[]) => number> {
  const n = (x: unknown): number => Number(x);
  return {
    getpid: () => suspend(p, opGetpid, 0),
    getppid: () => suspend(p, opGetpid, 1),
    gettid: () => suspend(p, opGetpid, 2),
    waitpid: (pid, st, opt) => suspend(p, opWaitpid, n(pid), n(st), n(opt)),
    wait4: (pid, st, opt, ru) => suspend(p, opWait4, n(pid), n(st), n(opt), n(ru)),
    waitid: (type, id, info, opt) => suspend(p, opWaitid, n(type), n(id), n(info), n(opt)),
    exit: (code) => suspend(p, opExit, n(code), 0),
    _exit: (code) => suspend(p, opExit, n(code), 1),
    pipe: (fds, flags) => suspend(p, opPipe, n(fds), n(flags)),
    dup: (fd) => suspend(p, opFd, 0, n(fd)),
    dup2: (fd, to) => suspend(p, opFd, 1, n(fd), n(to)),
    dup3: (fd, to, flags) => suspend(p, opFd, 4, n(fd), n(to), n(flags)),
    fcntl: (fd, cmd, arg) => suspend(p, opFd, 2, n(fd), n(cmd), n(arg)),
    flock: (fd, op) => suspend(p, opFd, 3, n(fd), n(op)),
    eventfd: (initval, flags) => suspend(p, opFd, 5, n(initval), n(flags)),
    signalfd: (fd, mask, flags) => suspend(p, opFd, 6, n(fd), n(mask), n(flags)),
    poll: (fds, nfds, timeout) => suspend(p, opPoll, n(fds), n(nfds), n(timeout)),
    select: (nfds, rd, wr, ex, timeout, mask) => suspend(p, opSelect, n(nfds), n(rd), n(wr), n(ex), n(timeout), n(mask)),
    nanosleep: (req, rem) => suspend(p, opNanosleep, n(req), n(rem)),
    compute: (ns) => suspend(p, opLab, 0, Number(ns as bigint)),
    read_slow_device: (count) => suspend(p, opLab, 1, n(count)),
    preempt: (fn) => suspend(p, opPreempt, n(fn)),
  };
}
