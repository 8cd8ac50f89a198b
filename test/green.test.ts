/**
 * green.test.ts — the many-to-one library, rules 32 and 34: one native for the whole process,
 * cooperative user-level switching, wrapped calls that park only the calling thread, and an
 * unwrapped blocking call that stops every thread. Each test fails if the mechanism breaks.
 */

import { describe, it, expect } from 'vitest';
import { ENOTSUP, EDEADLK, SIGUSR1, SIGUSR2, SIG_BLOCK } from '../kernel/index.js';
import { sigmask, type Libc } from '../libs/api.js';
import {
  run, runWithPs, tasksOf, sibling, unitsDuring, timedSlowRead, type Progress, type Timed,
} from './uthreads-helpers.js';

describe('green: one native (rule 34)', () => {
  it('rule 34: ten live threads are one kernel task; every thread has the process pid as tid; no clone', () => {
    const ids: [number, number][] = [];
    let pid = 0;
    let mine = -1;
    const r = runWithPs('green', (snap) => function* (libc: Libc): Generator<any, number, any> {
      pid = yield* libc.getpid();
      const m = yield* libc.pthread_mutex_init();
      yield* libc.pthread_mutex_lock(m);
      const t: number[] = [];
      for (let i = 0; i < 10; i++) {
        t.push(yield* libc.pthread_create(function* (l: Libc) {
          ids.push([yield* l.getpid(), yield* l.gettid()]);
          yield* l.pthread_mutex_lock(m);
          yield* l.pthread_mutex_unlock(m);
          return 0;
        }));
      }
      yield* libc.usleep(1000);
      mine = tasksOf(snap(), pid).length;
      yield* libc.pthread_mutex_unlock(m);
      for (const x of t) yield* libc.pthread_join(x);
      return 0;
    }, { cpus: 4 });
    expect(r.statusText).toBe('exited with status 0');
    expect(mine).toBe(1);
    expect(ids).toHaveLength(10);
    for (const [p, tid] of ids) { expect(p).toBe(pid); expect(tid).toBe(pid); }
    expect(r.syscalls.clone ?? 0).toBe(0);
  });

  it('rule 34: PTHREAD_SCOPE_SYSTEM is refused with ENOTSUP (Pth has no kernel threads to bind to)', () => {
    let rc = 0;
    run('green', function* (libc: Libc): Generator<any, number, any> {
      rc = yield* libc.pthread_create(function* () { return 0; }, null, { scope: 'system' });
      return 0;
    });
    expect(rc).toBe(-ENOTSUP);
  });
});

describe('green: blocking (rule 34)', () => {
  const prog = (rd: Timed, p: Progress) => function* (libc: Libc): Generator<any, number, any> {
    const s = yield* libc.pthread_create(sibling, p);
    yield* libc.sched_yield(); // let the sibling start
    yield* timedSlowRead(libc, rd);
    p.stop = true;
    yield* libc.pthread_join(s);
    return 0;
  };

  it('rule 34: an unwrapped blocking read stops every thread of the process', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    const p: Progress = { times: [], stop: false };
    const r = run('green', prog(rd, p), { cpus: 2, libOptions: { wrap: false } });
    expect(r.statusText).toBe('exited with status 0');
    expect(rd.r).toBe(512);
    expect(rd.t1 - rd.t0).toBeGreaterThan(5e6);
    expect(p.times.length).toBeGreaterThan(0);
    expect(unitsDuring(p, rd.t0, rd.t1)).toBe(0);
  });

  it('rule 34: wrapped, the same read parks only the reader and the sibling runs meanwhile', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    const p: Progress = { times: [], stop: false };
    const r = run('green', prog(rd, p), { cpus: 2 });
    expect(r.statusText).toBe('exited with status 0');
    expect(rd.r).toBe(512);
    expect(unitsDuring(p, rd.t0, rd.t1)).toBeGreaterThan(20);
    expect(r.syscalls.poll ?? 0).toBeGreaterThan(20); // the scheduler polls the parked fd at each switch
  });

  it('rule 34: wrapped sleeps are timers in the scheduler (100 overlapping sleeps, no nanosleep); unwrapped they serialise', () => {
    const prog100 = function* (libc: Libc): Generator<any, number, any> {
      const t: number[] = [];
      for (let i = 0; i < 100; i++) t.push(yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(1000); return 0; }));
      for (const x of t) yield* libc.pthread_join(x);
      return 0;
    };
    const wrapped = run('green', prog100);
    expect(wrapped.syscalls.nanosleep ?? 0).toBe(0);
    expect(wrapped.virtualNs).toBeLessThan(3e6);
    const unwrapped = run('green', prog100, { libOptions: { wrap: false } });
    expect(unwrapped.syscalls.nanosleep).toBe(100);
    expect(unwrapped.virtualNs).toBeGreaterThan(100e6);
  });

  it('rule 34: a wrapped waitpid polls with WNOHANG every 250 ms (pth_waitpid) and reaps the child', () => {
    let reaped = 0;
    const r = run('green', function* (libc: Libc): Generator<any, number, any> {
      const pid = yield* libc.fork(function* () { return 3; });
      const st = { value: 0 };
      reaped = (yield* libc.waitpid(pid, st, 0)) === pid ? st.value >> 8 : -1;
      return 0;
    });
    expect(reaped).toBe(3);
    expect(r.virtualNs).toBeGreaterThanOrEqual(250e6);
    expect(r.virtualNs).toBeLessThan(600e6);
  });
});

