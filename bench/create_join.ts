/**
 * create_join.ts — the program the creation benchmarks run: n × pthread_create + pthread_join
 * of a thread that returns its argument (create.bench.ts times it, alloc.ts counts its bytes).
 */

import type { Libc } from '../libs/api.js';

function* child(_libc: Libc, i: number): Generator<any, number, any> {
  return i;
}

/** main() creating and joining n threads one at a time; 1 if a create fails. */
export function createJoin(n: number) {
  return function* (libc: Libc): Generator<any, number, any> {
    for (let i = 0; i < n; i++) {
      const t = yield* libc.pthread_create(child, i);
      if (t < 0) return 1;
      yield* libc.pthread_join(t);
    }
    return 0;
  };
}
