/**
 * sched.ts — scheduling policies from C (clib/runtime/sched.c): the kernel's sched_* system
 * calls and the thread library's pthread_{set,get}schedparam / pthread_setschedprio, each the
 * chosen library's call; and the library's answer to the pthread_attr_ setters.
 *
 * Models glibc's wrappers (sysdeps/unix/sysv/linux: one system call each, -1 and errno) and
 * the libraries' pthread_ calls (the error number returned). struct sched_param is one int;
 * struct timespec (wasi-libc) is a 64-bit tv_sec and a 32-bit tv_nsec.
 */

import type { Libc, Sim, Ref, SchedParam } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';

/** runtime/sched.c's SCH_* order. */
const SETSCHEDULER = 0, GETSCHEDULER = 1, SETPARAM = 2, GETPARAM = 3, PRIO_MAX = 4, PRIO_MIN = 5, RR_INTERVAL = 6,
  PT_SETSCHEDPARAM = 7, PT_GETSCHEDPARAM = 8, PT_SETSCHEDPRIO = 9;

/** A system-call wrapper's -1: the calling C thread's errno. */
function failed(p: CProcess, a: Activation, r: number): number {
  if (r === -1) a.thread.errno = p.libc.errno;
  return r;
}

/** The struct sched_param at `at`, or null for a null pointer (the kernel's EINVAL). */
function param(p: CProcess, at: number): SchedParam | null {
  return at === 0 ? null : { sched_priority: p.load32(at) };
}

function* opProcess(p: CProcess, a: Activation, l: Libc): Sim<number> {
  const [op, x, y, z] = [a.a0, a.a1, a.a2, a.a3];
  if (op === SETSCHEDULER) return failed(p, a, yield* l.sched_setscheduler(x, y, param(p, z)));
  if (op === GETSCHEDULER) return failed(p, a, yield* l.sched_getscheduler(x));
  if (op === SETPARAM) return failed(p, a, yield* l.sched_setparam(x, param(p, y)));
  if (op === PRIO_MAX) return failed(p, a, yield* l.sched_get_priority_max(x));
  if (op === PRIO_MIN) return failed(p, a, yield* l.sched_get_priority_min(x));
  if (op === GETPARAM) {
    const out: Ref<SchedParam> = { value: { sched_priority: 0 } };
    const r = yield* l.sched_getparam(x, y === 0 ? null : out);
    if (r === 0) p.store32(y, out.value.sched_priority);
    return failed(p, a, r);
  }
  const ns: Ref<number> = { value: 0 };
  const r = yield* l.sched_rr_get_interval(x, ns);
  if (r === 0 && y !== 0) { p.storeI64(y, Math.floor(ns.value / 1e9)); p.store32(y + 8, ns.value % 1e9); }
  return failed(p, a, r);
}

function* opThread(p: CProcess, a: Activation, l: Libc): Sim<number> {
  const [op, t, y, z] = [a.a0, a.a1 >>> 0, a.a2, a.a3];
  if (op === PT_SETSCHEDPRIO) return yield* l.pthread_setschedprio(t, y);
  if (op === PT_SETSCHEDPARAM) return yield* l.pthread_setschedparam(t, y, param(p, z) ?? { sched_priority: 0 });
  const pol: Ref<number> = { value: -1 };
  const par: Ref<SchedParam> = { value: { sched_priority: p.load32(z) } }; // a library that writes none leaves it
  const e = yield* l.pthread_getschedparam(t, pol, par);
  if (e === 0) { p.store32(y, pol.value); p.store32(z, par.value.sched_priority); }
  return e;
}

function* opSched(p: CProcess, a: Activation): Sim<number> {
  return a.a0 >= PT_SETSCHEDPARAM ? yield* opThread(p, a, p.libc) : yield* opProcess(p, a, p.libc);
}

export function schedImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return { sched: (op, x, y, z) => suspend(p, opSched, op, x, y, z) };
}

/** The library's answer to pthread_attr_setinheritsched (0) / setschedpolicy (1) / setschedparam (2). */
export function schedSyncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  const ops = ['inheritsched', 'schedpolicy', 'schedparam'] as const;
  return { attr_sched: (op, value, policy) => p.libc.pthread_attr_setsched(ops[op], value, policy) };
}