describe('green: signals', () => {
  it('a wrapped sigwait parks only the waiter; kill() and pthread_kill() from a sibling reach it', () => {
    const got: number[] = [];
    const r = run('green', function* (libc: Libc): Generator<any, number, any> {
      const set = sigmask(SIGUSR1) | sigmask(SIGUSR2);
      yield* libc.pthread_sigmask(SIG_BLOCK, set);
      const w = yield* libc.pthread_create(function* (l: Libc) {
        for (let i = 0; i < 2; i++) {
          const sig = { value: 0 };
          yield* l.sigwait(set, sig);
          got.push(sig.value, Math.round((yield* l.clock_gettime()) / 1e6));
        }
        return 0;
      });
      yield* libc.usleep(2000);
      yield* libc.kill(yield* libc.getpid(), SIGUSR1);
      yield* libc.usleep(2000);
      yield* libc.pthread_kill(w, SIGUSR2);
      yield* libc.pthread_join(w);
      return 0;
    });
    expect(r.statusText).toBe('exited with status 0');
    expect(got).toEqual([SIGUSR1, 2, SIGUSR2, 4]);
  });
});

describe('green: cooperative scheduling (rule 32)', () => {
  it('rule 32: a thread that computes without yielding starves every other thread until it yields', () => {
    const p: Progress = { times: [], stop: false };
    const hog = { t0: 0, t1: 0 };
    const r = run('green', function* (libc: Libc): Generator<any, number, any> {
      const s = yield* libc.pthread_create(sibling, p);
      yield* libc.sched_yield();
      hog.t0 = yield* libc.clock_gettime();
      for (let i = 0; i < 20; i++) yield* libc.compute(2_000_000); // 40 ms, no yield
      hog.t1 = yield* libc.clock_gettime();
      yield* libc.sched_yield();
      p.stop = true;
      yield* libc.pthread_join(s);
      return 0;
    }, { cpus: 2 });
    expect(r.statusText).toBe('exited with status 0');
    expect(unitsDuring(p, 0, hog.t0)).toBeGreaterThan(0);
    expect(unitsDuring(p, hog.t0, hog.t1)).toBe(0);
  });

  it('a lock cycle between two green threads is a deadlock the kernel reports (no native can run)', () => {
    const r = run('green', function* (libc: Libc): Generator<any, number, any> {
      const a = yield* libc.pthread_mutex_init();
      const b = yield* libc.pthread_mutex_init();
      const t = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.pthread_mutex_lock(b);
        yield* l.sched_yield();
        yield* l.pthread_mutex_lock(a);
        return 0;
      });
      yield* libc.pthread_mutex_lock(a);
      yield* libc.sched_yield();
      yield* libc.pthread_mutex_lock(b);
      yield* libc.pthread_join(t);
      return 0;
    });
    expect(r.outcome).toBe('deadlock');
  });

  it('an error-checking mutex relocked by its owner is EDEADLK at user level', () => {
    let rc = 0;
    run('green', function* (libc: Libc): Generator<any, number, any> {
      const m = yield* libc.pthread_mutex_init({ type: 'errorcheck' });
      yield* libc.pthread_mutex_lock(m);
      rc = yield* libc.pthread_mutex_lock(m);
      return 0;
    });
    expect(rc).toBe(EDEADLK);
  });

  it('bad options are refused with a message naming the option; another library\'s options are ignored', () => {
    expect(run('green', function* () { return 0; }, { libOptions: { natives: 2 } }).statusText).toBe('exited with status 0');
    expect(() => run('green', function* () { return 0; }, { libOptions: { nativs: 2 } })).toThrow(/unknown option 'nativs'/);
    expect(() => run('green', function* () { return 0; }, { libOptions: { wrap: 'read,nope' } })).toThrow(/unknown call 'nope'/);
  });
});
