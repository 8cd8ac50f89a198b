/**
 * rwlock.test.ts — reader-writer locks and spin locks (pthread_rwlock_*, pthread_spin_*) on every
 * library: readers share, a writer excludes, the try variants' EBUSY, the timed variants'
 * ETIMEDOUT, the default preference for readers (a writer waits while new readers get in), the
 * writer-first kind, EDEADLK for the writer asking again, and a spin lock's mutual exclusion on
 * two CPUs. Keys are 'posix:*' (POSIX requires it) and 'glibc:*' (what glibc does where POSIX
 * leaves it open); a library meant to differ says so in deviations.ts.
 */

import { describe, expect } from 'vitest';
import {
  EBUSY, EDEADLK, ETIMEDOUT, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP, PTHREAD_RWLOCK_PREFER_WRITER_NP,
  type Libc,
  type pthread_rwlock_t, type Sim,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program, cpus = 1, timeLimit = 20e9): string[] {
  const r = run(lib, main, { cpus, timeLimit });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** A second reader gets in beside the first (tryrdlock 0) and a writer does not (EBUSY); LIFO unlocks. */
const readersShare: Program = function* (libc) {
  const rw = yield* libc.pthread_rwlock_init();
  yield* libc.pthread_rwlock_rdlock(rw);
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const r1 = yield* l.pthread_rwlock_tryrdlock(rw);
    const r2 = yield* l.pthread_rwlock_trywrlock(rw);
    const r3 = yield* l.pthread_rwlock_unlock(rw);
    return `${r1} ${r2} ${r3}`;
  });
  const ret = { value: '' as unknown };
  yield* libc.pthread_join(t, ret);
  const r4 = yield* libc.pthread_rwlock_unlock(rw);
  const r5 = yield* libc.pthread_rwlock_trywrlock(rw);
  yield* libc.printf('%s %d %d\n', ret.value, r4, r5);
  return 0;
};

/** Two readers; the first to lock is the first to unlock; then a writer must get in. */
const unlockOrder: Program = function* (libc) {
  const rw = yield* libc.pthread_rwlock_init();
  yield* libc.pthread_rwlock_rdlock(rw);
  let second = -1;
  let done = false;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_rwlock_rdlock(rw);
    while (!done) yield* l.usleep(100);
    second = yield* l.pthread_rwlock_unlock(rw);
    return 0;
  });
  yield* libc.usleep(1_000);
  const first = yield* libc.pthread_rwlock_unlock(rw);
  done = true;
  yield* libc.pthread_join(t, null);
  yield* libc.printf('%d %d %d\n', first, second, yield* libc.pthread_rwlock_trywrlock(rw));
  return 0;
};

/** A writer holds it: try variants EBUSY; a reader's rdlock waits until the writer unlocks. */
const writerExcludes: Program = function* (libc) {
  const rw = yield* libc.pthread_rwlock_init();
  yield* libc.pthread_rwlock_wrlock(rw);
  let writerDone = false;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const r1 = yield* l.pthread_rwlock_tryrdlock(rw);
    const r2 = yield* l.pthread_rwlock_trywrlock(rw);
    yield* l.pthread_rwlock_rdlock(rw);
    const after = writerDone ? 1 : 0;
    yield* l.pthread_rwlock_unlock(rw);
    return `${r1} ${r2} ${after}`;
  });
  yield* libc.usleep(2_000);
  writerDone = true;
  yield* libc.pthread_rwlock_unlock(rw);
  const ret = { value: '' as unknown };
  yield* libc.pthread_join(t, ret);
  yield* libc.printf('%s\n', ret.value);
  return 0;
};

