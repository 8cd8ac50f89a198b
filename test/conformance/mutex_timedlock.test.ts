/**
 * mutex_timedlock.test.ts — pthread_mutex_timedlock on every library (POSIX 2001, timeouts
 * option): a free mutex is taken at once; a held one times out with ETIMEDOUT after the
 * deadline, not before; an unlock before the deadline hands it over (0); the error-checking
 * owner gets EDEADLK; an invalid time (NaN in the lab's API) is EINVAL once the call would
 * block. NGPT 2.2.1 and GNU Pth had no such call (deviations.ts).
 */

import { describe, expect } from 'vitest';
import { EDEADLK, EINVAL, ETIMEDOUT, type Libc, type Sim } from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

const MS = 1_000_000;

/** A child tries the held mutex with a timeout; prints the answer and how long it waited (ms). */
const timedlock: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init();
  const free = yield* libc.pthread_mutex_timedlock(m, 10 * MS);
  const t = yield* libc.pthread_create(function* (l: Libc): Sim<string> {
    const t0 = yield* l.clock_gettime();
    const a = yield* l.pthread_mutex_timedlock(m, 20 * MS);
    const waited = Math.floor(((yield* l.clock_gettime()) - t0) / MS);
    const bad = yield* l.pthread_mutex_timedlock(m, NaN);
    const b = yield* l.pthread_mutex_timedlock(m, 1000 * MS); // main unlocks at 50 ms
    const own = waited >= 20 ? 'waited' : `only ${waited} ms`;
    return `${a} ${own} ${bad} ${b}`;
  });
  yield* libc.usleep(50_000);
  yield* libc.pthread_mutex_unlock(m);
  const r = { value: '' as unknown };
  yield* libc.pthread_join(t, r);
  const e = yield* libc.pthread_mutex_init({ type: 'errorcheck' });
  yield* libc.pthread_mutex_lock(e);
  const again = yield* libc.pthread_mutex_timedlock(e, 10 * MS);
  yield* libc.printf('%d %s %d\n', free, r.value, again);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`pthread_mutex_timedlock on ${lib}`, () => {
    check(lib, 'posix:mutex-timedlock', 'a free mutex at once; ETIMEDOUT after the deadline on a held one; EINVAL for a bad time when it would block; handed over by an unlock; EDEADLK for the error-checking owner', () => {
      const r = run(lib, timedlock, { timeLimit: 5e9 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual([`0 ${ETIMEDOUT} waited ${EINVAL} 0 ${EDEADLK}`]);
    });
  });
}
