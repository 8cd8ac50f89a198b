/**
 * ngpt.test.ts — NGPT's M:N mechanism, rules 31–33: natives are CLONE_THREAD tasks (one pid,
 * ps shows natives only, CPUs+1 of them), user threads switch without the kernel and without
 * preemption, wrapped calls park only the thread, unwrapped ones block a native and its queue,
 * and the watchdog rescues a stranded queue. Each test fails if the mechanism breaks.
 */

import { describe, it, expect } from 'vitest';
import {
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, SIGUSR1, SIGTERM,
} from '../kernel/index.js';
import type { Libc, pthread_cond_t, pthread_mutex_t } from '../libs/api.js';
import {
  run, runWithPs, tasksOf, sibling, unitsDuring, timedSlowRead, type Progress, type Timed,
} from './uthreads-helpers.js';

const NATIVE_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;

interface Gate { m: pthread_mutex_t; c: pthread_cond_t; open: boolean; pids: number[] }

function* waiter(libc: Libc, g: Gate): Generator<any, number, any> {
  g.pids.push(yield* libc.getpid());
  yield* libc.pthread_mutex_lock(g.m);
  while (!g.open) yield* libc.pthread_cond_wait(g.c, g.m);
  yield* libc.pthread_mutex_unlock(g.m);
  return 0;
}

/** 20 user threads parked on a condition while ps is taken; then all are released and joined. */
function twentyParked(snap: () => unknown, out: { rows: any; pid: number; pids: number[] }) {
  return function* (libc: Libc): Generator<any, number, any> {
    const g: Gate = { m: yield* libc.pthread_mutex_init(), c: yield* libc.pthread_cond_init(), open: false, pids: out.pids };
    out.pid = yield* libc.getpid();
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push(yield* libc.pthread_create(waiter, g));
    yield* libc.usleep(2000);
    out.rows = snap();
    yield* libc.pthread_mutex_lock(g.m);
    g.open = true;
    yield* libc.pthread_cond_broadcast(g.c);
    yield* libc.pthread_mutex_unlock(g.m);
    for (const t of ids) yield* libc.pthread_join(t);
    return 0;
  };
}

describe('NGPT natives (rule 31)', () => {
  for (const cpus of [1, 2, 4]) {
    const natives = cpus > 1 ? cpus + 1 : 1;
    it(`rule 31: on ${cpus} CPU(s) 20 user threads run on ${natives} native(s)${cpus > 1 ? ' plus the watchdog' : ''}, all CLONE_THREAD tasks of one pid; ps shows natives only`, () => {
      const out = { rows: null as any, pid: 0, pids: [] as number[] };
      const r = runWithPs('ngpt', (snap) => twentyParked(snap, out), { cpus, trace: true });
      expect(r.statusText).toBe('exited with status 0');
      const mine = tasksOf(out.rows, out.pid);
      expect(mine).toHaveLength(natives + (cpus > 1 ? 1 : 0));
      expect(new Set(out.pids)).toEqual(new Set([out.pid]));
      const clones = r.events!.filter((e) => e.kind === 'clone' && e.pid >= out.pid);
      expect(clones).toHaveLength(mine.length - 1);
      for (const c of clones) expect(c.b & NATIVE_FLAGS).toBe(NATIVE_FLAGS);
    });
  }

  it('rule 31: the natives option (MAXNATIVETHREADS) overrides the CPU-based count', () => {
    const out = { rows: null as any, pid: 0, pids: [] as number[] };
    runWithPs('ngpt', (snap) => twentyParked(snap, out), { cpus: 1, libOptions: { natives: 5 } });
    expect(tasksOf(out.rows, out.pid)).toHaveLength(5 + 1);
  });

  it('rule 31: a system-scope thread gets a native of its own, which leaves with it', () => {
    const seen: number[] = [];
    let pid = 0;
    const r = runWithPs('ngpt', (snap) => function* (libc: Libc): Generator<any, number, any> {
      pid = yield* libc.getpid();
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.usleep(1000); return 0; }, null, { scope: 'system' });
      yield* libc.usleep(100);
      seen.push(tasksOf(snap(), pid).length);
      yield* libc.pthread_join(t);
      yield* libc.usleep(100);
      seen.push(tasksOf(snap(), pid).length);
      return 0;
    }, { cpus: 1 });
    expect(r.statusText).toBe('exited with status 0');
    expect(seen).toEqual([2, 1]);
  });
});

