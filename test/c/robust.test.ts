/**
 * robust.test.ts — robust mutexes from C (test/c/posix/robust.c; clib/runtime/robust.c, libs/nptl/
 * pthread_mutex_robust.ts, kernel/futex_robust.ts): on NPTL as glibc 2.36 builds it the output is
 * what gcc 12 + glibc 2.36 print on Linux — EOWNERDEAD after a thread or a SIGKILLed process dies
 * holding one (its waiter woken by the kernel's robust-list walk), pthread_mutex_consistent,
 * ENOTRECOVERABLE, the robust kinds' checks, the PTHREAD_PROCESS_SHARED case across fork. Every
 * other library — LinuxThreads, NPTL of glibc 2.3 (the default era), NGPT 2.2.1, GNU Pth — had no
 * pthread_mutexattr_setrobust: ENOSYS (test/conformance/deviations.ts posix:robust-mutex).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const FILE = 'test/c/posix/robust.c';

beforeAll(async () => { await cprog(FILE); }, 180_000);

/** gcc 12 -O2 + glibc 2.36 on Linux 6.x. */
const NATIVE = `attr: default 0, set 1, bad EINVAL, _np 0 (now 0)
dead owner: lock EOWNERDEAD, consistent 0, again EINVAL, unlock 0, lock 0, unlock 0
dead owner: lock EOWNERDEAD, unlock 0, lock ENOTRECOVERABLE, consistent EINVAL, trylock ENOTRECOVERABLE
waiter: lock EOWNERDEAD, consistent 0, unlock 0
trylock EOWNERDEAD, timedlock EOWNERDEAD, unlock by another EPERM, unlock 0, unlock again EPERM
errorcheck relock EDEADLK, recursive relock 0, unlock 0 0 EPERM
stalled: trylock EBUSY
pshared: child holds it, trylock EBUSY, after SIGKILL lock EOWNERDEAD (child killed by 9), consistent 0, unlock 0
pshared: child exited holding it, lock EOWNERDEAD, unlock 0, lock ENOTRECOVERABLE
`;

describe('C on nptl with glibc=2.36: robust mutexes', () => {
  it('behave as on Linux with glibc 2.36: EOWNERDEAD, consistent, ENOTRECOVERABLE, a SIGKILLed process\'s pshared mutex', async () => {
    const r = await runC(FILE, 'nptl', [], { libOptions: { glibc: '2.36' }, timeLimit: 10e9 });
    expect(r.stdout).toBe(NATIVE);
    expect(r.exitCode).toBe(0);
  });
  it('on two CPUs too', async () => {
    const r = await runC(FILE, 'nptl', [], { libOptions: { glibc: '2.36' }, cpus: 2, timeLimit: 10e9 });
    expect(r.stdout).toBe(NATIVE);
  });
});

describe.each(libraryNames())('C on %s: robust mutexes', (lib) => {
  it('pthread_mutexattr_setrobust is ENOSYS — the library had no such call (deviations.ts posix:robust-mutex)', async () => {
    const r = await runC(FILE, lib, [], { timeLimit: 10e9 });
    expect(r.stdout).toBe('setrobust: ENOSYS\n');
    expect(r.exitCode).toBe(0);
  });
});
