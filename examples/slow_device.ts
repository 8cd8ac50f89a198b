// Blocking I/O: one thread reads the slow device while two others compute; under a 1:1 library the block stalls only the reader.
import type { Libc } from '../libs/api.js';

let reading = true;
const work = [0, 0];
let duringBlock = 0; // work units the others finished while the reader was inside read()

function* reader(libc: Libc) {
  for (let i = 1; i <= 3; i++) {
    const before = work[0] + work[1];
    const t0 = yield* libc.clock_gettime();
    const n = yield* libc.read_slow_device(512);
    const t1 = yield* libc.clock_gettime();
    duringBlock += work[0] + work[1] - before;
    yield* libc.printf('reader: read %d bytes in %d µs; the workers did %d units meanwhile\n', n, Math.round((t1 - t0) / 1000), work[0] + work[1] - before);
  }
  reading = false;
  return 0;
}

function* worker(libc: Libc, id: number) {
  while (reading) {
    yield* libc.compute(100_000); // one unit: 100 µs of CPU
    work[id]++;
    yield* libc.sched_yield(); // a cooperative (M:1, M:N) scheduler switches only here
  }
  return work[id];
}

export default function* main(libc: Libc) {
  reading = true; // a fresh start when one process runs the program again (compare, the test suite)
  work[0] = work[1] = 0;
  duringBlock = 0;
  const r = yield* libc.pthread_create(reader);
  const w = [yield* libc.pthread_create(worker, 0), yield* libc.pthread_create(worker, 1)];
  yield* libc.pthread_join(r);
  for (const t of w) yield* libc.pthread_join(t);
  yield* libc.printf('workers progressed while the reader was blocked: %s\n', duringBlock > 0 ? 'yes' : 'no');
  return 0;
}
