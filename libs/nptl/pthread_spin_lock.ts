/**
 * pthread_spin_lock.ts — NPTL's spin locks: one word, 1 when free, and a locked decrement.
 *
 * Mirrors: glibc 2.3 nptl/sysdeps/i386/pthread_spin_lock.c (`lock; decl` — the word going from 1
 * to 0 takes the lock; otherwise spin on `rep; nop; cmpl $0` until the word is positive, then
 * decrement again), i486/pthread_spin_trylock.S (cmpxchg 1 → 0, else EBUSY),
 * pthread_spin_unlock.S (store 1), pthread_spin_init.c (an alias of unlock: pshared is
 * ignored — a spinning waiter needs nothing from the kernel; here it says where the word lives) and
 * sysdeps/pthread/pthread_spin_destroy.c (nothing to do).
 *
 * Costs: each locked instruction is the cost model's atomicOp, each turn of the waiting loop
 * its spinIteration, charged as user CPU with compute(): a waiter burns its CPU until the
 * holder, on another CPU, stores 1 — or until the scheduler preempts it at a tick, which on one
 * CPU is the only way the holder gets to run again. No system call, ever. The holder relocking
 * spins for ever, as in C.
 */

import { sys, uaccess, EBUSY, EINVAL, type Sim } from '../../kernel/index.js';
import type { pthread_spinlock_t } from '../api.js';
import { atomicNs } from './lowlevellock.js';

/**
 * pthread_spinlock_t: the address of its word — in the kernel's pshared arena for
 * PTHREAD_PROCESS_SHARED, standing for a word the program placed in shared memory (glibc's
 * lock is the program's own int, so where the program put it decides who shares it).
 */
export class Spinlock {
  readonly word: number;
  constructor(pshared = false) {
    this.word = pshared ? uaccess.upsharedAlloc(1) : uaccess.umalloc(1);
    uaccess.ustore(this.word, 1);
  }
}

function asSpin(s: pthread_spinlock_t): Spinlock | null {
  return (s as unknown) instanceof Spinlock ? (s as unknown as Spinlock) : null;
}

export function* pthreadSpinInit(pshared = 0): Sim<pthread_spinlock_t> {
  return new Spinlock(pshared === 1) as unknown as pthread_spinlock_t;
}

export function* pthreadSpinDestroy(s: pthread_spinlock_t): Sim<number> {
  return asSpin(s) === null ? EINVAL : 0;
}

/** pthread_spin_lock: `lock; decl` until it takes the word from 1 to 0. */
export function* pthreadSpinLock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  const spin = uaccess.costs().spinIteration;
  for (;;) {
    const old = uaccess.uadd(sp.word, -1);
    yield sys.compute(atomicNs(1));
    if (old === 1) return 0;
    do yield sys.compute(spin); while (uaccess.uload(sp.word) <= 0);
  }
}

/** pthread_spin_trylock: cmpxchg 1 → 0, else EBUSY. */
export function* pthreadSpinTrylock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  const old = uaccess.ucmpxchg(sp.word, 1, 0);
  yield sys.compute(atomicNs(1));
  return old === 1 ? 0 : EBUSY;
}

/** pthread_spin_unlock: store 1 (a plain store; whoever holds it or not). */
export function* pthreadSpinUnlock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  uaccess.ustore(sp.word, 1);
  return 0;
}
