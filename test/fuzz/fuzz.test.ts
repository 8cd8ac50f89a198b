/**
 * fuzz.test.ts — property-based fuzzing of the whole stack (issue 9): random programs over the
 * Libc API run on every library with the invariant checker on. Properties: the simulator never
 * throws (a kernel panic or a JavaScript error escaping the run is a failure), every run ends
 * (it exits, or stops as a reported deadlock or at the time limit), and the same seed gives the
 * same event log; the first two hold under perturbed schedules too (--schedule-seed). CI runs FUZZ_RUNS (default 300) cases per library; `npm run fuzz` runs
 * 10,000. A failure prints fast-check's seed and the shrunk program.
 */

import { describe, it, expect, afterAll } from 'vitest';
import fc from 'fast-check';
import { runProgram } from '../../experiments/runner.js';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { formatEvent, PRESETS } from '../../kernel/index.js';
import { programArb, interpret, type ProgramSpec } from './gen.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TIME_LIMIT = 20e9; // 20 s virtual

/** The host model's scheduler and era: wake-up preemption, remote fork and start costs, newly idle balancing by avg_idle, the fork packing window and no idle scan on wake-up, NPTL as glibc 2.36 (issue 17). */
const MODERN = { costs: { ...PRESETS['modern-x86']!, wakePreempt: 1, remoteFork: 9000, remoteStart: 3000, migrationCost: 500_000, forkPack: 40_000, wakeIdleScan: 0, glibc: '2.36' } };

function runOnce(lib: string, spec: ProgramSpec, seed: number, trace = false, scheduleSeed?: number, modern = false) {
  return runProgram({
    program: interpret(spec), name: 'fuzz', lib, seed, cpus: 1 + (seed % 2), trace,
    timeLimit: TIME_LIMIT, kernel: { threadsMax: 4096 }, check: true, ...(modern ? MODERN : {}),
    // Perturbed (kernel/sched_pct.ts): change points drawn from a nominal 200 steps.
    schedule: scheduleSeed === undefined ? undefined : { seed: scheduleSeed, steps: 200 },
  });
}

describe.each(libraryNames())('fuzz: random programs on %s', (lib) => {
  const outcomes: Record<string, number> = { exited: 0, deadlock: 0, 'time-limit': 0 };
  afterAll(() => { console.log(`fuzz ${lib}: ${JSON.stringify(outcomes)}`); });
  it(`never throws, always ends, invariants hold (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 1_000_000 }), (spec, seed) => {
        const r = runOnce(lib, spec, seed);
        outcomes[r.outcome]++;
        expect(['exited', 'deadlock', 'time-limit']).toContain(r.outcome);
        if (r.outcome === 'deadlock') expect(r.deadlock).toMatch(/deadlock/);
        // A library bug surfaces as a JavaScript exception the kernel turns into SIGABRT:
        // the generated programs never throw, so any such report is a simulator failure.
        expect(r.dmesg.join('\n')).not.toMatch(/uncaught exception/);
        if (r.outcome === 'exited') expect(r.statusText).toBe('exited with status 0');
      }),
      { numRuns: RUNS, seed: 42 },
    );
  });

  it(`perturbed schedules: never throws, always ends, invariants hold (${Math.ceil(RUNS / 3)} cases)`, () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (spec, seed, sched) => {
        const r = runOnce(lib, spec, seed, false, sched);
        expect(['exited', 'deadlock', 'time-limit']).toContain(r.outcome);
        expect(r.dmesg.join('\n')).not.toMatch(/uncaught exception/);
        if (r.outcome === 'exited') expect(r.statusText).toBe('exited with status 0');
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: 13 },
    );
  });

  it(`wake-up preemption and glibc 2.36 (the host model's pairing): never throws, always ends, invariants hold (${Math.ceil(RUNS / 3)} cases)`, () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 1_000_000 }), (spec, seed) => {
        const r = runOnce(lib, spec, seed, false, undefined, true);
        expect(['exited', 'deadlock', 'time-limit']).toContain(r.outcome);
        expect(r.dmesg.join('\n')).not.toMatch(/uncaught exception/);
        if (r.outcome === 'exited') expect(r.statusText).toBe('exited with status 0');
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: 17 },
    );
  });

  it('same seed, same event log', () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 1_000_000 }), (spec, seed) => {
        const a = runOnce(lib, spec, seed, true).events!.map(formatEvent).join('\n');
        const b = runOnce(lib, spec, seed, true).events!.map(formatEvent).join('\n');
        expect(a).toBe(b);
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 10)), seed: 7 },
    );
  });
});
