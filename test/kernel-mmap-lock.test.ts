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
import { runMain, spawnThread, joinThread } from './kernel-process-helpers.js';

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
