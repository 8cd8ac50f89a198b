/**
 * pthread_cond_common_2_36.ts — the condition variable of glibc 2.25–2.36 (Torvald Riegel's
 * algorithm), `--lib-opt glibc=2.36`: its state and the steps signalers share.
 *
 * Mirrors: glibc-2.36 nptl/pthread_cond_common.c (__condvar_acquire_lock/_release_lock, the
 * lock bits kept in __g1_orig_size, __condvar_get_orig_size/_set_orig_size,
 * __condvar_get_private, __condvar_quiesce_and_switch_g1 with maxspin = 0),
 * pthread_cond_init.c and pthread_cond_destroy.c, over struct __pthread_cond_s
 * (sysdeps/nptl/bits/thread-shared-types.h):
 *
 *   __wseq          waiter sequence: a waiter's position << 1 | the index of G2's slot
 *   __g1_start      where G1 starts << 1 | G2's index (so a waiter can tell slots aliased)
 *   __g_refs[2]     futex waiters of a group << 1 | a wake-request bit (quiescing signalers)
 *   __g_size[2]     waiters of a group not yet signalled (G2's is zero or "negative")
 *   __g1_orig_size  G1's size at the switch << 2 | the condvar-internal lock (0, 1, 2)
 *   __wrefs         waiter references << 3 | destroy's wake-request 4 | shared 2 | clock 1
 *   __g_signals[2]  signals a group may still consume << 1 | the group-closed bit
 *
 * A waiter takes a position with one fetch-add on __wseq while it holds the mutex, so a
 * signal sent before that — which only fills G1, the older group — can never wake it: G2
 * receives nothing until every G1 waiter is signalled and a signaler switches the roles.
 *
 * Simplifies: __wseq and __g1_start, 64-bit atomic wide counters in glibc, are JavaScript
 * numbers on this object (exact to 2^53); the six 32-bit words, four of them futex words,
 * are user memory (the pshared arena for a process-shared condvar, whose futexes are then
 * shared). Atomic read-modify-writes are charged as atomicOp each; plain loads are free. The
 * clock bit stays 0 (pthread_condattr_setclock is not offered: CLOCK_REALTIME, the lab's one
 * clock). The overflow paths of 2^31 concurrent waiters are left out.
 */

import { sys, uaccess, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG, EINVAL, type Sim } from '../../kernel/index.js';
import type { pthread_cond_t } from '../api.js';
import { atomicNs } from './lowlevellock.js';
import type { Mutex } from './pthread_mutex_init.js';
import type { DebugNames } from '../thread_db.js';

/** Byte offsets of the 32-bit words in the condvar's block of user memory. */
const G_REFS = 0, G_SIZE = 8, G1_ORIG_SIZE = 16, WREFS = 20, G_SIGNALS = 24;
const WORDS = 8;
/** __PTHREAD_COND_SHARED_MASK in __wrefs. */
export const COND_SHARED_MASK = 2;
export const INT_MAX = 0x7fffffff;

/** pthread_cond_t of glibc 2.25+ (struct __pthread_cond_s). */
export class CondG {
  /** Base address of the eight 32-bit words. */
  readonly base: number;
  /** __wseq (64-bit in glibc). */
  wseq = 0;
  /** __g1_start (64-bit in glibc). */
  g1Start = 0;
  /** The mutex last waited with: the debugging view's note only (glibc 2.25+ keeps none). */
  mutex: Mutex | null = null;
  constructor(pshared: boolean) {
    this.base = pshared ? uaccess.upsharedAlloc(WORDS) : uaccess.umalloc(WORDS);
    if (pshared) uaccess.ustore(this.base + WREFS, COND_SHARED_MASK); // pthread_cond_init
  }
  gRefs(g: number): number { return this.base + G_REFS + 4 * g; }
  gSize(g: number): number { return this.base + G_SIZE + 4 * g; }
  gSignals(g: number): number { return this.base + G_SIGNALS + 4 * g; }
  get origSizeAddr(): number { return this.base + G1_ORIG_SIZE; }
  get wrefsAddr(): number { return this.base + WREFS; }
}

export function asCondG(c: pthread_cond_t): CondG | null {
  return c instanceof CondG ? c : null;
}

/** pthread_cond_init of 2.25+: all zero, but the shared bit in __wrefs. */
export function* pthreadCondInit236(names: DebugNames, attr?: { pshared?: number }): Sim<pthread_cond_t> {
  const c = new CondG(attr?.pshared === 1);
  names.add(c, 'cond');
  return c as unknown as pthread_cond_t;
}

/** Charge n atomic read-modify-writes. */
export function* atomics(n: number): Sim<void> {
  const ns = atomicNs(n);
  if (ns > 0) yield sys.compute(ns);
}

/** u32 load of a word. */
export function load(addr: number): number {
  return uaccess.uload(addr) >>> 0;
}

/** atomic fetch-add on a 32-bit word; returns the old value as u32 (not charged). */
export function fetchAdd(addr: number, d: number): number {
  return uaccess.uadd(addr, d) >>> 0;
}

/** atomic fetch-or / fetch-and on a 32-bit word; the old value as u32 (not charged). */
export function fetchOr(addr: number, bits: number): number {
  const old = load(addr);
  uaccess.ustore(addr, (old | bits) | 0);
  return old;
}
export function fetchAnd(addr: number, bits: number): number {
  const old = load(addr);
  uaccess.ustore(addr, (old & bits) | 0);
  return old;
}

