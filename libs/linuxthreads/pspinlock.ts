/**
 * pspinlock.ts — LinuxThreads' POSIX spin locks (pthread_spin_*): one word, 1 when free.
 *
 * Mirrors: glibc linuxthreads/sysdeps/i386/pspinlock.c of the 2.3 series: pthread_spin_lock is
 * `lock; decl` and, when the result is negative, a loop of `cmpl $0; rep; nop` until the word
 * is positive, then the decrement again (the kernel's spin_lock, but on a word: "only 128
 * threads could use [a byte]"); pthread_spin_trylock is `xchgl` of 0 — taken if the old value
 * was positive, else EBUSY; pthread_spin_unlock stores 1; pthread_spin_init stores 1 and
 * ignores pshared ("we are busy-waiting"); pthread_spin_destroy does nothing.
 *
 * Costs: each locked instruction is an atomicOp, each turn of the waiting loop a
 * spinIteration, as user CPU (compute): the waiter burns its CPU until the holder stores 1 on
 * another CPU, or until a tick preempts it. Unlike LinuxThreads' mutexes, no restart signal and
 * no system call — the one lock of the library that never touches the kernel. The holder
 * relocking spins for ever.
 */

import { sys, uaccess, EBUSY, EINVAL, type Sim } from '../../kernel/index.js';
import type { pthread_spinlock_t } from '../api.js';

/** pthread_spinlock_t: the address of its word (user memory). */
export class LtSpinlock {
  readonly word = uaccess.umalloc(1);
  constructor() { uaccess.ustore(this.word, 1); }
}

function asSpin(s: pthread_spinlock_t): LtSpinlock | null {
  return (s as unknown) instanceof LtSpinlock ? (s as unknown as LtSpinlock) : null;
}

export function* spinInit(): Sim<pthread_spinlock_t> {
  return new LtSpinlock() as unknown as pthread_spinlock_t;
}

export function* spinDestroy(s: pthread_spinlock_t): Sim<number> {
  return asSpin(s) === null ? EINVAL : 0;
}

/** __pthread_spin_lock: `lock; decl`; `js` to the spin loop until the word is positive again. */
export function* spinLock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  const c = uaccess.costs();
  for (;;) {
    const now = uaccess.uadd(sp.word, -1) - 1;
    yield sys.compute(c.atomicOp);
    if (now >= 0) return 0;
    do yield sys.compute(c.spinIteration); while (uaccess.uload(sp.word) <= 0);
  }
}

/** __pthread_spin_trylock: `xchgl` of 0, taken if the old value was positive. */
export function* spinTrylock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  const old = uaccess.uxchg(sp.word, 0);
  yield sys.compute(uaccess.costs().atomicOp);
  return old > 0 ? 0 : EBUSY;
}

/** __pthread_spin_unlock: `movl $1`. */
export function* spinUnlock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  uaccess.ustore(sp.word, 1);
  return 0;
}