/** Timed variants: 0 when free, ETIMEDOUT when a writer (or a reader, for timedwrlock) holds it. */
const timed: Program = function* (libc) {
  const rw = yield* libc.pthread_rwlock_init();
  const free = yield* libc.pthread_rwlock_timedrdlock(rw, 1_000_000);
  yield* libc.pthread_rwlock_unlock(rw);
  yield* libc.pthread_rwlock_wrlock(rw);
  const t1 = yield* libc.pthread_create(function* (l: Libc) {
    const a = yield* l.pthread_rwlock_timedrdlock(rw, 1_000_000);
    const b = yield* l.pthread_rwlock_timedwrlock(rw, 1_000_000);
    return `${a} ${b}`;
  });
  const r1 = { value: '' as unknown };
  yield* libc.pthread_join(t1, r1);
  yield* libc.pthread_rwlock_unlock(rw);
  yield* libc.pthread_rwlock_rdlock(rw);
  const t2 = yield* libc.pthread_create(function* (l: Libc) {
    return yield* l.pthread_rwlock_timedwrlock(rw, 1_000_000);
  });
  const r2 = { value: 0 as unknown };
  yield* libc.pthread_join(t2, r2);
  yield* libc.pthread_rwlock_unlock(rw);
  yield* libc.printf('%d %s %d\n', free, r1.value, r2.value);
  return 0;
};

/**
 * A reader holds it and a writer waits in wrlock; a new reader's tryrdlock: 0 where readers are
 * preferred, EBUSY where writers are. Then everyone leaves and the writer gets in.
 */
function preference(rw: (libc: Libc) => Sim<pthread_rwlock_t>): Program {
  return function* (libc) {
    const lock = yield* rw(libc);
    yield* libc.pthread_rwlock_rdlock(lock);
    let writerIn = false;
    const w = yield* libc.pthread_create(function* (l: Libc) {
      yield* l.pthread_rwlock_wrlock(lock);
      writerIn = true;
      yield* l.pthread_rwlock_unlock(lock);
      return 0;
    });
    yield* libc.usleep(1_000); // the writer is queued now
    const t = yield* libc.pthread_create(function* (l: Libc) {
      const r = yield* l.pthread_rwlock_tryrdlock(lock);
      if (r === 0) yield* l.pthread_rwlock_unlock(lock);
      return r;
    });
    const ret = { value: 0 as unknown };
    yield* libc.pthread_join(t, ret);
    const before = writerIn ? 1 : 0;
    yield* libc.pthread_rwlock_unlock(lock);
    yield* libc.pthread_join(w, null);
    yield* libc.printf('%d %d %d\n', ret.value, before, writerIn ? 1 : 0);
    return 0;
  };
}

const preferReader = preference(function* (libc) { return yield* libc.pthread_rwlock_init(); });
const preferWriter = preference(function* (libc) {
  const a = yield* libc.pthread_rwlockattr_init();
  yield* libc.pthread_rwlockattr_setkind_np(a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  return yield* libc.pthread_rwlock_init(a);
});

/**
 * PTHREAD_RWLOCK_PREFER_WRITER_NP: a reader holding the lock asks again while a writer waits —
 * it must get in (Unix 98's recursive read locks), not queue behind the writer it blocks.
 */
const recursiveRead: Program = function* (libc) {
  const a = yield* libc.pthread_rwlockattr_init();
  yield* libc.pthread_rwlockattr_setkind_np(a, PTHREAD_RWLOCK_PREFER_WRITER_NP);
  const rw = yield* libc.pthread_rwlock_init(a);
  yield* libc.pthread_rwlock_rdlock(rw);
  const w = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.pthread_rwlock_wrlock(rw);
    return yield* l.pthread_rwlock_unlock(rw);
  });
  yield* libc.usleep(1_000); // the writer is queued now
  const again = yield* libc.pthread_rwlock_rdlock(rw);
  yield* libc.pthread_rwlock_unlock(rw);
  yield* libc.pthread_rwlock_unlock(rw);
  yield* libc.pthread_join(w, null);
  yield* libc.printf('%d\n', again);
  return 0;
};