describe('NGPT user-level scheduling (rule 32)', () => {
  it('rule 32: a compute-bound user thread keeps its native until it yields (no preemption among user threads)', () => {
    const p: Progress = { times: [], stop: false };
    const hog = { t0: 0, t1: 0 };
    function* hogger(libc: Libc): Generator<any, number, any> {
      hog.t0 = yield* libc.clock_gettime();
      for (let i = 0; i < 10; i++) yield* libc.compute(5_000_000); // 50 ms, never yielding
      hog.t1 = yield* libc.clock_gettime();
      p.stop = true;
      return 0;
    }
    const prog = function* (libc: Libc): Generator<any, number, any> {
      const s = yield* libc.pthread_create(sibling, p);
      const h = yield* libc.pthread_create(hogger);
      yield* libc.pthread_join(h);
      yield* libc.pthread_join(s);
      return 0;
    };
    const r = run('ngpt', prog, { cpus: 1 });
    expect(r.statusText).toBe('exited with status 0');
    expect(p.times.length).toBeGreaterThan(0);
    expect(unitsDuring(p, hog.t0, hog.t1)).toBe(0);
    // The same program under NPTL: the kernel preempts the hog and the sibling runs meanwhile.
    const q: Progress = { times: [], stop: false };
    Object.assign(p, q);
    run('nptl', prog, { cpus: 1 });
    expect(unitsDuring(p, hog.t0, hog.t1)).toBeGreaterThan(0);
  });

  it('rule 32: the higher-priority ready thread runs first', () => {
    const order: string[] = [];
    run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const mk = (name: string) => function* (l: Libc) { order.push(name); yield* l.compute(1000); return 0; };
      const a = yield* libc.pthread_create(mk('low'), null, { priority: -2 });
      const b = yield* libc.pthread_create(mk('normal'), null);
      const c = yield* libc.pthread_create(mk('high'), null, { priority: 5 });
      for (const t of [a, b, c]) yield* libc.pthread_join(t);
      return 0;
    }, { cpus: 1 });
    expect(order).toEqual(['high', 'normal', 'low']);
  });

  it('rule 32: a user-level switch costs userSwitch and no system call; the kernel sees no switch', () => {
    const n = 1000;
    function* yielder(libc: Libc): Generator<any, number, any> {
      for (let i = 0; i < n; i++) yield* libc.sched_yield();
      return 0;
    }
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const a = yield* libc.pthread_create(yielder);
      const b = yield* libc.pthread_create(yielder);
      yield* libc.pthread_join(a);
      yield* libc.pthread_join(b);
      return 0;
    }, { cpus: 1, trace: true });
    const userSwitches = r.events!.filter((e) => e.kind === 'user_switch').length;
    expect(userSwitches).toBeGreaterThanOrEqual(2 * n);
    expect(r.syscallTotal).toBeLessThan(20);
    expect(r.syscalls.sched_yield ?? 0).toBe(0);
    expect(r.contextSwitches).toBeLessThan(50); // the shell, idle and kernel threads; not 2n
  });

  it('rule 32: a thread spinning on sched_yield alone on its native still lets virtual time pass', () => {
    const flag = { set: false, spins: 0 };
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const spinner = yield* libc.pthread_create(function* (l: Libc) {
        while (!flag.set) { flag.spins++; yield* l.sched_yield(); }
        return 0;
      }); // native 1, alone
      yield* libc.compute(10_000_000); // longer than a time slice: the kernel runs native 1 meanwhile
      flag.set = true;
      yield* libc.pthread_join(spinner);
      return 0;
    }, { cpus: 1, libOptions: { natives: 2 } });
    expect(r.statusText).toBe('exited with status 0');
    expect(flag.spins).toBeGreaterThan(10);
  });

  it('rule 32: contended user-level mutexes on one native never enter the kernel', () => {
    let count = 0;
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const m = yield* libc.pthread_mutex_init();
      const w = function* (l: Libc) {
        for (let i = 0; i < 200; i++) {
          yield* l.pthread_mutex_lock(m);
          const v = count;
          yield* l.sched_yield(); // hand the native over while holding the lock
          count = v + 1;
          yield* l.pthread_mutex_unlock(m);
        }
        return 0;
      };
      const ids = [yield* libc.pthread_create(w), yield* libc.pthread_create(w), yield* libc.pthread_create(w)];
      for (const t of ids) yield* libc.pthread_join(t);
      return 0;
    }, { cpus: 1 });
    expect(count).toBe(600);
    expect(r.syscalls.futex ?? 0).toBe(0);
  });
});

