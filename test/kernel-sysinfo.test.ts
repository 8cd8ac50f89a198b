/**
 * kernel-sysinfo.test.ts — sysinfo(2) (kernel/sys_sysinfo.ts, after kernel/sys.c do_sysinfo and
 * kernel/sched/loadavg.c): the uptime rounded up, the load averages of calc_global_load in
 * FSHIFT-11 fixed point shifted to SI_LOAD_SHIFT 16, memory of the lab's machine less what the
 * address spaces hold, and the task count.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import type { Sim } from '../kernel/req.js';
import { LAB_TOTALRAM, type KSysinfo } from '../kernel/sys_sysinfo.js';
import { runMain, spawnThread, joinThread, burn } from './kernel-process-helpers.js';

describe('sysinfo(2)', () => {
  it('loads: three CPU-bound threads on two CPUs for two LOAD_FREQ periods give calc_load\'s 0.46 (945/2048)', () => {
    let got: KSysinfo = {};
    runMain(function* (): Sim<number> {
      const th = [];
      for (let i = 0; i < 3; i++) th.push(yield* spawnThread(burn, 11e9));
      yield sys.nanosleep(10.5e9);
      got = {};
      yield sys.sysinfo(got);
      for (const t of th) yield* joinThread(t);
      return 0;
    }, { cpus: 2 });
    // 3 active (main sleeps): 0 → (0·1884 + 3·2048·164 + 2047) >> 11 = 492 → (492·1884 + 3·2048·164 + 2047) >> 11 = 945
    // for the 1-minute load; EXP_5 2014 and EXP_15 2037 give 102 → 203 and 33 → 66.
    expect(got.loads).toEqual([945 << 5, 203 << 5, 66 << 5]);
    expect(got.uptime).toBe(11); // 10.5 s and a little more, rounded up
    expect(got.procs).toBeGreaterThanOrEqual(4);
    expect(got.totalram).toBe(LAB_TOTALRAM);
    expect(got.freeram).toBeLessThan(LAB_TOTALRAM);
    expect(got.memUnit).toBe(1);
  });

  it('an idle machine before the first LOAD_FREQ boundary reads no load', () => {
    let got: KSysinfo = {};
    runMain(function* (): Sim<number> {
      yield sys.sysinfo(got);
      return 0;
    }, { cpus: 1 });
    expect(got.loads).toEqual([0, 0, 0]);
    expect(got.uptime).toBe(1);
  });
});
