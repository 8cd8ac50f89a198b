// Opens a generated index.html in headless Chromium (from npm, driven by playwright-core) and
// checks that every chart rendered an <svg>, that nothing was fetched from the network, that
// text was escaped, and that the page logged no errors. Fails (never skips) without Chromium
// (test/chromium.ts brings it from the @sparticuz/chromium package).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, openReport } from './chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../experiments/report/report.js';
import { sampleRun } from './report-fixture.js';


const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
let browser: Browser | undefined;

beforeAll(async () => {
  await writeReport(dir, sampleRun());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('index.html', () => {
  it('is self-contained: no external scripts, styles or images', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('<title>threadlab experiments &lt;test &amp; &quot;run&quot;&gt;</title>');
  });

  it('renders every chart as SVG in Chromium without console or page errors', async () => {
    const { page, errors, requests } = await openReport(browser!, join(dir, 'index.html'), 30_000);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.getAttribute('body', 'data-charts')).toBe('done');
    const charts = await page.$$eval('.chart', (els) => els.map((el) => ({ id: el.id, svgs: el.querySelectorAll('svg').length, marks: el.querySelectorAll('path, rect, text').length })));
    expect(charts.map((c) => c.id)).toEqual(['chart-create-line', 'chart-create-bar', 'chart-signals-matrix']);
    for (const c of charts) {
      expect(c.svgs, c.id).toBe(1);
      expect(c.marks, c.id).toBeGreaterThan(10);
    }
    // escaped text shows up as text, not markup
    expect(await page.textContent('h1')).toBe('threadlab experiments <test & "run">');
    expect(await page.textContent('#create .setup')).toContain('<b>not bold</b>');
    expect(await page.locator('#create .setup b').count()).toBe(0);
    expect(await page.locator('#create .setup code').count()).toBe(1);
    await page.close();
  });
});
