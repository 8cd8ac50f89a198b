/**
 * join_twice.test.ts — a thread that has been joined is gone: joining or detaching it again
 * is ESRCH (POSIX leaves it undefined; glibc answers ESRCH once the descriptor is freed, and
 * LTP's pthread_join/6-2 and pthread_detach/4-2 count on it).
 */

import { describe, expect } from 'vitest';
import { ESRCH, type Libc } from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

const twice: Program = function* (libc) {
  const fn = function* (_l: Libc) { return 0; };
  const t = yield* libc.pthread_create(fn);
  const a = yield* libc.pthread_join(t, null);
  const b = yield* libc.pthread_join(t, null);
  const u = yield* libc.pthread_create(fn);
  yield* libc.pthread_join(u, null);
  const c = yield* libc.pthread_detach(u);
  yield* libc.printf('%d %d %d\n', a, b, c);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`a joined thread on ${lib}`, () => {
    check(lib, 'glibc:join-twice', 'joining it again, or detaching it, is ESRCH at once', () => {
      const r = run(lib, twice);
      expect(r.outcome).toBe('exited');
      expect(lines(r)).toEqual([`0 ${ESRCH} ${ESRCH}`]);
    });
  });
}
