/**
 * posix_timer.test.ts — POSIX per-process timers from C (kernel/posix_timers.ts,
 * clib/runtime/timer.c) on every library: SIGEV_SIGNAL's siginfo (SI_TIMER, value, id),
 * overruns while the signal is blocked, SIGEV_NONE, a NULL sigevent, TIMER_ABSTIME, Linux's
 * EINVALs, SIGEV_THREAD (NPTL's helper thread; ENOSYS elsewhere), no timers in a fork's child.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();

beforeAll(async () => { await cprog('test/c/posix/timer.c'); }, 600_000);

const COMMON =
  'create 0\nleft about 100 ms: 1\nsignal 10 code SI_TIMER 1 value 42 id matches 1\none-shot now disarmed: 0\n' +
  'deleted: gettime -1 EINVAL\nNULL sigevent: SIGALRM 1, value is the id 1 (absolute time)\n' +
  'blocked 110 ms of a 20 ms timer: sigtimedwait 1, si_overrun 4, timer_getoverrun 4\nnothing more queued: -1 EAGAIN\n' +
  'SIGEV_NONE counts down: about 700 ms left 1\ntv_nsec 1e9: -1 EINVAL\nsignal 65: -1 EINVAL\nclock 99999: -1 EINVAL\n';

describe.each(LIBS)('C on %s: POSIX timers', (lib) => {
  const nptl = lib === 'nptl';
  it(nptl ? 'timer_create/settime/gettime/getoverrun/delete; SIGEV_THREAD on a helper thread; not inherited by fork'
    : 'timer_create/settime/gettime/getoverrun/delete; SIGEV_THREAD is ENOSYS (LinuxThreads\' librt used user-space timer threads; NGPT and Pth had none)', async () => {
    const r = await runC('test/c/posix/timer.c', lib);
    expect(r.stdout).toBe(COMMON + (nptl
      ? 'child: no timer (-1 EINVAL), not notified 0\nparent notified on another thread: 7\n'
      : 'SIGEV_THREAD: ENOSYS\n'));
    expect(r.exitCode).toBe(0);
  });
});
