/**
 * calibrate.test.ts — host calibration (experiments/calibrate): builds and runs the C probe in
 * quick mode, writes reports/host-costs.json into a temp directory and reads it back as `host`.
 *
 * Only relations that survive a noisy 2-core VM are asserted: every value positive, a futex
 * hand-off dearer than a null system call, a process switch not much cheaper than a thread
 * switch. Skipped when the machine has no C compiler (calibrate then fails with one line,
 * which is tested with a compiler list that cannot exist).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateRawClone, simulateRawCloneBatch } from '../experiments/calibrate/raw_clone.js';
import { simulateWakePreemptRatio } from '../experiments/calibrate/futex_pingpong.js';
import { calibrate, findCompiler, glibcEra, hostModelFromProbe, probeSourcePath, summarizeRuns, median } from '../experiments/calibrate/calibrate.js';
import { PRESETS, loadCostModel } from '../kernel/costs.js';

const hasCc = ['cc', 'gcc', 'clang'].some((cc) => spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0);
const cwd = mkdtempSync(join(tmpdir(), 'threadlab-calibrate-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('calibrate', () => {
  it('finds probe.c and names the missing compiler in one line', () => {
    expect(existsSync(probeSourcePath())).toBe(true);
    expect(() => findCompiler(['no-such-cc-1', 'no-such-cc-2'])).toThrow(
      /^no C compiler found \(install gcc\) — calibrate needs one to build its probe$/,
    );
  });

  it.skipIf(!hasCc)('measures this host and writes a host model that loads back', async () => {
    const lines: string[] = [];
    const { preset, path, raw, summary } = await calibrate({ cwd, quick: true, runs: 2, log: (s) => lines.push(s) });
    expect(path).toBe(join(cwd, 'reports', 'host-costs.json'));
    expect(lines.some((l) => l.includes('compiling probe'))).toBe(true);

    const host = loadCostModel('host', cwd);
    expect(host).toEqual(preset);
    expect(host.name).toBe('host');
    for (const [field, v] of Object.entries(host)) {
      // idleWake may be 0: a host whose idle CPUs poll wakes them within the IPI's figure;
      // wakePreempt and wakeIdleScan are 0 or 1; forkPack is 0 where children always go to the idle CPU;
      // remoteFork, remoteStart and kstackMiss keep modern-x86's 0 when a loaded machine's figure is
      // not positive (the unpinned clone call no dearer than the pinned one: nothing placed across).
      const mayBeZero = ['idleWake', 'wakePreempt', 'remoteStart', 'remoteFork', 'wakeIdleScan', 'forkPack', 'kstackMiss'];
      if (typeof v === 'number') expect(v, field).toBeGreaterThan(mayBeZero.includes(field) ? -1 : 0);
    }
    expect(raw['wake_preempt_ratio']).toBeGreaterThanOrEqual(0);
    expect(host.wakePreempt).toBeLessThanOrEqual(1);

    expect(raw['futex_handoff_same_cpu_ns']).toBeGreaterThan(raw['null_syscall_ns']!);
    expect(raw['process_switch_ns']).toBeGreaterThan(0.5 * raw['thread_switch_ns']!);
    expect(raw['pthread_create_join_ns']).toBeGreaterThan(raw['null_syscall_ns']!);
    expect(raw['create_sweep_T20_C10_ns']).toBeGreaterThan(0);
    expect(host.pageSize).toBe(raw['page_size']);
    expect(host.syscall).toBeCloseTo(raw['null_syscall_ns']!, -1);

    expect(summary.runs).toBe(2);
    expect(lines.filter((l) => /running probe, run \d of 2/.test(l))).toHaveLength(2);
    expect(host.pageFault).toBeGreaterThan(0);
    expect(host.madvise).toBeGreaterThan(0);
    expect(host.glibc).toBe(glibcEra(raw)); // this host's era: NPTL runs in it under --costs host
    const file = JSON.parse(readFileSync(path, 'utf8')) as { _meta: Record<string, unknown> };
    const spread = file._meta['spread'] as Record<string, [number, number]>;
    for (const [k, v] of Object.entries(raw)) {
      expect(spread[k]![0], k).toBeLessThanOrEqual(v);
      expect(spread[k]![1], k).toBeGreaterThanOrEqual(v);
    }
    expect(file._meta['runs']).toBe(2);
    expect(file._meta['kernel']).toBeTypeOf('string');
    expect(file._meta['cpu']).toBeTypeOf('string');
    expect(file._meta['notMeasured']).toEqual(expect.arrayContaining(['hz', 'timeslice']));
    expect(existsSync(`${path}.tmp-${process.pid}`)).toBe(false);
  }, 180_000); // two quick probe runs: ~10 s quiet, longer on a loaded 2-core VM
});

describe('several probe runs', () => {
  it('each figure is the median of the runs, with their min and max', () => {
    const s = summarizeRuns([{ a: 5, b: 1 }, { a: 1, b: 2 }, { a: 3 }, { a: 100, b: 9 }, { a: 4, b: 3 }]);
    expect(s.runs).toBe(5);
    expect(s.median).toEqual({ a: 4, b: 2.5 });
    expect(s.min).toEqual({ a: 1, b: 1 });
    expect(s.max).toEqual({ a: 100, b: 9 });
    expect(median([3, 1, 2])).toBe(2);
  });

  it('the host model pairs NPTL\'s era with the host\'s glibc: 2.36 from 2.34 on', () => {
    expect(glibcEra({ glibc_major: 2, glibc_minor: 36 })).toBe('2.36');
    expect(glibcEra({ glibc_major: 2, glibc_minor: 34 })).toBe('2.36');
    expect(glibcEra({ glibc_major: 2, glibc_minor: 31 })).toBe('2.3');
    expect(glibcEra({})).toBeUndefined();
  });
});

describe('hostModelFromProbe', () => {
  const raw = {
    null_syscall_ns: 100, futex_wake_nowaiter_ns: 130, thread_switch_ns: 900, process_switch_ns: 1400,
    pipe_overhead_ns: 400, swapcontext_ns: 150, clone_exit_wait_ns: 5000, fork_per_page_ns: -3,
    cow_fault_ns: 900, mmap_8m_ns: 800, munmap_8m_ns: 1500, signal_self_ns: 700,
    pipe_copy_per_byte_ns: 0.1, lock_cmpxchg_ns: 5, page_size: 4096,
  };

  it('splits a cross-CPU wake-up into ipi (to a busy CPU) and idleWake (leaving idle); faults, madvise and its TLB shootdown as measured', () => {
    const { model } = hostModelFromProbe({
      ...raw, futex_handoff_same_cpu_ns: 2000, futex_handoff_busy_cpu_ns: 5000, futex_handoff_cross_cpu_ns: 30000,
      page_fault_ns: 600, madvise_stack_ns: 2500, madvise_flush_ns: 3000, madvise_sibling_ns: 10000,
    });
    expect(model.tlbShootdown).toBe(7000);
    expect(model.ipi).toBe(3000);
    expect(model.idleWake).toBe(25000);
    expect(model.pageFault).toBe(600);
    expect(model.madvise).toBe(2500);
  });

  it('an idle CPU that takes a wake-up faster than a busy one (a VM\'s polled halt): ipi is the idle hand-off, idleWake a measured 0', () => {
    // The model charges ipi + idleWake only for an idle CPU (sched.ts activateTask): their sum
    // must be the idle hand-off's extra (4.7 µs), not the busy one's (9.3 µs).
    const { model, notMeasured } = hostModelFromProbe({
      ...raw, futex_handoff_same_cpu_ns: 4300, futex_handoff_busy_cpu_ns: 13600, futex_handoff_cross_cpu_ns: 9000,
    });
    expect(model.ipi + model.idleWake).toBe(4700);
    expect(model.idleWake).toBe(0);
    expect(notMeasured).not.toContain('idleWake');
    expect(notMeasured).not.toContain('ipi');
  });

  it('subtracts the overheads measured on their own', () => {
    const { model, derivation } = hostModelFromProbe(raw);
    expect(model.syscall).toBe(100);
    expect(model.futexHash).toBe(30);
    expect(model.ctxSwitch).toBe(500);
    expect(model.ctxSwitchMm).toBe(1000);
    expect(model.userSwitch).toBe(50);
    // 5000 − 3·100 − 2·500 − 2·30 = 3640, split like modern-x86's clone/exit
    expect(model.cloneBase + model.exitBase).toBeCloseTo(3640, -1);
    expect(model.signalDeliver + model.sigreturn).toBeCloseTo(600, -1);
    expect(derivation['ctxSwitch']).toContain('pipe');
  });

  it('takes a thread switch from the one-CPU futex hand-off, less its wake and wait calls, when the probe has it', () => {
    const { model, derivation } = hostModelFromProbe({ ...raw, futex_handoff_same_cpu_ns: 700 });
    expect(model.ctxSwitch).toBe(700 - 2 * (100 + 30)); // the pipe's figure would be 500
    expect(model.ctxSwitchMm).toBe(440 + (1400 - 900)); // plus what the process pipe pair adds over the thread pair
    expect(derivation['ctxSwitch']).toMatch(/futex hand-off/);
    // 5000 − 3·100 − 2·440 − 2·30: the clone loop's two switches are the same switch
    expect(model.cloneBase + model.exitBase).toBeCloseTo(3760, -1);
  });

  it('wakePreempt is the fraction whose simulated pinned futex ping-pong preempts its waker as often as the host\'s did', () => {
    const fit = hostModelFromProbe({ ...raw, wake_preempt_ratio: 0.41 });
    expect(fit.notMeasured).not.toContain('wakePreempt');
    expect(fit.derivation['wakePreempt']).toMatch(/preempted in 41 % of round trips/);
    // The fitted fraction reproduces the measured share in the same loop, within the grid's step…
    const simulated = simulateWakePreemptRatio(fit.model);
    expect(Math.abs(simulated - 0.41)).toBeLessThan(0.05);
    // …which the measured share itself, taken as the fraction, does not: a preempted waker finds
    // its answer waiting and skips a wait, so fewer of the later wake-ups can preempt.
    expect(Math.abs(simulateWakePreemptRatio({ ...fit.model, wakePreempt: 0.41 }) - 0.41)).toBeGreaterThan(0.05);
    expect(fit.model.wakePreempt).not.toBe(0.41);
    expect(hostModelFromProbe({ ...raw, wake_preempt_ratio: 0 }).model.wakePreempt).toBe(0);
    const unmeasured = hostModelFromProbe(raw);
    expect(unmeasured.model.wakePreempt).toBe(PRESETS['modern-x86']!.wakePreempt);
    expect(unmeasured.notMeasured).toContain('wakePreempt');
  });

  it('wakeIdleScan and forkPack are the traced values, said to be not measured', () => {
    const m = hostModelFromProbe(raw);
    expect(m.model.wakeIdleScan).toBe(0);
    expect(m.model.forkPack).toBe(45_000);
    expect(m.derivation['forkPack']).toMatch(/^not measured: traced/);
    expect(m.derivation['wakeIdleScan']).toMatch(/^not measured: traced/);
  });

  it('remoteStart is what the unpinned raw clone loop costs beyond the model\'s prediction of it on 2 CPUs', () => {
    const base = hostModelFromProbe(raw).model;
    const predicted = simulateRawClone({ ...base, remoteStart: 0, forkPack: 0 }, 2);
    const slow = hostModelFromProbe({ ...raw, clone_exit_wait_cross_ns: predicted + 5000 });
    expect(slow.model.remoteStart).toBeCloseTo(5000, -1);
    expect(slow.notMeasured).not.toContain('remoteStart');
    expect(slow.derivation['remoteStart']).toMatch(/unpinned/);
    const fast = hostModelFromProbe({ ...raw, clone_exit_wait_cross_ns: predicted - 1000 });
    expect(fast.model.remoteStart).toBe(PRESETS['modern-x86']!.remoteStart);
    expect(fast.derivation['remoteStart']).toMatch(/not positive/);
    expect(base.remoteStart).toBe(PRESETS['modern-x86']!.remoteStart); // one CPU: not measured
  });

  it('kstackMiss is what the batched raw clone loop costs beyond the model\'s prediction, per simulated cache miss', () => {
    const base = hostModelFromProbe(raw).model;
    expect(base.kstackMiss).toBe(0); // an older probe without the loop: not measured
    expect(hostModelFromProbe(raw).notMeasured).toContain('kstackMiss');
    const sim = simulateRawCloneBatch({ ...base, kstackMiss: 0 });
    expect(sim.missesPerClone).toBeCloseTo(1.5, 1); // 8 at a time through a cache of 2: 6 + 6 misses
    const slow = hostModelFromProbe({ ...raw, clone_batch8_exit_wait_ns: sim.ns + 1.5 * 3000 });
    expect(slow.model.kstackMiss).toBeCloseTo(3000, -1);
    expect(slow.notMeasured).not.toContain('kstackMiss');
    expect(slow.derivation['kstackMiss']).toMatch(/8 at a time, pinned/);
    // Simulated with the derived cost, the loop comes out at the host's figure.
    expect(simulateRawCloneBatch(slow.model).ns).toBeCloseTo(sim.ns + 1.5 * 3000, -1);
    const fast = hostModelFromProbe({ ...raw, clone_batch8_exit_wait_ns: sim.ns - 500 });
    expect(fast.model.kstackMiss).toBe(0);
    expect(fast.derivation['kstackMiss']).toMatch(/not positive/);
  });

  it('remoteFork gives back the stack misses of the children that started on the other CPU', () => {
    const probe = { ...raw, clone_call_ns: 1600, clone_call_cross_ns: 9100, clone_call_cross_fraction: 0.8 };
    const sim = simulateRawCloneBatch({ ...hostModelFromProbe(probe).model, kstackMiss: 0 });
    const m = hostModelFromProbe({ ...probe, clone_batch8_exit_wait_ns: sim.ns + 1.5 * 3000 });
    expect(m.model.kstackMiss).toBeCloseTo(3000, -1);
    expect(m.model.remoteFork).toBeCloseTo(7500 - 0.8 * m.model.kstackMiss, 0);
    expect(m.derivation['remoteFork']).toMatch(/kstackMiss × that fraction/);
    expect(hostModelFromProbe(probe).model.remoteFork).toBe(7500); // no kstackMiss: nothing given back
  });

  it('cloneBase is the clone call alone (pinned, creator\'s CPU time); remoteFork what the call adds unpinned', () => {
    const m = hostModelFromProbe({ ...raw, clone_call_ns: 1600, clone_call_cross_ns: 4100 });
    expect(m.model.cloneBase).toBe(1500); // less the null syscall, charged as `syscall`
    expect(m.model.exitBase).toBe(3640 - 1500);
    expect(m.derivation['cloneBase']).toMatch(/clone call alone/);
    expect(m.model.remoteFork).toBe(2500);
    expect(m.notMeasured).not.toContain('remoteFork');
    const old = hostModelFromProbe(raw); // a probe without the figures: the share split, remoteFork unmeasured
    expect(old.derivation['cloneBase']).toMatch(/clone share/);
    expect(old.model.remoteFork).toBe(PRESETS['modern-x86']!.remoteFork);
    expect(old.notMeasured).toContain('remoteFork');
  });

  it('migrationCost is Linux\'s default sysctl_sched_migration_cost, said to be unmeasured', () => {
    const { model, notMeasured, derivation } = hostModelFromProbe(raw);
    expect(model.migrationCost).toBe(500_000);
    expect(notMeasured).toContain('migrationCost');
    expect(derivation['migrationCost']).toMatch(/sysctl_sched_migration_cost/);
  });

  it('keeps modern-x86 for fields not measured or measured unusable, and says so', () => {
    const { model, notMeasured, derivation } = hostModelFromProbe(raw);
    expect(model.forkPerPage).toBe(PRESETS['modern-x86']!.forkPerPage);
    expect(notMeasured).toContain('forkPerPage');
    expect(derivation['forkPerPage']).toMatch(/unusable/);
    expect(notMeasured).toEqual(expect.arrayContaining(['hz', 'timeslice', 'deviceLatency', 'tlbShootdown']));
    expect(model.ctxSwitchKthread).toBeLessThanOrEqual(model.ctxSwitch);
  });
});
