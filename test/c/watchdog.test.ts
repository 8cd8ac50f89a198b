/**
 * watchdog.test.ts — a C loop with no library call that never ends (DESIGN.md 5a): the
 * instruction counter keeps virtual time moving (the scheduler preempts it at each slice's end),
 * so the kernel cannot call it stuck; the host's watchdog stops the run after --host-timeout,
 * naming the thread and its process and saying it was in C code, and keeps the output so far.
 */

import { describe, it, expect } from 'vitest';
import { runWatched, WATCHDOG_EXIT } from '../../experiments/watchdog.js';
import { DEFAULT_PRESET } from '../../kernel/index.js';
import { loadC } from '../../clib/host/index.js';

const base = { lib: 'nptl', cpus: 1, seed: 1, costs: DEFAULT_PRESET, module: [], libOpt: {}, timeLimit: 300e9 };

describe('a C loop that never ends', () => {
  it('is stopped by the watchdog, which names the thread and says it was running C code', async () => {
    const file = 'test/c/programs/busy.c';
    await loadC([file]); // compiled here (the worker finds it in the cache): the limit times the run only
    const r = await runWatched(file, [], base, { hostSeconds: 3, memoryMb: 512 });
    expect(r.code).toBe(WATCHDOG_EXIT);
    expect(r.out).toBe('burning\n');
    expect(r.err).toMatch(/^threadlab: program 'test\/c\/programs\/busy\.c' stopped by the watchdog after 3 s of host time: thread \d+ \(process \d+\) was running C code \(a loop that never ends\?\)\n$/);
  }, 120_000);
});
