/**
 * era.test.ts — NPTL's era option (--lib-opt glibc=2.3|2.36; nptl_2_36.ts): what glibc 2.36 adds
 * to a thread's life, system call by system call, and how a cost model pairs an era.
 */

import { describe, it, expect } from 'vitest';
import { PTHREAD_CANCELED, type Libc } from '../../libs/api.js';
import { runProgram } from '../../experiments/runner.js';
import { loadCostModel } from '../../kernel/index.js';
import { runNptl, events, syscallsOf, mainPid, pingpong } from './helpers.js';

function* noop(_l: Libc) { return 0; }

/** One thread at a time, n times. */
function createJoin(n: number) {
  return function* main(libc: Libc) {
    for (let i = 0; i < n; i++) yield* libc.pthread_join(yield* libc.pthread_create(noop));
    return 0;
  };
}

const era236 = { libOptions: { glibc: '2.36' } };

describe('glibc 2.36: the ten system calls of a create+join (strace of glibc 2.36, issue 17)', () => {
  it('creator: rt_sigprocmask, clone3, rt_sigprocmask, futex; thread: rseq, set_robust_list, rt_sigprocmask ×2, madvise, exit', () => {
    const r = runNptl(createJoin(5), era236);
    const main = mainPid(r);
    const creator = syscallsOf(r, main);
    const last = creator.lastIndexOf('clone3');
    expect(creator.slice(last - 1, last + 3)).toEqual(['rt_sigprocmask', 'clone3', 'rt_sigprocmask', 'futex']);
    const children = events(r, 'clone', main).map((e) => e.a);
    expect(children).toHaveLength(5);
    for (const pid of children) {
      expect(syscallsOf(r, pid)).toEqual(['rseq', 'set_robust_list', 'rt_sigprocmask', 'rt_sigprocmask', 'madvise', 'exit']);
    }
    // Steady state (stack cache hits): 10 per create+join; the first adds mmap + mprotect (the guard page).
    const total = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
    const five = runNptl(createJoin(5), era236).syscalls, fifteen = runNptl(createJoin(15), era236).syscalls;
    expect((total(fifteen) - total(five)) / 10).toBe(10);
    expect(five.mmap).toBe(1);
    expect(five.mprotect).toBe(1);
    expect(fifteen.clone ?? 0).toBe(0);
  });

  it('glibc 2.3 (the default) still makes clone, futex and exit only', () => {
    const r = runNptl(createJoin(5));
    for (const pid of events(r, 'clone', mainPid(r)).map((e) => e.a)) expect(syscallsOf(r, pid)).toEqual(['exit']);
    expect(r.syscalls.clone).toBe(5);
    expect(r.syscalls.rt_sigprocmask ?? 0).toBe(0);
    expect(r.variant).toBeUndefined();
  });

  it('the join waits with FUTEX_WAIT_BITSET (op 9), woken by the kernel\'s CLONE_CHILD_CLEARTID', () => {
    const ops = (o: Record<string, unknown>) => {
      const seen: number[] = [];
      runNptl(createJoin(3), { ...o, setup: (k) => {
        const ent = k.syscalls[202]!;
        const fn = ent.fn;
        ent.fn = (kk, t, a, b, ...rest) => { if (t.sysNr >= 0 && t.wakeReason === 0) seen.push(b); return fn(kk, t, a, b, ...rest); };
      } });
      return seen;
    };
    expect(ops(era236)).toEqual([9, 9, 9]);
    expect(ops({})).toEqual([0, 0, 0]);
  });

  it('a fresh stack faults in the pages the thread touches; a reused one keeps them (advise_stack_range spares the top)', () => {
    const costs = { ...loadCostModel('modern-x86'), pageFault: 1_000_000 }; // 1 ms: unmistakable
    const time = (n: number) => runNptl(createJoin(n), { ...era236, costs }).virtualNs;
    const one = time(1), eleven = time(11);
    expect(one).toBeGreaterThan(2_000_000); // two pages of the new stack
    expect(eleven - one).toBeLessThan(1_000_000); // ten reuses: no fault at all
    const old = runNptl(createJoin(1), { costs }).virtualNs; // the 2.3 model touches nothing
    expect(old).toBeLessThan(1_000_000);
  });
});

describe('glibc 2.36: cancellation', () => {
  it('a thread created by 2.36\'s pthread_create makes the process multi-threaded: a cancel reaches a thread blocked in a condition wait (SIGCANCEL by tgkill)', () => {
    const r = runNptl(function* main(libc: Libc) {
      const mu = yield* libc.pthread_mutex_init();
      const cv = yield* libc.pthread_cond_init();
      const t = yield* libc.pthread_create(function* (l: Libc) {
        yield* l.pthread_mutex_lock(mu);
        for (;;) yield* l.pthread_cond_wait(cv, mu);
      });
      yield* libc.usleep(1000);
      expect(yield* libc.pthread_cancel(t)).toBe(0);
      const ret = { value: null as unknown };
      yield* libc.pthread_join(t, ret);
      return ret.value === PTHREAD_CANCELED ? 0 : 1;
    }, era236);
    expect(r.statusText).toBe('exited with status 0');
    expect(r.syscalls.tgkill).toBe(1);
  });
});


