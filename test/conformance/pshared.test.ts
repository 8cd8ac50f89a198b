/**
 * pshared.test.ts — synchronisation between processes on every library: a process-shared
 * mutex and condition variable used by a parent and its fork child (ping-pong), sem_init with
 * pshared 1 across fork, a pshared barrier, and named semaphores (sem_open/sem_close/
 * sem_unlink with their errors). NPTL has them all (shared futexes: kernel/futex.ts); the
 * others differ by design (deviations.ts): LinuxThreads' mutex.c/condvar.c/semaphore.c answer
 * ENOSYS, GNU Pth's pthread.c too, NGPT 2.2.1's shared area is not modelled, and none but NPTL
 * has sem_open.
 *
 * TypeScript programs share JavaScript values across fork by closure (DESIGN.md 5), so the
 * turn variable below is shared; what the checks test is that a wake-up crosses processes.
 */

import { describe, expect } from 'vitest';
import {
  PTHREAD_PROCESS_SHARED, O_CREAT, O_EXCL, EEXIST, ENOENT, EINVAL, ENAMETOOLONG, strerror,
  type Libc, type Program,
} from '../../libs/api.js';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

const ROUNDS = 3;

/** Parent and child hand a turn back and forth under a pshared mutex + condvar. */
const pingpong: Program = function* (libc) {
  const ma = {}, ca = {};
  const r1 = yield* libc.pthread_mutexattr_setpshared(ma, PTHREAD_PROCESS_SHARED);
  const r2 = yield* libc.pthread_condattr_setpshared(ca, PTHREAD_PROCESS_SHARED);
  if (r1 !== 0 || r2 !== 0) {
    yield* libc.printf('setpshared: %s\n', strerror(r1 || r2));
    return 1;
  }
  const m = yield* libc.pthread_mutex_init(ma);
  const c = yield* libc.pthread_cond_init(ca);
  let turn = 0;
  const pid = yield* libc.fork(function* (l: Libc) {
    for (let i = 0; i < ROUNDS; i++) {
      yield* l.pthread_mutex_lock(m);
      while (turn !== 1) yield* l.pthread_cond_wait(c, m);
      turn = 0;
      yield* l.pthread_cond_signal(c);
      yield* l.pthread_mutex_unlock(m);
    }
    return 0;
  });
  for (let i = 0; i < ROUNDS; i++) {
    yield* libc.usleep(1000); // the child waits first
    yield* libc.pthread_mutex_lock(m);
    turn = 1;
    yield* libc.pthread_cond_signal(c);
    while (turn !== 0) yield* libc.pthread_cond_wait(c, m);
    yield* libc.pthread_mutex_unlock(m);
    yield* libc.printf('round %d\n', i);
  }
  const st = { value: -1 };
  yield* libc.waitpid(pid, st, 0);
  yield* libc.printf('child status %d\n', st.value);
  return 0;
};

/** sem_init(pshared 1): the child posts, the parent waits in sem_wait until it does. */
const semPshared: Program = function* (libc) {
  const s = yield* libc.sem_init(0, 1);
  if (s === null) {
    yield* libc.printf('sem_init: %s\n', strerror(libc.errno));
    return 1;
  }
  const pid = yield* libc.fork(function* (l: Libc) {
    yield* l.usleep(2000);
    yield* l.sem_post(s);
    return 0;
  });
  const r = yield* libc.sem_wait(s);
  yield* libc.waitpid(pid, null, 0);
  yield* libc.printf('sem_wait %d\n', r);
  return 0;
};

/** A pshared barrier of two: parent and child both pass it. */
const barrier: Program = function* (libc) {
  const ba = {};
  const r = yield* libc.pthread_barrierattr_setpshared(ba, PTHREAD_PROCESS_SHARED);
  if (r !== 0) {
    yield* libc.printf('setpshared: %s\n', strerror(r));
    return 1;
  }
  const b = yield* libc.pthread_barrier_init(2, ba);
  const pid = yield* libc.fork(function* (l: Libc) {
    yield* l.usleep(2000);
    yield* l.pthread_barrier_wait(b);
    return 0;
  });
  yield* libc.pthread_barrier_wait(b);
  yield* libc.waitpid(pid, null, 0);
  yield* libc.printf('passed\n');
  return 0;
};

