/**
 * linuxthreads-sync.test.ts — LinuxThreads' thread table, joins, mutexes, condition variables,
 * fork, and what a thread costs to create compared with NPTL (rules 20–22 at work).
 */

import { describe, it, expect } from 'vitest';
import { EAGAIN, EBUSY, EDEADLK, EINVAL, EPERM, ESRCH, ETIMEDOUT } from '../kernel/index.js';
import type { Libc } from '../libs/api.js';
import { libraryNames } from '../libs/index.js';
import { runProgram } from '../experiments/runner.js';
import { runLt, ev, countCalls, managerPid } from './linuxthreads-helpers.js';

function* nothing(_l: Libc) { return 0; }
function* napper(l: Libc, us: number) { yield* l.usleep(us); return us; }

describe('LinuxThreads: the thread table (__pthread_handles)', () => {
  it('pthread_t is slot + a counter stepping by PTHREAD_THREADS_MAX: main 1024, first thread 1026', () => {
    const ids: number[] = [];
    runLt(function* (libc) {
      ids.push(yield* libc.pthread_self());
      for (let i = 0; i < 2; i++) {
        const t = yield* libc.pthread_create(nothing);
        ids.push(t);
        yield* libc.pthread_join(t);
      }
      return 0;
    });
    expect(ids).toEqual([1024, 1026, 2050]); // slot 2 reused after the manager freed it
  });

  it('a full table is EAGAIN (PTHREAD_THREADS_MAX is a library option; slots 0 and 1 are main and manager)', () => {
    const got: number[] = [];
    const r = runLt(function* (libc) {
      const ids = [];
      for (let i = 0; i < 7; i++) {
        const t = yield* libc.pthread_create(napper, 5000);
        got.push(t);
        if (t > 0) ids.push(t);
      }
      for (const t of ids) yield* libc.pthread_join(t);
      got.push(yield* libc.pthread_create(nothing)); // room again
      return 0;
    }, { libOptions: { threadsMax: 8 } });
    expect(r.statusText).toBe('exited with status 0');
    expect(got.slice(0, 6).every((t) => t > 0)).toBe(true);
    expect(got[6]).toBe(-EAGAIN);
    expect(got[7]).toBeGreaterThan(0);
    expect(ev(r, 'clone', managerPid(r))).toHaveLength(7);
  });

  it('join errors: ESRCH for an unknown id, EDEADLK for self, EINVAL for a detached thread; detach frees through the manager', () => {
    const errs: number[] = [];
    const r = runLt(function* (libc) {
      errs.push(yield* libc.pthread_join(999_999));
      errs.push(yield* libc.pthread_join(yield* libc.pthread_self()));
      const d = yield* libc.pthread_create(napper, 1000, { detached: true });
      errs.push(yield* libc.pthread_join(d));
      const t = yield* libc.pthread_create(napper, 1000);
      errs.push(yield* libc.pthread_detach(t));
      errs.push(yield* libc.pthread_detach(t));
      yield* libc.usleep(20_000);
      errs.push(yield* libc.pthread_join(t));
      return 0;
    });
    expect(errs).toEqual([ESRCH, EDEADLK, EINVAL, 0, EINVAL, ESRCH]);
    expect(countCalls(r, managerPid(r), 'munmap')).toBe(2); // the manager freed both stacks
  });

  it('join returns the value, and waits for p_terminated, not for the kernel task', () => {
    const vals: unknown[] = [];
    runLt(function* (libc) {
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(3000); return yield* l.pthread_exit('bye'); });
      const out = { value: null as unknown };
      vals.push(yield* libc.pthread_join(t, out), out.value);
      return 0;
    });
    expect(vals).toEqual([0, 'bye']);
  });
});

