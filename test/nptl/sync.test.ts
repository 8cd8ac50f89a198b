/**
 * sync.test.ts — NPTL's futex-based synchronisation and the rest of its thread API, checked
 * on the kernel's event log: the mutex fast path makes no system call, contention goes
 * through FUTEX_WAIT/WAKE, broadcast requeues, pthread_kill is tgkill, detach, fork, limits.
 */

import { describe, it, expect } from 'vitest';
import { EAGAIN, ESRCH, EINVAL, SIGUSR1, type Libc } from '../../libs/api.js';
import { PRESETS } from '../../kernel/index.js';
import { runNptl, events, syscallsOf, mainPid } from './helpers.js';

function* quick(libc: Libc) { yield* libc.compute(1_000); return 0; }

describe('NPTL mutexes: futex words with a user-space fast path', () => {
  it('1000 uncontended lock/unlock pairs make no system call and cost 2 atomic operations each', () => {
    const costs = { ...PRESETS['modern-x86'], atomicOp: 20 };
    let t0 = 0;
    let t1 = 0;
    const r = runNptl(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      t0 = yield* libc.clock_gettime();
      for (let i = 0; i < 1000; i++) {
        yield* libc.pthread_mutex_lock(m);
        yield* libc.pthread_mutex_unlock(m);
      }
      t1 = yield* libc.clock_gettime();
      return 0;
    }, { costs });
    expect(syscallsOf(r, mainPid(r))).not.toContain('futex');
    expect(t1 - t0).toBe(1000 * 2 * 20);
  });

  it('under contention the waiter sleeps in FUTEX_WAIT and the unlock wakes it with FUTEX_WAKE', () => {
    const r = runNptl(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      yield* libc.pthread_mutex_lock(m);
      const t = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.pthread_mutex_lock(m);
        yield* l.pthread_mutex_unlock(m);
        return 0;
      });
      yield* libc.usleep(500); // the thread blocks on the mutex meanwhile
      yield* libc.pthread_mutex_unlock(m);
      yield* libc.pthread_join(t);
      return 0;
    });
    const main = mainPid(r);
    const child = events(r, 'clone', main)[0].a;
    const wait = events(r, 'futex_wait', child);
    expect(wait.length).toBeGreaterThanOrEqual(1);
    expect(wait[0].b).toBe(0);
    const wake = events(r, 'futex_wake', main).find((e) => e.a === wait[0].a);
    expect(wake?.b).toBe(1);
  });

  it('a normal mutex relocked by its owner deadlocks (the run reports it), as in C', () => {
    expect(() => runNptl(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      yield* libc.pthread_mutex_lock(m);
      yield* libc.pthread_mutex_lock(m);
      return 0;
    })).toThrow(/deadlock/);
  });
});

describe('NPTL condition variables', () => {
  it('broadcast wakes one waiter and requeues the others onto the mutex (no thundering herd)', () => {
    let woke = 0;
    const r = runNptl(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      const c = yield* libc.pthread_cond_init();
      let go = false;
      const ts = [];
      for (let i = 0; i < 4; i++) {
        ts.push(yield* libc.pthread_create(function* (l: Libc) {
          yield* l.pthread_mutex_lock(m);
          while (!go) yield* l.pthread_cond_wait(c, m);
          woke++;
          yield* l.pthread_mutex_unlock(m);
          return 0;
        }));
      }
      yield* libc.usleep(500);
      yield* libc.pthread_mutex_lock(m);
      go = true;
      yield* libc.pthread_cond_broadcast(c);
      yield* libc.pthread_mutex_unlock(m);
      for (const t of ts) yield* libc.pthread_join(t);
      return 0;
    });
    expect(woke).toBe(4);
    const main = mainPid(r);
    // The broadcast's CMP_REQUEUE woke exactly one waiter directly.
    const calls = events(r, 'sys_enter', main).map((e) => e.s);
    const wakes = events(r, 'futex_wake', main).map((e) => e.b);
    expect(calls.filter((c) => c === 'futex').length).toBeGreaterThanOrEqual(2);
    expect(wakes[0]).toBe(1);
  });

  it('timedwait gives up after the timeout and returns ETIMEDOUT', () => {
    let e = -1;
    let waited = 0;
    runNptl(function* (libc) {
      const m = yield* libc.pthread_mutex_init();
      const c = yield* libc.pthread_cond_init();
      yield* libc.pthread_mutex_lock(m);
      const t0 = yield* libc.clock_gettime();
      e = yield* libc.pthread_cond_timedwait(c, m, 10_000_000);
      waited = (yield* libc.clock_gettime()) - t0;
      yield* libc.pthread_mutex_unlock(m);
      return 0;
    });
    expect(e).toBe(110);
    expect(waited).toBeGreaterThanOrEqual(10_000_000);
  });
});

