/**
 * pthread_detach.ts — nobody will join this thread: it frees itself when it exits.
 *
 * Mirrors: glibc nptl/pthread_detach.c: already detached, or being joined, is EINVAL (the
 * joinid compare-and-swap fails); if the thread has already started to exit (EXITING_BIT),
 * it will not free itself any more, so the detacher frees it now.
 */

import { EINVAL, ESRCH, type Sim } from '../../kernel/index.js';
import { THREAD_SELF } from './descr.js';
import { atomic } from './lowlevellock.js';
import { freeTcb } from './allocatestack.js';

export function* pthreadDetach(t: number): Sim<number> {
  const proc = THREAD_SELF().proc;
  const pd = proc.threads.get(t);
  if (pd === undefined || pd.terminated) return ESRCH;
  if (pd.detached || pd.joinid !== null) return EINVAL;
  pd.detached = true;
  pd.joinid = pd;
  yield* atomic(1);
  if (pd.exiting) yield* freeTcb(proc, pd);
  return 0;
}
