/**
 * kernel-sched-fair.test.ts — the fair class's virtual-runtime order (sched_fair.ts), with the
 * cost model's `fairQueue` 1 (the host model), against the round robin of `fairQueue` 0 (the
 * presets): where a new task queues, how far a long sleep puts a task ahead, wake-up preemption,
 * and sched_yield. One CPU throughout, nice 0, the modern-x86 costs otherwise.
 */

import { describe, it, expect } from 'vitest';
import { PRESETS } from '../kernel/costs.js';
import { sys } from '../kernel/usys.js';
import type { Sim } from '../kernel/req.js';
import { EV_UNBLOCK } from '../kernel/trace.js';
import { runMain, spawnThread, joinThread, me, type Thread } from './kernel-process-helpers.js';

const rr = { ...PRESETS['modern-x86']!, fairQueue: 0 };
const fair = { ...rr, fairQueue: 1 };
const SLICE = rr.timeslice;

/** Burn `ns` of CPU in user mode, returning to the kernel every `chunk` ns (a loop with system calls). */
function* spin(ns: number, chunk = 100_000): Sim<void> {
  for (let done = 0; done < ns; done += chunk) {
    yield sys.compute(chunk);
    yield sys.getpid();
  }
}

describe('a new task queues by virtual runtime (place_entity), not at the tail', () => {
  /** Two hogs share the CPU with main; after 20 ms main creates a child: how long until it first runs. */
  const newTaskWait = (costs: typeof rr): number => {
    let born = 0, ran = 0;
    runMain(function* (k): Sim<number> {
      const hogs: Thread[] = [];
      for (let i = 0; i < 2; i++) hogs.push(yield* spawnThread(function* (): Sim<number> { yield* spin(40e6); return 0; }));
      yield* spin(20e6);
      born = k.now;
      const c = yield* spawnThread(function* (): Sim<number> { ran = k.now; return 0; });
      for (const h of [...hogs, c]) yield* joinThread(h);
      return 0;
    }, { costs });
    return ran - born;
  };

  it('fairQueue 1: the child runs at its creator\'s slice end at the latest, ahead of both hogs', () => {
    expect(newTaskWait(fair)).toBeLessThanOrEqual(SLICE);
  });

  it('fairQueue 0: it waits behind every queued task (the 2.6 round robin)', () => {
    expect(newTaskWait(rr)).toBeGreaterThan(2 * SLICE);
  });
});

describe('a woken sleeper gets a bounded head start (half a slice below min_vruntime)', () => {
  /** A task sleeps 60 ms while two hogs run, then needs 20 ms of CPU: when does it finish? */
  const sleeperTook = (costs: typeof rr): number => {
    let took = 0;
    runMain(function* (k): Sim<number> {
      const hogs: Thread[] = [];
      for (let i = 0; i < 2; i++) hogs.push(yield* spawnThread(function* (): Sim<number> { yield* spin(120e6); return 0; }));
      yield sys.nanosleep(60e6);
      const t0 = k.now;
      yield* spin(20e6);
      took = k.now - t0;
      for (const h of hogs) yield* joinThread(h);
      return 0;
    }, { costs });
    return took;
  };

  it('it shares the CPU once it has used its head start: the hogs run in between', () => {
    // Unbounded credit (its vruntime left 60 ms behind) would run it straight through: ~20 ms.
    expect(sleeperTook(fair)).toBeGreaterThan(20e6 + 2 * SLICE);
  });
});

describe('wake-up preemption (check_preempt_wakeup)', () => {
  it('a woken task far enough behind in vruntime preempts the running one at its next return to user mode', () => {
    const latency = (costs: typeof rr): number => {
      let woke = 0, ran = 0;
      runMain(function* (k): Sim<number> {
        const self = me(k).pid;
        k.trace.subscribe([EV_UNBLOCK], (_kind, time, _cpu, pid) => { if (pid === self && woke === 0) woke = time; });
        const hog = yield* spawnThread(function* (): Sim<number> { yield* spin(60e6); return 0; });
        yield sys.nanosleep(25e6); // wakes at a tick 1 ms into one of the hog's 3 ms slices
        ran = k.now;
        yield* joinThread(hog);
        return 0;
      }, { costs });
      return ran - woke;
    };
    // With the hog 20 ms ahead the sleeper preempts it within a chunk (100 µs and a getpid);
    // the round robin leaves it waiting for the rest of the hog's slice.
    expect(latency(fair)).toBeLessThan(200_000);
    expect(latency(rr)).toBeGreaterThan(1_000_000);
  });
});

describe('sched_yield under the fair order (yield_task_fair)', () => {
  it('still hands the CPU to the other runnable task, which has run more', () => {
    const order: string[] = [];
    runMain(function* (): Sim<number> {
      const other = yield* spawnThread(function* (): Sim<number> {
        yield* spin(2e6); // ahead in vruntime of main, which has not run yet
        for (let i = 0; i < 3; i++) { order.push('b'); yield sys.sched_yield(); }
        return 0;
      });
      yield sys.sched_yield();
      for (let i = 0; i < 3; i++) { order.push('a'); yield sys.sched_yield(); }
      yield* joinThread(other);
      return 0;
    }, { costs: fair });
    expect(order.join('')).toMatch(/(ab|ba){3}/);
  });
});
