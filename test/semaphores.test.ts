/**
 * semaphores.test.ts — sem_* on every library, and each library's own mechanism: NPTL's
 * lock-free futex word, LinuxThreads' post-by-manager from a signal handler. Issue 16's bug 1
 * (sem_post from a handler that interrupted sem_post) is checked on every library by the
 * conformance suite (test/conformance/calls.test.ts, 'posix:sem-post-async-signal-safe').
 */

import { describe, it, expect } from 'vitest';
import { SIGUSR1, EAGAIN, ETIMEDOUT, EINVAL, type Libc, type sem_t } from '../libs/api.js';
import { libraryNames, type Program } from '../libs/index.js';
import '../libs/all.js';
import { runProgram } from '../experiments/runner.js';

function run(lib: string, program: Program, cpus = 1) {
  return runProgram({ lib, program, name: 'sem', timeLimit: 5e9, cpus, trace: lib === 'linuxthreads' });
}

/** sem_timedwait times out on an empty semaphore and returns at once once a post came. */
const timed: Program = function* (libc: Libc) {
  const s = yield* libc.sem_init(0);
  const t0 = yield* libc.clock_gettime();
  const r1 = yield* libc.sem_timedwait(s, 2_000_000);
  const e1 = libc.errno;
  const waited = (yield* libc.clock_gettime()) - t0 >= 2_000_000 ? 1 : 0;
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(500); yield* l.sem_post(s); return 0; });
  const r2 = yield* libc.sem_timedwait(s, 50_000_000);
  yield* libc.pthread_join(t);
  yield* libc.printf('%d %d %d %d\n', r1, e1, waited, r2);
  return 0;
};

/** The calls' errors and the value as sem_getvalue reads it. */
const errors: Program = function* (libc: Libc) {
  const bad = yield* libc.sem_init(-1);
  const eInit = libc.errno;
  const rBad = yield* libc.sem_post(bad);
  const eBad = libc.errno;
  const s = yield* libc.sem_init(2);
  const v = { value: -1 };
  yield* libc.sem_wait(s);
  yield* libc.sem_getvalue(s, v);
  yield* libc.sem_trywait(s);
  const r = yield* libc.sem_trywait(s);
  yield* libc.printf('%s %d %d %d %d %d %d\n', bad === null ? 'null' : 'obj', eInit, rBad, eBad, v.value, r, libc.errno);
  return 0;
};

/** A waiter parked in sem_wait is woken by a post from another thread. */
const handoff: Program = function* (libc: Libc) {
  const s = yield* libc.sem_init(0);
  const order: string[] = [];
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.sem_wait(s); order.push('woke'); return 0; });
  yield* libc.usleep(1_000);
  order.push('post');
  yield* libc.sem_post(s);
  yield* libc.pthread_join(t);
  yield* libc.printf('%s\n', order.join(' '));
  return 0;
};

describe('NPTL semaphores: one word, no lock', () => {
  it('sem_post with no waiter makes no system call; with a sleeping waiter exactly one FUTEX_WAKE', () => {
    let me = 0;
    const r = runProgram({
      lib: 'nptl', name: 'sem', trace: true, timeLimit: 5e9,
      program: function* (libc: Libc) {
        const s: sem_t = yield* libc.sem_init(0);
        const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.sem_wait(s); return 0; });
        yield* libc.usleep(1_000); // the waiter is asleep in FUTEX_WAIT by now
        me = yield* libc.gettid(); // marks the start
        yield* libc.sem_post(s);
        yield* libc.getppid(); // marks the end
        yield* libc.pthread_join(t);
        return 0;
      },
    });
    expect(r.outcome).toBe('exited');
    const mine = (r.events ?? []).filter((e) => e.kind === 'sys_enter' && e.pid === me).map((e) => e.s);
    const from = mine.lastIndexOf('gettid');
    expect(mine.slice(from + 1, mine.indexOf('getppid', from))).toEqual(['futex']);
    const quiet = runProgram({
      lib: 'nptl', name: 'sem', trace: true, timeLimit: 5e9,
      program: function* (libc: Libc) {
        const s = yield* libc.sem_init(0);
        me = yield* libc.gettid();
        for (let i = 0; i < 10; i++) yield* libc.sem_post(s);
        for (let i = 0; i < 10; i++) yield* libc.sem_wait(s);
        yield* libc.getppid();
        return 0;
      },
    });
    expect(quiet.outcome).toBe('exited');
    const calls = (quiet.events ?? []).filter((e) => e.kind === 'sys_enter' && e.pid === me).map((e) => e.s);
    expect(calls[calls.indexOf('gettid') + 1]).toBe('getppid'); // twenty semaphore calls, no system call
  });
});

describe('LinuxThreads semaphores: a handler posts through the manager', () => {
  it('sem_post in a handler writes REQ_POST to the manager, creating it in a process with no threads', () => {
    const r = run('linuxthreads', function* (libc: Libc) {
      const s = yield* libc.sem_init(0);
      yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) { yield* l.sem_post(s); } });
      yield* libc.raise(SIGUSR1);
      yield* libc.sem_wait(s); // the token arrives when the manager has served the request
      yield* libc.printf('ok\n');
      return 0;
    });
    expect(r.outcome, r.deadlock ?? '').toBe('exited');
    expect(r.stdout).toBe('ok\n');
    const clones = (r.events ?? []).filter((e) => e.kind === 'clone');
    expect(clones.length).toBe(2); // the shell's child (the program), and the manager the handler made
  });
});

for (const lib of libraryNames()) {
  describe(`semaphores on ${lib}`, () => {
    it('sem_trywait EAGAIN, sem_getvalue, EINVAL for a bad value and a bad handle', () => {
      const r = run(lib, errors);
      expect(r.stdout).toBe(`null ${EINVAL} -1 ${EINVAL} 1 -1 ${EAGAIN}\n`);
    });
    it('a post wakes the thread parked in sem_wait', () => {
      expect(run(lib, handoff).stdout).toBe('post woke\n');
    });
    it(lib === 'ngpt' ? 'sem_timedwait is ENOSYS (NGPT 2.2.1 stubbed it out)' : 'sem_timedwait: ETIMEDOUT after the time, 0 when a post comes first', () => {
      const r = run(lib, timed);
      expect(r.stdout).toBe(lib === 'ngpt' ? '-1 38 0 -1\n' : `-1 ${ETIMEDOUT} 1 0\n`);
    });
  });
}
