/**
 * kernel-sched-rt.test.ts — the real-time classes (kernel/sched_rt.ts after kernel/sched/rt.c)
 * and their system calls (kernel/sys_sched.ts after kernel/sched/syscalls.c): priority order on
 * one CPU, SCHED_FIFO against SCHED_RR, preemption when a higher task wakes, sched_yield,
 * the errnos, inheritance across fork and clone, futex wake order by priority (futex.ts), and
 * a woken RT task on two CPUs.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  EINVAL, EPERM, ESRCH, SCHED_NORMAL, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_RESET_ON_FORK, RLIMIT_RTPRIO,
  FUTEX_WAIT, FUTEX_WAKE,
} from '../kernel/uapi.js';
import { spawnProgram } from '../kernel/shell.js';
import type { Kernel, KernelOptions } from '../kernel/kernel.js';
import { jiffyCeil } from '../kernel/time.js'; // nanosleep's expiry: rounded up to a tick
import type { Sim } from '../kernel/req.js';
import { boot, spawnThread, joinThread, wait, me } from './kernel-process-helpers.js';
import { umalloc } from '../kernel/uaccess.js';

const MS = 1e6;

const fifo = (p: number) => ({ sched_priority: p });

/** Run `main` as a set-user-ID-root program (euid 0: CAP_SYS_NICE), to the end. */
function runRoot(main: (k: Kernel) => Sim<unknown>, opts: Partial<KernelOptions> = {}): Kernel {
  const k = boot(opts);
  spawnProgram(k, main, k, 'prog', { setuid: 0 });
  k.run();
  return k;
}

/** A thread that appends `name` to `log` for each `chunk` of CPU it burns, `n` times. */
function* worker(a: { name: string; log: string[]; n: number; chunk: number }): Sim<number> {
  for (let i = 0; i < a.n; i++) {
    yield sys.compute(a.chunk);
    a.log.push(a.name);
  }
  return 0;
}

/** Runs of equal names: ['A','A','B'] → ['A×2','B×1']. */
function runs(log: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < log.length) {
    let j = i;
    while (j < log.length && log[j] === log[i]) j++;
    out.push(`${log[i]}×${j - i}`);
    i = j;
  }
  return out;
}

