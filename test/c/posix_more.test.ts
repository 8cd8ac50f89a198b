/**
 * posix_more.test.ts — more of what LTP's open_posix_testsuite (compiled unchanged) needed
 * from the lab's C library, as small C cases on every library (DESIGN.md 5a).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

beforeAll(async () => {
  for (const f of ['stack', 'call_types', 'timedlock', 'early_signal', 'itimer', 'min_stack_signal', 'sysv_signal', 'temp_failure_retry']) await cprog(`test/c/posix/${f}.c`);
}, 600_000);

describe.each(LIBS)('C on %s: stacks and calls', (lib) => {
  it('pthread_attr_setstack runs the thread on the given stack; guard size; sysconf for the lab kernel', async () => {
    const r = await runC('test/c/posix/stack.c', lib);
    expect(r.stdout).toBe(
      'page 4096 4096, stack min 16384 16384\n' +
      'default guard 4096\n' +
      'size below min: EINVAL\n' +
      'getstack same 1 1, stackaddr is the top 1\n' +
      'guard kept unrounded 1\n' +
      'thread on the given stack: 1\n' +
      'joined 7\n');
    expect(r.exitCode).toBe(0);
  });

  it('routines are called as they are defined: results a caller ignores, in once, start, cleanup and handler', async () => {
    const r = await runC('test/c/posix/call_types.c', lib);
    expect(r.stdout).toBe('once 1, start 10, cleanup 100, handler 1000, double start 10000: 11111\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: pthread_mutex_timedlock', (lib) => {
  const pth = lib === 'ngpt' || lib === 'green';
  it(pth ? 'is ENOSYS: neither NGPT 2.2.1 nor GNU Pth had it (deviations.ts)' : 'takes a free mutex; ETIMEDOUT once the absolute deadline passes; EINVAL for a bad tv_nsec', async () => {
    const r = await runC('test/c/posix/timedlock.c', lib);
    expect(r.stdout).toBe(pth
      ? 'free: ENOSYS\nheld: ENOSYS after >= 50 ms 1; bad time: ENOSYS\n'
      : 'free: 0\nheld: ETIMEDOUT after >= 50 ms 1; bad time: EINVAL\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: a signal before the start routine', (lib) => {
  it('pthread_kill right after pthread_create runs the handler on the new thread, even before its start routine', async () => {
    const r = await runC('test/c/posix/early_signal.c', lib);
    expect(r.stdout).toBe('pthread_kill 0, handler got SIGUSR2 on the child 1\n');
  });
});

describe.each(LIBS)('C on %s: interval timers', (lib) => {
  it('setitimer(ITIMER_REAL) sends SIGALRM after its value and every interval; getitimer; alarm() shares it; EINVAL', async () => {
    const r = await runC('test/c/posix/itimer.c', lib);
    expect(r.stdout).toBe(
      'set 0\n' +
      'left about 100 ms 1, interval 52000 us\n' +
      'alarms 3, old interval 52000 us, now off\n' +
      'alarm(5) is the same timer: 5 s left, alarm(0) says 5\n' +
      'bad usec -1 EINVAL, which 3 -1 EINVAL, ITIMER_VIRTUAL 0 unarmed 1\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: a PTHREAD_STACK_MIN stack', (lib) => {
  it('runs signal handlers (the lab keeps their Asyncify buffers off the C stack)', async () => {
    const r = await runC('test/c/posix/min_stack_signal.c', lib);
    expect(r.stdout).toBe('handled 4\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: System V signal calls and a process CPU clock', (lib) => {
  it('sighold/sigrelse/sigignore/sigpause (glibc\'s XSI sigpause) and clock_getcpuclockid (ESRCH for no such process)', async () => {
    const r = await runC('test/c/posix/sysv_signal.c', lib);
    expect(r.stdout).toBe(
      'sighold 0\nheld: got 0\nsigrelse 0: got 10\nsigpause -1 errno EINTR: got 10\nsigignore 0\n' +
      'ignored SIGUSR2, still here; sigignore(0) -1 EINVAL\nclock_getcpuclockid self 0\n' +
      'clock_gettime 0 positive 1\ngetpid clock 0; no such pid ESRCH\n');
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBS)('C on %s: TEMP_FAILURE_RETRY', (lib) => {
  it('retries while the expression fails with EINTR, not for other errors; a waitpid a signal interrupted', async () => {
    // glibc's <unistd.h> has it under _GNU_SOURCE; glibc's own test-skeleton.c (2.3.6's
    // linuxthreads tst-*.c include it) did not compile without it. Output from gcc 12 + glibc 2.36.
    const r = await runC('test/c/posix/temp_failure_retry.c', lib);
    expect(r.stdout).toBe(
      'EINTR twice: 42 after 3 calls\nEBADF: -1 after 1 call(s)\nwaitpid across a signal: child reaped, exit 7\n');
    expect(r.exitCode).toBe(0);
  });
});
