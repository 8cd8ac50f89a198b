/**
 * fork_image.test.ts — fork copies the pages of a process's memory that are not all zero
 * (clib/host/fork.ts memoryImage, as copy_page_range leaves out never-touched pages), and a
 * finished thread's block is zeroed when pthread_create reclaims it. Found by LTP's
 * pthread_cond_broadcast/1-2: 1000 threads (110 MiB of memory) and then 200 forked children,
 * each a full copy — about 44 GiB, and the simulation stood still for minutes in the copies.
 * The C program's expected stdout: gcc 12 -O2 + glibc 2.36, as uid 1000.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';
import { memoryImage } from '../../clib/host/fork.js';
import { CELL_BEAT, CELL_SLOTS } from '../../kernel/index.js';

const PROG = 'test/c/posix/fork_after_threads.c';
const MANY = 'test/c/posix/fork_many.c';

describe('fork: the memory image', () => {
  it('holds only the pages that are not all zero, byte for byte', () => {
    const mem = new Uint8Array(16 * 65536);
    mem[5] = 1; // page 0
    mem[4096 * 3 + 4095] = 2; // page 3's last byte
    mem[4096 * 4] = 3; // page 4: one run with page 3
    mem[65536 * 9 + 70] = 4; // a page of a later 64 KiB span
    const img = memoryImage(mem.buffer);
    expect(img.size).toBe(mem.length);
    expect(img.runs.map(([off, b]) => [off, b.length])).toEqual([[0, 4096], [4096 * 3, 8192], [65536 * 9, 4096]]);
    const back = new Uint8Array(mem.length);
    for (const [off, b] of img.runs) back.set(b, off);
    expect(Buffer.compare(back, mem)).toBe(0);
    mem[5] = 9; // a copy, not a view of the memory
    expect(img.runs[0][1][5]).toBe(1);
  });
});

beforeAll(async () => { await cprog(PROG); await cprog(MANY); }, 180_000);

describe('fork: the watchdog\'s heartbeat', () => {
  it('moves at each fork\'s copy and each child\'s (host work, no engine steps: Engine.pulse)', async () => {
    // LTP's pthread_cond_broadcast/1-2 forks 200 children of a 110 MiB memory: its copies, with
    // 1024 engine steps between two beats, stood for more than the 5 s stall limit.
    const cell = new Int32Array(new SharedArrayBuffer(CELL_SLOTS * 4));
    const r = await runC(MANY, 'nptl', [], { currentCell: cell });
    expect(r.streams.stdout).toBe('40 children reaped\n');
    expect(cell[CELL_BEAT]).toBeGreaterThanOrEqual(80);
  });
});

describe.each(libraryNames())('C on %s: fork after many threads', (lib) => {
  it('each child sees the parent\'s memory: changed data, zeroed data, heap, __thread, MAP_SHARED', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe('threads returned 4096, heap sum 96433\n' +
      'child 0 saw 112867\nchild 1 saw 112867\nchild 2 saw 112867\nchild 3 saw 112867\n');
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
