/**
 * kernel-sched-newidle.test.ts — when a CPU that just went idle takes queued work from a busier
 * one (sched_newidle.ts; fair.c sched_balance_newidle and its avg_idle test, Linux ≥ 2.6.35).
 *
 * The scene, on 2 CPUs: a helper thread on CPU 1 is woken and goes back to sleep many times in
 * short gaps, so CPU 1's idle periods are short; then main keeps CPU 0 busy with a runnable
 * thread C queued behind it, and the helper's last run ends, leaving CPU 1 newly idle.
 * - migrationCost 0 (every preset, 2.6's load_balance_newidle): CPU 1 pulls C at once.
 * - migrationCost 500 µs (Linux's default, the host model): CPU 1's avg_idle is far below it,
 *   so it does not pull; C starts on CPU 1 at the next tick, when the periodic balance comes.
 * The slice is longer than a tick, so main's slice end does not hand CPU 0 to C first.
 */

import { describe, it, expect } from 'vitest';
import { PRESETS, type CostModel } from '../kernel/costs.js';
import { sys } from '../kernel/usys.js';
import { umalloc, ustore } from '../kernel/uaccess.js';
import { FUTEX_WAIT, FUTEX_WAKE } from '../kernel/uapi.js';
import type { Sim } from '../kernel/req.js';
import { runMain, spawnThread, joinThread, me } from './kernel-process-helpers.js';

/** A slice longer than a tick, so the tick's balance, not main's slice end, is what moves C. */
const modern = { ...PRESETS['modern-x86']!, timeslice: 100_000_000 };

interface Scene { helperLastRunEnd: number; cStart: number; cCpu: number; tickNs: number; avgIdle1: number }

function scene(costs: CostModel): Scene {
  const r: Scene = { helperLastRunEnd: 0, cStart: 0, cCpu: -1, tickNs: 0, avgIdle1: 0 };
  runMain(function* (k): Sim<number> {
    r.tickNs = k.tickNs;
    const w = umalloc(1);
    const helper = yield* spawnThread(function* (): Sim<number> {
      for (let i = 1; i <= 40; i++) yield sys.futex(w, FUTEX_WAIT, i - 1);
      yield sys.compute(300_000); // CPU 1 busy while main queues C on CPU 0
      r.helperLastRunEnd = k.now;
      return 0;
    });
    for (let i = 1; i <= 40; i++) { // 40 short idle periods on CPU 1
      yield sys.compute(20_000);
      ustore(w, i);
      yield sys.futex(w, FUTEX_WAKE, 1);
    }
    yield sys.compute(20_000); // the helper is now computing on CPU 1
    r.avgIdle1 = k.cpus[1].avgIdle;
    const c = yield* spawnThread(function* (): Sim<number> { r.cStart = k.now; r.cCpu = me(k).cpu; return 0; });
    yield sys.compute(20_000_000); // CPU 0 stays busy with C queued behind it
    yield* joinThread(c);
    yield* joinThread(helper);
    return 0;
  }, { cpus: 2, costs });
  return r;
}

describe('a newly idle CPU and queued work (rule: sched_balance_newidle\'s avg_idle test)', () => {
  it('with migrationCost 0 (the presets) the CPU going idle pulls the queued task at once', () => {
    const r = scene(modern);
    expect(PRESETS['modern-x86']!.migrationCost).toBe(0);
    expect(PRESETS['i386-2003']!.migrationCost).toBe(0);
    expect(r.cCpu).toBe(1);
    expect(r.cStart - r.helperLastRunEnd).toBeLessThan(50_000);
  });

  it('with migrationCost 500 µs a CPU that idles in short gaps leaves it queued until the next tick', () => {
    const costs = { ...modern, migrationCost: 500_000 };
    const r = scene(costs);
    expect(r.avgIdle1).toBeLessThan(costs.migrationCost);
    expect(r.cCpu).toBe(1); // the tick's balance moved it
    const nextTick = (Math.floor(r.helperLastRunEnd / r.tickNs) + 1) * r.tickNs;
    expect(r.cStart).toBeGreaterThanOrEqual(nextTick);
    expect(r.cStart - nextTick).toBeLessThan(50_000);
  });

  it('is deterministic: the same scene gives the same times', () => {
    const costs = { ...modern, migrationCost: 500_000 };
    expect(scene(costs)).toEqual(scene(costs));
  });
});
