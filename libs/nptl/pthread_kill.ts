/**
 * pthread_kill.ts — signals and NPTL: tgkill for one thread, two real-time signals reserved.
 *
 * Mirrors: glibc nptl/sysdeps/unix/sysv/linux/pthread_kill.c (a thread-directed signal is
 * tgkill(pid, tid, sig) — rule 12; a thread that has exited, tid word 0, is ESRCH; the
 * library's own signals are EINVAL), pthread_sigmask.c and sigprocmask.c (SIGCANCEL and
 * SIGSETXID are silently kept unblocked), sigaction.c (sigaction on them is EINVAL), and
 * __libc_current_sigrtmin (SIGRTMIN is 34: the kernel's 32 and 33 are NPTL's — rule 29).
 */

import { sys, EINVAL, ESRCH, type Sim } from '../../kernel/index.js';
import { THREAD_SELF, SIGCANCEL, SIGSETXID } from './descr.js';

const RESERVED_MASK = (1n << BigInt(SIGCANCEL - 1)) | (1n << BigInt(SIGSETXID - 1));

export function isReservedSignal(sig: number): boolean {
  return sig === SIGCANCEL || sig === SIGSETXID;
}

/** Remove the library's signals from a set the application wants to block. */
export function filterReserved(set: bigint | null): bigint | null {
  return set === null ? null : set & ~RESERVED_MASK;
}

/** pthread_kill(t, sig): 0 or an error number. */
export function* pthreadKill(t: number, sig: number): Sim<number> {
  const proc = THREAD_SELF().proc;
  const pd = proc.threads.get(t);
  if (pd === undefined || pd.terminated) return ESRCH;
  if (isReservedSignal(sig)) return EINVAL;
  const tid = pd.tid;
  if (tid <= 0) return ESRCH; // it has exited (the kernel cleared the word)
  const r = (yield sys.tgkill(proc.pid, tid, sig)) as number;
  return r < 0 ? -r : 0;
}
