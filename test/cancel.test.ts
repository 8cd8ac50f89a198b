/**
 * cancel.test.ts — thread cancellation on every library, and each library's mechanism: NPTL's
 * SIGCANCEL (signal 32) sent with tgkill to a thread blocked in a cancellation point,
 * LinuxThreads' restart (for a thread suspended on a queue: the extrication interface) or its
 * cancel signal (33, for one in a system call), NGPT's and green's user-level wake-up (no
 * system call at all).
 */

import { describe, it, expect } from 'vitest';
import {
  PTHREAD_CANCELED, PTHREAD_CANCEL_ASYNCHRONOUS, PTHREAD_CANCEL_DEFERRED, PTHREAD_CANCEL_DISABLE,
  PTHREAD_CANCEL_ENABLE, EINVAL, type Libc,
} from '../libs/api.js';
import { libraryNames, type Program } from '../libs/index.js';
import '../libs/all.js';
import { runProgram, type RunResult } from '../experiments/runner.js';

function run(lib: string, program: Program, cpus = 1, trace = false): RunResult {
  const r = runProgram({ lib, program, name: 'cancel', timeLimit: 5e9, cpus, trace });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return r;
}

/** Join `t` and say how it ended. */
function* joined(libc: Libc, t: number): Generator<any, string, any> {
  const r = { value: undefined as unknown };
  const e = yield* libc.pthread_join(t, r);
  return e !== 0 ? `join error ${e}` : r.value === PTHREAD_CANCELED ? 'canceled' : `returned ${String(r.value)}`;
}

/** A thread blocked in each kind of cancellation point, all cancelled; `log` collects events. */
function blockedEverywhere(log: string[]): Program {
  return function* (libc: Libc) {
    const key = yield* libc.pthread_key_create((v) => { log.push(`destructor ${String(v)}`); });
    const m = yield* libc.pthread_mutex_init();
    const c = yield* libc.pthread_cond_init();
    const s = yield* libc.sem_init(0);
    const p = yield* libc.pipe();
    if (p === -1) return 1;
    const sleeper = yield* libc.pthread_create(function* (l: Libc) {
      yield* l.pthread_setspecific(key, 'sleeper');
      yield* l.pthread_cleanup_push((_x: Libc, a: string) => { log.push(`cleanup ${a} 1`); }, 'sleeper');
      yield* l.pthread_cleanup_push((_x: Libc, a: string) => { log.push(`cleanup ${a} 2`); }, 'sleeper');
      yield* l.sleep(100);
      return 'woke';
    });
    const waiter = yield* libc.pthread_create(function* (l: Libc) {
      yield* l.pthread_mutex_lock(m);
      yield* l.pthread_cleanup_push(function* (x: Libc) { log.push(`cond cleanup unlocks: ${yield* x.pthread_mutex_unlock(m)}`); });
      for (;;) yield* l.pthread_cond_wait(c, m);
    });
    const semWaiter = yield* libc.pthread_create(function* (l: Libc) { yield* l.sem_wait(s); return 'token'; });
    const reader = yield* libc.pthread_create(function* (l: Libc) { yield* l.read(p[0], { value: '' }, 10); return 'read'; });
    const joiner = yield* libc.pthread_create(function* (l: Libc) { yield* l.pthread_join(sleeper); return 'joined'; });
    yield* libc.usleep(1_000);
    for (const t of [joiner, sleeper, waiter, semWaiter, reader]) yield* libc.pthread_cancel(t);
    log.push(`joiner ${yield* joined(libc, joiner)}`);
    log.push(`sleeper ${yield* joined(libc, sleeper)}`);
    log.push(`waiter ${yield* joined(libc, waiter)}`);
    log.push(`mutex free: ${yield* libc.pthread_mutex_trylock(m)}`);
    log.push(`semWaiter ${yield* joined(libc, semWaiter)}`);
    log.push(`reader ${yield* joined(libc, reader)}`);
    return 0;
  };
}

