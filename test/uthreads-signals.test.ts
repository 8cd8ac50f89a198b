/**
 * uthreads-signals.test.ts — signals, fork, poll and pause in the user-level libraries (NGPT and
 * green), where the conformance suite (test/conformance/waits.test.ts) cannot look inside:
 * the wake-up a signal handler owes another native is sent while the handler runs (issue 16,
 * bug 4); a process-directed signal never runs a handler outside a user thread (bug 3); the
 * fork child keeps the calling thread and numbers new threads after the parent's (bug 6); poll
 * and pause are wrapped, and with `wrap: false` they block the native as before (rules 33, 34).
 */

import { describe, it, expect } from 'vitest';
import { SIGUSR1, SIGUSR2, SIG_BLOCK, SIG_UNBLOCK, EINTR, POLLIN } from '../kernel/index.js';
import { sigmask, type Libc, type pthread_t } from '../libs/api.js';
import { run, sibling, unitsDuring, type Progress } from './uthreads-helpers.js';

describe('NGPT: wake-ups owed by a signal handler (issue 16, bug 4)', () => {
  /**
   * Worker w (native 1) holds m and waits for m2, which main holds. A handler in main hands m2
   * to w — w's native sleeps on its futex, so the wake-up is owed — and then locks m, which w
   * releases only once it runs. The handler spins (it cannot park); unless the owed wake-up is
   * sent while it spins, w never runs.
   */
  const prog = (log: string[]) => function* (libc: Libc): Generator<any, number, any> {
    const m = yield* libc.pthread_mutex_init();
    const m2 = yield* libc.pthread_mutex_init();
    yield* libc.pthread_mutex_lock(m2);
    const w = yield* libc.pthread_create(function* (l: Libc) {
      yield* l.pthread_mutex_lock(m);
      yield* l.pthread_mutex_lock(m2);
      log.push('worker has m2');
      yield* l.pthread_mutex_unlock(m);
      yield* l.pthread_mutex_unlock(m2);
      return 0;
    });
    yield* libc.usleep(1_000); // w holds m and waits for m2 on an idle native
    yield* libc.signal(SIGUSR1, function* (l: Libc) {
      yield* l.pthread_mutex_unlock(m2);
      yield* l.pthread_mutex_lock(m);
      log.push('handler has m');
      yield* l.pthread_mutex_unlock(m);
    });
    yield* libc.raise(SIGUSR1);
    yield* libc.pthread_join(w);
    return 0;
  };

  it('a handler spinning on a lock whose owner it readied on a sleeping native gets the lock (2 CPUs)', () => {
    const log: string[] = [];
    const r = run('ngpt', prog(log), { cpus: 2, timeLimit: 10e6 });
    expect(r.outcome).toBe('exited');
    expect(log).toEqual(['worker has m2', 'handler has m']);
    expect(r.virtualNs).toBeLessThan(5e6);
  });
});

describe('process-directed signals are taken by user threads (issue 16, bug 3)', () => {
  /** Two workers, one blocking SIGUSR1; every user thread sleeps or waits; kill(getpid()). */
  const prog = (seen: string[]) => function* (libc: Libc): Generator<any, number, any> {
    const ids: pthread_t[] = [];
    yield* libc.signal(SIGUSR1, function* (l: Libc) {
      const me = yield* l.pthread_self();
      seen.push(me === 0 ? 'no thread' : me === ids[1] ? 'unblocked worker' : 'a thread that blocks it');
    });
    yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR1));
    const m = yield* libc.pthread_mutex_init();
    yield* libc.pthread_mutex_lock(m);
    ids.push(yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(20_000); return 0; }));
    ids.push(yield* libc.pthread_create(function* (l: Libc) {
      yield* l.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1));
      yield* l.pthread_mutex_lock(m);
      yield* l.pthread_mutex_unlock(m);
      return 0;
    }));
    yield* libc.usleep(1_000);
    for (let i = 0; i < 3; i++) {
      yield* libc.kill(yield* libc.getpid(), SIGUSR1);
      yield* libc.usleep(1_000);
    }
    yield* libc.pthread_mutex_unlock(m);
    for (const t of ids) yield* libc.pthread_join(t);
    return 0;
  };

  for (const lib of ['ngpt', 'green']) {
    for (const cpus of [1, 2, 4]) {
      it(`${lib}, ${cpus} CPU(s): each kill(getpid()) runs the handler once, in the only thread that does not block it`, () => {
        const seen: string[] = [];
        const r = run(lib, prog(seen), { cpus });
        expect(r.statusText).toBe('exited with status 0');
        expect(seen).toEqual(['unblocked worker', 'unblocked worker', 'unblocked worker']);
      });
    }
  }

  it('ngpt: a signal no thread can take stays pending for the process until a thread unblocks it', () => {
    const seen: string[] = [];
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      yield* libc.signal(SIGUSR2, function* (l: Libc) { seen.push(`handler in ${yield* l.pthread_self()}`); });
      yield* libc.sigprocmask(SIG_BLOCK, sigmask(SIGUSR2));
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(3_000); return 0; });
      yield* libc.kill(yield* libc.getpid(), SIGUSR2);
      yield* libc.usleep(1_000);
      const p = { value: 0n };
      yield* libc.sigpending(p);
      seen.push(`pending ${(p.value & sigmask(SIGUSR2)) !== 0n}`);
      yield* libc.pthread_join(t);
      yield* libc.sigprocmask(SIG_UNBLOCK, sigmask(SIGUSR2));
      seen.push('unblocked');
      return 0;
    }, { cpus: 2 });
    expect(r.statusText).toBe('exited with status 0');
    expect(seen).toEqual(['pending true', 'handler in 1', 'unblocked']);
  });
});

