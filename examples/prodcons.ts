// Producer–consumer: two producers and two consumers share a bounded buffer guarded by one mutex and two condition variables.
import type { Libc } from '../libs/api.js';

const CAPACITY = 4;
const PER_PRODUCER = 20;

export default function* main(libc: Libc) {
  const buf: number[] = [];
  const lock = yield* libc.pthread_mutex_init();
  const notFull = yield* libc.pthread_cond_init();
  const notEmpty = yield* libc.pthread_cond_init();
  let producersLeft = 2;

  function* producer(libc: Libc, id: number) {
    for (let i = 1; i <= PER_PRODUCER; i++) {
      yield* libc.compute(5_000); // make an item: 5 µs
      yield* libc.pthread_mutex_lock(lock);
      while (buf.length === CAPACITY) yield* libc.pthread_cond_wait(notFull, lock);
      buf.push(id * 1000 + i);
      yield* libc.pthread_cond_signal(notEmpty);
      yield* libc.pthread_mutex_unlock(lock);
    }
    yield* libc.pthread_mutex_lock(lock);
    producersLeft--;
    yield* libc.pthread_cond_broadcast(notEmpty); // wake consumers so they can see the end
    yield* libc.pthread_mutex_unlock(lock);
    return 0;
  }

  function* consumer(libc: Libc, id: number) {
    let count = 0;
    let sum = 0;
    for (;;) {
      yield* libc.pthread_mutex_lock(lock);
      while (buf.length === 0 && producersLeft > 0) yield* libc.pthread_cond_wait(notEmpty, lock);
      if (buf.length === 0) { yield* libc.pthread_mutex_unlock(lock); break; }
      const item = buf.shift()!;
      yield* libc.pthread_cond_signal(notFull);
      yield* libc.pthread_mutex_unlock(lock);
      yield* libc.compute(8_000); // use the item: 8 µs
      count++;
      sum += item;
    }
    yield* libc.printf('consumer %d took %d items\n', id, count);
    return sum;
  }

  const ts = [
    yield* libc.pthread_create(producer, 1), yield* libc.pthread_create(producer, 2),
    yield* libc.pthread_create(consumer, 1), yield* libc.pthread_create(consumer, 2),
  ];
  let total = 0;
  for (const t of ts.slice(2)) {
    const r = { value: 0 as unknown };
    yield* libc.pthread_join(t, r);
    total += r.value as number;
  }
  for (const t of ts.slice(0, 2)) yield* libc.pthread_join(t);
  yield* libc.printf('consumed %d items, checksum %d\n', 2 * PER_PRODUCER, total);
  return 0;
}
