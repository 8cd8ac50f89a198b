/**
 * pthread_sigqueue.test.ts — glibc's pthread_sigqueue (≥ 2.11) from C on every library
 * (clib/runtime/signal.c; kernel rt_tgsigqueueinfo, sys_signal.ts). Expected output: gcc 12 -O2
 * + glibc 2.36 on this Linux. NPTL is glibc's code (nptl/pthread_sigqueue.c); LinuxThreads,
 * NGPT 2.2.1 and GNU Pth never had the call — the lab's is their pthread_kill carrying the value,
 * so their own pthread_kill/sigwait rules show through (named per library below).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const FILE = 'test/c/posix/pthread_sigqueue.c';

beforeAll(async () => { await cprog(FILE); }, 180_000);

const SELF = 'self: 0 value 42 SI_QUEUE 1 pid ok 1 on main 1\n';
const LINUX =
  SELF +
  'pending 1: 1/1 1/2 1/3, then 0\n' +
  'thread: sigwaitinfo SIGRTMIN value 7 SI_QUEUE 1\n' +
  'to thread: 0, main\'s pending 0\n' +
  'sig 0: 0, sig 99: EINVAL\n' +
  'exited: ESRCH\n';

/** Where a library's own rules make the output differ from glibc 2.36's, and why. */
const EXPECTED: Record<string, { out: string; why: string }> = {
  // NGPT 2.2.1's pth_syscall.c __sigwaitinfo is pth_sigwait: it returns 0 and fills si_signo
  // only; its sigtimedwait is the kernel's, which does not see signals the library recorded for
  // a user thread that blocks them (so the three stay pending); pth_raise answers 0 for a dead,
  // unjoined thread (uthread.ts killThread).
  ngpt: {
    why: 'NGPT 2.2.1: sigwaitinfo returns 0 with si_signo only, sigtimedwait is the kernel\'s, a dead unjoined thread takes a signal (0)',
    out: SELF +
      'pending 1: 0/0 0/0 0/0, then 1\n' +
      'thread: sigwaitinfo other value 0 SI_QUEUE 0\n' +
      'to thread: 0, main\'s pending 1\n' +
      'sig 0: 0, sig 99: EINVAL\n' +
      'exited: 0\n',
  },
  // GNU Pth's pth_raise: a dead thread not yet joined still exists (its dead queue): 0.
  green: { why: 'GNU Pth: pth_raise answers 0 for a dead, unjoined thread', out: LINUX.replace('exited: ESRCH', 'exited: 0') },
};

describe.each(LIBS)('C on %s: pthread_sigqueue', (lib) => {
  const e = EXPECTED[lib];
  it(`carries its value to the named thread (SI_QUEUE), queues real-time instances, EINVAL/ESRCH${e ? ` — differs: ${e.why}` : ''}`, async () => {
    const r = await runC(FILE, lib);
    expect(r.stdout).toBe(e ? e.out : LINUX);
    expect(r.exitCode).toBe(0);
  });
});

describe('C on nptl glibc=2.36: pthread_sigqueue', () => {
  it('an exited, unjoined thread is ESRCH in 2.36 too (pthread_sigqueue.c reads the tid word; only pthread_kill changed in 2.34)', async () => {
    const r = await runC(FILE, 'nptl', [], { libOptions: { glibc: '2.36' } });
    expect(r.stdout).toBe(LINUX);
  });
});