/** The writer asks again: EDEADLK for a write lock and for a read lock (glibc's NPTL). */
const writerRelock: Program = function* (libc) {
  const rw = yield* libc.pthread_rwlock_init();
  yield* libc.pthread_rwlock_wrlock(rw);
  const a = yield* libc.pthread_rwlock_wrlock(rw);
  const b = yield* libc.pthread_rwlock_rdlock(rw);
  yield* libc.printf('%d %d\n', a, b);
  return 0;
};

/** Two threads on two CPUs add to a counter under a spin lock, reading and writing it apart. */
const spinCounter: Program = function* (libc) {
  const s = yield* libc.pthread_spin_init(0);
  let counter = 0;
  function* worker(l: Libc): Sim<number> {
    for (let i = 0; i < 100; i++) {
      yield* l.pthread_spin_lock(s);
      const v = counter;
      yield* l.compute(2_000);
      counter = v + 1;
      yield* l.pthread_spin_unlock(s);
      yield* l.compute(1_000);
    }
    return 0;
  }
  yield* libc.pthread_spin_lock(s);
  const t1 = yield* libc.pthread_create(worker);
  const busy = yield* libc.pthread_create(function* (l: Libc) { return yield* l.pthread_spin_trylock(s); });
  const r = { value: 0 as unknown };
  yield* libc.pthread_join(busy, r);
  yield* libc.pthread_spin_unlock(s);
  const t2 = yield* libc.pthread_create(worker);
  yield* libc.pthread_join(t1, null);
  yield* libc.pthread_join(t2, null);
  yield* libc.printf('%d %d %d\n', r.value, counter, yield* libc.pthread_spin_destroy(s));
  return 0;
};

for (const lib of libraryNames()) {
  describe(`reader-writer and spin locks on ${lib}`, () => {
    check(lib, 'posix:rwlock-readers-share', 'a second reader gets in beside the first, a writer does not (EBUSY); the lock is free after both unlock', () => {
      expect(out(lib, readersShare)).toEqual([`0 ${EBUSY} 0 0 0`]);
    });
    check(lib, 'posix:rwlock-unlock-order', 'two readers may unlock in the order they locked; then a writer gets in', () => {
      expect(out(lib, unlockOrder)).toEqual(['0 0 0']);
    });
    check(lib, 'posix:rwlock-writer-excludes', 'a writer holds it: tryrdlock and trywrlock are EBUSY, rdlock waits for its unlock', () => {
      expect(out(lib, writerExcludes)).toEqual([`${EBUSY} ${EBUSY} 1`]);
    });
    check(lib, 'posix:rwlock-timed', 'timedrdlock takes a free lock; both timed variants fail with ETIMEDOUT on a held one', () => {
      expect(out(lib, timed)).toEqual([`0 ${ETIMEDOUT} ${ETIMEDOUT} ${ETIMEDOUT}`]);
    });
    check(lib, 'glibc:rwlock-prefer-reader', 'by default a new reader gets in while a writer waits (PTHREAD_RWLOCK_PREFER_READER_NP); the writer gets in last', () => {
      expect(out(lib, preferReader)).toEqual(['0 0 1']);
    });
    check(lib, 'glibc:rwlock-prefer-writer', 'PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP: a new reader is refused while a writer waits', () => {
      expect(out(lib, preferWriter)).toEqual([`${EBUSY} 0 1`]);
    });
    check(lib, 'glibc:rwlock-recursive-read', 'PREFER_WRITER_NP: a reader that holds the lock gets it again while a writer waits', () => {
      expect(out(lib, recursiveRead, 1, 1e9)).toEqual(['0']);
    });
    check(lib, 'glibc:rwlock-edeadlk', 'the writer asking again for the write or a read lock gets EDEADLK', () => {
      expect(out(lib, writerRelock, 1, 1e9)).toEqual([`${EDEADLK} ${EDEADLK}`]);
    });
    check(lib, 'posix:spin-lock', 'a spin lock is EBUSY to trylock while held and keeps two threads on two CPUs apart', () => {
      expect(out(lib, spinCounter, 2)).toEqual([`${EBUSY} 200 0`]);
    });
  });
}
