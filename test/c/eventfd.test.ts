/**
 * eventfd.test.ts — eventfd(2) from C on every library (test/c/posix/eventfd.c: the counter,
 * EFD_SEMAPHORE, EFD_NONBLOCK, EINVAL, a full counter seen by select, a thread blocked in
 * eventfd_read woken by main's write — under NGPT and green a wrapped read, so only that
 * thread waits — and a forked child's writes). Every library prints what gcc + glibc print on
 * Linux.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/eventfd.c';

const EXPECTED = `eventfd(0, 0) >= 0: 1, F_GETFL 0x2
write 3: 8
write 4: 8
read: 8
  value 7
write of 4 bytes: -1 Invalid argument
read into 4 bytes: -1 Invalid argument
write ULLONG_MAX: -1 Invalid argument
eventfd(0, 0x10): -1 Invalid argument
EFD_NONBLOCK F_GETFL 0x802
read of a zero count: -1 Resource temporarily unavailable
write 2^64-2: 8
write 1 more (full): -1 Resource temporarily unavailable
select on a full counter: 1 readable 1 writable 0
read: 8
  value 18446744073709551614
EFD_SEMAPHORE read 0: 0 value 1
EFD_SEMAPHORE read 1: 0 value 1
EFD_SEMAPHORE read 2: -1 value 0 EAGAIN
main: eventfd_write 42
thread: eventfd_read 0 value 42
after the child's writes: select 1, value 11
`;

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: eventfd', (lib) => {
  it('prints what Linux prints', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe(EXPECTED);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
