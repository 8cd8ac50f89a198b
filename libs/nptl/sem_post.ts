/**
 * sem_post.ts — adding a token: one compare-and-swap, and a FUTEX_WAKE only if a waiter may sleep.
 *
 * Mirrors: glibc nptl/sem_post.c (__new_sem_post, the __HAVE_64B_ATOMICS path): load the word,
 * refuse with EOVERFLOW at SEM_VALUE_MAX, compare-and-swap d → d + 1, and if the waiter half
 * of the value read was non-zero, futex_wake(&value, 1). No lock is taken anywhere, so a signal
 * handler may post the semaphore its own thread was posting when the signal arrived: both
 * tokens are counted (POSIX lists sem_post among the async-signal-safe functions).
 */

import { sys, uaccess, FUTEX_WAKE, type Sim } from '../../kernel/index.js';
import { EOVERFLOW } from '../api.js';
import { atomicNs } from './lowlevellock.js';
import { SEM_VALUE_MAX, type NewSem } from './sem_init.js';

/** __new_sem_post: 0 or an error number (the caller sets errno). */
export function* semPost(s: NewSem): Sim<number> {
  const d = uaccess.uload(s.value);
  if (d === SEM_VALUE_MAX) return EOVERFLOW;
  uaccess.ustore(s.value, d + 1); // atomic_compare_exchange_weak_release (&data, &d, d + 1)
  const waiters = uaccess.uload(s.nwaiters); // the high half of the same 64-bit d
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  if (waiters > 0) yield sys.futex(s.value, FUTEX_WAKE | s.priv, 1);
  return 0;
}
