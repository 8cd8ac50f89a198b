/**
 * thread_np.test.ts — glibc's _np thread calls on every library: pthread_setname_np /
 * pthread_getname_np (the kernel task's comm, 16 bytes with the NUL, ERANGE beyond; another
 * thread through /proc/self/task/<tid>/comm) and pthread_tryjoin_np / pthread_timedjoin_np
 * (EBUSY, ETIMEDOUT), pthread_getcpuclockid + clock_gettime. NGPT and green have no task per thread and none of these calls; nor did
 * LinuxThreads have the join extensions: deviations.ts says so ('np:*' keys).
 */

import { describe, expect } from 'vitest';
import { ERANGE, EBUSY, ETIMEDOUT, EINVAL, CLOCK_THREAD_CPUTIME_ID, type Libc, type Ref } from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program): string[] {
  const r = run(lib, main, { cpus: 2 });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** Names: the caller's own, another thread's, too long, too short a buffer. */
const names: Program = function* (libc) {
  let go = false;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_setname_np(yield* l.pthread_self(), 'worker');
    while (!go) yield* l.usleep(100);
    return 0;
  });
  yield* libc.usleep(1_000);
  const self = yield* libc.pthread_self();
  const a = yield* libc.pthread_setname_np(self, 'boss');
  const buf: Ref<string> = { value: '' };
  const r1 = yield* libc.pthread_getname_np(self, buf);
  const mine = buf.value;
  yield* libc.pthread_getname_np(t, buf);
  const theirs = buf.value;
  const b = yield* libc.pthread_setname_np(t, 'renamed-by-main');
  yield* libc.pthread_getname_np(t, buf);
  const renamed = buf.value;
  const tooLong = yield* libc.pthread_setname_np(t, '0123456789abcdef');
  const short = yield* libc.pthread_getname_np(t, buf, 15);
  go = true;
  yield* libc.pthread_join(t);
  yield* libc.printf('%d %d %s %s %d %s %d %d\n', a, r1, mine, theirs, b, renamed, tooLong, short);
  return 0;
};

/** tryjoin while the thread runs and after it ended; timedjoin timing out, then succeeding. */
const joins: Program = function* (libc) {
  let go = false;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    while (!go) yield* l.usleep(100);
    return 7;
  });
  const busy = yield* libc.pthread_tryjoin_np(t);
  const timed = yield* libc.pthread_timedjoin_np(t, null, 2_000_000);
  go = true;
  const ret: Ref<unknown> = { value: null };
  const ok = yield* libc.pthread_timedjoin_np(t, ret, 1_000_000_000);
  const u = yield* libc.pthread_create(function* () { return 9; });
  yield* libc.usleep(5_000);
  const ret2: Ref<unknown> = { value: null };
  const done = yield* libc.pthread_tryjoin_np(u, ret2);
  yield* libc.printf('%d %d %d %s %d %s\n', busy, timed, ok, String(ret.value), done, String(ret2.value));
  return 0;
};

/** A thread's CPU-time clock read from another thread; the caller's own; an unknown clock. */
const cpuclock: Program = function* (libc) {
  let go = false, burnt = false;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.compute(3_000_000);
    burnt = true;
    while (!go) yield* l.usleep(100);
    return 0;
  });
  while (!burnt) yield* libc.usleep(100);
  const c: Ref<number> = { value: 0 };
  const e = yield* libc.pthread_getcpuclockid(t, c);
  const ns = e === 0 ? yield* libc.clock_gettime(c.value) : -1;
  go = true;
  yield* libc.pthread_join(t);
  yield* libc.compute(1_000_000);
  const mine = yield* libc.clock_gettime(CLOCK_THREAD_CPUTIME_ID);
  const bad = yield* libc.clock_gettime(-(1 << 20) * 8 + 7);
  yield* libc.printf('%d %s %s %d %d\n', e, ns >= 3e6 && ns < 3.5e6, mine >= 1e6 && mine < 3e6, bad, libc.errno);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`glibc's _np thread calls on ${lib}`, () => {
    check(lib, 'np:setname', 'pthread_setname_np names the caller and another thread (the task\'s comm); ERANGE for 16 bytes or a buffer under 16', () => {
      expect(out(lib, names)).toEqual([`0 0 boss worker 0 renamed-by-main ${ERANGE} ${ERANGE}`]);
    });
    check(lib, 'np:tryjoin', 'pthread_tryjoin_np is EBUSY while the thread runs; pthread_timedjoin_np times out (ETIMEDOUT), then joins', () => {
      expect(out(lib, joins)).toEqual([`${EBUSY} ${ETIMEDOUT} 0 7 0 9`]);
    });
    check(lib, 'np:cpuclock', 'pthread_getcpuclockid gives another thread\'s CPU-time clock (3 ms burnt); CLOCK_THREAD_CPUTIME_ID is the caller\'s; a bad clock is EINVAL', () => {
      expect(out(lib, cpuclock)).toEqual([`0 true true -1 ${EINVAL}`]);
    });
  });
}
