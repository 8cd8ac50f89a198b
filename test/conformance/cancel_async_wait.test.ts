/**
 * cancel_async_wait.test.ts — asynchronous cancellation of a thread blocked on a mutex, on
 * every library (LTP's pthread_setcanceltype/1-1, pthread_mutex_init/1-2 and 3-2): the thread
 * enables PTHREAD_CANCEL_ASYNCHRONOUS, blocks on a mutex another thread holds (or relocks a
 * normal mutex it holds itself), and pthread_cancel ends it at once — its cleanup handler
 * runs, pthread_join returns PTHREAD_CANCELED. A mutex wait is no cancellation point, so only
 * the asynchronous type reaches it (GNU Pth's pth_cancel takes such a thread off its queue).
 */

import { describe, expect } from 'vitest';
import { PTHREAD_CANCELED, PTHREAD_CANCEL_ASYNCHRONOUS, type Libc, type Sim } from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

/** `self`: the thread relocks a normal mutex it holds (a deadlock only cancellation ends). */
function blockedOnMutex(self: boolean): Program {
  return function* (libc) {
    const m = yield* libc.pthread_mutex_init();
    const log: string[] = [];
    if (!self) yield* libc.pthread_mutex_lock(m);
    const t = yield* libc.pthread_create(function* (l: Libc): Sim<number> {
      if (self) yield* l.pthread_mutex_lock(m);
      yield* l.pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, null);
      yield* l.pthread_cleanup_push(() => { log.push('cleanup'); });
      yield* l.pthread_mutex_lock(m);
      log.push('locked');
      yield* l.pthread_cleanup_pop(0);
      return 0;
    });
    yield* libc.usleep(10_000);
    const c = yield* libc.pthread_cancel(t);
    const r = { value: undefined as unknown };
    const j = yield* libc.pthread_join(t, r);
    yield* libc.printf('%d %d %s %s\n', c, j, r.value === PTHREAD_CANCELED ? 'canceled' : String(r.value), log.join(','));
    return 0;
  };
}

for (const lib of libraryNames()) {
  describe(`asynchronous cancellation of a mutex wait on ${lib}`, () => {
    check(lib, 'posix:cancel-async-mutex-wait', 'a thread blocked on a mutex with asynchronous cancellation enabled is cancelled at once: its cleanup runs, join sees PTHREAD_CANCELED', () => {
      for (const self of [false, true]) {
        const r = run(lib, blockedOnMutex(self), { timeLimit: 5e9 });
        expect(r.outcome, r.deadlock ?? '').toBe('exited');
        expect(lines(r)).toEqual(['0 0 canceled cleanup']);
      }
    });
  });
}
