/**
 * rules.test.ts — rule-level checks every thread library should pass, on every registered
 * library: the POSIX thread API's error numbers, mutual exclusion, condition variables,
 * semaphores, barriers, once, keys, per-thread errno, and the DESIGN.md rules a program can
 * observe through any library (3, 8, 10, 12, 13, 15). Keys are rule numbers or 'posix:*'
 * names; a library meant to differ says so in deviations.ts.
 */

import { describe, expect } from 'vitest';
import {
  EDEADLK, EINVAL, ESRCH, EPERM, EBUSY, ETIMEDOUT, EBADF, SIGUSR1, SIGTERM, SIG_BLOCK, SIG_UNBLOCK,
  sigmask, PTHREAD_ONCE_INIT, type Libc, type SigInfo,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

/** Run a program whose main prints results; return its output lines (after checking it exited). */
function out(lib: string, main: Program, cpus = 1): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

function* idle(libc: Libc) { yield* libc.compute(1_000); return 7; }
function* sleeper(libc: Libc) { yield* libc.usleep(2_000); return 0; }

const joinErrors: Program = function* (libc) {
  const self = yield* libc.pthread_self();
  const d = yield* libc.pthread_create(sleeper, null, { detached: true });
  const t = yield* libc.pthread_create(idle);
  const ret = { value: 0 as unknown };
  const ok = yield* libc.pthread_join(t, ret);
  yield* libc.printf('%d %d %d %d %d\n', yield* libc.pthread_join(self), yield* libc.pthread_join(d), yield* libc.pthread_join(0x7ffffff0), ok, ret.value);
  return 0;
};

const mutexErrors: Program = function* (libc) {
  const e = yield* libc.pthread_mutex_init({ type: 'errorcheck' });
  const n = yield* libc.pthread_mutex_init();
  yield* libc.pthread_mutex_lock(e);
  const relock = yield* libc.pthread_mutex_lock(e);
  let foreign = -1;
  const t = yield* libc.pthread_create(function* (l: Libc) { foreign = yield* l.pthread_mutex_unlock(e); return 0; });
  yield* libc.pthread_join(t);
  yield* libc.pthread_mutex_lock(n);
  const busy = yield* libc.pthread_mutex_trylock(n);
  const destroyBusy = yield* libc.pthread_mutex_destroy(n);
  yield* libc.pthread_mutex_unlock(n);
  yield* libc.pthread_mutex_unlock(e);
  yield* libc.printf('%d %d %d %d %d\n', relock, foreign, busy, destroyBusy, yield* libc.pthread_mutex_trylock(n));
  return 0;
};

const recursive: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init({ type: 'recursive' });
  yield* libc.pthread_mutex_lock(m);
  yield* libc.pthread_mutex_lock(m);
  let got = -1;
  const t = yield* libc.pthread_create(function* (l: Libc) { got = yield* l.pthread_mutex_trylock(m); return 0; });
  yield* libc.pthread_join(t);
  const firstTry = got;
  yield* libc.pthread_mutex_unlock(m);
  yield* libc.pthread_mutex_unlock(m);
  const t2 = yield* libc.pthread_create(function* (l: Libc) { got = yield* l.pthread_mutex_trylock(m); return 0; });
  yield* libc.pthread_join(t2);
  yield* libc.printf('%d %d\n', firstTry, got);
  return 0;
};

const counter: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init();
  let total = 0;
  function* worker(l: Libc) {
    for (let i = 0; i < 200; i++) {
      yield* l.pthread_mutex_lock(m);
      const v = total;
      yield* l.compute(500); // a read-modify-write spread over a preemptible burst
      total = v + 1;
      yield* l.pthread_mutex_unlock(m);
    }
    return 0;
  }
  const ts = [];
  for (let i = 0; i < 4; i++) ts.push(yield* libc.pthread_create(worker));
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('%d\n', total);
  return 0;
};

const condvars: Program = function* (libc) {
  const m = yield* libc.pthread_mutex_init();
  const c = yield* libc.pthread_cond_init();
  yield* libc.pthread_mutex_lock(m);
  const timed = yield* libc.pthread_cond_timedwait(c, m, 1_000_000);
  yield* libc.pthread_mutex_unlock(m);
  let go = false;
  let woke = 0;
  function* waiter(l: Libc) {
    yield* l.pthread_mutex_lock(m);
    while (!go) yield* l.pthread_cond_wait(c, m);
    woke++;
    yield* l.pthread_mutex_unlock(m);
    return 0;
  }
  const ts = [];
  for (let i = 0; i < 5; i++) ts.push(yield* libc.pthread_create(waiter));
  yield* libc.usleep(1_000);
  yield* libc.pthread_mutex_lock(m);
  go = true;
  yield* libc.pthread_cond_broadcast(c);
  yield* libc.pthread_mutex_unlock(m);
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('%d %d\n', timed, woke);
  return 0;
};

const portable: Program = function* (libc) {
  const s = yield* libc.sem_init(0);
  const b = yield* libc.pthread_barrier_init(3);
  const once = PTHREAD_ONCE_INIT();
  let inits = 0;
  let serial = 0;
  const destroyed: unknown[] = [];
  const key = yield* libc.pthread_key_create((v) => { destroyed.push(v); });
  function* worker(l: Libc, i: number) {
    yield* l.pthread_once(once, function* () { inits++; });
    yield* l.pthread_setspecific(key, `value-${i}`);
    if ((yield* l.pthread_barrier_wait(b)) === -1) serial++;
    yield* l.sem_post(s);
    return (yield* l.pthread_getspecific(key)) === `value-${i}` ? 1 : 0;
  }
  const ts = [yield* libc.pthread_create(worker, 1), yield* libc.pthread_create(worker, 2), yield* libc.pthread_create(worker, 3)];
  for (let i = 0; i < 3; i++) yield* libc.sem_wait(s);
  let own = 0;
  for (const t of ts) { const r = { value: 0 as unknown }; yield* libc.pthread_join(t, r); own += r.value as number; }
  yield* libc.printf('%d %d %d %s %d\n', inits, serial, own, destroyed.sort().join(','), yield* libc.sem_trywait(s));
  return 0;
};

