/**
 * costs.test.ts — C code costs virtual time in proportion to the instructions it executes
 * (the cost model's `instruction`), the scheduler preempts a C loop at the end of its slice,
 * and a thread spinning with no library call is fast-forwarded: released when another thread
 * (or, through a MAP_SHARED mapping, another process) sets its flag, and named when nothing
 * ever does (DESIGN.md 5a).
 */

import { describe, it, expect } from 'vitest';
import { loadCostModel } from '../../kernel/index.js';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { main } from '../../experiments/cli.js';
import { runC } from './c-helpers.js';

const usOf = (stdout: string): number => Number(/in (\d+) us of virtual time/.exec(stdout)![1]);

describe('a thread\'s block (the lab\'s C stack and Asyncify buffers) is not the program\'s memory', () => {
  // The block's malloc grows the memory; told to the kernel as brk it cost a page fault per page
  // (56 per thread) at each fresh thread: 5–17× the second round's time, where Linux has 1.1–2.7×.
  it.each(libraryNames())('%s: the first 20 threads cost what the next 20 do (1 and 2 CPUs)', async (lib) => {
    for (const cpus of [1, 2]) {
      const r = await runC('test/c/programs/thread_blocks.c', lib, [], { cpus, costs: loadCostModel('modern-x86') });
      expect(r.stdout, `${cpus} CPUs`).toBe('first round within 4x of the second: yes\n');
    }
  }, 180_000);
});

describe('C work costs virtual time', () => {
  it('in proportion to the iterations, at the cost model\'s ns per instruction', async () => {
    const one = usOf((await runC('test/c/programs/work.c', 'nptl', ['200000'])).stdout);
    const two = usOf((await runC('test/c/programs/work.c', 'nptl', ['400000'])).stdout);
    expect(one).toBeGreaterThan(100);
    expect(two / one).toBeGreaterThan(1.95);
    expect(two / one).toBeLessThan(2.05);
    const slow = usOf((await runC('test/c/programs/work.c', 'nptl', ['200000'], { costs: { ...loadCostModel('modern-x86'), instruction: 0.4 } })).stdout);
    expect(slow / one).toBeGreaterThan(1.95);
    const free = usOf((await runC('test/c/programs/work.c', 'nptl', ['200000'], { costs: { ...loadCostModel('modern-x86'), instruction: 0 } })).stdout);
    expect(free).toBeLessThan(5);
  });

  it('two C loops on one CPU are preempted at their slices\' ends (involuntary switches) and share the CPU', async () => {
    const r = await runC('test/c/programs/work.c', 'nptl', ['4000000', '2']);
    expect(r.exitCode).toBe(0);
    expect(r.involuntarySwitches).toBeGreaterThanOrEqual(4);
    const solo = usOf((await runC('test/c/programs/work.c', 'nptl', ['4000000'])).stdout);
    expect(usOf(r.stdout)).toBeGreaterThan(1.9 * solo);
  });
});

describe('a C program\'s memory is the kernel\'s to account', () => {
  it('malloc grows the data segment (brk) and fork copies the page tables of what the program uses', async () => {
    const small = await runC('test/c/programs/heap.c', 'nptl', ['1']);
    const big = await runC('test/c/programs/heap.c', 'nptl', ['32']);
    expect(small.stdout).toBe('child saw the parent\'s heap: 1\n');
    expect(big.stdout).toBe('child saw the parent\'s heap: 1\n');
    expect(big.syscalls['brk']).toBeGreaterThan(2);
    const c = loadCostModel('modern-x86');
    // 31 MiB more: 7,936 more pages, each faulted in once and its page-table entry copied by fork.
    const pages = (31 << 20) / 4096;
    expect(big.virtualNs - small.virtualNs).toBeGreaterThan(pages * (c.pageFault + c.forkPerPage) * 0.9);
  });
});

describe.each(libraryNames())('a spinning C thread on %s', (lib) => {
  it('is released when another thread sets its flag (1 and 2 CPUs)', async () => {
    for (const cpus of [1, 2]) {
      const r = await runC('test/c/programs/spin.c', lib, ['release'], { cpus });
      expect(r.stdout, `${cpus} CPU(s)`).toBe('the spinner saw the flag\n');
      expect(r.virtualNs).toBeLessThan(10e6);
    }
  });
});

describe.each(['nptl', 'linuxthreads'])('a C process spinning on a MAP_SHARED flag on %s', (lib) => {
  it('is released when another process sets it (1 and 2 CPUs): its fast-forward watches the sharing processes too', async () => {
    for (const cpus of [1, 2]) {
      const r = await runC('test/c/programs/shm_spin.c', lib, [], { cpus, timeLimit: 1e9 });
      expect(r.stdout, `${cpus} CPU(s)`).toBe('the child saw the flag\nthe parent is done\n');
      expect(r.exitCode).toBe(0);
    }
  });
});

describe('a C loop that nothing ends', () => {
  it('reaches the time limit in virtual time, and the run names the thread and its C function', async () => {
    let out = '';
    let err = '';
    const code = await main(['run', 'test/c/programs/spin.c', 'never', '--time-limit', '30s', '--no-watchdog'],
      { out: (s) => { out += s; }, err: (s) => { err += s; } });
    expect(code).toBe(124);
    expect(out).toContain('stopped at the time limit');
    expect(err).toMatch(/^threadlab: spin: thread \d+ was spinning in C function spinner from [\d.]+ µs on, in a loop with no library call that no other thread ended$/m);
  });
});