/** Reader on native 1, one sibling queued behind it on native 1, one sibling on native 0. */
function readerAndSiblings(rd: Timed, same: Progress, other: Progress, read: (l: Libc, t: Timed) => Generator<any, number, any>) {
  return function* (libc: Libc): Generator<any, number, any> {
    const r = yield* libc.pthread_create(function* (l: Libc) {
      const v = yield* read(l, rd);
      same.stop = true;
      other.stop = true;
      return v;
    }); // thread 2 → a new native (native 1)
    const o = yield* libc.pthread_create(sibling, other); // natives are at the count: round-robin → native 0
    const s = yield* libc.pthread_create(sibling, same); // → native 1, queued behind the reader
    for (const t of [r, o, s]) yield* libc.pthread_join(t);
    return 0;
  };
}

describe('NGPT blocking calls (rule 33)', () => {
  it('rule 33: a wrapped read parks only the user thread; its native runs the sibling meanwhile', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    const p: Progress = { times: [], stop: false };
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const s = yield* libc.pthread_create(sibling, p);
      yield* timedSlowRead(libc, rd);
      p.stop = true;
      yield* libc.pthread_join(s);
      return 0;
    }, { cpus: 1 });
    expect(r.statusText).toBe('exited with status 0');
    expect(rd.r).toBe(512);
    expect(rd.t1 - rd.t0).toBeGreaterThan(5e6);
    expect(unitsDuring(p, rd.t0, rd.t1)).toBeGreaterThan(20);
  });

  it('rule 33: an unwrapped read blocks its native and every user thread queued on it; other natives go on', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    const same: Progress = { times: [], stop: false };
    const other: Progress = { times: [], stop: false };
    const r = run('ngpt', readerAndSiblings(rd, same, other, timedSlowRead), { cpus: 2, libOptions: { natives: 2, wrap: false } });
    expect(r.statusText).toBe('exited with status 0');
    expect(rd.t1 - rd.t0).toBeGreaterThan(5e6);
    expect(unitsDuring(same, rd.t0, rd.t1)).toBe(0);
    expect(unitsDuring(other, rd.t0, rd.t1)).toBeGreaterThan(20);
  });

  it('rule 33: the same program with the read wrapped: the thread queued behind the reader runs too', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    const same: Progress = { times: [], stop: false };
    const other: Progress = { times: [], stop: false };
    run('ngpt', readerAndSiblings(rd, same, other, timedSlowRead), { cpus: 2, libOptions: { natives: 2 } });
    expect(unitsDuring(same, rd.t0, rd.t1)).toBeGreaterThan(20);
    expect(unitsDuring(other, rd.t0, rd.t1)).toBeGreaterThan(20);
  });

  const sleep5 = function* (l: Libc, t: Timed): Generator<any, number, any> {
    t.t0 = yield* l.clock_gettime();
    yield* l.sleep(5);
    t.t1 = yield* l.clock_gettime();
    return 0;
  };
  const firstRun = (p: Progress) => p.times[0] - 100_000;

  it('rule 33: the watchdog hands a queue stranded behind a blocked native to an idle native within 2 s', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    const same: Progress = { times: [], stop: false };
    const other: Progress = { times: [], stop: true }; // the native-0 sibling finishes at once: native 0 idles
    run('ngpt', readerAndSiblings(rd, same, other, sleep5), { cpus: 2, libOptions: { natives: 2, wrap: ['read', 'write'] } });
    expect(rd.t1 - rd.t0).toBeGreaterThanOrEqual(5e9);
    expect(firstRun(same)).toBeGreaterThan(1.9e9);
    expect(firstRun(same)).toBeLessThan(4.1e9);
    expect(unitsDuring(same, rd.t0, rd.t1)).toBeGreaterThan(1000);
  });

  it('rule 33: without the watchdog the stranded thread waits for the whole blocking call', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    const same: Progress = { times: [], stop: false };
    const other: Progress = { times: [], stop: true };
    run('ngpt', readerAndSiblings(rd, same, other, sleep5), { cpus: 2, libOptions: { natives: 2, wrap: ['read', 'write'], watchdog: false } });
    expect(unitsDuring(same, rd.t0, rd.t1)).toBe(0);
  });
});

