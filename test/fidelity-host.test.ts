/**
 * fidelity-host.test.ts — `experiment fidelity --costs host` puts this machine's composites
 * beside the era's claims (fidelity_host.ts). Uses a host model written here, with made-up
 * "measured" figures in its _meta (no probe run), so the rows are checked against known inputs:
 * each composite simulated with the host preset (NPTL as glibc 2.36, the model's pairing), its
 * error computed from the two columns, a figure whose own spread is wider than ±25 % marked.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../kernel/costs.js';
import { runExperiments } from '../experiments/lab/run_all.js';
import { COMPOSITES } from '../experiments/calibrate/composites.js';
import type { Row } from '../experiments/lab/types.js';

const dir = mkdtempSync(join(tmpdir(), 'threadlab-fidelity-host-'));
const here = process.cwd();
let rows: Row[] = [];
let table: { columns: string[]; rows: (string | number)[][] } | undefined;
let reading = '';

beforeAll(async () => {
  const raw: Record<string, number> = { ncpus: 2 };
  const spread: Record<string, [number, number]> = {};
  for (const [i, c] of COMPOSITES.entries()) {
    raw[`${c.key}_ns`] = 20_000;
    raw[`${c.key}_iters`] = 40;
    spread[`${c.key}_ns`] = i === 0 ? [10_000, 40_000] : [19_000, 21_000]; // the first one too noisy to judge
  }
  mkdirSync(join(dir, 'reports'));
  writeFileSync(join(dir, 'reports', 'host-costs.json'), JSON.stringify({
    ...PRESETS['modern-x86'], name: 'host', description: 'a test host', glibc: '2.36', idleWake: 20_000,
    _meta: { raw, spread, runs: 5 },
  }));
  process.chdir(dir);
  try {
    const run = await runExperiments({ names: ['fidelity'], libs: ['nptl'], quick: true, costs: 'host', workers: 0 });
    const e = run.report.experiments[0];
    rows = e.rows as Row[];
    table = e.table;
    reading = e.reading;
  } finally {
    process.chdir(here);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fidelity --costs host', () => {
  it('simulates every composite with the host preset, NPTL as glibc 2.36, and keeps the measured figure and its spread', () => {
    const v = rows.filter((r) => r.part === 'validate');
    expect(v.map((r) => r.figure)).toEqual(COMPOSITES.map((c) => c.key));
    for (const r of v) {
      expect(r).toMatchObject({ costs: 'host', glibc: '2.36', cpus: 2, real_ns: 20_000, probe_runs: 5, iterations: 40 });
      expect(r.simulated_ns as number).toBeGreaterThan(0);
      expect(r.error_pct as number).toBeCloseTo(((r.simulated_ns as number) - 20_000) / 200, 0);
      expect(r.within).toBe(Math.abs(r.error_pct as number) <= 25);
    }
    expect(v[0].spread_pct).toBe(100);
    expect(v[1].spread_pct).toBe(5);
    // the era's parts still run with i386-2003
    expect(new Set(rows.filter((r) => r.part !== 'validate').map((r) => r.costs))).toEqual(new Set(['i386-2003']));
  });

  it('one table: the era\'s claims, then one row per composite; the reading covers both', () => {
    const hostRows = table!.rows.filter((r) => String(r[1]).startsWith('[HOST]'));
    expect(hostRows).toHaveLength(COMPOSITES.length);
    expect(table!.rows.length).toBe(4 + COMPOSITES.length);
    expect(String(hostRows[0][4])).toMatch(/moved ±100 % between the 5 probe runs/);
    expect(reading).toMatch(/With the host preset .* the lab predicts \d of 6 composite figures within ±25 %/);
  });
});
