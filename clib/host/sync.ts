/**
 * sync.ts — mutexes, condition variables, barriers, pthread_once, thread-specific data,
 * semaphores and FILE locks from C, each one call of the chosen library.
 *
 * Models: glibc's pthread_* entry points over the library's objects (objects.ts maps each C
 * object to one). pthread_* return error numbers; sem_* return -1 and set errno; both are
 * Linux's numbers, as the library gives them. pthread_cond_timedwait takes C's absolute
 * time on the condition's clock (CLOCK_REALTIME unless pthread_condattr_setclock chose
 * CLOCK_MONOTONIC) and the library a relative one. pthread_once's routine runs as a nested
 * activation on the calling thread. FILE locks are recursive: a thread already holding one
 * only counts (no library call).
 */

import type { Sim, pthread_mutex_t, pthread_cond_t, sem_t, pthread_barrier_t, MutexAttr } from '../../libs/api.js';
import { EINVAL, EBUSY, EOWNERDEAD, ENOTSUP, PTHREAD_PRIO_PROTECT } from '../../libs/api.js';
import { type Activation, type Op, suspend, current } from './activation.js';
import type { CProcess, CThread } from './process.js';
import {
  obtain, initObject, fileLock, mutexAttrOf, ROBUST_TYPE, PROTO_SHIFT, CEILING_SHIFT, KIND_MUTEX, KIND_COND, KIND_SEM, KIND_BARRIER,
  type LabObject,
} from './objects.js';
import { runNested } from './threads.js';
import { realtimeEpochNs } from './wasi.js';

const mutex = (o: LabObject): pthread_mutex_t => o.obj as pthread_mutex_t;

/** The object at `addr` if it exists already: the common case, answered without a generator. */
function ready(p: CProcess, addr: number, kind: number): LabObject | null {
  const o = p.objects.find(p, addr, kind);
  return o !== null && o.obj !== null ? o : null;
}
const cond = (o: LabObject): pthread_cond_t => o.obj as pthread_cond_t;

/** robust.c's attribute bit (glibc's PTHREAD_MUTEXATTR_FLAG_ROBUST). */
const MUTEXATTR_ROBUST = 0x40000000;

/** prio.c's attribute bits (glibc's PTHREAD_MUTEXATTR_PROTOCOL_* and _PRIO_CEILING_*). */
const MUTEXATTR_PROTOCOL_SHIFT = 28;
const MUTEXATTR_CEILING_SHIFT = 12;

/**
 * a1: the type, plus 128 when the attribute is PTHREAD_PROCESS_SHARED (pshared.c's bit), bit 30
 * when it is robust (robust.c), the protocol in bits 28-29 and the ceiling in 12-23 (prio.c). The
 * object's type keeps them (objects.ts mutexAttrOf makes a fork child's copy from it). A robust
 * PTHREAD_PRIO_PROTECT mutex is ENOTSUP, as glibc 2.36's pthread_mutex_init answers ("we don't
 * support robust priority protected mutexes"): only a library with both calls can ask for one.
 */
function* opMutexInit(p: CProcess, a: Activation): Sim<number> {
  const t = a.a1 & 3;
  const kind = t; // 0-3: normal, recursive, errorcheck, adaptive (PTHREAD_MUTEX_ADAPTIVE_NP)
  const pshared = (a.a1 & 128) !== 0;
  const robust = (a.a1 & MUTEXATTR_ROBUST) !== 0;
  const proto = (a.a1 >>> MUTEXATTR_PROTOCOL_SHIFT) & 3;
  const ceiling = (a.a1 >>> MUTEXATTR_CEILING_SHIFT) & 0xfff;
  if (robust && proto === PTHREAD_PRIO_PROTECT) return ENOTSUP;
  const type = kind | (robust ? ROBUST_TYPE : 0) | (proto << PROTO_SHIFT) | (ceiling << CEILING_SHIFT);
  const attr: MutexAttr = mutexAttrOf(type);
  if (pshared) attr.pshared = 1;
  yield* initObject(p, a.a0, KIND_MUTEX, p.libc.pthread_mutex_init(attr), type, pshared);
  return 0;
}

