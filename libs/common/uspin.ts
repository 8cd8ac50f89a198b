/**
 * uspin.ts — spin locks for the user-level libraries (NGPT and green), which had none.
 *
 * Neither NGPT 2.2.1 (libpthread.Versions lists pthread_spin_* commented out; only
 * pthreadtypes.h has the type) nor GNU Pth 2.0.7 implements pthread_spin_*. The lab gives them
 * one built the only way that can work at user level: a test-and-set on a word, and between two
 * failed tries a turn of the spin loop and a pth_yield to the library's scheduler. A plain spin
 * (glibc's pspinlock.c) would never end when the holder is another user thread of the same
 * native — scheduling there is non-preemptive (rule 32), and under green every thread shares
 * the one native (rule 34) — so the waiter must give its native away. On NGPT with the holder
 * on another native it is a spin with a yield per turn. From a signal handler (no user thread
 * to switch from) the yield is the kernel's sched_yield.
 *
 * Costs: an atomicOp per try, a spinIteration per failed turn, and the yield: a user-level
 * switch when another thread is ready, else nothing.
 */

import { sys, uaccess, EBUSY, EINVAL, type Sim } from '../../kernel/index.js';
import type { pthread_spinlock_t } from '../api.js';
import { computeReq, M_YIELD } from './uctx.js';
import { selfNative } from './usched.js';

export class USpinlock {
  taken = false;
}

function asSpin(s: pthread_spinlock_t): USpinlock | null {
  return (s as unknown) instanceof USpinlock ? (s as unknown as USpinlock) : null;
}

export function* spinInit(): Sim<pthread_spinlock_t> {
  return new USpinlock() as unknown as pthread_spinlock_t;
}

export function* spinDestroy(s: pthread_spinlock_t): Sim<number> {
  return asSpin(s) === null ? EINVAL : 0;
}

export function* spinLock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  const c = uaccess.costs();
  for (;;) {
    yield computeReq(c.atomicOp);
    if (!sp.taken) { sp.taken = true; return 0; }
    yield computeReq(c.spinIteration);
    yield selfNative().inUlt ? M_YIELD : sys.sched_yield();
  }
}

export function* spinTrylock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  yield computeReq(uaccess.costs().atomicOp);
  if (sp.taken) return EBUSY;
  sp.taken = true;
  return 0;
}

export function* spinUnlock(s: pthread_spinlock_t): Sim<number> {
  const sp = asSpin(s);
  if (sp === null) return EINVAL;
  sp.taken = false;
  return 0;
}