describe('glibc 2.36: the condition variable\'s order of steps (2.25\'s rewrite; pthread_cond_wait_2_36.ts)', () => {
  // With wake-up preemption every wake-up runs the woken thread at once, so what a thread holds
  // when it wakes another decides how often they switch. Linux 6.18 with glibc 2.36 on one CPU:
  // 2.21 voluntary + 1.68 involuntary switches per round trip (getrusage, issue 17's note).
  const preempting = { ...loadCostModel('modern-x86'), wakePreempt: 1 };
  const perRound = (o: Record<string, unknown>, n = 200) => {
    const r = runNptl(pingpong(n), { costs: preempting, ...o });
    expect(r.statusText).toBe('exited with status 0');
    return { voluntary: r.voluntarySwitches / n, involuntary: r.involuntarySwitches / n };
  };

  it('2.36 makes 2 voluntary + 2 involuntary switches per round trip: no internal lock is held across a wake-up', () => {
    const r = perRound(era236);
    expect(r.voluntary).toBeCloseTo(2, 1);
    expect(r.involuntary).toBeCloseTo(2, 1);
  });

  it('2.3 makes 3 + 3: its waiter wakes the mutex\'s waiter while holding the condvar lock, which that thread then needs', () => {
    const r = perRound({});
    expect(r.voluntary).toBeCloseTo(3, 1);
    expect(r.involuntary).toBeCloseTo(3, 1);
  });

  it('without wake-up preemption both eras switch twice per round trip', () => {
    const modern = loadCostModel('modern-x86');
    for (const o of [era236, {}]) {
      const r = runNptl(pingpong(200), { costs: modern, ...o });
      expect((r.voluntarySwitches + r.involuntarySwitches) / 200).toBeCloseTo(2, 1);
    }
  });

  it('2.36\'s broadcast wakes every waiter (no FUTEX_CMP_REQUEUE); 2.3\'s requeues them onto the mutex', () => {
    const herd = function* main(libc: Libc) {
      const mu = yield* libc.pthread_mutex_init();
      const cv = yield* libc.pthread_cond_init();
      const s = { go: false, done: 0 };
      const ts = [];
      for (let i = 0; i < 4; i++) {
        ts.push(yield* libc.pthread_create(function* (l: Libc) {
          yield* l.pthread_mutex_lock(mu);
          while (!s.go) yield* l.pthread_cond_wait(cv, mu);
          s.done++;
          yield* l.pthread_mutex_unlock(mu);
          return 0;
        }));
      }
      yield* libc.usleep(1000);
      yield* libc.pthread_mutex_lock(mu);
      s.go = true;
      yield* libc.pthread_cond_broadcast(cv);
      yield* libc.pthread_mutex_unlock(mu);
      for (const t of ts) yield* libc.pthread_join(t);
      return s.done === 4 ? 0 : 1;
    };
    const ops = (o: Record<string, unknown>) => {
      const seen: number[] = [];
      const r = runNptl(herd, { ...o, setup: (k) => {
        const ent = k.syscalls[202]!;
        const fn = ent.fn;
        ent.fn = (kk, t, a, b, ...rest) => { if (t.sysNr >= 0 && t.wakeReason === 0) seen.push(b & 0x7f); return fn(kk, t, a, b, ...rest); };
      } });
      expect(r.statusText).toBe('exited with status 0');
      return seen;
    };
    expect(ops(era236)).not.toContain(4); // FUTEX_CMP_REQUEUE
    expect(ops({})).toContain(4);
  });
});

describe('choosing the era', () => {
  it('a cost model pairs one (CostModel.glibc, as the host model does); --lib-opt glibc= overrides it', () => {
    const costs = { ...loadCostModel('modern-x86'), glibc: '2.36' };
    const paired = runProgram({ program: createJoin(2), lib: 'nptl', costs });
    expect(paired.variant).toBe('glibc 2.36');
    expect(paired.syscalls.clone3).toBe(2);
    const forced = runProgram({ program: createJoin(2), lib: 'nptl', costs, libOptions: { glibc: 2.3 } });
    expect(forced.variant).toBeUndefined();
    expect(forced.syscalls.clone).toBe(2);
    // other libraries ignore the pairing
    expect(runProgram({ program: createJoin(2), lib: 'linuxthreads', costs }).variant).toBeUndefined();
  });

  it('an era the library does not model is refused, naming the two it does', () => {
    expect(() => runProgram({ program: createJoin(1), lib: 'nptl', libOptions: { glibc: '2.17' } })).toThrow(/glibc must be 2\.3 or 2\.36/);
  });
});