/**
 * prio.c's attribute calls, answered by the library: a0 = 0 setprotocol(a1), 1 setprioceiling(a1),
 * 2 getprotocol (0 or an errno), 3 getprioceiling of an attribute holding a1 (the ceiling or -errno).
 */
function* opPrioAttr(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  if (a.a0 === 0) return yield* l.pthread_mutexattr_setprotocol({}, a.a1);
  if (a.a0 === 1) return yield* l.pthread_mutexattr_setprioceiling({}, a.a1);
  const out = { value: 0 };
  if (a.a0 === 2) return yield* l.pthread_mutexattr_getprotocol({ protocol: a.a1 }, out);
  const e = yield* l.pthread_mutexattr_getprioceiling(a.a1 !== 0 ? { prioceiling: a.a1 } : {}, out);
  return e !== 0 ? -e : out.value;
}

/** A mutex's ceiling: a1 = 0 get (the ceiling or -errno), 1 set to a2 (an errno; the old one stored at a3 if not NULL). */
function* opMutexPrioceiling(p: CProcess, a: Activation): Sim<number> {
  const o = (ready(p, a.a0, KIND_MUTEX) ?? (yield* obtain(p, a.a0, KIND_MUTEX))!);
  const out = { value: 0 };
  if (a.a1 === 0) {
    const e = yield* p.libc.pthread_mutex_getprioceiling(mutex(o), out);
    return e !== 0 ? -e : out.value;
  }
  const e = yield* p.libc.pthread_mutex_setprioceiling(mutex(o), a.a2, out);
  if (e === 0 && a.a3 !== 0) p.store32(a.a3, out.value);
  return e;
}

/** pthread_mutexattr_setrobust's answer from the library (0, EINVAL, ENOSYS). */
function opRobust(p: CProcess, a: Activation): Sim<number> {
  return p.libc.pthread_mutexattr_setrobust({}, a.a0);
}

function* opMutexConsistent(p: CProcess, a: Activation): Sim<number> {
  const o = (ready(p, a.a0, KIND_MUTEX) ?? (yield* obtain(p, a.a0, KIND_MUTEX))!);
  return yield* p.libc.pthread_mutex_consistent(mutex(o));
}

/**
 * lock, trylock, unlock (a1 = 0, 1, 2): the library's own generator when the mutex exists (its
 * requests pass one level less), the general path (creating it) otherwise.
 */
function opMutex(p: CProcess, a: Activation): Sim<number> {
  const o = ready(p, a.a0, KIND_MUTEX);
  if (o === null) return opMutexSlow(p, a);
  a.obj = o;
  a.post = a.a1 === 2 ? postUnlock : postLock;
  const l = p.libc;
  return a.a1 === 0 ? l.pthread_mutex_lock(mutex(o)) : a.a1 === 1 ? l.pthread_mutex_trylock(mutex(o)) : l.pthread_mutex_unlock(mutex(o));
}

/**
 * Lock, trylock and unlock are not cancellation points and never enter C: runInline may run
 * them without unwinding (an uncontended one then costs the host no suspension).
 */
opMutex.inline = true;

function* opMutexSlow(p: CProcess, a: Activation): Sim<number> {
  const o = (yield* obtain(p, a.a0, KIND_MUTEX))!;
  const l = p.libc;
  const r = a.a1 === 0 ? yield* l.pthread_mutex_lock(mutex(o)) : a.a1 === 1 ? yield* l.pthread_mutex_trylock(mutex(o)) : yield* l.pthread_mutex_unlock(mutex(o));
  a.obj = o;
  return (a.a1 === 2 ? postUnlock : postLock)(p, a, r);
}

/** After lock/trylock: the host's record of who holds it (fork and FILE locks read it); EOWNERDEAD hands it over too. */
function postLock(_p: CProcess, a: Activation, r: number): number {
  const o = a.obj as LabObject;
  a.obj = null;
  if (r === 0 || r === EOWNERDEAD) o.owner = a.thread;
  return r;
}

