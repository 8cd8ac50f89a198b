/**
 * thread_np.ts — glibc's _np thread calls from C (clib/runtime/thread_np.c): thread names and
 * pthread_tryjoin_np / pthread_timedjoin_np, each the chosen library's call.
 *
 * Models: pthread_getname_np stores the name and its NUL in the caller's buffer (the library
 * has checked that it holds 16 bytes); pthread_timedjoin_np's absolute CLOCK_REALTIME time
 * becomes the library's relative timeout (EINVAL for tv_nsec outside 0..999,999,999); a joined
 * value is stored as pthread_join stores it.
 */

import type { Sim, Ref } from '../../libs/api.js';
import { EINVAL, ESRCH, RLIMIT_STACK } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';
import { realtimeEpochNs } from './wasi.js';
import { asPointer } from './threads.js';

function* opSetname(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.pthread_setname_np(a.a0 >>> 0, p.cString(a.a1));
}

function* opGetname(p: CProcess, a: Activation): Sim<number> {
  const buf: Ref<string> = { value: '' };
  const len = a.a2 >>> 0;
  const r = yield* p.libc.pthread_getname_np(a.a0 >>> 0, buf, len);
  if (r === 0) {
    const bytes = new TextEncoder().encode(buf.value).subarray(0, len - 1);
    p.u8().set(bytes, a.a1);
    p.u8()[a.a1 + bytes.length] = 0;
  }
  return r;
}

function* opTryjoin(p: CProcess, a: Activation): Sim<number> {
  const ref: Ref<unknown> = { value: undefined };
  let r: number;
  if (a.a3 === 0) r = yield* p.libc.pthread_tryjoin_np(a.a0 >>> 0, ref);
  else {
    const nsec = p.load32(a.a2 + 8);
    if (nsec < 0 || nsec >= 1e9) return EINVAL;
    const abs = p.loadI64(a.a2) * 1e9 + nsec;
    const rel = Math.max(0, abs - ((yield* p.libc.clock_gettime()) + realtimeEpochNs));
    r = yield* p.libc.pthread_timedjoin_np(a.a0 >>> 0, ref, rel);
  }
  if (r === 0 && a.a1 !== 0) p.store32(a.a1, asPointer(ref.value));
  return r;
}

function* opCpuclock(p: CProcess, a: Activation): Sim<number> {
  const clock: Ref<number> = { value: 0 };
  const r = yield* p.libc.pthread_getcpuclockid(a.a0 >>> 0, clock);
  if (r === 0) p.store32(a.a1, clock.value);
  return r;
}

/**
 * pthread_getattr_np(t, out): [stack top, stack size, guard size, detached] of C thread t —
 * its C stack as the runtime made it (a created thread: the block's stack, a one-page guard as
 * glibc allocates; one the program gave: no guard); the initial thread's as glibc's
 * pthread_getattr_np computes it: its stack mapping, capped by RLIMIT_STACK, no guard.
 */
function* opGetattr(p: CProcess, a: Activation): Sim<number> {
  const th = (p.run.threads.get(a.a0 >>> 0) ?? []).find((x) => x.proc === p) ?? p.unstarted.get(a.a0 >>> 0);
  if (th === undefined) return ESRCH;
  let size = th.stackTop - th.limit;
  if (th.block === 0) {
    const lim: { value?: { cur: number; max: number } } = {};
    if ((yield* p.libc.getrlimit(RLIMIT_STACK, lim)) === 0 && lim.value) size = Math.min(size, lim.value.cur);
  }
  const own = th.block !== 0 && th.limit === th.block;
  p.store32(a.a1, th.stackTop);
  p.store32(a.a1 + 4, size);
  p.store32(a.a1 + 8, own ? 4096 : 0);
  p.store32(a.a1 + 12, th.detached ? 1 : 0);
  return 0;
}

export function threadNpImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    setname: (t, name) => suspend(p, opSetname, t, name),
    getname: (t, buf, len) => suspend(p, opGetname, t, buf, len),
    tryjoin: (t, ret, abstime, timed) => suspend(p, opTryjoin, t, ret, abstime, timed),
    cpuclock: (t, out) => suspend(p, opCpuclock, t, out),
    getattr_np: (t, out) => suspend(p, opGetattr, t, out),
  };
}
