/**
 * kernel-exit-return.test.ts — a task whose function returns (a raw clone()d thread, a kernel
 * test's main) ends through the exit system call, as clone.S's `syscall(SYS_exit, ret)` after
 * the function (kernel/entry.ts frameReturned): the call is counted and traced, its entry cost
 * and exitBase are charged, and exit_mm waits for a sibling's munmap holding mmap_lock — the
 * same as a thread that calls exit itself.
 */

import { describe, it, expect } from 'vitest';
import { PRESETS } from '../kernel/costs.js';
import { exitBehindMunmap } from './exit-mm-scene.js';

const costs = { ...PRESETS['modern-x86']!, munmapStack: 100_000 };
const endBehind = (how: 'return' | 'exit', writer: boolean) => exitBehindMunmap(costs, how, writer);

describe('a function that returns ends through the exit system call', () => {
  it('traced and counted as exit, with its code, and dies when an explicit exit does', () => {
    const ret = endBehind('return', false), exit = endBehind('exit', false);
    expect(ret.exits).toBe(1);
    expect(ret.code).toBe(3 << 8);
    expect(ret.died).toBe(exit.died);
  });

  it("exit_mm waits for a sibling's munmap holding mmap_lock, as an explicit exit does", () => {
    const ret = endBehind('return', true), alone = endBehind('return', false);
    expect(ret.died).toBeGreaterThanOrEqual(ret.munmapEnd - 1);
    expect(ret.died - alone.died).toBeGreaterThan(costs.munmapStack - 30_000);
    expect(ret.died).toBe(endBehind('exit', true).died);
  });
});
