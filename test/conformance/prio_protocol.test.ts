/**
 * prio_protocol.test.ts — the mutex priority protocols from TypeScript (POSIX's
 * _POSIX_THREAD_PRIO_INHERIT / _PRIO_PROTECT; Libc.pthread_mutexattr_setprotocol and the
 * ceiling calls), on every library and on NPTL of glibc 2.36 (label 'nptl+glibc=2.36'); the
 * others had none of the calls (deviations.ts posix:prio-protocol).
 *
 * Unprivileged (SCHED_OTHER, as a student's program runs): the attribute calls and their EINVALs,
 * a PTHREAD_PRIO_INHERIT mutex's owner checks (EDEADLK, EPERM), and glibc's PTHREAD_PRIO_PROTECT
 * quirk — the first lock asks sched_setscheduler(SCHED_OTHER, ceiling) and returns its EINVAL, yet
 * leaves the ceiling counted, so the next lock succeeds. As root (SCHED_FIFO): a low owner of a
 * PRIO_INHERIT mutex is boosted past a medium spinner, so the high waiter waits for the critical
 * section only (priority inversion bounded); a PRIO_PROTECT owner runs at the ceiling
 * (sched_getparam) while pthread_getschedparam shows its own priority, and a thread above the
 * ceiling is refused (EINVAL).
 */