function postUnlock(_p: CProcess, a: Activation, r: number): number {
  const o = a.obj as LabObject;
  a.obj = null;
  if (r === 0 && o.owner === a.thread) o.owner = null;
  return r;
}

/**
 * pthread_mutex_timedlock: C's absolute CLOCK_REALTIME time as ns from now; a tv_nsec out of
 * range goes to the library as NaN, which answers EINVAL where its C code checks (NPTL: only
 * when the lock is taken; LinuxThreads: first).
 */
function* opMutexTimedlock(p: CProcess, a: Activation): Sim<number> {
  const o = (ready(p, a.a0, KIND_MUTEX) ?? (yield* obtain(p, a.a0, KIND_MUTEX))!);
  const nsec = p.load32(a.a1 + 8);
  const rel = nsec < 0 || nsec >= 1e9 ? NaN : yield* relativeNs(p, a.a1, false);
  const r = yield* p.libc.pthread_mutex_timedlock(mutex(o), rel);
  a.obj = o;
  return postLock(p, a, r);
}

function* opMutexDestroy(p: CProcess, a: Activation): Sim<number> {
  const o = p.objects.find(p, a.a0, KIND_MUTEX);
  if (o === null || o.obj === null) return 0;
  const r = yield* p.libc.pthread_mutex_destroy(mutex(o));
  if (r === 0) p.objects.drop(p, a.a0, o);
  return r;
}

/** a1: bit 0 the clock (CLOCK_MONOTONIC), bit 1 PTHREAD_PROCESS_SHARED. */
function* opCondInit(p: CProcess, a: Activation): Sim<number> {
  const pshared = (a.a1 & 2) !== 0;
  yield* initObject(p, a.a0, KIND_COND, p.libc.pthread_cond_init(pshared ? { pshared: 1 } : undefined), a.a1 & 1, pshared);
  return 0;
}

function* opCondWait(p: CProcess, a: Activation): Sim<number> {
  const c = (ready(p, a.a0, KIND_COND) ?? (yield* obtain(p, a.a0, KIND_COND))!);
  const m = (ready(p, a.a1, KIND_MUTEX) ?? (yield* obtain(p, a.a1, KIND_MUTEX))!);
  if (m.owner === a.thread) m.owner = null; // released while waiting
  const r = yield* p.libc.pthread_cond_wait(cond(c), mutex(m));
  m.owner = a.thread;
  return r;
}

/** An absolute struct timespec on the condition's clock as ns from now (never negative). */
function* relativeNs(p: CProcess, ts: number, monotonic: boolean): Sim<number> {
  const abs = p.loadI64(ts) * 1e9 + p.load32(ts + 8);
  const now = (yield* p.libc.clock_gettime()) + (monotonic ? 0 : realtimeEpochNs);
  return Math.max(0, abs - now);
}

function* opCondTimedwait(p: CProcess, a: Activation): Sim<number> {
  const c = (ready(p, a.a0, KIND_COND) ?? (yield* obtain(p, a.a0, KIND_COND))!);
  const m = (ready(p, a.a1, KIND_MUTEX) ?? (yield* obtain(p, a.a1, KIND_MUTEX))!);
  const nsec = p.load32(a.a2 + 8);
  if (nsec < 0 || nsec >= 1e9) return EINVAL;
  const rel = yield* relativeNs(p, a.a2, c.type === 1);
  if (m.owner === a.thread) m.owner = null;
  const r = yield* p.libc.pthread_cond_timedwait(cond(c), mutex(m), rel);
  m.owner = a.thread;
  return r;
}

function* opCondSignal(p: CProcess, a: Activation): Sim<number> {
  const c = (ready(p, a.a0, KIND_COND) ?? (yield* obtain(p, a.a0, KIND_COND))!);
  return yield* p.libc.pthread_cond_signal(cond(c));
}

