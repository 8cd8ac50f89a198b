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
import { EINTR } from '../../libs/api.js';
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

/** dup (a0 = 0), dup2 (1), fcntl (2): descriptor tables change, so isatty answers too (open: fs.ts). */
function* opFd(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  let r: number;
  if (a.a0 === 0) r = yield* l.dup(a.a1);
  else if (a.a0 === 1) r = yield* l.dup2(a.a1, a.a2);
  else r = yield* l.fcntl(a.a1, a.a2, a.a3);
  if (a.a0 !== 2) p.forgetDescriptors();
  return sc(p, a, r);
}

function* opPoll(p: CProcess, a: Activation): Sim<number> {
  const [at, n] = [a.a0, a.a1 >>> 0];
  const fds: { fd: number; events: number; revents?: number }[] = [];
  for (let i = 0; i < n; i++) fds.push({ fd: p.load32(at + 8 * i), events: p.dv().getInt16(at + 8 * i + 4, true) });
  const r = yield* p.libc.poll(fds, a.a2);
  for (let i = 0; i < n; i++) p.dv().setInt16(at + 8 * i + 6, fds[i].revents ?? 0, true);
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
    fcntl: (fd, cmd, arg) => suspend(p, opFd, 2, n(fd), n(cmd), n(arg)),
    poll: (fds, nfds, timeout) => suspend(p, opPoll, n(fds), n(nfds), n(timeout)),
    nanosleep: (req, rem) => suspend(p, opNanosleep, n(req), n(rem)),
    compute: (ns) => suspend(p, opLab, 0, Number(ns as bigint)),
    read_slow_device: (count) => suspend(p, opLab, 1, n(count)),
    preempt: (fn) => suspend(p, opPreempt, n(fn)),
  };
}
