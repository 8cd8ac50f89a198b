// An AB-BA deadlock that a plain run does not hit: thread A takes a then b, thread B takes b then a but starts later, so A is always done first — unless the schedule changes (threadlab explore finds the deadlock).
import type { Libc, pthread_mutex_t } from '../libs/api.js';

export default function* main(libc: Libc) {
  const a = yield* libc.pthread_mutex_init(); // mutex#0
  const b = yield* libc.pthread_mutex_init(); // mutex#1
  let transfers = 0;

  function* move(libc: Libc, first: pthread_mutex_t, second: pthread_mutex_t) {
    yield* libc.pthread_mutex_lock(first);
    for (let i = 0; i < 5; i++) yield* libc.compute(200); // 1 µs of work holding only the first mutex
    yield* libc.pthread_mutex_lock(second);
    transfers++;
    yield* libc.pthread_mutex_unlock(second);
    yield* libc.pthread_mutex_unlock(first);
  }

  function* threadA(libc: Libc) {
    yield* move(libc, a, b);
    return 0;
  }

  function* threadB(libc: Libc) {
    yield* libc.compute(20_000); // 20 µs of other work first
    yield* move(libc, b, a);
    return 0;
  }

  const ta = yield* libc.pthread_create(threadA);
  const tb = yield* libc.pthread_create(threadB);
  yield* libc.pthread_join(ta);
  yield* libc.pthread_join(tb);
  yield* libc.printf('%d transfers, no deadlock\n', transfers);
  return 0;
}
