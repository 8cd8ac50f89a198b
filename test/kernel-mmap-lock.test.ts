/**
 * kernel-mmap-lock.test.ts — mm->mmap_lock (mmap_lock.ts): mmap, munmap and mprotect write it,
 * madvise(MADV_DONTNEED) reads it, and a thread on another CPU that wants it while a sibling's
 * call holds it sleeps until that call's cost has run.
 */

import { describe, it, expect } from 'vitest';
import { PRESETS } from '../kernel/costs.js';
import { sys } from '../kernel/usys.js';
import { umalloc, ustore } from '../kernel/uaccess.js';
import { FUTEX_WAIT, FUTEX_WAKE, MADV_DONTNEED } from '../kernel/uapi.js';
import type { Sim } from '../kernel/req.js';
import { runMain, spawnThread, joinThread, me } from './kernel-process-helpers.js';
import { EV_BLOCK } from '../kernel/trace.js';
import type { CostModel } from '../kernel/costs.js';
import { exitBehindMunmap } from './exit-mm-scene.js';

const costs = { ...PRESETS['modern-x86']!, munmapStack: 100_000, madvise: 1_000 };
const LEN = 8 << 20;

/** A sibling on the other CPU munmaps at `at`; main calls `call` 10 µs later. Returns how long main's call took. */
function contended(cpus: number, call: (region: number) => ReturnType<typeof sys.madvise>, sibling = true): { took: number } {
  const r = { took: 0 };
  runMain(function* (k): Sim<number> {
    const go = umalloc(1);
    const mine = (yield sys.mmap(LEN)) as number;
    const th = yield* spawnThread(function* (): Sim<number> {
      const theirs = (yield sys.mmap(LEN)) as number;
      yield sys.futex(go, FUTEX_WAIT, 0);
      if (sibling) yield sys.munmap(theirs);
      return 0;
    });
    yield sys.compute(50_000); // the sibling has mapped and sleeps on `go`
    ustore(go, 1);
    yield sys.futex(go, FUTEX_WAKE, 1);
    yield sys.compute(10_000 + costs.ipi); // the sibling is inside munmap now
    const t0 = k.now;
    yield call(mine);
    r.took = k.now - t0;
    yield* joinThread(th);
    return 0;
  }, { cpus, costs });
  return r;
}

describe('mmap_lock: memory calls of threads on different CPUs wait for each other', () => {
  it('madvise (a reader) waits for a sibling\'s munmap (a writer) to end', () => {
    const madvise = (a: number) => sys.madvise(a, LEN - 16384, MADV_DONTNEED);
    const alone = contended(2, madvise, false).took;
    const behind = contended(2, madvise).took;
    expect(alone).toBeLessThan(10_000);
    expect(behind).toBeGreaterThan(costs.munmapStack - 20_000); // the rest of the munmap, then a wake-up
  });

  it('mmap (a writer) waits too', () => {
    const mmap = () => sys.mmap(LEN);
    expect(contended(2, mmap).took - contended(2, mmap, false).took).toBeGreaterThan(costs.munmapStack - 20_000);
  });

  it('on one CPU a call never finds the lock held: the holder\'s whole cost runs before anyone else does', () => {
    const madvise = (a: number) => sys.madvise(a, LEN - 16384, MADV_DONTNEED);
    expect(contended(1, madvise).took).toBe(contended(1, madvise, false).took);
  });
});

/**
 * rwsem.c's rules beyond "wait for the holder": the dying thread's read lock in exit_mm, the
 * lock granted at wake-up (held while the grantee waits for a CPU), lock stealing past a waiting
 * writer, the hand-off that stops it, and 2.6's FIFO semaphore (rwsemHandoff 0).
 */
const pin = (cpu: number) => sys.sched_setaffinity(0, 8, 1n << BigInt(cpu));

