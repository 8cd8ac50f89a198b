/**
 * kernel-brk.test.ts — brk (mm/mmap.c sys_brk, simplified): brk(0) reports the break, which
 * starts at the image's end and never goes below it; growing the data segment makes its pages
 * resident (one page fault each, counted in ru_minflt), shrinking it drops them. Libc's sbrk
 * on every library. (A C program's heap reaches fork's page-table copy: test/c/costs.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { run } from './kernel-ipc-helpers.js';
import { runProgram } from '../experiments/runner.js';
import { libraryNames, type Libc } from '../libs/index.js';
import '../libs/all.js';

function me(k: import('../kernel/kernel.js').Kernel) {
  return k.current!;
}

describe('brk', () => {
  it('reports, grows and shrinks the break; never below the image; resident pages follow', () => {
    const got: unknown[] = [];
    run(function* (k) {
      const mm = me(k).mm!;
      const rss0 = mm.rss;
      const b0 = (yield sys.brk(0)) as number;
      got.push(b0 === mm.imageEnd);
      got.push((yield sys.brk(b0 + 10 * 4096)) as number - b0, mm.rss - rss0, mm.minFlt);
      got.push((yield sys.brk(b0 + 4096)) as number - b0, mm.rss - rss0);
      got.push((yield sys.brk(b0 - 4096)) as number - b0, (yield sys.brk(0)) as number - b0);
      return 0;
    });
    expect(got).toEqual([true, 40960, 10, 10, 4096, 1, 4096, 4096]);
  });

  it('growing charges a page fault per page', () => {
    const t: number[] = [];
    run(function* (k) {
      const c = k.costs;
      const t0 = (yield sys.clock_gettime()) as number;
      const b0 = (yield sys.brk(0)) as number;
      yield sys.brk(b0 + 100 * 4096);
      t.push((yield sys.clock_gettime()) as number - t0 - 2 * c.syscall - 100 * c.pageFault);
      return 0;
    });
    expect(Math.abs(t[0])).toBeLessThan(1000);
  });
});

describe.each(libraryNames())('sbrk through Libc on %s', (lib) => {
  it('returns the old break and moves it', () => {
    const got: number[] = [];
    const r = runProgram({
      lib,
      program: function* (libc: Libc) {
        const a = yield* libc.sbrk(0);
        const b = yield* libc.sbrk(8192);
        const c = yield* libc.sbrk(0);
        got.push(b - a, c - a);
        return 0;
      },
    });
    expect(r.exitCode).toBe(0);
    expect(got).toEqual([0, 8192]);
  });
});
