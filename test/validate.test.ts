/**
 * validate.test.ts — `threadlab validate` (experiments/calibrate/validate.ts): calibrate and
 * validate in quick mode in a temp directory, then check the table's shape and that each
 * error is computed from its two columns. Whether a figure is within ±25 % is NOT asserted:
 * the host is noisy (other load, a VM), and validate exists to report misses, not hide them.
 * `--cpus 1` pins the probe to one CPU and simulates one. Also: without a host model, one line telling the user to calibrate, exit status 2.
 * Skipped (but the missing-model case) when the machine has no C compiler.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrate } from '../experiments/calibrate/calibrate.js';
import { COMPOSITES, SWEEP_POINTS, simulateComposite, simulateCompositeMedian, twinCounts } from '../experiments/calibrate/composites.js';
import { NoHostModelError, TOLERANCE_PCT, loadHostPreset, errorPct, spreadPct, summaryLine, validate, validateRow } from '../experiments/calibrate/validate.js';
import { main } from '../experiments/cli.js';
import { loadCostModel } from '../kernel/index.js';
import { formatValidate, validateJson } from '../experiments/commands/validate.js';

const hasCc = ['cc', 'gcc', 'clang'].some((cc) => spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0);
const cwd = mkdtempSync(join(tmpdir(), 'threadlab-validate-'));
const empty = mkdtempSync(join(tmpdir(), 'threadlab-validate-empty-'));
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

/** Run the CLI in `dir`, capturing stdout and stderr. */
async function cli(args: string[], dir: string): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const here = process.cwd();
  process.chdir(dir);
  try {
    const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
    return { code, out, err };
  } finally {
    process.chdir(here);
  }
}

describe('validate without a host model', () => {
  it('says in one line to run calibrate first, exit status 2', async () => {
    await expect(validate({ cwd: empty, quick: true })).rejects.toThrow(NoHostModelError);
    const r = await cli(['validate'], empty);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/run `threadlab calibrate` first/);
  });
});

describe('validateRow', () => {
  it('computes the error from the two columns and judges it against ±25 %', () => {
    expect(errorPct(125, 100)).toBeCloseTo(25);
    expect(errorPct(50, 200)).toBeCloseTo(-75);
    expect(validateRow('k', 'f', 100, 125, 10).within).toBe(true);
    expect(validateRow('k', 'f', 100, 126, 10).within).toBe(false);
    expect(validateRow('k', 'f', 100, 74, 10).within).toBe(false);
  });

  it('keeps the real figure\'s min–max and says when its own spread is wider than ±25 %', () => {
    const quiet = validateRow('k', 'f', 100, 110, 10, 90, 120);
    expect(quiet.spreadPct).toBeCloseTo(20);
    expect(quiet.noisy).toBe(false);
    const noisy = validateRow('k', 'f', 100, 110, 10, 95, 140);
    expect(noisy.spreadPct).toBeCloseTo(40);
    expect(noisy.noisy).toBe(true);
    expect(spreadPct(100, 60, 101)).toBeCloseTo(40);
  });
});

describe('the simulated column', () => {
  it('is the median of the twin at the probe\'s count and four neighbours 5 % and 10 % away', () => {
    expect(twinCounts(2000)).toEqual([1800, 1900, 2000, 2100, 2200]);
    expect(twinCounts(1)).toEqual([1, 1, 1, 1, 1]);
    expect(twinCounts(2000, true)).toEqual([2000]); // a quick probe: one run, one simulation
    // 20 creators on 2 CPUs: the schedule's phase depends on the count, so the five differ
    const c = COMPOSITES.find((x) => x.key === 'create_sweep_T20_C10')!;
    const costs = { ...loadCostModel('modern-x86'), glibc: '2.36' };
    const five = twinCounts(200).map((n) => simulateComposite(c, n, costs, 2));
    expect(new Set(five).size).toBeGreaterThan(1);
    expect(simulateCompositeMedian(c, 200, costs, 2)).toBe([...five].sort((a, b) => a - b)[2]);
  }, 180_000);
});

