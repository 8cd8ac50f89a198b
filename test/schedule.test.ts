/**
 * schedule.test.ts — schedule perturbation (kernel/sched_pct.ts) and `run --schedule-seed`.
 *
 *  - Off means off: a run whose kernel holds the policy in counting mode (every hook in
 *    sched.ts, entry.ts and usched.ts consulted, default decisions made) gives the same --json
 *    and the same trace, byte for byte, as a run without it, for several examples on every
 *    library — so the perturbation's code path changes nothing until it perturbs.
 *  - A schedule seed replays: the same seed gives the same output and trace, in-process and
 *    through `threadlab run --schedule-seed` (which measures k the same way explore does).
 *  - Perturbed runs keep every kernel invariant (the checker after every event).
 *  - User-level schedulers perturb their own queues, and stay non-preemptive.
 */

import { describe, it, expect } from 'vitest';
import { runProgram, type RunOptions, type RunResult } from '../experiments/runner.js';
import { runJson } from '../experiments/commands/format.js';
import { chromeTrace } from '../experiments/trace_export.js';
import { measureSteps } from '../experiments/schedule.js';
import { programFactory } from '../experiments/fresh.js';
import { main } from '../experiments/cli.js';
import { libraryNames, type Program } from '../libs/index.js';
import { loadCostModel, DEFAULT_PRESET } from '../kernel/index.js';
import '../libs/all.js';

async function example(file: string): Promise<Program> {
  return ((await import(`../examples/${file}`)) as { default: Program }).default;
}

/** What a user sees of a run: its --json (less the schedule report) and its trace file. */
function observable(r: RunResult): string {
  const json = runJson(r, { file: 'x', costModel: loadCostModel(DEFAULT_PRESET), modules: [] });
  delete json.schedule;
  return JSON.stringify(json) + chromeTrace(r.events ?? [], { cpus: r.cpus, endNs: r.kernel.now, title: 't', meta: {} });
}

const base = (program: Program, lib: string, cpus: number): RunOptions => ({ program, name: 'ex', lib, cpus, trace: true, check: false, timeLimit: 20e9 });

describe('perturbation off changes nothing', () => {
  const files = ['hello.ts', 'prodcons.ts', 'philosophers.ts', 'signals.ts', 'slow_device.ts', 'deadlock.ts', 'lost_update.ts', 'fork_wait.ts'];
  for (const lib of libraryNames()) {
    it(`${lib}: --json and trace of ${files.length} examples are identical with the policy counting only`, async () => {
      for (const f of files) {
        const copies = await programFactory(`examples/${f}`); // signals.ts and slow_device.ts keep module state
        expect(copies.shared).toBeNull();
        for (const cpus of [1, 2]) {
          const plain = runProgram(base(copies.fresh(), lib, cpus));
          const counted = runProgram({ ...base(copies.fresh(), lib, cpus), schedule: { seed: 7, steps: 50, perturb: false } });
          expect(plain.schedule, f).toBeUndefined();
          expect(counted.schedule!.steps, f).toBeGreaterThan(0);
          expect(counted.schedule!.changes + counted.schedule!.stalls + counted.schedule!.preemptions, f).toBe(0);
          expect(observable(counted), `${f} on ${cpus} CPU(s)`).toBe(observable(plain));
        }
      }
    });
  }
});

describe('a schedule seed replays its run', () => {
  it('the same seed gives the same output and trace; other seeds give other totals', async () => {
    const program = await example('lost_update.ts');
    const o = base(program, 'nptl', 2);
    const { steps, result } = measureSteps(o);
    const totals = new Set<string>([result.stdout]);
    for (let seed = 1; seed <= 12; seed++) {
      const a = runProgram({ ...o, schedule: { seed, steps } });
      const b = runProgram({ ...o, schedule: { seed, steps } });
      expect(observable(b)).toBe(observable(a));
      expect(a.schedule!.changes).toBeLessThanOrEqual(2); // depth 3: two change points at most
      totals.add(a.stdout);
    }
    expect(totals.size).toBeGreaterThan(2);
  });

  it('threadlab run --schedule-seed measures k and replays the in-process run byte for byte', async () => {
    const program = await example('lost_update.ts');
    const o = base(program, 'nptl', 2);
    const { steps } = measureSteps({ ...o, trace: false });
    const want = runProgram({ ...o, trace: false, schedule: { seed: 16, steps } });
    const argv = ['run', 'examples/lost_update.ts', '--lib', 'nptl', '--cpus', '2', '--schedule-seed', '16', '--json', '--no-watchdog'];
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      let out = '';
      const code = await main(argv, { out: (s) => { out += s; }, err: () => {} });
      expect(code).toBe(0);
      outs.push(out);
    }
    expect(outs[1]).toBe(outs[0]);
    const j = JSON.parse(outs[0]) as { stdout: string; schedule: { seed: number; expectedSteps: number; depth: number } };
    expect(j.stdout).toBe(want.stdout);
    expect(j.schedule).toMatchObject({ seed: 16, expectedSteps: steps, depth: 3 });
  });

  it('--depth needs --schedule-seed, and is 1 to 20', async () => {
    const errs: string[] = [];
    const io = { out: () => {}, err: (s: string) => { errs.push(s); } };
    expect(await main(['run', 'examples/hello.ts', '--depth', '2', '--no-watchdog'], io)).toBe(2);
    expect(errs.join('')).toMatch(/^threadlab: --depth needs --schedule-seed/);
    expect(await main(['run', 'examples/hello.ts', '--schedule-seed', '1', '--depth', '0', '--no-watchdog'], io)).toBe(2);
    expect(errs.at(-1)).toMatch(/must be an integer from 1 to 20/);
  });
});

describe('perturbed runs keep the kernel consistent', () => {
  for (const lib of libraryNames()) {
    it(`${lib}: the invariant checker passes after every event of perturbed runs`, async () => {
      for (const f of ['hello.ts', 'signals.ts', 'fork_wait.ts', 'cond_if.ts', 'abba.ts', 'main_exit.ts']) {
        const program = await example(f);
        for (const cpus of [1, 2]) {
          const o = { ...base(program, lib, cpus), trace: false, check: true };
          const { steps } = measureSteps(o);
          for (let seed = 1; seed <= 3; seed++) {
            const r = runProgram({ ...o, schedule: { seed, steps } });
            expect(['exited', 'deadlock'], `${f} seed ${seed}`).toContain(r.outcome);
          }
        }
      }
    });
  }
});

describe('user-level schedulers perturb their own run queues', () => {
  it('green: the order threads print in varies with the schedule seed; updates are never lost (non-preemptive)', async () => {
    const hello = await example('hello.ts');
    const lost = await example('lost_update.ts');
    const orders = new Set<string>();
    const ho = base(hello, 'green', 1);
    const hk = measureSteps(ho).steps;
    const lo = { ...base(lost, 'green', 2), trace: false };
    const lk = measureSteps(lo).steps;
    for (let seed = 1; seed <= 10; seed++) {
      orders.add(runProgram({ ...ho, trace: false, schedule: { seed, steps: hk } }).stdout);
      expect(runProgram({ ...lo, schedule: { seed, steps: lk } }).stdout).toBe('total=400 (expected 400)\n');
    }
    expect(orders.size).toBeGreaterThan(2);
  });
});
