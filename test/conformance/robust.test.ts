/**
 * robust.test.ts — robust mutexes from TypeScript (Libc.pthread_mutexattr_setrobust,
 * pthread_mutex_consistent; POSIX.1-2008): a thread that returns holding one hands it to the next
 * locker with EOWNERDEAD — a locker asleep in pthread_mutex_lock included, woken by the kernel's
 * robust-list walk at the owner's exit (kernel/futex_robust.ts) — pthread_mutex_consistent makes
 * it whole, an unlock without it makes it ENOTRECOVERABLE; a process-shared one is handed over
 * when a fork child exits holding it. Run on every library and on NPTL of glibc 2.36 (label
 * 'nptl+glibc=2.36'); the others had no robust mutexes (deviations.ts posix:robust-mutex).
 */

import { describe, expect } from 'vitest';
import { EOWNERDEAD, ENOTRECOVERABLE, PTHREAD_MUTEX_ROBUST, type Libc, type Sim, type pthread_mutex_t, type MutexAttr } from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

const TARGETS = [
  ...libraryNames().map((lib) => ({ label: lib, lib, libOptions: {} })),
  { label: 'nptl+glibc=2.36', lib: 'nptl', libOptions: { glibc: '2.36' } },
];

function* dieHolding(l: Libc, m: pthread_mutex_t): Sim<number> {
  yield* l.pthread_mutex_lock(m);
  return 0;
}

function* dieLater(l: Libc, m: pthread_mutex_t): Sim<number> {
  yield* l.pthread_mutex_lock(m);
  yield* l.usleep(10_000); // main sleeps in pthread_mutex_lock meanwhile
  return 0;
}

const robust: Program = function* (libc) {
  const attr: MutexAttr = {};
  const set = yield* libc.pthread_mutexattr_setrobust(attr, PTHREAD_MUTEX_ROBUST);
  const m = yield* libc.pthread_mutex_init(attr);
  yield* libc.pthread_join(yield* libc.pthread_create(dieHolding, m));
  const dead = yield* libc.pthread_mutex_lock(m);
  const cons = yield* libc.pthread_mutex_consistent(m);
  yield* libc.pthread_mutex_unlock(m);
  const t = yield* libc.pthread_create(dieLater, m);
  yield* libc.usleep(1000);
  const woken = yield* libc.pthread_mutex_lock(m); // asleep until the owner's exit
  yield* libc.pthread_join(t);
  yield* libc.pthread_mutex_unlock(m); // not made consistent
  const gone = yield* libc.pthread_mutex_lock(m);
  const shared = yield* libc.pthread_mutex_init({ ...attr, pshared: 1 });
  const pid = yield* libc.fork(function* (l) { yield* l.pthread_mutex_lock(shared); return 0; });
  yield* libc.waitpid(pid, null, 0);
  const forked = yield* libc.pthread_mutex_lock(shared);
  yield* libc.printf('%d %d %d %d %d %d\n', set, dead, cons, woken, gone, forked);
  return 0;
};

for (const t of TARGETS) {
  describe(`robust mutexes on ${t.label}`, () => {
    check(t.label, 'posix:robust-mutex', 'an owner that dies holding one hands it over with EOWNERDEAD (a sleeping locker woken); consistent; ENOTRECOVERABLE after an unlock without it; a fork child\'s pshared one too', () => {
      const r = run(t.lib, robust, { libOptions: t.libOptions, timeLimit: 5e9 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual([`0 ${EOWNERDEAD} 0 ${EOWNERDEAD} ${ENOTRECOVERABLE} ${EOWNERDEAD}`]);
    });
  });
}
