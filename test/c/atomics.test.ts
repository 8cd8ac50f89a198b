/**
 * atomics.test.ts — C's atomic operations are indivisible on any number of CPUs
 * (clib/host/atomics.ts): spin locks, ticket locks and lock-free counters built on
 * `__sync_*`, `<stdatomic.h>` and `_Atomic` work on every library, as on Linux.
 *
 * The bug this guards: clang lowered each atomic RMW of the single-threaded wasm32 target to a
 * plain load and store, and the lab preempts user code between the two, so with 3 or more CPUs
 * a test-and-set could load 1, lose the CPU while the holder released the lock, then store 1:
 * a lock held by nobody and every thread spinning until the time limit (OSTEP's spin lock on
 * LinuxThreads, 3 CPUs). Green threads are never preempted in user code (rule 34's single
 * native, non-preemptive), so that run passed there even with the bug; the others failed.
 */

import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runNotes } from '../../clib/host/index.js';
import { cprog, runC, ROOT } from './c-helpers.js';

/** The first test compiles the program (clang in WebAssembly: tens of seconds on a busy machine). */
const COMPILE = 180_000;
const LOCKS = 'test/c/programs/atomic_locks.c';

const expected = (n: number): string => [
  `lock-free counters: _Atomic ++ ${n}, __sync_fetch_and_add ${n} (of ${n})`,
  ...['test-and-set lock', 'compare-and-swap lock', 'ticket lock', 'atomic_flag lock'].map((l) => `${l}: ${n} (of ${n}), 0 overlaps`),
  '',
].join('\n');

describe.each(libraryNames())('C atomics on %s', (lib) => {
  it.each([3, 4])('atomic_locks.c on %i CPUs: exact counts, no overlap, no lock left held by nobody', async (cpus) => {
    // 3 threads: a ticket lock with more spinners than CPUs waits for time slices, on Linux too
    const r = await runC(LOCKS, lib, [], { cpus, timeLimit: 200e6 });
    expect(r.stdout).toBe(expected(9000));
    expect(r.exitCode).toBe(0);
  }, COMPILE);
});

describe('threads spinning on a test-and-set lock nobody frees', () => {
  it('are fast-forwarded and named, two at once on two CPUs: storing 1 over 1 changes no memory, nor does the other\'s spin', async () => {
    const r = await runC(LOCKS, 'linuxthreads', ['stuck'], { cpus: 3, timeLimit: 2e9 });
    expect(r.outcome).toBe('time-limit');
    const notes = runNotes((await cprog(LOCKS)).program);
    expect(notes).toHaveLength(2);
    for (const n of notes) expect(n).toMatch(/^thread \d+ was spinning in C function stuck from [\d.]+ µs on/);
  }, COMPILE);
});

describe('C atomic builtins, one thread', () => {
  it('atomic_ops.c: every width\'s fetch-and-op, exchange, compare-and-swap, load and store give gcc\'s results', async () => {
    const r = await runC('test/c/programs/atomic_ops.c', 'nptl');
    expect(r.stdout).toBe(readFileSync(`${ROOT}/test/c/programs/atomic_ops.out`, 'utf8'));
    expect(r.exitCode).toBe(0);
  }, COMPILE);
});
