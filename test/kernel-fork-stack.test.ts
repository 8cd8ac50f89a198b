/**
 * kernel-fork-stack.test.ts — kernel stacks and the per-CPU cache of freed ones
 * (kernel/fork_stack.ts; kernel/fork.c's cached_stacks[NR_CACHED_STACKS] with CONFIG_VMAP_STACK).
 *
 * What must hold: one thread at a time never misses the cache (its stack comes back to the CPU
 * it came from); a batch larger than the cache misses on both sides, a vmalloc at clone and a
 * vfree at exit; a thread that dies on another CPU than its creator's leaves the creator's
 * cache dry and overflows the other's. An allocation miss costs `kstackMiss` inside the clone;
 * a free's is deferred work of the CPU the task died on, which its idle time absorbs and which
 * a busy CPU pays at its next switch, on the time of the task it switches to.
 */

import { describe, expect, it } from 'vitest';
import { PRESETS, type CostModel } from '../kernel/costs.js';
import { NR_CACHED_STACKS } from '../kernel/fork_stack.js';
import { sys } from '../kernel/usys.js';
import type { Sim } from '../kernel/req.js';
import { spawnProgram } from '../kernel/shell.js';
import { boot, runMain, spawnThread, joinThread, burn, type Thread } from './kernel-process-helpers.js';

const base: CostModel = PRESETS['modern-x86']!;

/** `rounds` batches of `batch` threads (create all, then join all); ns per thread and misses. */
function batches(costs: CostModel, batch: number, rounds: number, cpus = 1) {
  const out = { ns: NaN, misses: NaN, childStime: 0 };
  const { k } = runMain(function* (k): Sim<unknown> {
    const one = function* (): Sim<void> {
      const ths: Thread[] = [];
      for (let i = 0; i < batch; i++) ths.push(yield* spawnThread(function* () { return 0; }));
      for (const th of ths) yield* joinThread(th);
    };
    for (let i = 0; i < 2; i++) yield* one(); // warm-up: the caches reach their steady state
    const m0 = k.kstackMisses;
    const t0 = (yield sys.clock_gettime()) as number;
    for (let i = 0; i < rounds; i++) yield* one();
    out.ns = ((yield sys.clock_gettime()) as number - t0) / (rounds * batch);
    out.misses = k.kstackMisses - m0;
    return 0;
  }, { costs, cpus });
  expect(k.nrThreads).toBeGreaterThan(0);
  return out;
}

describe('kernel stacks: the per-CPU cache of two (fork_stack.ts)', () => {
  it('keeps two stacks per CPU, as fork.c\'s NR_CACHED_STACKS; the presets charge nothing for a miss', () => {
    expect(NR_CACHED_STACKS).toBe(2);
    expect(base.kstackMiss).toBe(0);
    expect(PRESETS['i386-2003']!.kstackMiss).toBe(0);
  });

  it('one thread at a time never misses: its stack comes back to its creator\'s CPU', () => {
    expect(batches(base, 1, 50).misses).toBe(0);
    expect(batches(base, 2, 25).misses).toBe(0); // two fit the cache
  });

  it('a batch of eight on one CPU misses six times at clone and six times at exit', () => {
    expect(batches(base, 8, 10).misses).toBe(10 * (6 + 6));
    expect(batches(base, 3, 10).misses).toBe(10 * (1 + 1));
  });

  it('each miss costs kstackMiss on one CPU: 12 misses per batch of eight cost 1.5 × kstackMiss per thread', () => {
    const cheap = batches(base, 8, 10);
    const dear = batches({ ...base, kstackMiss: 4000 }, 8, 10);
    expect(dear.ns - cheap.ns).toBeCloseTo(1.5 * 4000, 0);
    const lone = batches({ ...base, kstackMiss: 4000 }, 1, 20);
    expect(lone.ns).toBe(batches(base, 1, 20).ns); // no miss, no cost
  });

  it('a thread that dies on the other CPU misses twice; the free is paid from that CPU\'s idle time', () => {
    // One at a time on two CPUs: each child starts, and dies, on the idle CPU (forkPack 0).
    const two = { ...base, forkPack: 0 };
    const cheap = batches(two, 1, 40, 2);
    expect(cheap.misses).toBe(40 * 2); // the creator's cache is dry, the other's full
    const dear = batches({ ...two, kstackMiss: 4000 }, 1, 40, 2);
    // Only the clone's vmalloc is on the loop's path: the vfree runs while that CPU idles.
    expect(dear.ns - cheap.ns).toBeCloseTo(4000, -1);
  });

  it('a busy CPU pays its deferred frees at its next switch, on the time of the task it switches to', () => {
    const stimeOf = (kstackMiss: number): number => {
      const k = boot({ costs: { ...base, kstackMiss } });
      let spinner = -1, stime = NaN;
      k.onTaskExit = (t) => { if (t.pid === spinner) stime = t.stime; };
      // Three threads die here, queued ahead of a spinner: the first two stacks fill this CPU's
      // cache, the third overflows it, and the spinner's first run begins with the vfree.
      spawnProgram(k, function* (): Sim<unknown> {
        const ths: Thread[] = [];
        for (let i = 0; i < 3; i++) ths.push(yield* spawnThread(function* () { return 0; }));
        const sp = yield* spawnThread(() => burn(1_000_000));
        spinner = sp.tid;
        for (const th of [...ths, sp]) yield* joinThread(th);
        return 0;
      }, null, 'prog');
      k.run();
      return stime;
    };
    expect(stimeOf(50_000) - stimeOf(0)).toBe(50_000);
  });
});
