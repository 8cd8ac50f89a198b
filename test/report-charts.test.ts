// Tests of chart rendering: the forced font, byte-stable SVG, a real PNG, the spec builders
// compiling without warnings, and the three files writeChart produces.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartFontFiles, compileSpec, renderChart, renderSvg, svgToPng, withReportConfig, writeChart } from '../experiments/report/charts.js';
import { sampleRun } from './report-fixture.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const charts = sampleRun().experiments.flatMap((e) => e.charts);
const dir = mkdtempSync(join(tmpdir(), 'report-charts-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('charts', () => {
  it('draws PNG text with the packaged DejaVu Sans files alone, never system fonts', () => {
    for (const f of chartFontFiles()) expect(readFileSync(f).subarray(0, 4).toString('hex'), f).toBe('00010000'); // TrueType
    const svg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="120" height="30" fill="white"/>${text}</svg>`;
    const words = ['<text x="4" y="20" font-family="DejaVu Sans" font-size="14">threads 42</text>',
      '<text x="4" y="20" font-family="DejaVu Sans" font-weight="bold" font-size="14">threads 42</text>'];
    const blank = svgToPng(svg(''));
    for (const w of words) {
      expect(Buffer.compare(svgToPng(svg(w)), blank), w).not.toBe(0);
      // with no font files the text vanishes: so no system font was loaded (this machine may have DejaVu installed)
      expect(Buffer.compare(svgToPng(svg(w), []), blank), w).toBe(0);
    }
    expect(Buffer.compare(svgToPng(svg(words[0]!)), svgToPng(svg(words[1]!)))).not.toBe(0); // bold is its own face
  });

  it('forces the report font into every spec without touching the rest', () => {
    const spec = { mark: 'point', config: { axis: { grid: false } } };
    const out = withReportConfig(spec);
    expect(out.config).toEqual({ axis: { grid: false }, font: 'DejaVu Sans' });
    expect(out.mark).toBe('point');
    expect(spec.config).toEqual({ axis: { grid: false } });
  });

  it.each(charts.map((c) => [c.id, c.spec] as const))('%s compiles without Vega-Lite warnings', (_id, spec) => {
    expect(compileSpec(spec).warnings).toEqual([]);
  });

  it('renders byte-identical SVG for the same spec', async () => {
    for (const c of charts) {
      const a = await renderSvg(c.spec);
      const b = await renderSvg(structuredClone(c.spec));
      expect(a.startsWith('<svg')).toBe(true);
      expect(a).toContain('DejaVu Sans');
      expect(b === a).toBe(true);
    }
  });

  it('renders a PNG with the PNG signature and real content', async () => {
    const r = await renderChart(charts[0]!.spec);
    expect([...r.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(r.png.length).toBeGreaterThan(10_000);
    // IHDR width at 2x zoom is twice the SVG width
    const width = Buffer.from(r.png).readUInt32BE(16);
    const svgWidth = Number(/width="(\d+(\.\d+)?)"/.exec(r.svg)![1]);
    expect(width).toBe(Math.round(svgWidth * 2));
  });

  it('writes <id>.vl.json, <id>.svg and <id>.png', async () => {
    const c = charts[2]!;
    const files = await writeChart(dir, c.id, c.spec);
    expect(readdirSync(dir).sort()).toEqual([`${c.id}.png`, `${c.id}.svg`, `${c.id}.vl.json`]);
    const spec = JSON.parse(readFileSync(files.spec, 'utf8'));
    expect(spec.config.font).toBe('DejaVu Sans');
    expect(readFileSync(files.svg, 'utf8')).toBe(await renderSvg(c.spec));
  });
});
