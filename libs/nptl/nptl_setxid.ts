/**
 * nptl_setxid.ts — how NPTL makes setuid() and friends process-wide: SIGSETXID.
 *
 * The kernel keeps credentials per task (kernel/sys_cred.ts), so a setuid system call
 * changes only the thread that makes it, while POSIX wants the ids to be the process's.
 * NPTL's answer is the reason it reserves its second real-time signal (33, SIGSETXID):
 *
 * Mirrors: glibc 2.3's nptl/allocatestack.c __nptl_setxid — take stack_cache_lock, publish
 * the command (__xidcmd: the system call and its ids, a counter), tgkill(pid, tid, SIGSETXID)
 * every other thread on the stack lists and count each one signalled, futex-wait on the
 * counter until it is 0, and only then make the call itself ("this must be last, otherwise
 * the current thread might not have permissions to send SIGSETXID"); and nptl/init.c
 * sighandler_setxid — ignore a SIGSETXID that is not a tgkill from this process (si_pid,
 * si_code SI_TKILL), make the same system call, decrement the counter and wake the caller
 * when it reaches 0. The handler is installed with SA_RESTART, so a read interrupted by it
 * restarts; a sleep or pause returns EINTR, as it did on Linux.
 *
 * Simplifies: glibc 2.3 installed the handler at start-up (__pthread_initialize_minimal);
 * here it is installed at the first set*id call, as glibc ≥ 2.34 does, so programs that never
 * change ids start exactly as before. The lock is a low-level lock word of its own (glibc
 * used stack_cache_lock, which also held off thread creation meanwhile: a thread created
 * while a broadcast is under way inherits its creator's ids, before or after — the 2.3 race
 * that later glibc closed with SETXID_BITMASK).
 */

import {
  sys, uaccess, type Req, type Sim, type SigInfo, SI_TKILL, SA_RESTART, SA_SIGINFO,
} from '../../kernel/index.js';
import { THREAD_SELF, SIGSETXID, type NptlProcess } from './descr.js';
import { lllInit, lllLock, lllUnlock, atomic, FUTEX_WAIT_PRIVATE, FUTEX_WAKE_PRIVATE } from './lowlevellock.js';

/** struct xid_command: the call every thread makes, and the count of threads still to make it. */
export interface XidCommand {
  make: () => Req;
  /** Address of the counter word (the caller futex-waits on it). */
  cntr: number;
}

/** __nptl_setxid: every thread makes `make()`'s call, the caller last. Returns its raw result. */
export function* nptlSetxid(make: () => Req): Sim<number> {
  const self = THREAD_SELF();
  const proc = self.proc;
  yield* ensureSetxid(proc);
  yield* lllLock(proc.setxidLock);
  const cmd: XidCommand = { make, cntr: proc.setxidCntr };
  proc.xidcmd = cmd;
  uaccess.ustore(cmd.cntr, 0);
  for (const t of proc.threads.values()) {
    if (t === self || t.terminated) continue;
    const tid = t.tid;
    if (tid <= 0) continue; // it has exited
    const r = (yield sys.tgkill(proc.pid, tid, SIGSETXID)) as number;
    if (r === 0) { uaccess.uadd(cmd.cntr, 1); yield* atomic(1); }
  }
  for (let cur = uaccess.uload(cmd.cntr); cur !== 0; cur = uaccess.uload(cmd.cntr)) {
    yield sys.futex(cmd.cntr, FUTEX_WAIT_PRIVATE, cur);
  }
  const result = (yield make()) as number;
  proc.xidcmd = null;
  yield* lllUnlock(proc.setxidLock);
  return result;
}

/** The handler and the lock and counter words, on first use. */
function* ensureSetxid(proc: NptlProcess): Sim<void> {
  if (proc.setxidLock !== 0) return;
  proc.setxidLock = lllInit();
  proc.setxidCntr = uaccess.umalloc(1);
  yield sys.rt_sigaction(SIGSETXID, { handler: sighandlerSetxid, flags: SA_RESTART | SA_SIGINFO, mask: 0n }, null);
}

/** sighandler_setxid: runs in each other thread. */
function* sighandlerSetxid(sig: number, info: SigInfo): Sim<void> {
  const proc = THREAD_SELF().proc;
  const cmd = proc.xidcmd;
  if (sig !== SIGSETXID || info.pid !== proc.pid || info.code !== SI_TKILL || cmd === null) return;
  yield cmd.make();
  const last = uaccess.uadd(cmd.cntr, -1) === 1;
  yield* atomic(1);
  if (last) yield sys.futex(cmd.cntr, FUTEX_WAKE_PRIVATE, 1);
}
