/**
 * pthread_mutex_init.ts — the mutex object: a futex word plus owner and count.
 *
 * Mirrors: glibc nptl/pthread_mutex_init.c and pthread_mutex_destroy.c, and the fields of
 * pthread_mutex_t that matter here: __lock (the futex word, 0/1/2 — see lowlevellock.ts),
 * __owner (the owner's tid), __count (recursion depth), __kind (normal, recursive,
 * error-checking). Destroying a locked mutex is EBUSY.
 *
 * Simplifies: owner, count and kind are JavaScript fields; only the lock word must be user
 * memory, since it is the one the kernel sleeps on. PTHREAD_PRIO_INHERIT mutexes (glibc ≥ 2.5:
 * the 2.36 era) lock through the kernel's PI futexes (pthread_mutex_pi.ts), PTHREAD_PRIO_PROTECT
 * ones keep their ceiling in the lock word (pthread_mutex_pp.ts, tpp.ts). A robust
 * mutex (glibc ≥ 2.4: the 2.36 era only) is three words — __lock and the __list links the
 * kernel's exit-time walk follows — and locks through pthread_mutex_robust.ts.
 * A process-shared mutex (PTHREAD_PROCESS_SHARED: glibc's PTHREAD_MUTEX_PSHARED_BIT) has its
 * lock word in shared memory and uses shared futexes (LLL_SHARED); its JavaScript fields are
 * shared with the other process as the object is (by fork, or the C host's shared mapping).
 */

import { EBUSY, EINVAL, uaccess, type Sim } from '../../kernel/index.js';
import type { MutexAttr, MutexType, pthread_mutex_t } from '../api.js';
import { lllInit, lllPrivate } from './lowlevellock.js';
import type { DebugNames } from '../thread_db.js';

export const PTHREAD_MUTEX_NORMAL = 0;
export const PTHREAD_MUTEX_RECURSIVE = 1;
export const PTHREAD_MUTEX_ERRORCHECK = 2;

/** pthread_mutexattr_setprotocol's values (PTHREAD_PRIO_NONE is the default). */
export const PTHREAD_PRIO_NONE = 0, PTHREAD_PRIO_INHERIT = 1, PTHREAD_PRIO_PROTECT = 2;
/** A PTHREAD_PRIO_PROTECT mutex's __lock keeps its ceiling in the top bits (pthreadP.h). */
export const PTHREAD_MUTEX_PRIO_CEILING_SHIFT = 19;
export const PTHREAD_MUTEX_PRIO_CEILING_MASK = 0xfff80000;

export class Mutex {
  /** __lock: address of the futex word. */
  readonly lock: number;
  /** __owner: tid of the thread holding it, 0 when free. */
  owner = 0;
  /** __count: recursion depth (recursive mutexes). */
  count = 0;
  /**
   * __nusers: lock holders plus the condition waits that released it (a condition wait unlocks
   * without decrementing it and relocks without incrementing it: __pthread_mutex_unlock_usercnt
   * (mutex, 0), __pthread_mutex_cond_lock's NO_INCR). pthread_mutex_destroy's EBUSY test. Kept
   * for the plain kinds; the robust, PI and PROTECT paths test the word instead.
   */
  nusers = 0;
  /** lll's private argument: FUTEX_PRIVATE_FLAG, or 0 when process-shared (or robust: LLL_SHARED). */
  readonly priv: number;
  /** __pthread_mutex_lock_full's mutexes: robust, PTHREAD_PRIO_INHERIT or PTHREAD_PRIO_PROTECT (one test on the fast path). */
  readonly full: boolean;
  /**
   * The protocol (PTHREAD_PRIO_*); a PROTECT mutex's word starts as `ceiling` << 19
   * (pthread_mutex_init.c), a robust one is three words whichever the protocol.
   */
  constructor(readonly kind: number, pshared = false, readonly robust = false, readonly proto = PTHREAD_PRIO_NONE, ceiling = 0) {
    this.lock = robust ? robustWords(pshared) : lllInit(pshared);
    this.priv = lllPrivate(pshared || robust);
    this.full = robust || proto !== PTHREAD_PRIO_NONE;
    if (proto === PTHREAD_PRIO_PROTECT) uaccess.ustore(this.lock, (ceiling << PTHREAD_MUTEX_PRIO_CEILING_SHIFT) | 0);
  }
}

/** A robust mutex's [__lock, __list.__prev, __list.__next], zeroed (in shared memory if pshared). */
function robustWords(pshared: boolean): number {
  return pshared ? uaccess.upsharedAlloc(3) : uaccess.umalloc(3);
}

/**
 * PTHREAD_MUTEX_ADAPTIVE_NP takes the normal path: nptl/pthread_mutex_lock.c of 2.3 handles
 * PTHREAD_MUTEX_TIMED_NP and PTHREAD_MUTEX_ADAPTIVE_NP in one case (no spinning).
 */
const KINDS: Record<MutexType, number> = {
  normal: PTHREAD_MUTEX_NORMAL, recursive: PTHREAD_MUTEX_RECURSIVE, errorcheck: PTHREAD_MUTEX_ERRORCHECK,
  adaptive: PTHREAD_MUTEX_NORMAL,
};

/**
 * pthread_mutex_init: a new mutex of the given type (normal by default), named for debugging.
 * `era236`: the library has robust mutexes (glibc ≥ 2.4) and the priority protocols (glibc ≥
 * 2.5), so attr.robust and attr.protocol are honoured; a PROTECT mutex without a ceiling gets
 * SCHED_FIFO's lowest (1), as __init_sched_fifo_prio gives it.
 */
export function* pthreadMutexInit(attr: MutexAttr | undefined, names: DebugNames, era236 = false): Sim<pthread_mutex_t> {
  const kind = KINDS[attr?.type ?? 'normal'];
  if (kind === undefined) throw new TypeError(`pthread_mutex_init: unknown mutex type '${attr?.type}'`);
  const proto = era236 ? attr?.protocol ?? PTHREAD_PRIO_NONE : PTHREAD_PRIO_NONE;
  const ceiling = attr?.prioceiling !== undefined && attr.prioceiling > 0 ? attr.prioceiling : 1;
  const m = new Mutex(kind, attr?.pshared === 1, era236 && attr?.robust === 1, proto, ceiling);
  names.add(m, 'mutex');
  return m as unknown as pthread_mutex_t;
}

/** The library's view of an application handle (EINVAL-worthy if it is not one of ours). */
export function asMutex(m: pthread_mutex_t): Mutex | null {
  return m instanceof Mutex ? m : null;
}

/**
 * pthread_mutex_destroy: EBUSY while locked — but a robust one (glibc ≥ 2.4 checks only the
 * others). A PROTECT mutex's word keeps its ceiling: locked is what is below it.
 */
export function* pthreadMutexDestroy(m: pthread_mutex_t): Sim<number> {
  const mx = asMutex(m);
  if (mx === null) return EINVAL;
  const word = uaccess.uload(mx.lock);
  const held = mx.proto === PTHREAD_PRIO_PROTECT ? (word & ~PTHREAD_MUTEX_PRIO_CEILING_MASK) !== 0 : word !== 0;
  if (!mx.robust && (mx.full ? held : mx.nusers !== 0)) return EBUSY; // __nusers: a condition waiter counts too
  return 0;
}
