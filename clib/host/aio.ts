/**
 * aio.ts — the two host calls of the C runtime's POSIX asynchronous I/O (clib/runtime/aio.c,
 * glibc 2.36's user-level aio: the requests, helper threads and waits are all C).
 *
 * Models: sysdeps/unix/sysv/linux/aio_sigqueue.c — a completion's SIGEV_SIGNAL is
 * rt_sigqueueinfo(pid, sig, {si_code SI_ASYNCIO, si_value}) — and the choice glibc made per
 * thread library between NPTL's futex wait (sysdeps/nptl/aio_misc.h) and the generic
 * condition-variable wait: a raw futex wait blocks the whole native under NGPT and green
 * (rules 33, 34), so there aio.c waits on a condition variable instead.
 */

import { SI_ASYNCIO, type Sim } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';

/** aio_sigqueue(pid, sig, sival_int): the completion's signal, si_code SI_ASYNCIO. */
function* opAioSigqueue(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.rt_sigqueueinfo(a.a0, a.a1, SI_ASYNCIO, a.a2);
  if (r === -1) a.thread.errno = p.libc.errno;
  return r;
}

export function aioImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return { aio_sigqueue: (pid, sig, value) => suspend(p, opAioSigqueue, pid, sig, value) };
}

/** A futex wait blocks only the waiting thread: NPTL, and LinuxThreads (a task per thread). */
export function aioSyncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  const ok = (name: string): number => (name === 'nptl' || name === 'linuxthreads' ? 1 : 0);
  return { aio_futex_ok: () => ok(p.libc.info.name) };
}
