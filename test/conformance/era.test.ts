/**
 * era.test.ts — checks whose answer changed with the C library's era, run on every registered
 * library and on NPTL as glibc 2.36 builds it (`--lib-opt glibc=2.36`, label 'nptl+glibc=2.36'),
 * plus the thread life cycle of that variant against the rules every library keeps.
 *
 * posix:kill-exited — pthread_kill of a thread that has exited but is not joined returns 0:
 * POSIX.1-2008 says the id stays valid until the thread is joined, and glibc 2.34's
 * pthread_kill.c does so; NPTL of the 2.3 era (the library's default) answers ESRCH, as
 * deviations.ts records.
 *
 * posix:cond-stress — a bounded buffer under signal, broadcast and timed waits loses and
 * duplicates nothing: the 2.3 counters and 2.36's G1/G2 groups (pthread_cond_*_2_36.ts) alike.
 */

import { describe, expect } from 'vitest';
import { SIGUSR1, SIGUSR2, SIGTERM, SIG_BLOCK, SIG_SETMASK, ETIMEDOUT, sigmask, type Libc } from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

interface Target { label: string; lib: string; libOptions: Record<string, unknown> }

const TARGETS: Target[] = [
  ...libraryNames().map((lib) => ({ label: lib, lib, libOptions: {} })),
  { label: 'nptl+glibc=2.36', lib: 'nptl', libOptions: { glibc: '2.36' } },
];

function out(t: Target, main: Program, cpus = 1): string[] {
  const r = run(t.lib, main, { cpus, libOptions: t.libOptions });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

function* quick(_l: Libc) { return 5; }

const killExited: Program = function* (libc) {
  const t = yield* libc.pthread_create(quick);
  yield* libc.usleep(10_000); // it has returned and exited by now
  const probe = yield* libc.pthread_kill(t, 0);
  const usr1 = yield* libc.pthread_kill(t, SIGUSR1);
  const v = { value: 0 as unknown };
  const joined = yield* libc.pthread_join(t, v);
  yield* libc.printf('%d %d %d %d\n', probe, usr1, joined, v.value);
  return 0;
};

/** The new thread inherits the creator's mask (whatever the library does around the clone). */
const maskInherited: Program = function* (libc) {
  yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1));
  let seen = -1n;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const m = { value: 0n };
    yield* l.pthread_sigmask(SIG_BLOCK, null, m);
    seen = m.value;
    return 0;
  });
  yield* libc.pthread_join(t);
  yield* libc.pthread_sigmask(SIG_SETMASK, 0n);
  // (LinuxThreads keeps its restart signal blocked in every thread: only the application's signals are compared)
  const inherited = (seen & sigmask(SIGUSR1)) !== 0n && (seen & (sigmask(SIGUSR2) | sigmask(SIGTERM))) === 0n;
  yield* libc.printf('%s\n', inherited ? 'same' : `0x${seen.toString(16)}`);
  return 0;
};

/** Many creations, joined and detached, on 2 CPUs: every value comes back, the process ends 0. */
const churn: Program = function* (libc) {
  let sum = 0;
  let detachedDone = 0;
  for (let i = 0; i < 60; i++) {
    const t = yield* libc.pthread_create(function* (l: Libc, n: number) { yield* l.compute(2_000); return n; }, i);
    const d = yield* libc.pthread_create(function* (l: Libc) { yield* l.compute(1_000); detachedDone++; return 0; }, null, { detached: true });
    if (t < 0 || d < 0) return 1;
    const v = { value: 0 as unknown };
    yield* libc.pthread_join(t, v);
    sum += v.value as number;
  }
  while (detachedDone < 60) yield* libc.usleep(100);
  yield* libc.printf('%d\n', sum);
  return yield* libc.pthread_exit(0); // rule 28: the last thread's exit ends the process with 0
};

/**
 * A bounded buffer of 4 under one mutex and two condition variables: 3 producers put 120 items,
 * 3 consumers take them with short timed waits; producers signal, every 10th item broadcasts.
 * Every item is taken exactly once and nobody is left waiting (lost or stolen wake-ups would
 * leave a waiter asleep or an item behind).
 */
const condStress: Program = function* (libc) {
  const mu = yield* libc.pthread_mutex_init();
  const notEmpty = yield* libc.pthread_cond_init();
  const notFull = yield* libc.pthread_cond_init();
  const q: number[] = [];
  let produced = 0, sum = 0, taken = 0;
  const ITEMS = 120;
  const producer = function* (l: Libc) {
    for (;;) {
      yield* l.pthread_mutex_lock(mu);
      while (q.length === 4 && produced < ITEMS) yield* l.pthread_cond_wait(notFull, mu);
      if (produced === ITEMS) { yield* l.pthread_mutex_unlock(mu); return 0; }
      q.push(++produced);
      if (produced % 10 === 0) yield* l.pthread_cond_broadcast(notEmpty);
      else yield* l.pthread_cond_signal(notEmpty);
      yield* l.pthread_mutex_unlock(mu);
      yield* l.compute(500);
    }
  };
  const consumer = function* (l: Libc) {
    yield* l.pthread_mutex_lock(mu);
    while (taken < ITEMS) {
      if (q.length === 0) {
        const r = yield* l.pthread_cond_timedwait(notEmpty, mu, 20_000);
        if (r !== 0 && r !== ETIMEDOUT) return r;
        continue;
      }
      sum += q.shift()!;
      taken++;
      yield* l.pthread_cond_signal(notFull);
      yield* l.pthread_mutex_unlock(mu);
      yield* l.compute(700);
      yield* l.pthread_mutex_lock(mu);
    }
    yield* l.pthread_cond_broadcast(notFull); // release producers still waiting for room
    yield* l.pthread_mutex_unlock(mu);
    return 0;
  };
  const ts = [];
  for (let i = 0; i < 3; i++) ts.push(yield* libc.pthread_create(producer), yield* libc.pthread_create(consumer));
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('%d %d %d\n', taken, sum, q.length);
  return 0;
};

for (const t of TARGETS) {
  describe(`era-dependent checks on ${t.label}`, () => {
    check(t.label, 'posix:kill-exited', 'pthread_kill of an exited, unjoined thread returns 0; it is still joinable', () => {
      expect(out(t, killExited)).toEqual(['0 0 0 5']);
    });
    check(t.label, 'posix:mask-inherited', 'a new thread starts with its creator\'s signal mask', () => {
      expect(out(t, maskInherited)).toEqual(['same']);
    });
    check(t.label, 'posix:cond-stress', 'a bounded buffer (3 producers, 3 consumers, signal, broadcast, timed waits) on 1 and 2 CPUs: every item once', () => {
      for (const cpus of [1, 2]) expect(out(t, condStress, cpus)).toEqual([`120 ${(120 * 121) / 2} 0`]);
    });
    check(t.label, 'posix:churn', '60 joined and 60 detached threads on 2 CPUs: values returned, status 0 after main\'s pthread_exit', () => {
      const r = run(t.lib, churn, { cpus: 2, libOptions: t.libOptions });
      expect(r.statusText, r.deadlock ?? r.dmesg.join('\n')).toBe('exited with status 0');
      expect(lines(r)).toEqual([String((59 * 60) / 2)]);
    });
  });
}
