/**
 * kernel-mm-mmap.test.ts — mmap/munmap of thread stacks reuse the address space
 * (arch_get_unmapped_area_topdown): an munmap'd range is found again by the next mmap, and a
 * full address space is ENOMEM, never a negative "address".
 */

import { describe, it, expect } from 'vitest';
import { Mm, MMAP_BASE } from '../kernel/mm.js';
import { Kernel } from '../kernel/kernel.js';
import { PRESETS } from '../kernel/costs.js';
import { spawnProgram } from '../kernel/shell.js';
import { sys } from '../kernel/usys.js';
import type { Sim } from '../kernel/req.js';
import { ENOMEM } from '../kernel/uapi.js';

const MiB = 1024 * 1024;

describe('mmap and munmap of stacks', () => {
  it('an munmap\'d range is reused by the next mmap that fits (top-down)', () => {
    const mm = new Mm(16);
    const a = mm.mmap(2 * MiB, 'stack');
    const b = mm.mmap(2 * MiB, 'stack');
    expect(a).toBe(MMAP_BASE - 2 * MiB);
    expect(b).toBe(a - 2 * MiB);
    expect(mm.munmap(a)).toBe(true);
    expect(mm.mmap(2 * MiB, 'stack')).toBe(a);
    expect(mm.munmap(b)).toBe(true);
    expect(mm.munmap(a)).toBe(true);
    expect(mm.mmap(4 * MiB, 'stack')).toBe(b); // the two gaps merged, and with the free space
  });

  it('a hundred thousand map/unmap cycles of 2 MiB stacks never run out of addresses', () => {
    const mm = new Mm(16);
    for (let i = 0; i < 100_000; i++) {
      const s = mm.mmap(2 * MiB, 'stack');
      expect(s).toBeGreaterThan(0);
      mm.munmap(s);
    }
  });

  it('the mmap system call fails with ENOMEM when the address space is full (no negative address)', () => {
    const got: number[] = [];
    function* main(): Sim<number> {
      for (;;) {
        const a = (yield sys.mmap(256 * MiB)) as number;
        got.push(a);
        if (a < 0) return 0;
      }
    }
    const k = new Kernel({ costs: PRESETS['modern-x86'], cpus: 1, seed: 1, kthreads: false });
    spawnProgram(k, main, null, 'prog');
    k.run();
    expect(got.at(-1)).toBe(-ENOMEM);
    expect(got.slice(0, -1).every((a) => a > 0)).toBe(true);
  });
});
