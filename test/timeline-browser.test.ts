/**
 * timeline-browser.test.ts — `run --html` and `compare --html` pages in headless Chromium
 * (test/chromium.ts): the signals example and the blocking example render every lane, have
 * markers for the signal and for the blocking read, show tooltips with virtual times, zoom on
 * the wheel, and log no console error and make no network request; compare's page stacks the
 * libraries with its table and switches between one time scale and one per row.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openReport } from './chromium.js';
import { main } from '../experiments/cli.js';

// Page code run through page.evaluate (the test's tsconfig has no DOM types).
declare const window: any;
declare const document: any;

const dir = mkdtempSync(join(tmpdir(), 'timeline-browser-'));
let browser: Browser | undefined;
const made: Record<string, { code: number; err: string }> = {};

async function cli(name: string, ...argv: string[]): Promise<void> {
  let err = '';
  const code = await main(argv, { out: () => {}, err: (s) => { err += s; } });
  made[name] = { code, err };
}

beforeAll(async () => {
  await cli('signals', 'run', 'examples/signals.ts', '--cpus', '2', '--no-watchdog', '--html', join(dir, 'signals.html'));
  await cli('blocking', 'run', 'examples/slow_device.ts', '--lib', 'green', '--lib-opt', 'wrap=false', '--no-watchdog', '--html', join(dir, 'blocking.html'));
  await cli('compare', 'compare', 'examples/slow_device.ts', '--html', join(dir, 'compare.html'));
  await cli('experiment', 'experiment', 'blocking', '--quick', '--libs', 'nptl,green', '--jobs', '0', '--out', join(dir, 'exp'));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Drawn { lanes: string[]; byLane: Record<string, string[]>; marks: { kind: string; tip: string; x: number; y: number }[] }

/** What row `i` drew, read from the SVG elements Vega made (their bound items). */
function drawn(page: Page, i: number): Promise<Drawn> {
  return page.evaluate((row: number) => {
    const v = (window as any).threadlabTimeline.views[row];
    const labels: string[] = v.signal('laneLabels');
    const byLane: Record<string, string[]> = {};
    const marks: { kind: string; tip: string; x: number; y: number }[] = [];
    document.querySelectorAll(`#tl-${row} svg path`).forEach((el: any) => {
      const d = el.__data__?.datum;
      if (!d || d.lane === undefined || d.tip === undefined) return;
      const name = labels[d.lane].trim();
      (byLane[name] ??= []).push(d.kind ?? 'run');
      if (el.parentNode.getAttribute('class').includes('mark-symbol') && d.kind) {
        const b = el.getBoundingClientRect();
        marks.push({ kind: d.kind, tip: d.tip, x: b.x + b.width / 2, y: b.y + b.height / 2 });
      }
    });
    const axis: string[] = [...document.querySelectorAll(`#tl-${row} svg .role-axis-label text`)].map((t: any) => t.textContent.trim());
    return { lanes: axis.filter((t) => labels.map((l) => l.trim()).includes(t)), byLane, marks };
  }, i);
}

async function open(name: string, file = join(dir, `${name}.html`)): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  expect(made[name].code, made[name].err).toBe(0);
  const r = await openReport(browser!, file, 60_000);
  await r.page.setViewportSize({ width: 1400, height: 900 });
  expect(await r.page.getAttribute('body', 'data-charts')).toBe('done');
  return r;
}

async function showTasks(page: Page): Promise<void> {
  await page.click('#show-tasks');
  await page.waitForFunction(() => (window as any).threadlabTimeline.views[0].signal('laneLabels').length > 0);
  await page.waitForTimeout(200);
}

/** Zoom in (wheel) around a point, so markers a few microseconds apart come apart. */
async function zoomAt(page: Page, m: { x: number; y: number }, steps: number): Promise<void> {
  await page.mouse.move(m.x, m.y);
  for (let i = 0; i < steps; i++) { await page.mouse.wheel(0, -400); await page.waitForTimeout(40); }
  await page.waitForTimeout(150);
}

async function hover(page: Page, m: { x: number; y: number }): Promise<string> {
  await page.mouse.move(m.x, m.y);
  await page.waitForTimeout(150);
  return (await page.textContent('#tip')) ?? '';
}