describe('mmap_lock follows rwsem.c: exit_mm, grant at wake-up, stealing and hand-off', () => {
  /** A thread on CPU 1 exits while a sibling's munmap on CPU 0 holds the lock: when does it die? */
  const exitBehind = (writer: boolean) => exitBehindMunmap(costs, 'exit', writer);

  it('an exiting thread wakes its joiner, then waits in exit_mm for a sibling\'s munmap', () => {
    const behind = exitBehind(true);
    expect(behind.died).toBeGreaterThanOrEqual(behind.munmapEnd - 1); // waited for the writer
    const alone = exitBehind(false);
    expect(alone.died).toBeLessThan(alone.munmapEnd + 30_000);
    expect(behind.died - alone.died).toBeGreaterThan(costs.munmapStack - 30_000);
  });

  /**
   * A's munmap (CPU 1) holds the lock; main (CPU 0) sleeps for it in madvise and a hog queued
   * behind main takes CPU 0. At A's release the lock is granted to main, which holds it while it waits for the
   * hog's 2 ms: A's next mmap waits for that.
   */
  it('a reader granted the lock at wake-up holds it while it waits for a CPU', () => {
    const r = { mmapTook: 0 };
    runMain(function* (k): Sim<number> {
      const go = umalloc(1);
      const mine = (yield sys.mmap(LEN)) as number;
      const a = yield* spawnThread(function* (): Sim<number> {
        yield pin(1);
        const theirs = (yield sys.mmap(LEN)) as number;
        yield sys.futex(go, FUTEX_WAIT, 0);
        yield sys.munmap(theirs);
        const t0 = k.now;
        yield sys.mmap(LEN);
        r.mmapTook = k.now - t0;
        return 0;
      });
      const hog = yield* spawnThread(function* (): Sim<number> {
        yield pin(0); // runs when main sleeps in madvise
        yield sys.compute(2_000_000);
        return 0;
      });
      yield pin(0); // after the spawns: they do not inherit it
      yield sys.compute(50_000);
      ustore(go, 1);
      yield sys.futex(go, FUTEX_WAKE, 1);
      yield sys.compute(40_000); // A is inside munmap now
      yield sys.madvise(mine, LEN - 16384, MADV_DONTNEED);
      yield* joinThread(a);
      yield* joinThread(hog);
      return 0;
    }, { cpus: 2, costs });
    expect(r.mmapTook).toBeGreaterThan(1_500_000);
  });

  /**
   * main (CPU 0) madvises for 500 µs; W (CPU 1) wants to write 10 µs in and waits. At main's
   * release W is woken to try again, and main madvises again at once, before W runs. Returns
   * how long main's second madvise and W's mmap took.
   */
  function again(handoff: number): { second: number; writer: number } {
    const c = { ...costs, madvise: 500_000, rwsemHandoff: handoff };
    const r = { second: 0, writer: 0 };
    runMain(function* (k): Sim<number> {
      const go = umalloc(1);
      const mine = (yield sys.mmap(LEN)) as number;
      const w = yield* spawnThread(function* (): Sim<number> {
        yield pin(1);
        yield sys.futex(go, FUTEX_WAIT, 0);
        yield sys.compute(10_000);
        const t0 = k.now;
        yield sys.mmap(LEN);
        r.writer = k.now - t0;
        return 0;
      });
      yield pin(0); // after the spawn: it does not inherit it
      yield sys.compute(50_000);
      ustore(go, 1);
      yield sys.futex(go, FUTEX_WAKE, 1);
      yield sys.madvise(mine, LEN - 16384, MADV_DONTNEED);
      const t0 = k.now;
      yield sys.madvise(mine, LEN - 16384, MADV_DONTNEED);
      r.second = k.now - t0;
      yield* joinThread(w);
      return 0;
    }, { cpus: 2, costs: c });
    return r;
  }

  it('a newcomer steals the free lock from a writer woken to take it (Linux ≥ 5.11), until the hand-off', () => {
    expect(PRESETS['modern-x86']!.rwsemHandoff).toBe(4_000_000);
    const steal = again(4_000_000);
    expect(steal.second).toBeLessThan(510_000); // its own cost: it went first
    expect(steal.writer).toBeGreaterThan(950_000); // both madvises
    const handoff = again(50_000); // W has waited 50 µs: hand-off, main's second call queues behind it
    expect(handoff.second).toBeGreaterThan(steal.second + costs.mmapStack); // W's call first
    expect(handoff.writer).toBeLessThan(600_000);
  });

  it('2.6\'s FIFO semaphore (rwsemHandoff 0, the 2003 preset) queues every newcomer behind a waiter', () => {
    expect(PRESETS['i386-2003']!.rwsemHandoff).toBe(0);
    const fifo = again(0);
    expect(fifo.second).toBeGreaterThan(again(4_000_000).second + costs.mmapStack); // W's call first
    expect(fifo.writer).toBeLessThan(600_000);
  });
});

