/**
 * rwlock.ts — reader-writer locks and spin locks from C, each one call of the chosen library.
 *
 * Models: glibc's pthread_rwlock_*, pthread_rwlockattr_* and pthread_spin_* entry points over
 * the library's objects (objects.ts tags each C object: KIND_RWLOCK, KIND_SPIN; a zeroed
 * pthread_rwlock_t — PTHREAD_RWLOCK_INITIALIZER — is created on first use with the default
 * kind). pthread_rwlockattr_t is two words (kind, pshared) that every attribute call copies to
 * the library's attribute object and back, so its answers (ENOSYS for a shared lock under
 * LinuxThreads, for any pshared call under Pth) are the library's. The timed variants take C's
 * absolute CLOCK_REALTIME time and give the library a relative one. Error numbers are
 * Linux's, as the library gives them.
 *
 * Simplifies: a fork child gets every reader-writer and spin lock anew and free, whatever the
 * parent's threads held (mutexes keep their state: objects.ts) — except a process-shared
 * reader-writer or spin lock in a shared mapping, which both processes use (opInit, opSpinInit).
 */

import type { Sim, pthread_rwlock_t, pthread_rwlockattr_t, pthread_spinlock_t, Ref } from '../../libs/api.js';
import { EINVAL, PTHREAD_PROCESS_SHARED } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';
import { obtain, initObject, KIND_RWLOCK, KIND_SPIN, type LabObject } from './objects.js';
import { realtimeEpochNs } from './wasi.js';

const rwlock = (o: LabObject): pthread_rwlock_t => o.obj as pthread_rwlock_t;
const spin = (o: LabObject): pthread_spinlock_t => o.obj as pthread_spinlock_t;

/** The C attribute's two words as the library's attribute object. */
function attrOf(p: CProcess, addr: number): pthread_rwlockattr_t {
  return { lockkind: p.load32(addr), pshared: p.load32(addr + 4) };
}

/**
 * pthread_rwlock_init. A PTHREAD_PROCESS_SHARED lock is one object for every process mapping its
 * memory (objects.ts) where the library can share its locks at all — the libraries whose mutexes
 * can be process-shared (NPTL's rwlock words are then in the shared arena); elsewhere it stays
 * the process's own, as before.
 */
function* opInit(p: CProcess, a: Activation): Sim<number> {
  const attr = a.a1 === 0 ? null : attrOf(p, a.a1);
  const pshared = attr !== null && attr.pshared === PTHREAD_PROCESS_SHARED
    && (yield* p.libc.pthread_mutexattr_setpshared({}, PTHREAD_PROCESS_SHARED)) === 0;
  yield* initObject(p, a.a0, KIND_RWLOCK, p.libc.pthread_rwlock_init(attr), attr?.lockkind ?? 0, pshared);
  return 0;
}

/** rdlock, tryrdlock, wrlock, trywrlock, unlock, destroy (a1 = 0 … 5: rwlock.c's RW_*). */
function* opRwlock(p: CProcess, a: Activation): Sim<number> {
  const o = (yield* obtain(p, a.a0, KIND_RWLOCK))!;
  const l = p.libc, rw = rwlock(o);
  switch (a.a1) {
    case 0: return yield* l.pthread_rwlock_rdlock(rw);
    case 1: return yield* l.pthread_rwlock_tryrdlock(rw);
    case 2: return yield* l.pthread_rwlock_wrlock(rw);
    case 3: return yield* l.pthread_rwlock_trywrlock(rw);
    case 4: return yield* l.pthread_rwlock_unlock(rw);
    default: {
      const r = yield* l.pthread_rwlock_destroy(rw);
      if (r === 0) p.objects.drop(p, a.a0, o);
      return r;
    }
  }
}

/** timedrdlock (a2 = 0) or timedwrlock (a2 = 1) until the absolute CLOCK_REALTIME time at a1. */
function* opTimed(p: CProcess, a: Activation): Sim<number> {
  const o = (yield* obtain(p, a.a0, KIND_RWLOCK))!;
  const nsec = p.load32(a.a1 + 8);
  if (nsec < 0 || nsec >= 1e9) return EINVAL;
  const abs = p.loadI64(a.a1) * 1e9 + nsec;
  const rel = Math.max(0, abs - ((yield* p.libc.clock_gettime()) + realtimeEpochNs));
  const l = p.libc;
  return a.a2 === 0 ? yield* l.pthread_rwlock_timedrdlock(rwlock(o), rel) : yield* l.pthread_rwlock_timedwrlock(rwlock(o), rel);
}

/** pthread_rwlockattr_*: init, getpshared, setpshared, getkind_np, setkind_np (a1 = 0 … 4). */
function* opAttr(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  const attr = a.a1 === 0 ? yield* l.pthread_rwlockattr_init() : attrOf(p, a.a0);
  const out: Ref<number> = { value: 0 };
  let r = 0;
  if (a.a1 === 1) r = yield* l.pthread_rwlockattr_getpshared(attr, out);
  else if (a.a1 === 2) r = yield* l.pthread_rwlockattr_setpshared(attr, a.a2);
  else if (a.a1 === 3) r = yield* l.pthread_rwlockattr_getkind_np(attr, out);
  else if (a.a1 === 4) r = yield* l.pthread_rwlockattr_setkind_np(attr, a.a2);
  if (r === 0 && (a.a1 === 1 || a.a1 === 3)) p.store32(a.a3, out.value);
  p.store32(a.a0, attr.lockkind);
  p.store32(a.a0 + 4, attr.pshared);
  return r;
}

/** pthread_spin_init: a PTHREAD_PROCESS_SHARED one is shared as a reader-writer lock is (opInit). */
function* opSpinInit(p: CProcess, a: Activation): Sim<number> {
  const pshared = a.a1 === PTHREAD_PROCESS_SHARED && (yield* p.libc.pthread_mutexattr_setpshared({}, PTHREAD_PROCESS_SHARED)) === 0;
  yield* initObject(p, a.a0, KIND_SPIN, p.libc.pthread_spin_init(a.a1), 0, pshared);
  return 0;
}

/** lock, trylock, unlock, destroy (a1 = 0 … 3). */
function* opSpin(p: CProcess, a: Activation): Sim<number> {
  const o = (yield* obtain(p, a.a0, KIND_SPIN))!;
  const l = p.libc, s = spin(o);
  if (a.a1 === 0) return yield* l.pthread_spin_lock(s);
  if (a.a1 === 1) return yield* l.pthread_spin_trylock(s);
  if (a.a1 === 2) return yield* l.pthread_spin_unlock(s);
  const r = yield* l.pthread_spin_destroy(s);
  if (r === 0) p.objects.drop(p, a.a0, o);
  return r;
}

export function rwlockImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    rwlock_init: (rw, attr) => suspend(p, opInit, rw, attr),
    rwlock_op: (rw, op) => suspend(p, opRwlock, rw, op),
    rwlock_timed: (rw, ts, write) => suspend(p, opTimed, rw, ts, write),
    rwlockattr_op: (attr, op, v, out) => suspend(p, opAttr, attr, op, v, out),
    spin_init: (s, pshared) => suspend(p, opSpinInit, s, pshared),
    spin_op: (s, op) => suspend(p, opSpin, s, op),
  };
}
