/**
 * lint.test.ts — a call into the C library without yield* does nothing, silently; threadlab
 * warns about it before the run (experiments/lint.ts), with its line, and never about correct
 * code (every example is clean).
 */

import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { missingYieldWarnings } from '../../experiments/lint.js';

const SRC = `import type { Libc } from '../libs/api.js';
function* worker(l: Libc, n: number) {
  l.compute(1000);
  yield* l.printf("worker %d\\n", n);
  return 0;
}
export default function* main(libc: Libc) {
  const m = yield* libc.pthread_mutex_init();
  libc.pthread_mutex_lock(m);
  const t = yield* libc.pthread_create(worker, 1);
  if (libc.pthread_equal(t, t)) yield* libc.printf("equal\\n");
  // libc.printf("in a comment");
  const s = "libc.printf('in a string')";
  const g = libc.sched_yield(); // threadlab: no-yield
  yield* libc.pthread_join(t);
  return libc.errno;
}
`;

describe('missing yield* warnings', () => {
  it('names each call without yield*, with its line, under any parameter name', () => {
    expect(missingYieldWarnings('p.ts', SRC)).toEqual([
      'warning: p.ts:9: libc.pthread_mutex_lock(...) is called without yield*, so it does nothing; write yield* libc.pthread_mutex_lock(...)',
      'warning: p.ts:3: l.compute(...) is called without yield*, so it does nothing; write yield* l.compute(...)',
    ]);
  });

  it('is quiet on every example', () => {
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.ts') && !x.includes('.module.'))) {
      expect(missingYieldWarnings(f, readFileSync(`examples/${f}`, 'utf8'))).toEqual([]);
    }
  });
});