/** The signed value of a u32 (__g_size may be "negative" in G2). */
export function s32(v: number): number {
  return v | 0;
}

/** __condvar_get_private: FUTEX_PRIVATE_FLAG unless __wrefs says shared. */
export function condvarPrivate(wrefs: number): number {
  return (wrefs & COND_SHARED_MASK) === 0 ? FUTEX_PRIVATE_FLAG : 0;
}

/** __condvar_load_wseq_relaxed >> 1 / & 1 and friends, on the JavaScript counters. */
export const half = (v: number): number => Math.floor(v / 2);
export const low = (v: number): number => v % 2;

/** __condvar_acquire_lock: the three-state lock in __g1_orig_size's two low bits. */
export function* condvarAcquireLock(cv: CondG, priv: number): Sim<void> {
  const a = cv.origSizeAddr;
  let s = load(a);
  if ((s & 3) === 0) { // CAS from not acquired to acquired
    uaccess.ustore(a, (s | 1) | 0);
    yield* atomics(1);
    return;
  }
  for (;;) {
    if ((s & 3) !== 2) { // CAS to acquired-with-futex-wake-request
      uaccess.ustore(a, ((s & ~3) | 2) | 0);
      yield* atomics(1);
      if ((s & 3) === 0) return;
    }
    yield sys.futex(a, FUTEX_WAIT | priv, ((s & ~3) | 2) | 0); // futex_wait_simple
    s = load(a);
  }
}

/** __condvar_release_lock: clear the lock bits; wake one if the word said a waiter. */
export function* condvarReleaseLock(cv: CondG, priv: number): Sim<void> {
  const old = fetchAnd(cv.origSizeAddr, ~3);
  yield* atomics(1);
  if ((old & 3) === 2) yield sys.futex(cv.origSizeAddr, FUTEX_WAKE | priv, 1);
}

/** __condvar_get_orig_size (lock held). */
export function getOrigSize(cv: CondG): number {
  return load(cv.origSizeAddr) >>> 2;
}

/** __condvar_set_orig_size (lock held): keep the lock bits. */
function setOrigSize(cv: CondG, size: number): void {
  const a = cv.origSizeAddr;
  uaccess.ustore(a, ((load(a) & 3) | (size << 2)) | 0);
}

/**
 * __condvar_quiesce_and_switch_g1: close G1 (the closed bit on its __g_signals), wait until
 * no futex waiter holds a reference on it, move __g1_start past it, reopen the slot as the new
 * G2 and flip G2's index in __wseq, so the former G2 becomes G1. False if G2 was empty (or the
 * new G1 has no waiters left after cancellations). Called with the internal lock held.
 */
export function* quiesceAndSwitchG1(cv: CondG, wseq: number, g1: number, priv: number): Sim<{ switched: boolean; g1: number }> {
  const oldOrigSize = getOrigSize(cv);
  const oldG1Start = half(cv.g1Start);
  if (((wseq - oldG1Start - oldOrigSize + load(cv.gSize(g1 ^ 1))) >>> 0) === 0) return { switched: false, g1 }; // G2 empty
  fetchOr(cv.gSignals(g1), 1);
  let r = fetchOr(cv.gRefs(g1), 0); // the release-MO dummy RMW
  yield* atomics(2);
  while ((r >>> 1) > 0) { // maxspin = 0: set the wake-request flag and block
    r = fetchOr(cv.gRefs(g1), 1) | 1;
    yield* atomics(1);
    if ((r >>> 1) > 0) yield sys.futex(cv.gRefs(g1), FUTEX_WAIT | priv, r | 0);
    r = load(cv.gRefs(g1));
  }
  cv.g1Start += (oldOrigSize * 2) + (g1 === 1 ? 1 : -1); // __condvar_add_g1_start_relaxed
  uaccess.ustore(cv.gSignals(g1), 0); // reopen: the old G1 is the new G2
  const before = cv.wseq; // __condvar_fetch_xor_wseq_release (cond, 1)
  cv.wseq = low(before) === 1 ? before - 1 : before + 1;
  yield* atomics(1);
  const nw = half(before);
  g1 ^= 1;
  const origSize = nw - (oldG1Start + oldOrigSize);
  setOrigSize(cv, origSize);
  const sz = (load(cv.gSize(g1)) + origSize) | 0; // an addition keeps G2's cancellations
  uaccess.ustore(cv.gSize(g1), sz);
  return { switched: sz !== 0, g1 };
}

/** pthread_cond_destroy of 2.25+: set the wake-request flag, wait until no waiter holds a reference. */
export function* pthreadCondDestroy236(c: pthread_cond_t): Sim<number> {
  const cv = asCondG(c);
  if (cv === null) return EINVAL;
  let wrefs = fetchOr(cv.wrefsAddr, 4);
  yield* atomics(1);
  const priv = condvarPrivate(wrefs);
  while ((wrefs >>> 3) !== 0) {
    yield sys.futex(cv.wrefsAddr, FUTEX_WAIT | priv, wrefs | 0); // futex_wait_simple
    wrefs = load(cv.wrefsAddr);
  }
  return 0;
}
