/**
 * kernel-rusage.test.ts — getrusage and times (kernel/sys_rusage.ts after kernel/sys.c's
 * getrusage/do_sys_times and exit.c's wait_task_zombie): thread vs group vs children, the
 * times a released thread leaves in signal_struct, and grandchildren reaching the grandparent.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EINVAL, RUSAGE_SELF, RUSAGE_THREAD, RUSAGE_CHILDREN, CLK_TCK } from '../kernel/uapi.js';
import type { KRusage, KTms } from '../kernel/sys_rusage.js';
import { runMain, spawnThread, joinThread } from './kernel-process-helpers.js';

const MS = 1e6;

function* usage(who: number): Generator<any, KRusage, any> {
  const ru: KRusage = {};
  yield sys.getrusage(who, ru);
  return ru;
}

describe('getrusage and times (sys_rusage.ts)', () => {
  it('RUSAGE_THREAD is the caller; RUSAGE_SELF adds every thread, exited ones included (their times stay in the group)', () => {
    const got: Record<string, number> = {};
    runMain(function* () {
      const th = yield* spawnThread(function* () { yield sys.compute(7 * MS); return 0; });
      yield sys.compute(3 * MS);
      yield* joinThread(th); // released: its 7 ms now live in signal_struct
      got.thread = (yield* usage(RUSAGE_THREAD)).utime!;
      got.self = (yield* usage(RUSAGE_SELF)).utime!;
      got.bad = (yield sys.getrusage(5, {})) as number;
      return 0;
    });
    expect(got.thread).toBe(3 * MS);
    expect(got.self).toBe(10 * MS);
    expect(got.bad).toBe(-EINVAL);
  });

  it('RUSAGE_CHILDREN: a reaped child brings its own reaped children along (wait_task_zombie); times() in ticks', () => {
    const got: Record<string, number> = {};
    runMain(function* (k) {
      const child = (yield sys.fork(function* () {
        const grandchild = (yield sys.fork(function* () { yield sys.compute(20 * MS); return 0; })) as number;
        yield sys.wait4(grandchild, null, 0);
        yield sys.compute(10 * MS);
        return 0;
      })) as number;
      got.before = (yield* usage(RUSAGE_CHILDREN)).utime!;
      yield sys.wait4(child, null, 0);
      got.after = (yield* usage(RUSAGE_CHILDREN)).utime!;
      const tms: KTms = {};
      got.ret = (yield sys.times(tms)) as number;
      got.now = Math.floor(k.now / (1e9 / CLK_TCK));
      got.cutime = tms.tms_cutime!;
      return 0;
    });
    expect(got.before).toBe(0);
    expect(got.after).toBe(30 * MS);
    expect(got.cutime).toBe(3); // 30 ms in 10 ms ticks
    expect(got.ret).toBe(got.now);
  });
});