describe('LinuxThreads: mutexes and condition variables on suspend/restart', () => {
  for (const cpus of [1, 2, 4]) {
    it(`a contended mutex keeps its invariant on ${cpus} CPU(s); waiters suspend and are restarted`, () => {
      let total = 0;
      const r = runLt(function* (libc) {
        const m = yield* libc.pthread_mutex_init();
        const worker = function* (l: Libc) {
          for (let i = 0; i < 300; i++) {
            yield* l.compute(1000);
            yield* l.pthread_mutex_lock(m);
            const v = total;
            yield* l.compute(300);
            total = v + 1;
            yield* l.pthread_mutex_unlock(m);
          }
          return 0;
        };
        const ids = [];
        for (let i = 0; i < 4; i++) ids.push(yield* libc.pthread_create(worker));
        for (const t of ids) yield* libc.pthread_join(t);
        return 0;
      }, { cpus });
      expect(r.statusText).toBe('exited with status 0');
      expect(total).toBe(1200);
      expect(r.syscalls.futex ?? 0).toBe(0);
    });
  }

  /** rt_sigsuspend calls of two threads sharing one mutex of `type` on `cpus` CPUs. */
  const suspends = (cpus: number, type?: 'adaptive' | 'normal') => {
      const r = runLt(function* (libc) {
        const m = yield* libc.pthread_mutex_init(type === undefined ? undefined : { type });
        const worker = function* (l: Libc) {
          for (let i = 0; i < 200; i++) {
            yield* l.pthread_mutex_lock(m);
            yield* l.compute(200);
            yield* l.pthread_mutex_unlock(m);
            yield* l.compute(200);
          }
          return 0;
        };
        const a = yield* libc.pthread_create(worker);
        const b = yield* libc.pthread_create(worker);
        yield* libc.pthread_join(a);
        yield* libc.pthread_join(b);
        return 0;
      }, { cpus });
      const threads = ev(r, 'clone', managerPid(r)).map((e) => e.a);
      return threads.reduce((n, pid) => n + countCalls(r, pid, 'rt_sigsuspend'), 0);
  };

  it('PTHREAD_MUTEX_ADAPTIVE_NP: on SMP a held lock is first spun on (spinlock.c\'s __pthread_lock): short critical sections rarely suspend', () => {
    expect(suspends(2, 'adaptive')).toBeLessThan(10);
  });

  it('the default mutex is PTHREAD_MUTEX_TIMED_NP (mutex.c, pthread.h): __pthread_alt_lock never spins, so the same sections suspend', () => {
    const byDefault = suspends(2);
    expect(byDefault).toBe(suspends(2, 'normal')); // PTHREAD_MUTEX_NORMAL is the same kind
    expect(byDefault).toBeGreaterThan(10 * Math.max(1, suspends(2, 'adaptive')));
  });

  it('error-checking and recursive mutexes; trylock and destroy report EBUSY', () => {
    const res: number[] = [];
    runLt(function* (libc) {
      const e = yield* libc.pthread_mutex_init({ type: 'errorcheck' });
      res.push(yield* libc.pthread_mutex_lock(e), yield* libc.pthread_mutex_lock(e));
      res.push(yield* libc.pthread_mutex_destroy(e));
      const t = yield* libc.pthread_create(function* (l: Libc) { res.push(yield* l.pthread_mutex_unlock(e), yield* l.pthread_mutex_trylock(e)); return 0; });
      yield* libc.pthread_join(t);
      res.push(yield* libc.pthread_mutex_unlock(e));
      const rec = yield* libc.pthread_mutex_init({ type: 'recursive' });
      res.push(yield* libc.pthread_mutex_lock(rec), yield* libc.pthread_mutex_lock(rec), yield* libc.pthread_mutex_unlock(rec), yield* libc.pthread_mutex_unlock(rec), yield* libc.pthread_mutex_unlock(rec));
      return 0;
    });
    expect(res).toEqual([0, EDEADLK, EBUSY, EPERM, EBUSY, 0, 0, 0, 0, 0, EPERM]);
  });

  it('pthread_cond_timedwait: ETIMEDOUT after the timeout (timedsuspend\'s nanosleep), 0 when signalled first', () => {
    const out: number[] = [];
    runLt(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      const c = yield* libc.pthread_cond_init();
      yield* libc.pthread_mutex_lock(m);
      const t0 = yield* libc.clock_gettime();
      out.push(yield* libc.pthread_cond_timedwait(c, m, 10_000_000));
      out.push((yield* libc.clock_gettime()) - t0);
      const t = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.usleep(2000);
        yield* l.pthread_mutex_lock(m);
        yield* l.pthread_cond_signal(c);
        yield* l.pthread_mutex_unlock(m);
        return 0;
      });
      out.push(yield* libc.pthread_cond_timedwait(c, m, 1_000_000_000));
      yield* libc.pthread_mutex_unlock(m);
      yield* libc.pthread_join(t);
      return 0;
    });
    expect(out[0]).toBe(ETIMEDOUT);
    expect(out[1]).toBeGreaterThanOrEqual(10_000_000);
    expect(out[2]).toBe(0);
  });

  it('semaphores and barriers (portable, on these mutexes and condition variables) work across threads', () => {
    const r = runLt(function* (libc) {
      const s = yield* libc.sem_init(0);
      const b = yield* libc.pthread_barrier_init(3);
      let serial = 0;
      const w = function* (l: Libc) {
        if ((yield* l.pthread_barrier_wait(b)) === -1) serial++;
        yield* l.sem_post(s);
        return 0;
      };
      const ids = [yield* libc.pthread_create(w), yield* libc.pthread_create(w)];
      if ((yield* libc.pthread_barrier_wait(b)) === -1) serial++;
      yield* libc.sem_wait(s);
      yield* libc.sem_wait(s);
      for (const t of ids) yield* libc.pthread_join(t);
      return serial;
    }, { cpus: 2 });
    expect(r.exitCode).toBe(1);
  });
});

