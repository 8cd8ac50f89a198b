/**
 * timer_thread.test.ts — a SIGEV_THREAD timer from C on every library (clib/runtime/timer.c):
 * its function runs with its sigev_value on a thread of its own. NPTL's librt does it with a
 * helper thread; the other libraries differ by design (deviations.ts: ENOSYS).
 */

import { describe, expect, beforeAll } from 'vitest';
import { resolve } from 'node:path';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import type { Program } from '../../libs/api.js';
import { loadC } from '../../clib/host/index.js';
import { check, run } from './helpers.js';

let program: Program;
beforeAll(async () => {
  program = (await loadC([resolve(import.meta.dirname, '../c/posix/timer_thread.c')])).program;
}, 600_000);

describe.each(libraryNames())('%s: SIGEV_THREAD timers', (lib) => {
  check(lib, 'posix:timer-sigev-thread', 'timer_create(SIGEV_THREAD) runs the function on a thread of its own', () => {
    const r = run(lib, program, { name: 'timer_thread' });
    expect(r.stdout).toBe('notified with 42 on another thread 1\n');
    expect(r.exitCode).toBe(0);
  });
});
