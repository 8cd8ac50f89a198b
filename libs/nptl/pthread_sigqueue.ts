/**
 * pthread_sigqueue.ts — pthread_sigqueue(thread, sig, value): a thread-directed signal carrying
 * a value (a GNU extension, glibc ≥ 2.11).
 *
 * Mirrors: glibc nptl/pthread_sigqueue.c (the same code in 2.11 and 2.36) — read the thread's
 * tid word once: ≤ 0 (it has exited: the kernel cleared it) is ESRCH; SIGCANCEL (= SIGTIMER)
 * and SIGSETXID are EINVAL; then rt_tgsigqueueinfo(getpid(), tid, sig, {SI_QUEUE, pid, uid,
 * value}) and its error number. Unlike 2.34's pthread_kill it takes no exit_lock and does not
 * answer 0 for an exited thread: an exited, unjoined thread is ESRCH in both eras.
 */

import { sys, EINVAL, ESRCH, type Sim } from '../../kernel/index.js';
import { THREAD_SELF } from './descr.js';
import { isReservedSignal } from './pthread_kill.js';

/** pthread_sigqueue(t, sig, value): 0 or an error number. */
export function* pthreadSigqueue(t: number, sig: number, value: unknown): Sim<number> {
  const proc = THREAD_SELF().proc;
  const pd = proc.threads.get(t);
  if (pd === undefined || pd.terminated) return ESRCH; // an id never created (glibc would crash)
  const tid = pd.tid; // atomic_load_relaxed (&pd->tid)
  if (tid <= 0) return ESRCH;
  if (isReservedSignal(sig)) return EINVAL;
  const pid = (yield sys.getpid()) as number;
  const r = (yield sys.tgsigqueue(pid, tid, sig, value)) as number;
  return r < 0 ? -r : 0;
}