describe('fork keeps the calling user thread (issue 16, bug 6)', () => {
  for (const lib of ['ngpt', 'green']) {
    it(`${lib}: a child forked by thread 3 is thread 3; its next thread is numbered after the parent's last`, () => {
      const got: number[] = [];
      const r = run(lib, function* (libc: Libc): Generator<any, number, any> {
        yield* libc.pthread_join(yield* libc.pthread_create(function* () { return 0; }));
        const t = yield* libc.pthread_create(function* (l: Libc) {
          const pid = yield* l.fork(function* (c: Libc) {
            got.push(yield* c.pthread_self());
            got.push(yield* c.pthread_create(function* () { return 0; }));
            return 0;
          });
          return yield* l.waitpid(pid, null, 0);
        });
        yield* libc.pthread_join(t);
        return 0;
      }, { cpus: 2 });
      expect(r.statusText).toBe('exited with status 0');
      expect(got).toEqual([3, 4]);
    });
  }
});

describe('poll and pause are wrapped; wrap: false shows the unwrapped calls (rules 33, 34)', () => {
  /** A thread in pause() (or poll of an empty pipe for 50 ms) while a sibling computes. */
  const prog = (call: 'pause' | 'poll', p: Progress, t: { t0: number; t1: number; r: string }) =>
    function* (libc: Libc): Generator<any, number, any> {
      yield* libc.signal(SIGUSR1, function* () { /* only to interrupt */ });
      const fds = yield* libc.pipe();
      if (fds === -1) return 1;
      const w = yield* libc.pthread_create(function* (l: Libc) {
        t.t0 = yield* l.clock_gettime();
        const r = call === 'pause' ? yield* l.pause() : yield* l.poll([{ fd: fds[0], events: POLLIN }], 50);
        t.r = `${r} ${r < 0 ? (l.errno === EINTR ? 'EINTR' : l.errno) : ''}`.trim();
        t.t1 = yield* l.clock_gettime();
        return 0;
      });
      const s = yield* libc.pthread_create(sibling, p);
      yield* libc.usleep(20_000);
      if (call === 'pause') yield* libc.pthread_kill(w, SIGUSR1);
      yield* libc.pthread_join(w);
      p.stop = true;
      yield* libc.pthread_join(s);
      return 0;
    };

  for (const lib of ['ngpt', 'green']) {
    for (const call of ['pause', 'poll'] as const) {
      it(`${lib}: a wrapped ${call} parks only its thread; the sibling on the same native runs meanwhile`, () => {
        const p: Progress = { times: [], stop: false };
        const t = { t0: 0, t1: 0, r: '' };
        const r = run(lib, prog(call, p, t), { cpus: 1 });
        expect(r.statusText).toBe('exited with status 0');
        expect(t.r).toBe(call === 'pause' ? '-1 EINTR' : '0');
        expect(unitsDuring(p, t.t0, t.t1)).toBeGreaterThan(50);
        expect(r.syscalls.pause ?? 0).toBe(0);
      });
    }
  }

  it('green, wrap: false: pause() stops the whole process (rule 34): nothing runs until a signal', () => {
    const p: Progress = { times: [], stop: false };
    const t = { t0: 0, t1: 0, r: '' };
    const r = run('green', prog('pause', p, t), { cpus: 1, libOptions: { wrap: false }, timeLimit: 1e9 });
    expect(r.outcome).not.toBe('exited');
    expect(p.times).toHaveLength(0);
  });

  it('green, wrap: false: poll() blocks the native for its whole timeout (rule 34)', () => {
    const p: Progress = { times: [], stop: false };
    const t = { t0: 0, t1: 0, r: '' };
    const r = run('green', prog('poll', p, t), { cpus: 1, libOptions: { wrap: false } });
    expect(r.statusText).toBe('exited with status 0');
    expect(t.r).toBe('0');
    expect(t.t1 - t.t0).toBeGreaterThanOrEqual(50e6);
    expect(unitsDuring(p, t.t0, t.t1)).toBe(0);
  });

  it('ngpt, wrap: [read, write]: poll and pause are plain system calls again', () => {
    const p: Progress = { times: [], stop: false };
    const t = { t0: 0, t1: 0, r: '' };
    const r = run('ngpt', prog('poll', p, t), { cpus: 1, libOptions: { wrap: ['read', 'write'] } });
    expect(r.statusText).toBe('exited with status 0');
    expect(unitsDuring(p, t.t0, t.t1)).toBe(0);
    expect(r.syscalls.poll ?? 0).toBeGreaterThanOrEqual(1);
  });
});
