// Cancellation with cleanup handlers: pthread_cancel wakes threads blocked in cancellation points; each runs its cleanup handlers (one unlocks the mutex it holds) and ends with PTHREAD_CANCELED.
import { PTHREAD_CANCELED, PTHREAD_CANCEL_DISABLE, PTHREAD_CANCEL_ENABLE, type Libc, type pthread_mutex_t } from '../libs/api.js';

let queueLock: pthread_mutex_t;

// A consumer waits for work that never comes. pthread_cond_wait is a cancellation point: a
// cancelled waiter gets the mutex back before its cleanup handlers run, so one must unlock it.
function* consumer(libc: Libc) {
  const workArrived = yield* libc.pthread_cond_init();
  yield* libc.pthread_mutex_lock(queueLock);
  yield* libc.pthread_cleanup_push(function* (l: Libc) {
    yield* l.printf('  consumer cleanup: unlocking the queue\n');
    yield* l.pthread_mutex_unlock(queueLock);
  });
  for (;;) yield* libc.pthread_cond_wait(workArrived, queueLock);
}

// A logger sleeps between flushes; sleep() is a cancellation point too. While it flushes it
// disables cancellation, so a request that comes then waits for the next sleep.
function* logger(libc: Libc) {
  const key = yield* libc.pthread_key_create((v) => { lines.push(`  logger key destructor: freeing the ${String(v)}`); });
  yield* libc.pthread_setspecific(key, 'log buffer'); // its destructor runs after the cleanup handlers
  yield* libc.pthread_cleanup_push((_l: Libc, name: string) => { lines.push(`  ${name} cleanup: closing the log`); }, 'logger');
  for (let i = 0; ; i++) {
    yield* libc.pthread_setcancelstate(PTHREAD_CANCEL_DISABLE);
    yield* libc.compute(20_000); // "flushing": not interrupted by a cancellation
    yield* libc.pthread_setcancelstate(PTHREAD_CANCEL_ENABLE);
    yield* libc.usleep(500);
  }
}

const lines: string[] = [];

function* cancelAndJoin(libc: Libc, t: number, name: string) {
  yield* libc.printf('main: cancelling the %s: %d\n', name, yield* libc.pthread_cancel(t));
  const ret = { value: null as unknown };
  yield* libc.pthread_join(t, ret);
  for (const l of lines.splice(0)) yield* libc.printf('%s\n', l);
  yield* libc.printf('main: the %s ended %s\n', name, ret.value === PTHREAD_CANCELED ? 'with PTHREAD_CANCELED' : 'normally');
}

export default function* main(libc: Libc) {
  queueLock = yield* libc.pthread_mutex_init();
  const c = yield* libc.pthread_create(consumer);
  const l = yield* libc.pthread_create(logger);
  yield* libc.usleep(2_000);
  yield* cancelAndJoin(libc, c, 'consumer');
  yield* cancelAndJoin(libc, l, 'logger');
  yield* libc.printf('main: trylock on the queue after the consumer ended: %d (0 = free)\n', yield* libc.pthread_mutex_trylock(queueLock));
  return 0;
}