/** Cancellation disabled: the request waits until enabled and a cancellation point. */
function disabled(log: string[]): Program {
  return function* (libc: Libc) {
    let stage = 0;
    const t = yield* libc.pthread_create(function* (l: Libc) {
      const old = { value: -1 };
      yield* l.pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, old);
      log.push(`old state ${old.value}`);
      stage = 1;
      while (stage < 2) yield* l.usleep(500); // cancellation points, but disabled
      log.push('survived the sleeps');
      yield* l.pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, old);
      log.push(`old state ${old.value}`);
      yield* l.pthread_testcancel();
      log.push('not cancelled');
      return 0;
    });
    while (stage < 1) yield* libc.usleep(100);
    yield* libc.pthread_cancel(t);
    yield* libc.usleep(2_000);
    stage = 2;
    log.push(yield* joined(libc, t));
    return 0;
  };
}

/** Asynchronous cancellation of a thread that computes and never reaches a cancellation point. */
function asyncCancel(log: string[]): Program {
  return function* (libc: Libc) {
    let loops = 0;
    const t = yield* libc.pthread_create(function* (l: Libc) {
      const old = { value: -1 };
      yield* l.pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, old);
      log.push(`old type ${old.value}`);
      yield* l.pthread_cleanup_push(() => { log.push('cleanup'); });
      for (;;) {
        yield* l.compute(10_000);
        loops++;
        yield* l.sched_yield(); // not a cancellation point; lets a cooperative library run main
      }
    });
    while (loops < 3) yield* libc.sched_yield();
    yield* libc.pthread_cancel(t);
    log.push(yield* joined(libc, t));
    return 0;
  };
}

for (const lib of libraryNames()) {
  describe(`cancellation on ${lib}`, () => {
    it('a thread blocked in sleep, cond_wait, sem_wait, read or join is woken and ends; cleanup handlers newest first, then destructors', () => {
      const log: string[] = [];
      run(lib, blockedEverywhere(log), 2);
      expect(log.filter((l) => !/^(cleanup|destructor|cond cleanup)/.test(l))).toEqual([
        'joiner canceled', 'sleeper canceled', 'waiter canceled', 'mutex free: 0', 'semWaiter canceled', 'reader canceled',
      ]);
      const sleeper = log.filter((l) => /sleeper/.test(l) && /^(cleanup|destructor)/.test(l));
      expect(sleeper).toEqual(['cleanup sleeper 2', 'cleanup sleeper 1', 'destructor sleeper']);
      expect(log).toContain('cond cleanup unlocks: 0'); // the handler ran with the mutex held
    });

    it('with cancellation disabled the request waits; enabling it and a cancellation point act on it', () => {
      const log: string[] = [];
      run(lib, disabled(log));
      expect(log).toEqual([`old state ${PTHREAD_CANCEL_ENABLE}`, 'survived the sleeps', `old state ${PTHREAD_CANCEL_DISABLE}`, 'canceled']);
    });

    it('asynchronous cancellation ends a thread that never reaches a cancellation point', () => {
      const log: string[] = [];
      run(lib, asyncCancel(log), 2);
      expect(log).toEqual([`old type ${PTHREAD_CANCEL_DEFERRED}`, 'cleanup', 'canceled']);
    });

    it('cleanup_pop(1) runs the routine, pop(0) does not; pthread_exit runs the rest; bad arguments are EINVAL', () => {
      const log: string[] = [];
      run(lib, function* (libc: Libc) {
        const t = yield* libc.pthread_create(function* (l: Libc) {
          yield* l.pthread_cleanup_push((_x: Libc, a: string) => { log.push(a); }, 'A');
          yield* l.pthread_cleanup_push((_x: Libc, a: string) => { log.push(a); }, 'B');
          yield* l.pthread_cleanup_push((_x: Libc, a: string) => { log.push(a); }, 'C');
          yield* l.pthread_cleanup_pop(1);
          yield* l.pthread_cleanup_pop(0);
          log.push(`EINVAL ${yield* l.pthread_setcancelstate(7)} ${yield* l.pthread_setcanceltype(7)}`);
          return yield* l.pthread_exit('bye');
        });
        log.push(yield* joined(libc, t));
        return 0;
      });
      expect(log).toEqual(['C', `EINVAL ${EINVAL} ${EINVAL}`, 'A', 'returned bye']);
    });

    it('a thread that cancels itself ends at its next cancellation point', () => {
      const log: string[] = [];
      run(lib, function* (libc: Libc) {
        const t = yield* libc.pthread_create(function* (l: Libc) {
          log.push(`cancel self: ${yield* l.pthread_cancel(yield* l.pthread_self())}`);
          log.push('still running');
          yield* l.pthread_testcancel();
          log.push('not cancelled');
          return 0;
        });
        log.push(yield* joined(libc, t));
        return 0;
      });
      expect(log).toEqual(['cancel self: 0', 'still running', 'canceled']);
    });
  });
}