describe.skipIf(!hasCc)('calibrate + validate (quick)', () => {
  it('prints one row per composite: real, simulated, error from them, within ±25 %', async () => {
    await calibrate({ cwd, quick: true, runs: 1 });
    const r = await validate({ cwd, quick: true, runs: 2 });
    expect(r.preset.name).toBe('host');
    expect(r.probeQuick).toBe(true);
    expect(r.runs).toBe(2);
    expect(r.cpus).toBeGreaterThanOrEqual(1);
    expect(r.rows.map((x) => x.key)).toEqual(COMPOSITES.map((c) => c.key));
    expect(r.rows.map((x) => x.key)).toEqual([
      'pthread_create_join', 'condvar_pingpong_rtt', ...SWEEP_POINTS.map(([t, c]) => `create_sweep_T${t}_C${c}`),
    ]);
    for (const x of r.rows) {
      expect(x.realNs, x.key).toBeGreaterThan(0);
      expect(x.simulatedNs, x.key).toBeGreaterThan(0);
      expect(x.iters, x.key).toBeGreaterThanOrEqual(1);
      expect(x.errorPct, x.key).toBeCloseTo(((x.simulatedNs - x.realNs) / x.realNs) * 100, 6);
      expect(x.within, x.key).toBe(Math.abs(x.errorPct) <= TOLERANCE_PCT);
      expect(x.realMinNs, x.key).toBeLessThanOrEqual(x.realNs);
      expect(x.realMaxNs, x.key).toBeGreaterThanOrEqual(x.realNs);
      expect(x.noisy, x.key).toBe(x.spreadPct > TOLERANCE_PCT);
    }
    expect(r.notes.some((n) => n.startsWith('the spread itself is wider'))).toBe(r.rows.some((x) => x.noisy));
    expect(r.within).toBe(r.rows.filter((x) => x.within).length);

    const text = formatValidate(r);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/median of 2 runs$/);
    expect(lines[2]).toMatch(/^figure\s+real\s+min–max\s+spread\s+simulated\s+error\s+within ±25 %$/);
    const body = lines.slice(4, 4 + r.rows.length);
    r.rows.forEach((x, i) => {
      expect(body[i].startsWith(x.figure)).toBe(true);
      expect(body[i]).toMatch(new RegExp(`[+−]\\d+(\\.\\d)? %\\s+${x.within ? 'yes' : 'no'}$`));
    });
    expect(text).toContain(summaryLine(r));
    expect(summaryLine(r)).toMatch(new RegExp(`^${r.within} of ${r.rows.length} composites within ±25 %`));

    const json = validateJson(r);
    expect(json['total']).toBe(r.rows.length);
    expect(JSON.parse(JSON.stringify(json))['rows']).toHaveLength(r.rows.length);
  }, 180_000); // a quick calibrate and two quick composite runs: ~15 s quiet, a minute or more on a loaded 2-core VM

  it('--cpus 1 pins the probe to one CPU and simulates one CPU (the comparison a shared machine can still judge)', async () => {
    const r = await validate({ cwd, quick: true, runs: 1, cpus: 1 });
    expect(r.cpus).toBe(1);
    const preset = loadHostPreset(cwd).preset;
    const sweep = r.rows.find((x) => x.key === 'create_sweep_T4_C4')!;
    const c = COMPOSITES.find((x) => x.key === sweep.key)!;
    expect(sweep.simulatedNs).toBe(simulateCompositeMedian(c, sweep.iters, preset, 1, true));
    expect(r.notes.some((n) => n.startsWith('the preset was measured on'))).toBe(false);
    if (availableParallelism() > 1) expect(sweep.simulatedNs).not.toBe(simulateCompositeMedian(c, sweep.iters, preset, 2, true));
    const out = await cli(['validate', '--quick', '--runs', '1', '--cpus', '1'], cwd);
    expect(out.code).toBe(0);
    expect(out.out.split('\n')[0]).toMatch(/ · 1 CPU · probe quick, median of 1 run$/);
    expect((await cli(['validate', '--cpus', '0'], cwd)).err).toMatch(/--cpus <n>.*must be an integer from 1 to 64/);
  }, 180_000);
});