describe('LinuxThreads: fork and the manager', () => {
  it('a forked child of a threaded process has no manager until it creates a thread itself', () => {
    const r = runLt(function* (libc) {
      const t = yield* libc.pthread_create(napper, 1000);
      const child = yield* libc.fork(function* (l: Libc) {
        const u = yield* l.pthread_create(nothing);
        return (yield* l.pthread_join(u)) === 0 ? 7 : 1;
      });
      const st = { value: 0 };
      yield* libc.waitpid(child, st, 0);
      yield* libc.pthread_join(t);
      return (st.value >> 8) & 0xff;
    });
    expect(r.exitCode).toBe(7);
    const mainClones = ev(r, 'clone', r.mainPid).length; // the manager and the forked child
    expect(mainClones).toBe(2);
  });
});

describe('LinuxThreads: what a thread costs (rules 20–22 in the counters)', () => {
  const N = 200;
  const prog = function* (libc: Libc) {
    for (let i = 0; i < N; i++) yield* libc.pthread_join(yield* libc.pthread_create(nothing));
    return 0;
  };
  const per = (lib: string) => {
    const base = runProgram({ program: function* () { return 0; }, lib });
    const r = runProgram({ program: prog, lib });
    const calls = (name: string) => ((r.syscalls[name] ?? 0) - (base.syscalls[name] ?? 0)) / N;
    return { ns: (r.virtualNs - base.virtualNs) / N, total: (r.syscallTotal - base.syscallTotal) / N, calls };
  };

  it('each create+join is a pipe write and read, a manager wake-up (poll), a clone, a kill(2) restart and a sigsuspend', () => {
    const lt = per('linuxthreads');
    expect(lt.calls('clone')).toBeCloseTo(1, 1);
    expect(lt.calls('write')).toBeCloseTo(2, 1); // REQ_CREATE + REQ_FREE
    expect(lt.calls('read')).toBeCloseTo(2, 1);
    expect(lt.calls('poll')).toBeGreaterThanOrEqual(1);
    expect(lt.calls('kill')).toBeGreaterThanOrEqual(1);
    expect(lt.calls('rt_sigsuspend')).toBeGreaterThanOrEqual(1);
    expect(lt.calls('mmap')).toBeCloseTo(1, 1);
    expect(lt.calls('munmap')).toBeCloseTo(1, 1);
  });

  it.runIf(libraryNames().includes('nptl'))('LinuxThreads is slower per created thread than NPTL, and makes several times the system calls', () => {
    const lt = per('linuxthreads');
    const np = per('nptl');
    expect(lt.ns).toBeGreaterThan(np.ns);
    expect(lt.total).toBeGreaterThan(3 * np.total);
    expect(np.calls('write') + np.calls('kill') + np.calls('rt_sigsuspend')).toBe(0);
  });
});

describe('LinuxThreads: determinism', () => {
  it('the same program, CPUs and seed give the same event log, byte for byte', () => {
    const prog = function* (libc: Libc) {
      const m = yield* libc.pthread_mutex_init();
      const c = yield* libc.pthread_cond_init();
      let n = 0;
      const w = function* (l: Libc) {
        for (let i = 0; i < 20; i++) {
          yield* l.pthread_mutex_lock(m);
          n++;
          yield* l.pthread_cond_broadcast(c);
          yield* l.pthread_mutex_unlock(m);
          yield* l.compute(700);
        }
        return 0;
      };
      const ids = [yield* libc.pthread_create(w), yield* libc.pthread_create(w), yield* libc.pthread_create(w)];
      yield* libc.pthread_mutex_lock(m);
      while (n < 60) yield* libc.pthread_cond_timedwait(c, m, 1_000_000);
      yield* libc.pthread_mutex_unlock(m);
      for (const t of ids) yield* libc.pthread_join(t);
      return 0;
    };
    const log = () => runLt(prog, { cpus: 3 }).events.map((e) => `${e.time} ${e.kind} ${e.pid} ${e.a} ${e.b} ${e.s}`).join('\n');
    expect(log()).toBe(log());
  });
});