describe('run --html', () => {
  it('signals example: every lane draws, the signals are marked sent and delivered, tooltips give virtual times; no errors, no network', async () => {
    const { page, errors, requests } = await open('signals');
    await showTasks(page);
    const d = await drawn(page, 0);
    expect(d.lanes.slice(0, 3)).toEqual(['CPU 0', 'CPU 1', 'stdout']);
    expect(d.lanes.length).toBe(6); // and main plus two workers
    for (const lane of d.lanes) expect(d.byLane[lane]?.length ?? 0, `items on ${lane}`).toBeGreaterThan(0);
    for (const kind of ['signal_generate', 'signal_deliver']) {
      const m = d.marks.filter((x) => x.kind === kind && /SIGUSR1/.test(x.tip));
      expect(m.length, kind).toBeGreaterThan(0);
    }
    await zoomAt(page, d.marks.find((x) => x.kind === 'signal_deliver' && /SIGUSR2/.test(x.tip))!, 6);
    const delivered = (await drawn(page, 0)).marks.find((x) => x.kind === 'signal_deliver' && /SIGUSR2/.test(x.tip))!;
    expect(await hover(page, delivered)).toMatch(/SIGUSR2 delivered to .* runs its handler\nat \d+\.\d+ ms/);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('blocking example (green, unwrapped read): every lane draws, the blocking read is marked with its reason, and the wheel zooms', async () => {
    const { page, errors, requests } = await open('blocking');
    await showTasks(page);
    const d = await drawn(page, 0);
    expect(d.lanes).toEqual(['CPU 0', 'stdout', expect.stringMatching(/^slow_device \d+$/), ...[1, 2, 3, 4].map((n) => expect.stringMatching(new RegExp(`^thread ${n} \\(pid \\d+\\)$`)))]);
    for (const lane of d.lanes) expect(d.byLane[lane]?.length ?? 0, `items on ${lane}`).toBeGreaterThan(0);
    expect(d.byLane['CPU 0']).toContain('idle');
    const blocks = d.marks.filter((x) => x.kind === 'block' && /blocks in read on slow_dev/.test(x.tip));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(await hover(page, blocks[1])).toMatch(/blocks in read on slow_dev\nat \d+\.\d+ ms/);
    const before: number[] = await page.evaluate(() => (window as any).threadlabTimeline.views[0].signal('xdom'));
    await page.mouse.move(blocks[1].x, blocks[1].y);
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(200);
    const after: number[] = await page.evaluate(() => (window as any).threadlabTimeline.views[0].signal('xdom'));
    expect(after[1] - after[0]).toBeLessThan((before[1] - before[0]) / 2);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('compare --html', () => {
  it('stacks the four libraries with the summary table; one time scale for all rows, or each its own', async () => {
    const { page, errors, requests } = await open('compare');
    const heads = await page.$$eval('table.summary thead th', (ths) => ths.map((t) => t.textContent));
    expect(heads).toEqual(['', 'nptl', 'linuxthreads', 'ngpt', 'green']);
    const domains = (): Promise<number[][]> => page.evaluate(() => (window as any).threadlabTimeline.views.map((v: any) => v.signal('xdom')));
    const shared = await domains();
    expect(shared).toHaveLength(4);
    for (const x of shared) expect(x).toEqual(shared[0]);
    for (let i = 0; i < 4; i++) expect((await drawn(page, i)).byLane['CPU 0']?.length ?? 0).toBeGreaterThan(0);
    await page.click('#shared-scale');
    await page.waitForTimeout(200);
    const own = await domains();
    const ends = await page.evaluate(() => (window as any).threadlabTimeline.rows.map((r: any) => r.end));
    own.forEach((x, i) => expect(x[1]).toBeCloseTo(ends[i], 0));
    expect(new Set(own.map((x) => x[1])).size).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('the experiment report', () => {
  it('links one run\'s timeline per experiment; the blocking one is green with the read unwrapped, and it renders', async () => {
    const md = readFileSync(join(dir, 'exp', 'index.md'), 'utf8');
    expect(md).toMatch(/\*\*Timeline\.\*\* \[blocking green wrap=false .*\]\(timelines\/blocking\.html\)/);
    expect(readFileSync(join(dir, 'exp', 'index.html'), 'utf8')).toContain('<a href="timelines/blocking.html">blocking green wrap=false');
    const { page, errors, requests } = await open('experiment', join(dir, 'exp', 'timelines', 'blocking.html'));
    const d = await drawn(page, 0);
    expect(d.lanes).toContain('CPU 0');
    expect(d.lanes.filter((l) => /^thread \d+ \(pid \d+\)$/.test(l)).length).toBeGreaterThanOrEqual(5); // main, reader, 4 siblings (task lanes open)
    expect(d.marks.some((m) => m.kind === 'block' && /read on slow_dev/.test(m.tip))).toBe(true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