describe('NPTL thread API', () => {
  it('pthread_kill is tgkill; a thread that has exited is ESRCH, and a joined one too', () => {
    let res = '';
    const r = runNptl(function* (libc) {
      yield* libc.signal(SIGUSR1, function* () {});
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(500); return 0; });
      const k1 = yield* libc.pthread_kill(t, SIGUSR1);
      yield* libc.pthread_join(t);
      res = `${k1} ${yield* libc.pthread_kill(t, SIGUSR1)} ${yield* libc.pthread_join(t)}`;
      return 0;
    });
    expect(res).toBe(`0 ${ESRCH} ${ESRCH}`);
    expect(syscallsOf(r, mainPid(r))).toContain('tgkill');
  });

  it('detach: joining a detached thread is EINVAL; detaching twice is EINVAL; a detached thread that exited frees itself', () => {
    let res = '';
    runNptl(function* (libc) {
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(300); return 0; });
      const d1 = yield* libc.pthread_detach(t);
      const d2 = yield* libc.pthread_detach(t);
      const j = yield* libc.pthread_join(t);
      yield* libc.usleep(20_000); // long after its 300 µs nap (sleeps round up to jiffies)
      res = `${d1} ${d2} ${j} ${yield* libc.pthread_detach(t)}`;
      return 0;
    });
    expect(res).toBe(`0 ${EINVAL} ${EINVAL} ${ESRCH}`);
  });

  it('key destructors run in the exiting thread, before it is joinable', () => {
    const log: string[] = [];
    runNptl(function* (libc) {
      const key = yield* libc.pthread_key_create((v) => { log.push(`destroy ${v}`); });
      const t = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.pthread_setspecific(key, 'mine');
        yield* l.pthread_exit(5);
      });
      const ret = { value: 0 as unknown };
      yield* libc.pthread_join(t, ret);
      log.push(`joined ${ret.value}`);
      return 0;
    });
    expect(log).toEqual(['destroy mine', 'joined 5']);
  });

  it('pthread_create returns -EAGAIN when the kernel refuses the clone (threads-max)', () => {
    let res: number[] = [];
    runNptl(function* (libc) {
      const ts: number[] = [];
      for (let i = 0; i < 40; i++) ts.push(yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(1_000); return 0; }));
      res = ts;
      for (const t of ts) if (t > 0) yield* libc.pthread_join(t);
      return 0;
    }, { kernel: { threadsMax: 30 } });
    expect(res.filter((t) => t === -EAGAIN).length).toBeGreaterThan(0);
    expect(res.filter((t) => t > 0).length).toBeGreaterThan(0);
  });

  it('fork from a thread: the child\'s one thread keeps the forking thread\'s pthread_t and can create threads', () => {
    const r = runNptl(function* (libc) {
      const t = yield* libc.pthread_create(function* (l: Libc) {
        const me = yield* l.pthread_self();
        const pid = yield* l.fork(function* (c: Libc) {
          const same = (yield* c.pthread_self()) === me;
          const u = yield* c.pthread_create(quick);
          const j = yield* c.pthread_join(u);
          yield* c.printf('child: same pthread_t %s, create+join %d, pid==tid %s\n', same, j, (yield* c.getpid()) === (yield* c.gettid()));
          return 0;
        });
        yield* l.waitpid(pid, null, 0);
        return 0;
      });
      yield* libc.pthread_join(t);
      return 0;
    });
    expect(r.stdout).toBe('child: same pthread_t true, create+join 0, pid==tid true\n');
  });

  it('the same program, seed and costs give a byte-identical trace', () => {
    const prog = function* (libc: Libc) {
      const m = yield* libc.pthread_mutex_init();
      let n = 0;
      const ts = [];
      for (let i = 0; i < 4; i++) ts.push(yield* libc.pthread_create(function* (l: Libc) { for (let k = 0; k < 50; k++) { yield* l.pthread_mutex_lock(m); n++; yield* l.compute(300); yield* l.pthread_mutex_unlock(m); } return 0; }));
      for (const t of ts) yield* libc.pthread_join(t);
      yield* libc.printf('%d\n', n);
      return 0;
    };
    const a = runNptl(prog, { cpus: 2, seed: 7 });
    const b = runNptl(prog, { cpus: 2, seed: 7 });
    expect(a.stdout).toBe('200\n');
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });
});