/** Named semaphores: the errors, then the child opens the name and posts the parent awake. */
const named: Program = function* (libc) {
  const s = yield* libc.sem_open('/pp', O_CREAT | O_EXCL, 0o600, 0);
  if (s === null) {
    yield* libc.printf('sem_open: %s\n', strerror(libc.errno));
    return 1;
  }
  const errs: string[] = [];
  const fail = function* (r: unknown): Generator<never, void> { errs.push(r === null || r === -1 ? strerror(libc.errno) : 'ok'); };
  yield* fail(yield* libc.sem_open('/pp', O_CREAT | O_EXCL, 0o600, 0));
  yield* fail(yield* libc.sem_open('/none', 0));
  yield* fail(yield* libc.sem_open('/big', O_CREAT, 0o600, 0x80000000));
  yield* fail(yield* libc.sem_open('/' + 'n'.repeat(300), O_CREAT, 0o600, 0));
  yield* fail(yield* libc.sem_open('/a/b', O_CREAT, 0o600, 0));
  const pid = yield* libc.fork(function* (l: Libc) {
    const t = yield* l.sem_open('pp', 0); // the leading slash is optional
    yield* l.usleep(2000);
    yield* l.sem_post(t!);
    yield* l.sem_post(t!);
    return yield* l.sem_close(t!);
  });
  const a = yield* libc.sem_wait(s);
  const b = yield* libc.sem_wait(s);
  const st = { value: -1 };
  yield* libc.waitpid(pid, st, 0);
  yield* libc.printf('%s\nwaits %d %d child %d\n', errs.join(' '), a, b, st.value);
  const c = yield* libc.sem_close(s);
  const c2 = yield* libc.sem_close(s);
  const u = yield* libc.sem_unlink('/pp');
  const u2 = yield* libc.sem_unlink('/pp');
  yield* libc.printf('close %d %d unlink %d %d %s\n', c, c2, u, u2, strerror(libc.errno));
  return 0;
};

const E = (e: number): string => strerror(e);

for (const lib of libraryNames()) {
  describe(`process-shared synchronisation on ${lib}`, () => {
    check(lib, 'posix:pshared-mutex-cond', 'a PTHREAD_PROCESS_SHARED mutex and condvar hand a turn between parent and fork child', () => {
      const r = run(lib, pingpong, { timeLimit: 5e9 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual(['round 0', 'round 1', 'round 2', 'child status 0']);
    });
    check(lib, 'posix:sem-init-pshared', 'sem_init(pshared 1): the fork child\'s sem_post wakes the parent', () => {
      const r = run(lib, semPshared, { timeLimit: 5e9 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual(['sem_wait 0']);
    });
    check(lib, 'posix:pshared-barrier', 'a PTHREAD_PROCESS_SHARED barrier of two lets parent and child through', () => {
      const r = run(lib, barrier, { timeLimit: 5e9 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual(['passed']);
    });
    check(lib, 'posix:sem-open', 'sem_open/sem_close/sem_unlink: EEXIST, ENOENT, EINVAL, ENAMETOOLONG; a post in the child wakes the parent', () => {
      const r = run(lib, named, { timeLimit: 5e9 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual([
        // '/a/b': glibc 2.3 (NPTL's default era) passes it on, and /dev/shm has no directory a (ENOENT).
        [E(EEXIST), E(ENOENT), E(EINVAL), E(ENAMETOOLONG), E(ENOENT)].join(' '),
        'waits 0 0 child 0',
        `close 0 -1 unlink 0 -1 ${E(ENOENT)}`,
      ]);
    });
  });
}
