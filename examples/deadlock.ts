// A deadlock on purpose: two threads take two mutexes in opposite order (AB-BA); threadlab ends the run (status 125) and prints the cycle.
import type { Libc, pthread_mutex_t } from '../libs/api.js';

interface Pair { first: pthread_mutex_t; second: pthread_mutex_t; name: string }

function* transfer(libc: Libc, p: Pair) {
  yield* libc.pthread_mutex_lock(p.first);
  yield* libc.printf('%s holds its first mutex\n', p.name);
  yield* libc.usleep(1000); // long enough for the other thread to take its first mutex too
  yield* libc.pthread_mutex_lock(p.second); // never returns: the other thread holds it
  yield* libc.printf('%s never gets here\n', p.name);
  yield* libc.pthread_mutex_unlock(p.second);
  yield* libc.pthread_mutex_unlock(p.first);
  return 0;
}

export default function* main(libc: Libc) {
  const a = yield* libc.pthread_mutex_init(); // mutex#0
  const b = yield* libc.pthread_mutex_init(); // mutex#1
  const t1 = yield* libc.pthread_create(transfer, { first: a, second: b, name: 'thread A' });
  const t2 = yield* libc.pthread_create(transfer, { first: b, second: a, name: 'thread B' });
  yield* libc.printf('main: created %d (A: a then b) and %d (B: b then a)\n', t1, t2);
  yield* libc.pthread_join(t1);
  yield* libc.pthread_join(t2);
  yield* libc.printf('main: never printed\n');
  return 0;
}
