/**
 * timers.ts — POSIX timers and sigwaitinfo/sigtimedwait from C (clib/runtime/timer.c): each
 * the chosen library's call (the kernel's timer_* system calls, kernel/posix_timers.ts).
 *
 * Models: glibc's timer_create/timer_settime/... wrappers, which hand the kernel a struct
 * sigevent and itimerspecs: here the runtime has unpacked the sigevent into four ints
 * (notify, signo, sival_int, tid) and the times into nanoseconds; a TIMER_ABSTIME time on
 * CLOCK_REALTIME has the realtime epoch C's clock_gettime adds (wasi.ts) taken off.
 * sigwaitinfo/sigtimedwait store the siginfo_t as a handler's (signals.ts writeSiginfo);
 * sigqueue hands the library sival_int (a pointer's value too, on wasm32).
 */

import type { Sim, SigInfo } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';
import { realtimeEpochNs } from './wasi.js';
import { writeSiginfo } from './signals.js';

function sc(p: CProcess, a: Activation, r: number): number {
  if (r === -1) a.thread.errno = p.libc.errno;
  return r;
}

/** timer_create(clock, ev (0: none; else [notify, signo, sival_int, tid]), &id). */
function* opCreate(p: CProcess, a: Activation): Sim<number> {
  const ev = a.a1 === 0 ? null
    : { notify: p.load32(a.a1), signo: p.load32(a.a1 + 4), value: p.load32(a.a1 + 8), tid: p.load32(a.a1 + 12) };
  const out = { value: 0 };
  const r = yield* p.libc.timer_create(a.a0, ev, out);
  if (r === 0) p.store32(a.a2, out.value);
  return sc(p, a, r);
}

/** timer_settime(id, flags, realtime, [value, interval] ns, old (0: not wanted)). */
function* opSettime(p: CProcess, a: Activation): Sim<number> {
  let value = p.loadI64(a.a3);
  if ((a.a1 & 1) !== 0 && a.a2 !== 0 && value > 0) value = Math.max(1, value - realtimeEpochNs);
  const old: { value?: number; interval?: number } = {};
  const r = yield* p.libc.timer_settime(a.a0, a.a1, value, p.loadI64(a.a3 + 8), old);
  if (r === 0 && a.a4 !== 0) {
    p.storeI64(a.a4, old.value ?? 0);
    p.storeI64(a.a4 + 8, old.interval ?? 0);
  }
  return sc(p, a, r);
}

function* opGettime(p: CProcess, a: Activation): Sim<number> {
  const out: { value?: number; interval?: number } = {};
  const r = yield* p.libc.timer_gettime(a.a0, out);
  if (r === 0) {
    p.storeI64(a.a1, out.value ?? 0);
    p.storeI64(a.a1 + 8, out.interval ?? 0);
  }
  return sc(p, a, r);
}

function* opGetoverrun(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.timer_getoverrun(a.a0));
}

function* opDelete(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.timer_delete(a.a0));
}

/**
 * timerfd (clib/runtime/timerfd.c): create (a0 = 0: clock a1, flags a2), settime (1: fd a1,
 * flags a2, a3 realtime, a4 [value, interval] ns, a5 old or 0) — a TFD_TIMER_ABSTIME time on
 * CLOCK_REALTIME has the realtime epoch taken off, as timer_settime's — and gettime (2: fd a1,
 * a5 out).
 */
function* opTimerfd(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  if (a.a0 === 0) { p.forgetDescriptors(); return sc(p, a, yield* l.timerfd_create(a.a1, a.a2)); }
  const spec: { value?: number; interval?: number } = {};
  let r: number;
  if (a.a0 === 1) {
    let value = p.loadI64(a.a4);
    if ((a.a2 & 1) !== 0 && a.a3 !== 0 && value > 0) value = Math.max(1, value - realtimeEpochNs);
    r = yield* l.timerfd_settime(a.a1, a.a2, value, p.loadI64(a.a4 + 8), spec);
  } else r = yield* l.timerfd_gettime(a.a1, spec);
  if (r === 0 && a.a5 !== 0) {
    p.storeI64(a.a5, spec.value ?? 0);
    p.storeI64(a.a5 + 8, spec.interval ?? 0);
  }
  return sc(p, a, r);
}

/** sigwaitinfo (a2 = 0) or sigtimedwait (a2: the timeout in ns, a 64-bit word). */
function* opSigwaitinfo(p: CProcess, a: Activation): Sim<number> {
  const info: { value?: SigInfo } = {};
  const set = p.loadSigset(a.a0);
  const r = a.a2 === 0 ? yield* p.libc.sigwaitinfo(set, info) : yield* p.libc.sigtimedwait(set, info, p.loadI64(a.a2));
  // r is the signal, or 0 from NGPT 2.2.1's sigwaitinfo, which fills only si_signo (libs/ngpt)
  if (r >= 0 && a.a1 !== 0 && info.value) writeSiginfo(p, a.a1, info.value.signo || r, info.value);
  return sc(p, a, r);
}

/** sigqueue(pid, sig, sival_int): the value the receiver's siginfo carries (si_code SI_QUEUE). */
function* opSigqueue(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.sigqueue(a.a0, a.a1, a.a2));
}

export function timerImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    timer_create: (clock, ev, out) => suspend(p, opCreate, clock, ev, out),
    timer_settime: (id, flags, rt, set, old) => suspend(p, opSettime, id, flags, rt, set, old),
    timer_gettime: (id, out) => suspend(p, opGettime, id, out),
    timer_getoverrun: (id) => suspend(p, opGetoverrun, id),
    timer_delete: (id) => suspend(p, opDelete, id),
    sigwaitinfo: (set, info, timeout) => suspend(p, opSigwaitinfo, set, info, timeout),
    sigqueue: (pid, sig, value) => suspend(p, opSigqueue, pid, sig, value),
    timerfd: (op, a, b, c, set, old) => suspend(p, opTimerfd, op, a, b, c, set, old),
  };
}

/** SIGEV_THREAD is NPTL's librt (timer.c): the other libraries' runtimes answer ENOSYS. */
export function timerSyncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return { timer_thread_ok: () => (p.libc.info.name === 'nptl' ? 1 : 0) };
}
