// A condition variable waited on with `if` instead of `while`: a woken consumer can find that another consumer took the item first (a stolen wake-up) and take from an empty queue.
import type { Libc } from '../libs/api.js';

const PER_CONSUMER = 10;

export default function* main(libc: Libc) {
  const queue: number[] = [];
  const lock = yield* libc.pthread_mutex_init();
  const nonEmpty = yield* libc.pthread_cond_init();
  let emptyWakeups = 0;

  function* consumer(libc: Libc) {
    for (let got = 0; got < PER_CONSUMER;) {
      yield* libc.pthread_mutex_lock(lock);
      if (queue.length === 0) yield* libc.pthread_cond_wait(nonEmpty, lock); // BUG: must be `while`
      const item = queue.shift();
      if (item === undefined) emptyWakeups++; // woken, but the queue is empty again
      else got++;
      yield* libc.pthread_mutex_unlock(lock);
      yield* libc.compute(3_000); // use the item: 3 µs
    }
    return 0;
  }

  function* producer(libc: Libc) {
    for (let i = 1; i <= 2 * PER_CONSUMER; i++) {
      yield* libc.compute(5_000); // make an item: 5 µs
      yield* libc.pthread_mutex_lock(lock);
      queue.push(i);
      yield* libc.pthread_cond_signal(nonEmpty);
      yield* libc.pthread_mutex_unlock(lock);
    }
    return 0;
  }

  const ids = [yield* libc.pthread_create(consumer), yield* libc.pthread_create(consumer), yield* libc.pthread_create(producer)];
  for (const t of ids) yield* libc.pthread_join(t);
  yield* libc.printf('%d items consumed; %d wake-up(s) found the queue empty\n', 2 * PER_CONSUMER, emptyWakeups);
  return emptyWakeups === 0 ? 0 : 1;
}
