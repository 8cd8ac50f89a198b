/**
 * sem_init.ts — NPTL's semaphore object: one 64-bit word of value and waiter count, and the
 * calls that only read or set it (sem_init, sem_getvalue, sem_destroy).
 *
 * Mirrors: glibc nptl/semaphoreP.h and internaltypes.h (struct new_sem with `data`: the token
 * count in the low 32 bits, SEM_NWAITERS_SHIFT = 32, the number of threads that may be blocked
 * in the high 32 bits — the futex word is the low half), sem_init.c (__new_sem_init: EINVAL
 * above SEM_VALUE_MAX; pshared only picks the futex's private flag), sem_getvalue.c
 * (the value half, read with no lock) and sem_destroy.c (does nothing: POSIX makes destroying
 * a semaphore with waiters undefined). This is the "new" semaphore of glibc 2.21+, which
 * never takes a lock: post is a compare-and-swap on the word plus a FUTEX_WAKE only when the
 * count of waiters says someone may sleep — which is why it is async-signal-safe, as POSIX
 * requires of sem_post, where a lock-based one is not (a handler that interrupts its own
 * thread inside it would wait for itself).
 *
 * Simplifies: the 64-bit word is two words of simulated user memory (value, then nwaiters),
 * updated together between two yields — as atomic as the 64-bit compare-and-swap they stand for.
 */

import { uaccess, FUTEX_PRIVATE_FLAG, type Sim } from '../../kernel/index.js';
import type { Ref, sem_t } from '../api.js';
import type { DebugNames } from '../thread_db.js';

/** semaphore.h: SEM_VALUE_MAX (INT_MAX). */
export const SEM_VALUE_MAX = 0x7fffffff;

/**
 * struct new_sem: `value` is the address of the futex word, `nwaiters` the next word, `priv`
 * its `private` field (FUTEX_PRIVATE_FLAG, or 0 — FUTEX_SHARED — when pshared: sem_init.c
 * `isem->private = pshared ? FUTEX_SHARED : FUTEX_PRIVATE`). A process-shared one lives in
 * shared memory: the pshared arena, or (sem_open) the named object's mapping at `at`.
 */
export class NewSem {
  readonly value: number;
  readonly nwaiters: number;
  readonly priv: number;
  constructor(value: number, pshared = false, at = -1) {
    this.value = at >= 0 ? at : pshared ? uaccess.upsharedAlloc(2) : uaccess.umalloc(2);
    this.nwaiters = this.value + 4;
    this.priv = pshared || at >= 0 ? 0 : FUTEX_PRIVATE_FLAG;
    if (value >= 0) uaccess.ustore(this.value, value);
  }
}

export function asSem(s: sem_t): NewSem | null {
  return (s as unknown) instanceof NewSem ? (s as unknown as NewSem) : null;
}

/**
 * __new_sem_init. The lab's sem_init returns the object (libs/api.ts); a bad value gives null,
 * which every other call refuses with EINVAL.
 */
export function* semInit(value: number, names: DebugNames, pshared = 0): Sim<sem_t> {
  if (!Number.isInteger(value) || value < 0 || value > SEM_VALUE_MAX) return null as unknown as sem_t;
  const s = new NewSem(value, pshared !== 0);
  names.add(s, 'sem');
  return s as unknown as sem_t;
}

/** __new_sem_getvalue: the token count (never negative in this implementation). */
export function semGetvalue(s: NewSem, out: Ref<number>): number {
  out.value = uaccess.uload(s.value);
  return 0;
}