import { describe, expect } from 'vitest';
import {
  PTHREAD_PRIO_INHERIT, PTHREAD_PRIO_PROTECT, type Libc, type Sim, type pthread_mutex_t, type MutexAttr, type Ref,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

const TARGETS = [
  ...libraryNames().map((lib) => ({ label: lib, lib, libOptions: {} })),
  { label: 'nptl+glibc=2.36', lib: 'nptl', libOptions: { glibc: '2.36' } },
];
const SCHED_FIFO = 1;
const MS = 1e6;

function* unlockOther(l: Libc, m: pthread_mutex_t): Sim<number> {
  return yield* l.pthread_mutex_unlock(m);
}

const unprivileged: Program = function* (libc) {
  const out: number[] = [];
  const attr: MutexAttr = {};
  const v: Ref<number> = { value: -1 };
  out.push(yield* libc.pthread_mutexattr_setprotocol(attr, 3));
  out.push(yield* libc.pthread_mutexattr_setprotocol(attr, PTHREAD_PRIO_INHERIT));
  out.push(yield* libc.pthread_mutexattr_getprotocol(attr, v), v.value);
  out.push(yield* libc.pthread_mutexattr_getprioceiling(attr, v), v.value);
  out.push(yield* libc.pthread_mutexattr_setprioceiling(attr, 0), yield* libc.pthread_mutexattr_setprioceiling(attr, 100));
  const pi = yield* libc.pthread_mutex_init({ ...attr, type: 'errorcheck' });
  out.push(yield* libc.pthread_mutex_lock(pi), yield* libc.pthread_mutex_lock(pi), yield* libc.pthread_mutex_trylock(pi));
  out.push(yield* libc.pthread_join(yield* libc.pthread_create(unlockOther, pi), v), v.value as number);
  out.push(yield* libc.pthread_mutex_unlock(pi), yield* libc.pthread_mutex_getprioceiling(pi, v));
  const pa: MutexAttr = {};
  yield* libc.pthread_mutexattr_setprotocol(pa, PTHREAD_PRIO_PROTECT);
  out.push(yield* libc.pthread_mutexattr_setprioceiling(pa, 50));
  const pp = yield* libc.pthread_mutex_init(pa);
  out.push(yield* libc.pthread_mutex_getprioceiling(pp, v), v.value);
  out.push(yield* libc.pthread_mutex_setprioceiling(pp, 60, v), v.value);
  out.push(yield* libc.pthread_mutex_lock(pp), yield* libc.pthread_mutex_lock(pp), yield* libc.pthread_mutex_unlock(pp));
  yield* libc.printf('%s\n', out.join(' '));
  return 0;
};

const root: Program = function* (libc) {
  const log: string[] = [];
  yield* libc.sched_setscheduler(0, SCHED_FIFO, { sched_priority: 99 });
  const pa: MutexAttr = {};
  yield* libc.pthread_mutexattr_setprotocol(pa, PTHREAD_PRIO_INHERIT);
  const m = yield* libc.pthread_mutex_init(pa);
  let t0 = 0, hGot = 0;
  const low = function* (l: Libc): Sim<number> {
    yield* l.pthread_mutex_lock(m);
    log.push('L');
    for (let i = 0; i < 30; i++) yield* l.compute(MS);
    yield* l.pthread_mutex_unlock(m);
    return 0;
  };
  const medium = function* (l: Libc): Sim<number> {
    yield* l.usleep(1000);
    log.push('M');
    yield* l.compute(100 * MS);
    log.push('M done');
    return 0;
  };
  const high = function* (l: Libc): Sim<number> {
    yield* l.usleep(5000);
    yield* l.pthread_mutex_lock(m);
    hGot = (yield* l.clock_gettime()) - t0;
    log.push('H');
    yield* l.pthread_mutex_unlock(m);
    return 0;
  };
  t0 = yield* libc.clock_gettime();
  const ts = [];
  for (const [fn, prio] of [[low, 10], [medium, 20], [high, 30]] as const) {
    const t = yield* libc.pthread_create(fn);
    yield* libc.pthread_setschedparam(t, SCHED_FIFO, { sched_priority: prio });
    ts.push(t);
  }
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('%s %s\n', log.join(','), hGot < 40 * MS ? 'bounded' : 'unbounded');
  // PRIO_PROTECT at FIFO 10: the kernel has the ceiling, the descriptor the thread's own priority
  const qa: MutexAttr = {};
  yield* libc.pthread_mutexattr_setprotocol(qa, PTHREAD_PRIO_PROTECT);
  yield* libc.pthread_mutexattr_setprioceiling(qa, 50);
  const pp = yield* libc.pthread_mutex_init(qa);
  const self = yield* libc.pthread_self();
  yield* libc.pthread_setschedparam(self, SCHED_FIFO, { sched_priority: 10 });
  const k: Ref<{ sched_priority: number }> = { value: { sched_priority: -1 } }, p: Ref<{ sched_priority: number }> = { value: { sched_priority: -1 } }, pol: Ref<number> = { value: -1 };
  const r = yield* libc.pthread_mutex_lock(pp);
  yield* libc.sched_getparam(0, k);
  yield* libc.pthread_getschedparam(self, pol, p);
  const held = `${r} ${k.value!.sched_priority} ${p.value!.sched_priority}`;
  yield* libc.pthread_mutex_unlock(pp);
  yield* libc.sched_getparam(0, k);
  yield* libc.pthread_setschedparam(self, SCHED_FIFO, { sched_priority: 60 });
  yield* libc.printf('%s %d %d\n', held, k.value!.sched_priority, yield* libc.pthread_mutex_lock(pp));
  return 0;
};

for (const t of TARGETS) {
  describe(`priority protocols on ${t.label}`, () => {
    check(t.label, 'posix:prio-protocol', 'attributes and EINVALs; PRIO_INHERIT owner checks; PRIO_PROTECT under SCHED_OTHER: EINVAL then taken (glibc); as root PI bounds an inversion and PP runs the owner at the ceiling', () => {
      const u = run(t.lib, unprivileged, { libOptions: t.libOptions });
      expect(u.outcome, u.deadlock ?? '').toBe('exited');
      // EINVAL=22 EDEADLK=35 EPERM=1 EBUSY=16 (an errorcheck PI mutex's owner trylocks: EDEADLK)
      expect(lines(u)).toEqual(['22 0 0 1 0 1 22 22 0 35 35 0 1 0 22 0 0 50 0 50 22 0 0']);
      const r = run(t.lib, root, { libOptions: t.libOptions, setuid: 0 });
      expect(r.outcome, r.deadlock ?? '').toBe('exited');
      expect(lines(r)).toEqual(['L,M,H,M done bounded', '0 50 10 10 22']);
    });
  });
}