/**
 * Linux ≥ 3.16's optimistic spinning (rwsemSpin 1; rwsem_optimistic_spin): a writer that finds
 * mmap_lock held spins on a running owner instead of sleeping, up to rwsem_rspin_threshold on
 * readers, and not once a reschedule is due; 2.6 (the 2003 preset) sleeps at once.
 */
describe('mmap_lock writers spin on the owner before they sleep (rwsem_optimistic_spin)', () => {
  interface Spin { took: number; stime: number; slept: boolean; hogStart: number; holdEnd: number }

  /**
   * A sibling on CPU 1 holds the lock — munmap (a writer) or madvise (a reader), `hold` ns —
   * and main (CPU 0) calls mmap 10 µs into it. With `hog`, a thread waits on CPU 0 behind main.
   * Returns how long main's mmap took, the system time it cost, whether main slept on the lock.
   */
  function writerBehind(c: CostModel, holder: 'munmap' | 'madvise', hog = false): Spin {
    const r: Spin = { took: 0, stime: 0, slept: false, hogStart: -1, holdEnd: 0 };
    runMain(function* (k): Sim<number> {
      const go = umalloc(1);
      const mainPid = me(k).pid;
      k.trace.subscribe([EV_BLOCK], (_kind, _time, _c, pid, _a, _b, s) => {
        if (pid === mainPid && s === 'mmap_lock') r.slept = true;
      });
      const th = yield* spawnThread(function* (): Sim<number> {
        yield pin(1);
        const theirs = (yield sys.mmap(LEN)) as number;
        yield sys.futex(go, FUTEX_WAIT, 0);
        yield holder === 'munmap' ? sys.munmap(theirs) : sys.madvise(theirs, LEN - 16384, MADV_DONTNEED);
        r.holdEnd = k.now;
        return 0;
      });
      const hogs = hog ? [yield* spawnThread(function* (): Sim<number> {
        yield pin(0);
        r.hogStart = k.now;
        yield sys.compute(100_000);
        return 0;
      })] : [];
      yield pin(0); // after the spawns: they do not inherit it
      yield sys.compute(50_000);
      ustore(go, 1);
      yield sys.futex(go, FUTEX_WAKE, 1);
      yield sys.compute(10_000 + c.ipi); // the sibling is inside its call now
      const s0 = me(k).stime, t0 = k.now;
      yield sys.mmap(LEN);
      r.took = k.now - t0;
      r.stime = me(k).stime - s0;
      yield* joinThread(th);
      for (const h of hogs) yield* joinThread(h);
      return 0;
    }, { cpus: 2, costs: c });
    return r;
  }

  const spin = { ...costs, rwsemSpin: 1 };
  const alone = (c: CostModel) => c.syscall + c.mmapStack; // mmap's own system time

  it('a writer spins on a running writer and takes the lock at its release without sleeping', () => {
    expect(PRESETS['modern-x86']!.rwsemSpin).toBe(1);
    const r = writerBehind(spin, 'munmap');
    expect(r.slept).toBe(false);
    expect(r.took).toBeGreaterThan(costs.munmapStack - 20_000); // the rest of the munmap
    expect(r.stime).toBeGreaterThan(r.took - 1_000); // all of it spent on its CPU, as system time
    expect(r.stime).toBeGreaterThan(alone(spin) + costs.munmapStack - 20_000);
  });

  it('the 2003 preset (2.6\'s rwsem) does not spin: the writer sleeps', () => {
    expect(PRESETS['i386-2003']!.rwsemSpin).toBe(0);
    const r = writerBehind({ ...costs, rwsemSpin: PRESETS['i386-2003']!.rwsemSpin }, 'munmap');
    expect(r.slept).toBe(true);
    expect(r.stime).toBeLessThan(alone(spin) + 5_000); // slept, did not burn the wait
  });

  it('a spinner whose slice ends with another task waiting on its CPU stops and sleeps (need_resched)', () => {
    const c = { ...spin, timeslice: 40_000, munmapStack: 1_000_000 };
    const r = writerBehind(c, 'munmap', true);
    expect(r.slept).toBe(true);
    expect(r.hogStart).toBeGreaterThan(0);
    expect(r.hogStart).toBeLessThan(r.holdEnd - 500_000); // the hog ran while the munmap still held the lock
    expect(r.stime).toBeLessThan(alone(c) + 2 * c.timeslice); // spun no longer than its slice
  });

  it('on readers a writer spins up to rwsem_rspin_threshold, (20 + readers) / 2 µs, then sleeps', () => {
    const threshold = (20 + 1) * 500; // one reader: 10.5 µs
    const long = writerBehind({ ...spin, madvise: 500_000 }, 'madvise');
    expect(long.slept).toBe(true);
    expect(long.stime).toBeGreaterThan(alone(spin) + threshold - 1_000);
    expect(long.stime).toBeLessThan(alone(spin) + threshold + 2_000);
    expect(long.took).toBeGreaterThan(400_000); // then waited for the madvise asleep
    // readers that let go within the threshold hand the spinner the lock: no sleep
    // (at once: the release ends the spin, not the threshold)
    const short = writerBehind({ ...spin, madvise: 10_000 + costs.ipi + 2_000 }, 'madvise');
    expect(short.slept).toBe(false);
    expect(short.stime).toBeLessThan(alone(spin) + threshold - 3_000);
  });

  /**
   * RWSEM_NONSPINNABLE: a reader (CPU 1) madvises for 500 µs; writer A (CPU 0) spins on it and
   * gives up; writer B (CPU 2) comes 40 µs later, in the same reader phase, and does not spin.
   */
  it('once a writer gave up on the readers, the next writer sleeps without spinning (RWSEM_NONSPINNABLE)', () => {
    const c = { ...spin, madvise: 500_000 };
    const r = { a: 0, b: 0 };
    runMain(function* (k): Sim<number> {
      const go = umalloc(1);
      const mine = (yield sys.mmap(LEN)) as number;
      const writer = (cpu: number, delay: number, out: 'a' | 'b') => function* (): Sim<number> {
        yield pin(cpu);
        yield sys.futex(go, FUTEX_WAIT, 0);
        yield sys.compute(delay);
        const s0 = me(k).stime;
        yield sys.mmap(LEN);
        r[out] = me(k).stime - s0;
        return 0;
      };
      const a = yield* spawnThread(writer(0, 10_000, 'a'));
      const b = yield* spawnThread(writer(2, 50_000, 'b'));
      yield pin(1); // after the spawns: they do not inherit it
      yield sys.compute(50_000);
      ustore(go, 1);
      yield sys.futex(go, FUTEX_WAKE, 2);
      yield sys.madvise(mine, LEN - 16384, MADV_DONTNEED);
      yield* joinThread(a);
      yield* joinThread(b);
      return 0;
    }, { cpus: 3, costs: c });
    expect(r.a).toBeGreaterThan(alone(c) + 10_000); // spun its threshold
    expect(r.b).toBeLessThan(alone(c) + 3_000); // did not spin
  });
});
