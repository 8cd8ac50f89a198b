// Hello, threads: main starts four threads, each prints who it is, and main joins them all.
import type { Libc } from '../libs/api.js';

function* worker(libc: Libc, n: number) {
  const tid = yield* libc.gettid();
  yield* libc.compute(10_000); // 10 µs of work
  yield* libc.printf('hello from thread %d (tid %d)\n', n, tid);
  return n * n;
}

export default function* main(libc: Libc, argv: string[]) {
  const n = Number(argv[1] ?? 4);
  const threads: number[] = [];
  for (let i = 0; i < n; i++) threads.push(yield* libc.pthread_create(worker, i));
  let sum = 0;
  for (const t of threads) {
    const ret = { value: 0 as unknown };
    yield* libc.pthread_join(t, ret);
    sum += ret.value as number;
  }
  yield* libc.printf('main (pid %d) joined %d threads, sum of squares %d\n', yield* libc.getpid(), n, sum);
  return 0;
}
