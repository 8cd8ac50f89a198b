/**
 * kernel-nice.test.ts — nice values (kernel/sys_prio.ts after kernel/sys.c's setpriority,
 * getpriority and set_one_prio) and the scheduler's proportional shares (sched.ts: a slice of
 * timeslice × sched_prio_to_weight / 1024).
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EACCES, EPERM, ESRCH, EINVAL, PRIO_PROCESS, PRIO_PGRP, PRIO_USER } from '../kernel/uapi.js';
import { PRIO_TO_WEIGHT, niceSlice } from '../kernel/sys_prio.js';
import { runMain, spawnThread, joinThread, me } from './kernel-process-helpers.js';

const MS = 1e6;

/** A CPU-bound task: 0.5 ms bursts until `end`; counts them. */
function* cruncher(a: { end: number; count: number; nice: number }): Generator<any, number, any> {
  if (a.nice) yield sys.setpriority(PRIO_PROCESS, 0, a.nice);
  while (((yield sys.clock_gettime()) as number) < a.end) {
    yield sys.compute(0.5 * MS);
    a.count++;
  }
  return 0;
}

describe('nice values (sys_prio.ts) and the scheduler', () => {
  it('the weights are CFS\'s: nice 0 is 1024 and each step is about ×1.25; nice 0 gets exactly the timeslice', () => {
    expect(PRIO_TO_WEIGHT).toHaveLength(40);
    expect(PRIO_TO_WEIGHT[20]).toBe(1024);
    for (let i = 1; i < 40; i++) expect(PRIO_TO_WEIGHT[i - 1] / PRIO_TO_WEIGHT[i]).toBeGreaterThan(1.15);
    expect(niceSlice(3 * MS, 0)).toBe(3 * MS);
    expect(niceSlice(3 * MS, 19)).toBe(Math.round(3 * MS * 15 / 1024));
  });

  it('two CPU-bound processes on one CPU share it in proportion to their weights (nice 0 vs nice 10: 1024 : 110)', () => {
    const a = { end: 0, count: 0, nice: 0 };
    const b = { end: 0, count: 0, nice: 10 };
    runMain(function* () {
      const now = (yield sys.clock_gettime()) as number;
      a.end = b.end = now + 300 * MS;
      const pa = (yield sys.fork(cruncher, a)) as number;
      const pb = (yield sys.fork(cruncher, b)) as number;
      yield sys.wait4(pa, null, 0);
      yield sys.wait4(pb, null, 0);
      return 0;
    });
    const share = b.count / (a.count + b.count);
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13); // 110 / 1134 = 0.097
  });

  it('nice is per task: setpriority(PRIO_PROCESS, 0) changes the calling thread only; clone inherits it', () => {
    const got: number[] = [];
    runMain(function* () {
      const th = yield* spawnThread(function* () {
        yield sys.setpriority(PRIO_PROCESS, 0, 7);
        const inner = yield* spawnThread(function* () { got.push((yield sys.getpriority(PRIO_PROCESS, 0)) as number); return 0; });
        yield* joinThread(inner);
        return 0;
      });
      yield* joinThread(th);
      got.push((yield sys.getpriority(PRIO_PROCESS, 0)) as number);
      return 0;
    });
    expect(got).toEqual([20 - 7, 20 - 0]);
  });

  it('setpriority: EACCES to lower a nice value unprivileged, EPERM for root\'s tasks, ESRCH for no match, EINVAL for a bad which; PRIO_PGRP and PRIO_USER reach every thread', () => {
    const got: number[] = [];
    runMain(function* (k) {
      got.push((yield sys.setpriority(PRIO_PROCESS, 0, 5)) as number);
      got.push((yield sys.setpriority(PRIO_PROCESS, 0, 4)) as number);
      got.push((yield sys.setpriority(PRIO_PROCESS, 1, 5)) as number);
      got.push((yield sys.setpriority(PRIO_PROCESS, 99999, 5)) as number);
      got.push((yield sys.setpriority(7, 0, 5)) as number);
      const th = yield* spawnThread(function* () { for (let i = 0; i < 5; i++) yield sys.sched_yield(); return 0; });
      got.push((yield sys.setpriority(PRIO_PGRP, 0, 40)) as number); // clamped to 19
      got.push(k.findTask(th.tid)!.nice, me(k).nice);
      got.push((yield sys.getpriority(PRIO_USER, 0)) as number); // the shell is still nice 0: 20
      yield* joinThread(th);
      return 0;
    });
    expect(got).toEqual([0, -EACCES, -EPERM, -ESRCH, -EINVAL, 0, 19, 19, 20]);
  });
});