function* opCondBroadcast(p: CProcess, a: Activation): Sim<number> {
  const c = (ready(p, a.a0, KIND_COND) ?? (yield* obtain(p, a.a0, KIND_COND))!);
  return yield* p.libc.pthread_cond_broadcast(cond(c));
}

/** Signal and broadcast are not cancellation points and never enter C: runInline may run them. */
opCondSignal.inline = true;
opCondBroadcast.inline = true;

function* opCondDestroy(p: CProcess, a: Activation): Sim<number> {
  const o = p.objects.find(p, a.a0, KIND_COND);
  if (o === null || o.obj === null) return 0;
  const r = yield* p.libc.pthread_cond_destroy(cond(o));
  if (r === 0) p.objects.drop(p, a.a0, o);
  return r;
}

/** a2: PTHREAD_PROCESS_SHARED. */
function* opBarrierInit(p: CProcess, a: Activation): Sim<number> {
  const pshared = a.a2 !== 0;
  yield* initObject(p, a.a0, KIND_BARRIER, p.libc.pthread_barrier_init(a.a1 >>> 0, pshared ? { pshared: 1 } : undefined), a.a1 >>> 0, pshared);
  return 0;
}

function* opBarrierWait(p: CProcess, a: Activation): Sim<number> {
  const o = yield* obtain(p, a.a0, KIND_BARRIER);
  if (o === null) return EINVAL;
  const r = yield* p.libc.pthread_barrier_wait(o.obj as pthread_barrier_t);
  return r; // PTHREAD_BARRIER_SERIAL_THREAD (-1), 0 or an error number
}

function* opBarrierDestroy(p: CProcess, a: Activation): Sim<number> {
  const o = p.objects.find(p, a.a0, KIND_BARRIER);
  if (o === null || o.obj === null) return EINVAL;
  const r = yield* p.libc.pthread_barrier_destroy(o.obj as pthread_barrier_t);
  if (r === 0) p.objects.drop(p, a.a0, o);
  return r;
}

/**
 * A C pthread_once_t as the library sees it: its state word in C memory, and the init routine
 * (the C function, run nested on the calling thread). One class, so the library's reads of
 * `state` stay monomorphic (an object literal with accessors per call made them megamorphic)
 * and the init generator is a module-level function, not a closure made per call.
 */
class OnceWord {
  constructor(readonly p: CProcess, readonly addr: number, readonly th: CThread, readonly fn: number) {}
  get state(): number { return this.p.load32(this.addr); }
  set state(v: number) { this.p.store32(this.addr, v); }
  readonly init = (): Sim<void> => onceInit(this);
  readonly args = (): number[] => [this.fn, this.p.shape(this.fn)];
}

function* onceInit(o: OnceWord): Sim<void> {
  yield* runNested(o.p, o.th, '__lab_call0', o.args);
}

function opOnce(p: CProcess, a: Activation): Sim<number> {
  const once = new OnceWord(p, a.a0, a.thread, a.a1);
  return p.libc.pthread_once(once, once.init);
}

function* opKeyCreate(p: CProcess, a: Activation): Sim<number> {
  const k = yield* p.libc.pthread_key_create(null);
  if (k < 0) return -k;
  p.store32(a.a0, k);
  return 0;
}

function* opKeyDelete(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.pthread_key_delete(a.a0 >>> 0);
}

/** The library's generator itself, with a post step (activation.ts): one level less. */
function opGetspecific(p: CProcess, a: Activation): Sim<number> {
  a.post = postPointer;
  return p.libc.pthread_getspecific(a.a0 >>> 0) as Sim<number>;
}

