/**
 * posix_aio.test.ts — POSIX asynchronous I/O from C (clib/runtime/aio.c: glibc 2.36's
 * user-level aio on the library's own pthread_create) on every library. Expected outputs are
 * gcc 12 + glibc 2.36's on Linux.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const AIO = 'test/c/posix/aio.c', BLOCK = 'test/c/posix/aio_block.c', EINTR = 'test/c/posix/aio_eintr.c', CANCEL = 'test/c/posix/aio_suspend_cancel.c';

beforeAll(async () => { await Promise.all([cprog(AIO), cprog(BLOCK), cprog(EINTR), cprog(CANCEL)]); }, 600_000);

const NATIVE = [
  'aio_write 0', 'aio_suspend 0', 'error 0 return 25', 'aio_read 0',
  'signal 1 SI_ASYNCIO 1 value 42 error 0 return 5 data async', 'aio_read 0', 'thread value 7 return 3',
  'reqprio 21: -1 Invalid argument', 'offset -1: 0 aio_error Invalid argument return -1', 'fd 99: 0 aio_error Bad file descriptor',
  'aio_fsync(99) -1 Bad file descriptor', 'aio_fsync(bad op) -1 Invalid argument', 'aio_fsync(O_SYNC) 0 error 0 return 0',
  'aio_cancel(99) -1 Bad file descriptor', 'aio_cancel(fd) 2 (AIO_ALLDONE 2)', 'aio_cancel(fd, done) 2',
  'lio_listio -1 Input/output error', 'a 0 4 b Invalid argument -1', 'lio_listio(bad mode) -1 Invalid argument', 'lio_listio ok 0',
  'aio_suspend(done) 0', 'pipe aio_read 0 error EINPROGRESS 1', 'aio_suspend(timeout) -1 Resource temporarily unavailable',
  'aio_cancel(pipe) 1 -', 'aio_suspend 0 -', 'error 0 return 4', 'aio_cancel(fd, NULL) 1 -',
  'q2 Operation canceled -1 q1 EINPROGRESS 1', 'q1 0 2', '',
].join('\n');

const WOKE = 'main\'s 20 ms sleep took about 20 ms; the read still in progress\nread 4: data\n';
const BLOCKED = 'main\'s 20 ms sleep took 200 ms or more; the read done\nread 4: data\n';

describe.each(LIBS)('C on %s: <aio.h>', (lib) => {
  it('aio_read/write/error/return/suspend/cancel/fsync and lio_listio as glibc 2.36: SI_ASYNCIO, SIGEV_THREAD, EINVAL, EBADF, EIO, EAGAIN', async () => {
    const r = await runC(AIO, lib, [], { cpus: 2 });
    expect(r.stdout).toBe(NATIVE);
    expect(r.exitCode).toBe(0);
  }, 180_000);

  // NPTL's aio_misc.h waits on a futex, which a handled signal ends. A raw futex wait would block
  // the whole native under NGPT and green (rules 33, 34), so there aio.c waits as glibc's generic
  // aio_misc.h did, on a condition variable, which a signal does not end: the read completes first.
  const futex = lib === 'nptl' || lib === 'linuxthreads';
  it(futex ? 'a handled signal ends aio_suspend and lio_listio(LIO_WAIT) with EINTR'
    : 'a handled signal does not end aio_suspend or lio_listio(LIO_WAIT): a condition-variable wait (no EINTR; rules 33/34)', async () => {
    const r = await runC(EINTR, lib, [], { cpus: 2 });
    expect(r.stdout).toBe(futex
      ? 'aio_suspend -1 Interrupted system call\nread 4: late\nlio_listio -1 Interrupted system call\nread 4: late\n'
      : 'aio_suspend 0 -\nread 4: late\nlio_listio 0 -\nread 4: late\n');
  });

  it('a helper thread\'s read of an empty pipe leaves main running (wrapped under NGPT and green; own task elsewhere)', async () => {
    expect((await runC(BLOCK, lib, [], { cpus: 2 })).stdout).toBe(WOKE);
  });

  it('aio_suspend is a cancellation point: the waiter is cancelled there, untimed or timed, and the request goes on', async () => {
    // glibc 2.3.6's nptl/tst-cancel17.c; before, the cancelled waiter stayed in aio_suspend and
    // its join never returned. Output from gcc 12 + glibc 2.36.
    const r = await runC(CANCEL, lib, [], { cpus: 2, timeLimit: 10e9 });
    expect(r.stdout).toBe(
      'untimed waiter: cancelled, cleanup handlers run 1\ntimed waiter: cancelled, cleanup handlers run 2\n' +
      'request still in progress: 1\nafter the write: error 0, returned 1, byte x\n');
    expect(r.exitCode).toBe(0);
  });
});

// Rule 34 (green: one native) and rule 33 (NGPT: an unwrapped call blocks its native): with the
// wrappers off, the aio helper's read is a blocking system call on the process's only native, so
// main, which yielded to the helper, wakes only when the child's data arrives 200 ms later.
describe('rules 33 and 34: an aio helper\'s unwrapped blocking read', () => {
  it('blocks the whole process under green (wrap=false)', async () => {
    expect((await runC(BLOCK, 'green', [], { cpus: 2, libOptions: { wrap: false } })).stdout).toBe(BLOCKED);
  });
  it('blocks the process under NGPT with one native (wrap=false), not with two', async () => {
    expect((await runC(BLOCK, 'ngpt', [], { cpus: 2, libOptions: { wrap: false, natives: 1 } })).stdout).toBe(BLOCKED);
    expect((await runC(BLOCK, 'ngpt', [], { cpus: 2, libOptions: { wrap: false, natives: 2 } })).stdout).toBe(WOKE);
  });
});
