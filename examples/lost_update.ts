// A lost update: two threads add to a shared counter with no lock; each load and store is a separate step, so an update can be lost (threadlab explore lists every total that can happen).
import type { Libc } from '../libs/api.js';

export default function* main(libc: Libc, argv: string[]) {
  const n = Number(argv[1] ?? 200); // additions per thread
  const counter = { value: 0 };

  function* adder(libc: Libc) {
    for (let i = 0; i < n; i++) {
      const v = counter.value;       // load the counter into a register
      yield* libc.compute(20);       // add one: 20 ns in which this thread may lose the CPU
      counter.value = v + 1;         // store it back, overwriting whatever happened meanwhile
      yield* libc.compute(200);      // the rest of the loop's work
    }
    return 0;
  }

  const a = yield* libc.pthread_create(adder);
  const b = yield* libc.pthread_create(adder);
  yield* libc.pthread_join(a);
  yield* libc.pthread_join(b);
  yield* libc.printf('total=%d (expected %d)\n', counter.value, 2 * n);
  return 0;
}
