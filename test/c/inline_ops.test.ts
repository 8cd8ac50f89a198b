/**
 * inline_ops.test.ts — a library call from C that the kernel can carry out on the spot (an
 * uncontended lock: one atomic instruction's CPU burst nothing can cut; a clock read) runs without
 * unwinding the C stack (activation.ts runInline), and that changes no simulated figure: the
 * same output, virtual time, system calls, switches and every trace event, with the fast path
 * on or off, on one CPU and two, while signals interrupt the thread and handlers call the
 * library (DESIGN.md section 4: same input, byte-identical output).
 */

import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import '../../libs/all.js';
import { inlineOps } from '../../clib/host/activation.js';
import { runC, cprog } from './c-helpers.js';

const STORM = 'test/c/programs/lock_storm.c';
const SYNC = 'test/c/programs/sync.c';
const CLOCK = 'test/c/programs/clock_poll.c';

beforeAll(async () => {
  await cprog(STORM);
  await cprog(SYNC);
  await cprog(CLOCK);
}, 600_000);

afterEach(() => { inlineOps.on = true; });

/** Everything a run's simulated side shows: output, figures, and the whole event log. */
async function fingerprint(file: string, lib: string, cpus: number, args: string[]): Promise<string> {
  const r = await runC(file, lib, args, { cpus, trace: true });
  const { stdout, status, virtualNs, syscalls, voluntarySwitches, involuntarySwitches, contextSwitches, engineSteps, ps, dmesg } = r;
  return JSON.stringify({ stdout, status, virtualNs, syscalls, voluntarySwitches, involuntarySwitches, contextSwitches, engineSteps, ps, dmesg, events: r.events });
}

async function both(file: string, lib: string, cpus: number, args: string[] = []): Promise<[string, string]> {
  inlineOps.on = false;
  const off = await fingerprint(file, lib, cpus, args);
  inlineOps.on = true;
  const on = await fingerprint(file, lib, cpus, args);
  return [off, on];
}

describe.each(['nptl', 'linuxthreads'])('C on %s: library calls run without unwinding when nothing can intervene', (lib) => {
  it('an uncontended lock, trylock and unlock, a condition signal or broadcast with no waiter, unwind nothing', async () => {
    const n0 = inlineOps.unwinds;
    const r = await runC(STORM, lib, ['2000']);
    expect(r.stdout).toBe('locked 6000 times, busy 0, signals sent 2\n');
    // 22,000 lock/trylock/unlock/cond_signal/cond_broadcast calls; without the fast path each one unwinds
    expect(inlineOps.unwinds - n0).toBeLessThan(1000);
  });

  for (const cpus of [1, 2]) {
    it(`the simulation cannot tell: a signal storm on ${cpus} CPU(s) gives the same event log either way`, async () => {
      const [off, on] = await both(STORM, lib, cpus, ['3000']);
      expect(on).toBe(off);
      expect(JSON.parse(on).stdout).toMatch(/^locked 9000 times, busy 0, signals sent \d+\n$/);
    });
    it(`and so does a program whose threads grow the heap while others lock (${cpus} CPU(s))`, async () => {
      const [off, on] = await both(SYNC, lib, cpus);
      expect(on).toBe(off);
    });
    it(`and so do threads busy-waiting on gettimeofday and clock_gettime under a timer signal (${cpus} CPU(s))`, async () => {
      const [off, on] = await both(CLOCK, lib, cpus);
      expect(on).toBe(off);
      expect(JSON.parse(on).stdout).toBe('spun 10 ms (monotonic agrees)\nspun 20 ms (monotonic agrees)\nboth ok: 1, timer ticks: some\n');
    });
  }
});