describe('NGPT natives sleeping and waking', () => {
  it('a native asleep in poll (a parked fd) is woken through its pipe when another native readies its thread', () => {
    const rd: Timed = { t0: 0, t1: 0, r: 0 };
    let signalled = 0;
    let woke = 0;
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const g: Gate = { m: yield* libc.pthread_mutex_init(), c: yield* libc.pthread_cond_init(), open: false, pids: [] };
      const s = yield* libc.pthread_create(function* (l: Libc) { yield* waiter(l, g); woke = yield* l.clock_gettime(); return 0; }); // native 1
      const d = yield* libc.pthread_create(function* () { return 0; }); // native 0
      const rdr = yield* libc.pthread_create(timedSlowRead, rd); // native 1: it parks on the device fd
      yield* libc.usleep(1000);
      yield* libc.pthread_mutex_lock(g.m);
      g.open = true;
      signalled = yield* libc.clock_gettime();
      yield* libc.pthread_cond_signal(g.c);
      yield* libc.pthread_mutex_unlock(g.m);
      for (const t of [s, d, rdr]) yield* libc.pthread_join(t);
      return 0;
    }, { cpus: 2, libOptions: { natives: 2 } });
    expect(r.statusText).toBe('exited with status 0');
    expect(r.syscalls.pipe2).toBe(1);
    expect(woke).toBeGreaterThan(signalled);
    expect(woke).toBeLessThan(rd.t1);
    expect(woke - signalled).toBeLessThan(100_000);
  });

  it('a user-level deadlock ends in the kernel\'s deadlock report: every native and the watchdog sleep', () => {
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const m = yield* libc.pthread_mutex_init();
      yield* libc.pthread_mutex_lock(m);
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.pthread_mutex_lock(m); return 0; });
      yield* libc.pthread_join(t);
      return 0;
    }, { cpus: 2 });
    expect(r.outcome).toBe('deadlock');
    expect(r.virtualNs).toBeLessThan(5e9);
  });
});

describe('NGPT signals to user threads', () => {
  it('pthread_kill to a thread parked in a condition wait wakes it: the handler runs in it at once, then it waits again', () => {
    const log: string[] = [];
    let target = 0;
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const g: Gate = { m: yield* libc.pthread_mutex_init(), c: yield* libc.pthread_cond_init(), open: false, pids: [] };
      yield* libc.signal(SIGUSR1, function* (l: Libc) { log.push(`handler in ${(yield* l.pthread_self()) === target ? 'target' : 'other'}`); });
      target = yield* libc.pthread_create(function* (l: Libc) { yield* waiter(l, g); log.push('target resumed'); return 0; });
      yield* libc.usleep(100);
      yield* libc.pthread_kill(target, SIGUSR1);
      log.push('killed');
      yield* libc.usleep(100);
      log.push('still parked');
      yield* libc.pthread_mutex_lock(g.m);
      g.open = true;
      yield* libc.pthread_cond_signal(g.c);
      yield* libc.pthread_mutex_unlock(g.m);
      yield* libc.pthread_join(target);
      return 0;
    }, { cpus: 2 });
    expect(r.statusText).toBe('exited with status 0');
    // pth_sched_eventmanager wakes a waiting thread with a pending unblocked signal; the
    // condition wait returns (a spurious wake-up) and the waiter's loop waits again.
    expect(log).toEqual(['killed', 'handler in target', 'still parked', 'target resumed']);
  });

  it('pthread_kill with a process-wide default action (SIGTERM) takes effect at once', () => {
    const r = run('ngpt', function* (libc: Libc): Generator<any, number, any> {
      const g: Gate = { m: yield* libc.pthread_mutex_init(), c: yield* libc.pthread_cond_init(), open: false, pids: [] };
      const t = yield* libc.pthread_create(waiter, g);
      yield* libc.usleep(100);
      yield* libc.pthread_kill(t, SIGTERM);
      yield* libc.sleep(10);
      return 0;
    }, { cpus: 2 });
    expect(r.statusText).toBe('killed by SIGTERM');
    expect(r.virtualNs).toBeLessThan(1e9);
  });
});

describe('NGPT determinism and options', () => {
  it('the same program, seed and CPUs give the same output and trace', () => {
    const prog = function* (libc: Libc): Generator<any, number, any> {
      const p: Progress = { times: [], stop: false };
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(yield* libc.pthread_create(sibling, p));
      yield* libc.read_slow_device(64);
      p.stop = true;
      for (const t of ids) yield* libc.pthread_join(t);
      yield* libc.printf('%d\n', p.times.length);
      return 0;
    };
    const a = run('ngpt', prog, { cpus: 2, seed: 7, trace: true });
    const b = run('ngpt', prog, { cpus: 2, seed: 7, trace: true });
    expect(a.stdout).toBe(b.stdout);
    expect(a.events).toEqual(b.events);
  });

  it('bad options are refused with a message naming the option', () => {
    expect(() => run('ngpt', function* () { return 0; }, { libOptions: { natives: 0 } })).toThrow(/natives/);
    expect(() => run('ngpt', function* () { return 0; }, { libOptions: { wrap: ['reed'] } })).toThrow(/wrap: unknown call 'reed'/);
    expect(() => run('ngpt', function* () { return 0; }, { libOptions: { bogus: 1 } })).toThrow(/unknown option 'bogus'/);
  });
});