/** A thread asleep in nanosleep and one in pthread_cond_wait, both cancelled; the trace shows how. */
const tids = { sleeper: 0, waiter: 0 };
const sleepAndWait: Program = function* (libc: Libc) {
  const m = yield* libc.pthread_mutex_init();
  const c = yield* libc.pthread_cond_init();
  const a = yield* libc.pthread_create(function* (l: Libc) { tids.sleeper = yield* l.gettid(); yield* l.sleep(10); return 0; });
  const b = yield* libc.pthread_create(function* (l: Libc) {
    tids.waiter = yield* l.gettid();
    yield* l.pthread_mutex_lock(m);
    yield* l.pthread_cleanup_push(function* (x: Libc) { yield* x.pthread_mutex_unlock(m); });
    for (;;) yield* l.pthread_cond_wait(c, m);
  });
  yield* libc.usleep(1_000);
  yield* libc.pthread_cancel(a);
  yield* libc.pthread_cancel(b);
  yield* libc.pthread_join(a);
  yield* libc.pthread_join(b);
  return 0;
};

/** Signals generated for the program's tasks (SIGCHLD to the shell left out), as [task, signal]. */
function signalsGenerated(r: RunResult): number[] {
  return (r.events ?? []).filter((e) => e.kind === 'signal_generate' && e.a !== 17).map((e) => e.a);
}

function signalsTo(r: RunResult, pid: number): number[] {
  return (r.events ?? []).filter((e) => e.kind === 'signal_generate' && e.pid === pid).map((e) => e.a);
}

describe('how each library wakes a cancelled thread', () => {
  it('NPTL: tgkill of SIGCANCEL (32) to each blocked thread', () => {
    const r = run('nptl', sleepAndWait, 1, true);
    expect(signalsGenerated(r).filter((s) => s === 32)).toHaveLength(2);
    expect(r.syscalls.tgkill).toBe(2);
    expect(r.syscalls.rt_sigaction).toBe(1); // SIGCANCEL's handler, installed by the first pthread_cancel
  });

  it('NPTL: a deferred cancellation of a thread not in a cancellation point sends no signal', () => {
    const r = run('nptl', function* (libc: Libc) {
      let go = false;
      const t = yield* libc.pthread_create(function* (l: Libc) {
        while (!go) yield* l.sched_yield();
        yield* l.pthread_testcancel();
        return 0;
      });
      yield* libc.sched_yield();
      yield* libc.pthread_cancel(t);
      go = true;
      yield* libc.pthread_join(t);
      return 0;
    }, 1, true);
    expect(signalsGenerated(r).filter((s) => s === 32)).toEqual([]);
  });

  it('LinuxThreads: the cond waiter is restarted (32) after extrication, the sleeper gets the cancel signal (33)', () => {
    const r = run('linuxthreads', sleepAndWait, 1, true);
    expect(signalsTo(r, tids.sleeper)).toEqual([33]);
    expect(signalsTo(r, tids.waiter)).toEqual([32]); // the restart: cond_extricate_func dequeued it
  });

  for (const lib of ['ngpt', 'green']) {
    it(`${lib}: a parked thread is woken at user level — no signal`, () => {
      const r = run(lib, sleepAndWait, 1, true);
      expect(signalsGenerated(r)).toEqual([]);
    });
  }
});