function postPointer(_p: CProcess, _a: Activation, v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function opSetspecific(p: CProcess, a: Activation): Sim<number> {
  a.post = postErr;
  return p.libc.pthread_setspecific(a.a0 >>> 0, a.a1 === 0 ? null : a.a1 >>> 0);
}

function postErr(_p: CProcess, _a: Activation, r: number): number {
  return r;
}

/** sem_*: -1 with errno, as in C. */
function semResult(p: CProcess, a: Activation, r: number): number {
  if (r < 0) a.thread.errno = p.libc.errno;
  return r;
}

/** sem_init(s, pshared, value): -1 with errno when the library refuses (EINVAL, ENOSYS for pshared). */
function* opSemInit(p: CProcess, a: Activation): Sim<number> {
  const s = yield* p.libc.sem_init(a.a2 >>> 0, a.a1 !== 0 ? 1 : 0);
  if (s === null) { a.thread.errno = p.libc.errno; return -1; }
  yield* initObject(p, a.a0, KIND_SEM, (function* () { return s; })(), 0, a.a1 !== 0);
  return 0;
}

function* opSem(p: CProcess, a: Activation): Sim<number> {
  const o = (ready(p, a.a0, KIND_SEM) ?? (yield* obtain(p, a.a0, KIND_SEM))!);
  const s = o.obj as sem_t;
  const l = p.libc;
  const r = a.a1 === 0 ? yield* l.sem_wait(s) : a.a1 === 1 ? yield* l.sem_trywait(s) : yield* l.sem_post(s);
  return semResult(p, a, r);
}

/** sem_trywait and sem_post: opSem, but never a cancellation point, so runInline may run them. */
const opSemNowait: Op = (p, a) => opSem(p, a);
opSemNowait.inline = true;

function* opSemTimedwait(p: CProcess, a: Activation): Sim<number> {
  const o = (ready(p, a.a0, KIND_SEM) ?? (yield* obtain(p, a.a0, KIND_SEM))!);
  const nsec = p.load32(a.a1 + 8);
  if (nsec < 0 || nsec >= 1e9) { a.thread.errno = EINVAL; return -1; }
  const rel = yield* relativeNs(p, a.a1, false);
  return semResult(p, a, yield* p.libc.sem_timedwait(o.obj as sem_t, rel));
}

function* opSemGetvalue(p: CProcess, a: Activation): Sim<number> {
  const o = (ready(p, a.a0, KIND_SEM) ?? (yield* obtain(p, a.a0, KIND_SEM))!);
  const ref = { value: 0 };
  const r = yield* p.libc.sem_getvalue(o.obj as sem_t, ref);
  if (r === 0) p.store32(a.a1, ref.value);
  return semResult(p, a, r);
}

function* opSemDestroy(p: CProcess, a: Activation): Sim<number> {
  const o = p.objects.find(p, a.a0, KIND_SEM);
  if (o === null || o.obj === null) return 0;
  const r = yield* p.libc.sem_destroy(o.obj as sem_t);
  if (r === 0) p.objects.drop(p, a.a0, o);
  return semResult(p, a, r);
}

/** flockfile (a1 0) or a stdio call's own lock (a1 1: counted in ioDepth). */
function* opFlock(p: CProcess, a: Activation): Sim<number> {
  const o = yield* fileLock(p, a.a0);
  if (o.owner !== a.thread) {
    yield* p.libc.pthread_mutex_lock(mutex(o));
    o.owner = a.thread;
    o.depth = 0;
    o.ioDepth = 0;
  }
  o.depth++;
  if (a.a1 !== 0) o.ioDepth = (o.ioDepth ?? 0) + 1;
  return 0;
}

/** ftrylockfile: the lock if free or already this thread's (0), else glibc's EBUSY without waiting. */
function* opFtrylock(p: CProcess, a: Activation): Sim<number> {
  const o = yield* fileLock(p, a.a0);
  if (o.owner === a.thread) { o.depth++; return 0; }
  if ((yield* p.libc.pthread_mutex_trylock(mutex(o))) !== 0) return EBUSY;
  o.owner = a.thread;
  o.depth = 1;
  return 0;
}

function* opFunlock(p: CProcess, a: Activation): Sim<number> {
  const o = yield* fileLock(p, a.a0);
  o.owner = null;
  o.depth = 0;
  o.ioDepth = 0;
  yield* p.libc.pthread_mutex_unlock(mutex(o));
  return 0;
}

/**
 * The thread ends (__lab_thread_end) holding FILE locks a stdio call took — it was cancelled in
 * that call (a write is a cancellation point): those levels go, and a lock left at depth 0 is
 * let go, as glibc's _IO_acquire_lock cleanup unlocks the FILE during the unwinding. flockfile's
 * own levels stay held, as in glibc.
 */
function* opIoRelease(p: CProcess, a: Activation): Sim<number> {
  for (const o of p.objects.fileLocks.values()) {
    if (o.owner !== a.thread || (o.ioDepth ?? 0) === 0) continue;
    o.depth -= o.ioDepth!;
    o.ioDepth = 0;
    if (o.depth > 0) continue;
    o.owner = null;
    yield* p.libc.pthread_mutex_unlock(mutex(o));
  }
  return 0;
}

export function syncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  const s = (op: (p: CProcess, a: Activation) => Sim<number>) => (a0 = 0, a1 = 0, a2 = 0) => suspend(p, op, a0, a1, a2);
  return {
    mutex_init: s(opMutexInit), mutex_lock: (m) => suspend(p, opMutex, m, 0),
    mutex_trylock: (m) => suspend(p, opMutex, m, 1), mutex_unlock: (m) => suspend(p, opMutex, m, 2),
    mutex_timedlock: (m, ts) => suspend(p, opMutexTimedlock, m, ts),
    mutex_destroy: s(opMutexDestroy), mutex_consistent: s(opMutexConsistent), robust: s(opRobust),
    prio_attr: s(opPrioAttr), mutex_prioceiling: (m, op, c, old) => suspend(p, opMutexPrioceiling, m, op, c, old),
    cond_init: s(opCondInit), cond_wait: s(opCondWait), cond_timedwait: s(opCondTimedwait),
    cond_signal: s(opCondSignal), cond_broadcast: s(opCondBroadcast), cond_destroy: s(opCondDestroy),
    barrier_init: s(opBarrierInit), barrier_wait: s(opBarrierWait), barrier_destroy: s(opBarrierDestroy),
    once: (o, fn) => (p.rewinding || p.load32(o) !== 2 ? suspend(p, opOnce, o, fn) : 0),
    key_create: s(opKeyCreate), key_delete: s(opKeyDelete),
    getspecific: s(opGetspecific), setspecific: s(opSetspecific),
    sem_init: s(opSemInit), sem_getvalue: s(opSemGetvalue), sem_destroy: s(opSemDestroy),
    sem_wait: (x) => suspend(p, opSem, x, 0), sem_trywait: (x) => suspend(p, opSemNowait, x, 1),
    sem_post: (x) => suspend(p, opSemNowait, x, 2),
    sem_timedwait: (x, ts) => suspend(p, opSemTimedwait, x, ts),
    flockfile: (f, io) => {
      const o = p.objects.fileLocks.get(f);
      if (!p.rewinding && o !== undefined && o.obj !== null && o.owner === current(p).thread) {
        o.depth++;
        if (io !== 0) o.ioDepth = (o.ioDepth ?? 0) + 1;
        return 0;
      }
      return suspend(p, opFlock, f, io);
    },
    ftrylockfile: (f) => suspend(p, opFtrylock, f),
    funlockfile: (f, io) => {
      const o = p.objects.fileLocks.get(f);
      if (!p.rewinding && o !== undefined && o.owner === current(p).thread && o.depth > 1) {
        o.depth--;
        if (io !== 0 && (o.ioDepth ?? 0) > 0) o.ioDepth!--;
        return 0;
      }
      return suspend(p, opFunlock, f);
    },
    io_release: () => {
      if (p.rewinding) return suspend(p, opIoRelease); // coming back from the suspension below
      const t = current(p).thread;
      for (const o of p.objects.fileLocks.values()) if (o.owner === t && (o.ioDepth ?? 0) > 0) return suspend(p, opIoRelease);
      return 0;
    },
  };
}