describe('real-time scheduling classes (sched_rt.ts, sys_sched.ts)', () => {
  it('on one CPU a runnable RT task runs before any SCHED_OTHER task, the higher rt_priority first', () => {
    const log: string[] = [];
    runRoot(function* () {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(99)); // main outranks the threads it makes
      const spec: [string, number, number][] = [['A', SCHED_FIFO, 10], ['B', SCHED_RR, 30], ['O', SCHED_NORMAL, 0], ['C', SCHED_FIFO, 20]];
      const ths = [];
      for (const [name, pol, prio] of spec) {
        const th = yield* spawnThread(worker, { name, log, n: 3, chunk: MS });
        expect(yield sys.sched_setscheduler(th.tid, pol, fifo(prio))).toBe(0);
        ths.push(th);
      }
      log.push('main-lowers');
      yield sys.sched_setscheduler(0, SCHED_NORMAL, fifo(0)); // preempted at once by B
      log.push('main-back');
      for (const th of ths) yield* joinThread(th);
      return 0;
    });
    expect(runs(log)).toEqual(['main-lowers×1', 'B×3', 'C×3', 'A×3', 'main-back×1', 'O×3']);
  });

  it('SCHED_FIFO runs until it blocks; SCHED_RR takes turns every RR_TIMESLICE (100 ms), to the tail of its list', () => {
    // B was lowered last (50 → 10), so it is at the head of the priority-10 list (ENQUEUE_HEAD).
    // Under SCHED_RR each turn is 100 ms of CPU: nine or ten 10-ms chunks (the slice also pays
    // for system calls and ticks, so a chunk straddles the boundary).
    for (const pol of [SCHED_FIFO, SCHED_RR]) {
      const log: string[] = [];
      runRoot(function* () {
        yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(50));
        const a = yield* spawnThread(worker, { name: 'A', log, n: 30, chunk: 10 * MS });
        const b = yield* spawnThread(worker, { name: 'B', log, n: 30, chunk: 10 * MS });
        yield sys.sched_setscheduler(a.tid, pol, fifo(10));
        yield sys.sched_setscheduler(b.tid, pol, fifo(10));
        yield* joinThread(a); // main sleeps: A and B have the CPU
        yield* joinThread(b);
        return 0;
      });
      const r = runs(log);
      if (pol === SCHED_FIFO) expect(r.join(' ')).toBe('B×30 A×30');
      else {
        expect(r.map((s) => s[0]).join(' ')).toBe('B A B A B A B A');
        expect(r.slice(0, 6).map((s) => Number(s.slice(2)))).toEqual([9, 9, 10, 10, 10, 10]);
      }
    }
  });

  it('sched_rr_get_interval: 100 ms for SCHED_RR, 0 for SCHED_FIFO, the slice in whole ticks for SCHED_OTHER', () => {
    const got: unknown[] = [];
    runRoot(function* (k) {
      const out: { value?: number } = {};
      got.push(yield sys.sched_rr_get_interval(0, out), out.value);
      yield sys.sched_setscheduler(0, SCHED_RR, fifo(1));
      got.push(yield sys.sched_rr_get_interval(0, out), out.value);
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(1));
      got.push(yield sys.sched_rr_get_interval(0, out), out.value);
      got.push(yield sys.sched_rr_get_interval(99999, out), yield sys.sched_rr_get_interval(-1, out));
      got.push(k.tickNs);
      return 0;
    });
    const tick = got.pop() as number;
    expect(got).toEqual([0, Math.floor(3 * MS / tick) * tick, 0, 100 * MS, 0, 0, -ESRCH, -EINVAL]);
  });

  it('a woken higher-priority RT task preempts the running lower one at once, not at its slice end', () => {
    const woke: number[] = [];
    for (const prio of [0, 10]) { // the running task: SCHED_OTHER, then SCHED_FIFO 10
      runRoot(function* (k) {
        if (prio) yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(prio));
        const th = yield* spawnThread(function* () {
          const t0 = (yield sys.clock_gettime()) as number;
          yield sys.nanosleep(5 * MS);
          woke.push(((yield sys.clock_gettime()) as number) - jiffyCeil(k, t0 + 5 * MS));
          return 0;
        });
        yield sys.sched_setscheduler(th.tid, SCHED_FIFO, fifo(20)); // it runs at once, then sleeps
        yield sys.compute(200 * MS); // one long user-mode burst
        yield* joinThread(th);
        return 0;
      });
    }
    expect(woke).toHaveLength(2);
    for (const w of woke) {
      expect(w).toBeGreaterThanOrEqual(0); // the timer's expiry, rounded up to a tick
      expect(w).toBeLessThan(0.1 * MS);
    }
  });

  it('sched_yield moves an RT task to the tail of its priority: an equal one runs, a SCHED_OTHER one does not', () => {
    const log: string[] = [];
    runRoot(function* () {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(50));
      const yielder = function* (a: { name: string }) {
        for (let i = 0; i < 3; i++) { log.push(a.name); yield sys.sched_yield(); }
        return 0;
      };
      const a = yield* spawnThread(yielder, { name: 'A' });
      const b = yield* spawnThread(yielder, { name: 'B' });
      const o = yield* spawnThread(yielder, { name: 'O' });
      yield sys.sched_setscheduler(a.tid, SCHED_FIFO, fifo(10));
      yield sys.sched_setscheduler(b.tid, SCHED_FIFO, fifo(10));
      yield sys.sched_setscheduler(o.tid, SCHED_NORMAL, fifo(0));
      yield* joinThread(a); yield* joinThread(b); yield* joinThread(o);
      return 0;
    });
    // B was lowered last from 50 to 10, so it went to the head of the priority-10 list
    // (__sched_setscheduler's ENQUEUE_HEAD when a priority goes down), ahead of A.
    expect(log).toEqual(['B', 'A', 'B', 'A', 'B', 'A', 'O', 'O', 'O']);
  });

  it('errnos: EINVAL (policy, priority range, null param, negative pid), ESRCH, EPERM by RLIMIT_RTPRIO and owner; priority ranges', () => {
    const got: unknown[] = [];
    runRoot(function* () {
      got.push(yield sys.sched_setscheduler(0, 7, fifo(1)));
      got.push(yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(0)));
      got.push(yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(100)));
      got.push(yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(-1)));
      got.push(yield sys.sched_setscheduler(0, SCHED_NORMAL, fifo(5)));
      got.push(yield sys.sched_setscheduler(0, SCHED_FIFO, null));
      got.push(yield sys.sched_setscheduler(-1, SCHED_FIFO, fifo(1)));
      got.push(yield sys.sched_setscheduler(99999, SCHED_FIFO, fifo(1)));
      got.push(yield sys.sched_setparam(0, fifo(3))); // SCHED_OTHER keeps priority 0
      got.push(yield sys.sched_getscheduler(99999), yield sys.sched_getparam(0, null));
      // Unprivileged (euid back to the student): RLIMIT_RTPRIO 10 allows FIFO up to 10.
      yield sys.setrlimit(RLIMIT_RTPRIO, { cur: 0, max: 10 });
      yield sys.setreuid(-1, 1000);
      got.push(yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(5))); // soft limit 0: EPERM
      yield sys.setrlimit(RLIMIT_RTPRIO, { cur: 10, max: 10 });
      got.push(yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(5)));
      got.push(yield sys.sched_setparam(0, fifo(11))); // above the limit and the current one
      got.push(yield sys.sched_setparam(0, fifo(3))); // lowering is always allowed
      got.push(yield sys.sched_setscheduler(1, SCHED_FIFO, fifo(1))); // init: another user's
      got.push(yield sys.sched_setscheduler(0, SCHED_BATCH, fifo(0)));
      got.push(yield sys.sched_getscheduler(0));
      return 0;
    });
    expect(got).toEqual([
      -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -ESRCH, -EINVAL, -ESRCH, -EINVAL,
      -EPERM, 0, -EPERM, 0, -EPERM, 0, SCHED_BATCH,
    ]);
    const pr: number[] = [];
    runRoot(function* () {
      for (const p of [SCHED_NORMAL, SCHED_FIFO, SCHED_RR, SCHED_BATCH, 4, 7]) {
        pr.push((yield sys.sched_get_priority_min(p)) as number, (yield sys.sched_get_priority_max(p)) as number);
      }
      return 0;
    });
    expect(pr).toEqual([0, 0, 1, 99, 1, 99, 0, 0, -EINVAL, -EINVAL, -EINVAL, -EINVAL]);
  });

  it('fork and clone inherit the policy and priority; SCHED_RESET_ON_FORK gives children SCHED_OTHER', () => {
    const got: unknown[] = [];
    const probe = function* () {
      const out: { value?: { sched_priority: number } } = {};
      yield sys.sched_getparam(0, out);
      got.push((yield sys.sched_getscheduler(0)) as number, out.value!.sched_priority);
      return 0;
    };
    runRoot(function* () {
      yield sys.sched_setscheduler(0, SCHED_RR, fifo(42));
      const th = yield* spawnThread(probe);
      yield* joinThread(th);
      const pid = (yield sys.fork(probe)) as number;
      yield* wait(pid);
      yield sys.sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, fifo(42));
      got.push(yield sys.sched_getscheduler(0));
      const pid2 = (yield sys.fork(probe)) as number;
      yield* wait(pid2);
      return 0;
    });
    expect(got).toEqual([SCHED_RR, 42, SCHED_RR, 42, SCHED_FIFO | SCHED_RESET_ON_FORK, SCHED_NORMAL, 0]);
  });

  it('FUTEX_WAKE wakes the highest-priority RT waiter first (the bucket\'s plist), FIFO among equals and SCHED_OTHER', () => {
    const log: string[] = [];
    runRoot(function* () {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(99));
      const word = umalloc(1);
      const waiter = function* (a: { name: string }) {
        yield sys.futex(word, FUTEX_WAIT, 0);
        log.push(a.name);
        return 0;
      };
      const ths = [];
      for (const [name, prio] of [['A', 5], ['B', 20], ['C', 10], ['O', 0], ['D', 20]] as const) {
        const th = yield* spawnThread(waiter, { name });
        yield sys.sched_setscheduler(th.tid, prio ? SCHED_FIFO : SCHED_NORMAL, fifo(prio));
        yield sys.nanosleep(MS); // it runs and queues on the word: A, B, C, O, D
        ths.push(th);
      }
      for (let i = 0; i < 5; i++) { yield sys.futex(word, FUTEX_WAKE, 1); yield sys.nanosleep(MS); }
      for (const th of ths) yield* joinThread(th);
      return 0;
    });
    expect(log).toEqual(['B', 'D', 'C', 'A', 'O']);
  });

  it('two CPUs: an RT task woken where a higher RT task runs goes to the CPU running SCHED_OTHER and preempts it', () => {
    const woke: number[] = [];
    runRoot(function* (k) {
      yield sys.sched_setscheduler(0, SCHED_FIFO, fifo(50));
      const hog = yield* spawnThread(function* () { yield sys.compute(100 * MS); return 0; });
      yield sys.sched_setscheduler(hog.tid, SCHED_NORMAL, fifo(0));
      const rt = yield* spawnThread(function* () {
        const t0 = (yield sys.clock_gettime()) as number;
        yield sys.nanosleep(5 * MS);
        woke.push(((yield sys.clock_gettime()) as number) - jiffyCeil(k, t0 + 5 * MS), me(k).cpu);
        return 0;
      });
      yield sys.sched_setscheduler(rt.tid, SCHED_FIFO, fifo(10));
      yield sys.compute(50 * MS); // main keeps its CPU
      yield* joinThread(rt);
      yield* joinThread(hog);
      return 0;
    }, { cpus: 2 });
    expect(woke[0]).toBeLessThan(0.1 * MS);
    expect(woke[1]).toBe(1); // where the SCHED_OTHER hog ran; main keeps CPU 0
  });
});
