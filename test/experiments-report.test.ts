// End to end: `threadlab experiment all --quick` writes every experiment's CSV, each chart as
// spec + SVG + PNG, index.md and index.html; the readings contain no unfilled numbers; and the
// HTML report renders every chart in headless Chromium without console errors or network
// requests. Fails (never skips) without Chromium (test/chromium.ts brings it from npm).

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, openReport } from './chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../experiments/cli.js';
import { experimentNames } from '../experiments/lab/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'experiments-report-'));
let browser: Browser | undefined;
let status = -1;
const err: string[] = [];

beforeAll(async () => {
  status = await main(['experiment', 'all', '--quick', '--jobs', '0', '--out', dir], { out: () => {}, err: (s) => { err.push(s); } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('threadlab experiment all --quick', () => {
  it('writes a CSV per experiment, chart files and both indexes', () => {
    expect(status, err.join('')).toBe(0);
    const files = readdirSync(dir);
    for (const n of experimentNames()) expect(files).toContain(`${n}.csv`);
    expect(files).toContain('index.md');
    expect(files).toContain('index.html');
    const charts = readdirSync(join(dir, 'charts'));
    const ids = charts.filter((f) => f.endsWith('.svg')).map((f) => f.slice(0, -4));
    expect(ids.length).toBeGreaterThanOrEqual(experimentNames().length);
    for (const id of ids) {
      expect(charts).toContain(`${id}.png`);
      expect(charts).toContain(`${id}.vl.json`);
      expect(statSync(join(dir, 'charts', `${id}.png`)).size, id).toBeGreaterThan(5_000);
    }
  });

  it('every reading is filled in from results (no NaN, undefined or empty lists)', () => {
    const md = readFileSync(join(dir, 'index.md'), 'utf8');
    const readings = md.split('\n').filter((l) => l.startsWith('**Reading.**'));
    expect(readings).toHaveLength(experimentNames().length);
    for (const r of readings) {
      expect(r).not.toMatch(/NaN|undefined|null|Infinity| \?|, \.|: \./);
      expect(r.length).toBeGreaterThan(80);
    }
  });

  it('renders every chart in headless Chromium with no console errors and no network', async () => {
    const { page, errors, requests } = await openReport(browser!, join(dir, 'index.html'), 60_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.getAttribute('body', 'data-charts')).toBe('done');
    const svgs = await page.$$eval('.chart', (els) => els.map((el) => el.querySelectorAll('svg').length));
    expect(svgs.length).toBe(readdirSync(join(dir, 'charts')).filter((f) => f.endsWith('.svg')).length);
    for (const n of svgs) expect(n).toBe(1);
  }, 90_000);
});
