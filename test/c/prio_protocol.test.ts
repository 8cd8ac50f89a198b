/**
 * prio_protocol.test.ts — the mutex priority protocols from C (test/c/posix/prio_protocol.c;
 * clib/runtime/prio.c, libs/nptl/pthread_mutex_pi.ts, pthread_mutex_pp.ts, tpp.ts,
 * kernel/futex_pi.ts): on NPTL as glibc 2.36 builds it the output is what gcc 12 -O2 + glibc
 * 2.36 print on Linux as uid 1000 (SCHED_OTHER) — the attribute calls and their EINVALs, a
 * PTHREAD_PRIO_INHERIT errorcheck mutex's EDEADLK and another thread's EPERM/EBUSY, a
 * PTHREAD_PRIO_PROTECT mutex's ceiling get/set, its first lock's EINVAL (glibc's
 * sched_setscheduler(SCHED_OTHER, ceiling)) and the second's success, ENOTSUP for a robust
 * PROTECT mutex. Every other library — LinuxThreads, NPTL of glibc 2.3 (the default era), NGPT
 * 2.2.1, GNU Pth — had no pthread_mutexattr_setprotocol: ENOSYS (test/conformance/deviations.ts
 * posix:prio-protocol). Priority inheritance itself (a boost under SCHED_FIFO, which uid 1000
 * cannot have natively) is test/kernel-futex-pi.test.ts's and test/conformance/prio_protocol.test.ts's.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const FILE = 'test/c/posix/prio_protocol.c';

beforeAll(async () => { await cprog(FILE); }, 180_000);

/** gcc 12 -O2 + glibc 2.36 on Linux 6.x, as uid 1000 (the same in 3 of 3 runs). */
const NATIVE = `default protocol: 0 0
default ceiling: 0 1
setprotocol 3: 22
setprioceiling 0: 22
setprioceiling 100: 22
setprioceiling -1: 22
setprotocol INHERIT: 0
protocol: 1
init PI: 0
PI lock 0
PI lock again 35
PI trylock 35
PI getprioceiling: Invalid argument
PI setprioceiling: Invalid argument
setprotocol PROTECT: 0
setprioceiling 50: 0
attr ceiling: 50
init PP: 0
PP getprioceiling: 0 50
PP setprioceiling 100: Invalid argument
PP setprioceiling 60: 0 old 50
PP ceiling now: 60
PP lock: Invalid argument
PP lock again: Success
while held: policy 0 priority 0
while held (kernel): priority 0
other: unlock PI 1, trylock PI 16, trylock PP 22
PP unlock: Success
PP trylock: Success
PP unlock: Success
PI unlock: 0
PI unlock again: 1
destroy PI 0
destroy PP 0
init robust PP: Operation not supported
init robust PI: 0
robust PI lock 0
robust PI unlock 0
`;

describe('C on nptl with glibc=2.36: mutex priority protocols', () => {
  it('behave as on Linux with glibc 2.36 under SCHED_OTHER', async () => {
    const r = await runC(FILE, 'nptl', [], { libOptions: { glibc: '2.36' }, timeLimit: 10e9 });
    expect(r.stdout).toBe(NATIVE);
    expect(r.exitCode).toBe(0);
  });
  it('on two CPUs too', async () => {
    const r = await runC(FILE, 'nptl', [], { libOptions: { glibc: '2.36' }, cpus: 2, timeLimit: 10e9 });
    expect(r.stdout).toBe(NATIVE);
  });
});

describe.each(libraryNames())('C on %s: mutex priority protocols', (lib) => {
  it('pthread_mutexattr_setprotocol is ENOSYS — the library had no such call (deviations.ts posix:prio-protocol)', async () => {
    const r = await runC(FILE, lib, [], { timeLimit: 10e9 });
    expect(r.stdout).toBe('setprotocol: ENOSYS\n');
    expect(r.exitCode).toBe(0);
  });
});