const errnoPerThread: Program = function* (libc) {
  const seen: number[] = [];
  function* a(l: Libc) { yield* l.close(99); yield* l.usleep(1_000); seen[0] = l.errno; return 0; }
  function* b(l: Libc) { yield* l.kill(30000, 0); seen[1] = l.errno; return 0; }
  const ta = yield* libc.pthread_create(a);
  const tb = yield* libc.pthread_create(b);
  yield* libc.pthread_join(ta);
  yield* libc.pthread_join(tb);
  yield* libc.printf('%d %d\n', seen[0], seen[1]);
  return 0;
};

const ids: Program = function* (libc) {
  const pid = yield* libc.getpid();
  const ppid = yield* libc.getppid();
  let same = 0;
  function* w(l: Libc) { if ((yield* l.getpid()) === pid && (yield* l.getppid()) === ppid) same++; return 0; }
  const ts = [yield* libc.pthread_create(w), yield* libc.pthread_create(w)];
  for (const t of ts) yield* libc.pthread_join(t);
  yield* libc.printf('%d\n', same);
  return 0;
};

let handledBy = '';
function* usr1(libc: Libc, _sig: number, _i: SigInfo) { handledBy = String(yield* libc.pthread_self()); }

const processSignal: Program = function* (libc) {
  handledBy = '';
  yield* libc.signal(SIGUSR1, usr1);
  yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1));
  let tid = 0;
  let stop = false;
  const t = yield* libc.pthread_create(function* (l: Libc) {
    tid = yield* l.pthread_self();
    yield* l.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1));
    while (!stop) yield* l.usleep(100);
    return 0;
  });
  yield* libc.usleep(500);
  yield* libc.kill(yield* libc.getpid(), SIGUSR1);
  for (let i = 0; i < 50 && handledBy === ''; i++) yield* libc.usleep(200);
  stop = true;
  yield* libc.pthread_join(t);
  yield* libc.printf('%s\n', handledBy === String(tid) ? 'thread' : handledBy === '' ? 'nobody' : 'other');
  return 0;
};

/** A thread that runs until the process dies (sleeping, so no library needs preemption). */
function* forever(l: Libc) {
  for (;;) yield* l.usleep(100);
}

const exitFromThread: Program = function* (libc) {
  yield* libc.pthread_create(forever);
  yield* libc.pthread_create(function* (l: Libc) { yield* l.compute(5_000); return yield* l.exit(3); });
  return yield* forever(libc);
};

const termOneThread: Program = function* (libc) {
  const t = yield* libc.pthread_create(forever);
  yield* libc.usleep(200);
  yield* libc.pthread_kill(t, SIGTERM);
  return yield* forever(libc);
};

for (const lib of libraryNames()) {
  describe(`rule-level checks on ${lib}`, () => {
    check(lib, 'posix:join', 'join: EDEADLK for self, EINVAL for detached, ESRCH for unknown, the return value of a live thread', () => {
      expect(out(lib, joinErrors)).toEqual([`${EDEADLK} ${EINVAL} ${ESRCH} 0 7`]);
    });
    check(lib, 'posix:mutex-errors', 'error-checking mutex: EDEADLK on relock, EPERM for a non-owner unlock; EBUSY for trylock and destroy of a locked mutex', () => {
      expect(out(lib, mutexErrors)).toEqual([`${EDEADLK} ${EPERM} ${EBUSY} ${EBUSY} 0`]);
    });
    check(lib, 'posix:mutex-recursive', 'recursive mutex: the owner relocks, others get it only after the last unlock', () => {
      expect(out(lib, recursive)).toEqual([`${EBUSY} 0`]);
    });
    check(lib, 'posix:mutual-exclusion', 'a mutex keeps 4 threads × 200 read-modify-writes exact on 2 CPUs', () => {
      expect(out(lib, counter, 2)).toEqual(['800']);
    });
    check(lib, 'posix:cond', 'condition variables: timedwait returns ETIMEDOUT; broadcast wakes all five waiters', () => {
      expect(out(lib, condvars)).toEqual([`${ETIMEDOUT} 5`]);
    });
    check(lib, 'posix:portable', 'pthread_once runs once, one barrier waiter is serial, keys are per thread with destructors, sem counts', () => {
      expect(out(lib, portable)).toEqual(['1 1 3 value-1,value-2,value-3 -1']);
    });
    check(lib, 'posix:errno', 'errno is per thread', () => {
      expect(out(lib, errnoPerThread)).toEqual([`${EBADF} ${ESRCH}`]);
    });
    check(lib, 3, 'getpid and getppid are the same in every thread', () => {
      expect(out(lib, ids)).toEqual(['2']);
    });
    check(lib, 13, 'a process-directed signal goes to the thread that does not block it', () => {
      expect(out(lib, processSignal)).toEqual(['thread']);
    });
    check(lib, 10, 'exit() in a thread ends the process with that status', () => {
      const r = run(lib, exitFromThread);
      expect(r.statusText).toBe('exited with status 3');
    });
    check(lib, 15, 'a default-terminate signal sent to one thread kills the whole process', () => {
      const r = run(lib, termOneThread);
      expect(r.statusText).toBe('killed by SIGTERM');
    });
  });
}
