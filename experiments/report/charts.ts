// Chart rendering for experiment reports.
//
// A chart is a Vega-Lite spec (a plain object). This module forces the report font into it,
// compiles it to Vega, renders a static SVG with a headless Vega view (byte-stable for the same
// input), turns the SVG into a PNG with resvg, and writes the three files
// (charts/<id>.vl.json, .svg, .png) atomically. The spec builders for the chart shapes the
// experiments use (line, grouped bar, matrix) live in specs.ts.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { writeFileAtomic } from './atomic.js';

/** The one font every chart uses, in the SVG and the PNG alike. */
export const CHART_FONT = 'DejaVu Sans';

/** A Vega-Lite spec as a plain JSON object. */
export type VlSpec = Record<string, unknown>;

/** The three renderings of one chart. */
export interface RenderedChart {
  /** The Vega-Lite spec with the report config forced in, as pretty JSON text. */
  specJson: string;
  svg: string;
  png: Uint8Array;
  /** Vega-Lite compiler warnings (empty for a clean spec). */
  warnings: string[];
}

/** Paths written for one chart. */
export interface ChartFiles { spec: string; svg: string; png: string }

/** The spec with `config.font` forced to the report font and a white background by default. */
export function withReportConfig(spec: object): VlSpec {
  const s = spec as VlSpec;
  const config = (s.config ?? {}) as VlSpec;
  return {
    ...s,
    background: s.background ?? 'white',
    config: { ...config, font: CHART_FONT },
  };
}

/** Stable JSON text for a spec: 2-space indent, trailing newline. */
export function specToJson(spec: object): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

function collectingLogger(warnings: string[]) {
  let level = 2; // vega-util Warn
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]): never {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}

/** Compile a Vega-Lite spec (report config forced in) to a Vega spec, collecting warnings. */
export function compileSpec(spec: object): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const out = compile(withReportConfig(spec) as unknown as TopLevelSpec, { logger: collectingLogger(warnings) });
  return { vega: out.spec as vega.Spec, warnings };
}

async function vegaToSvg(vgSpec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Render a Vega-Lite spec to an SVG document string (deterministic for the same spec). */
export async function renderSvg(spec: object): Promise<string> {
  return vegaToSvg(compileSpec(spec).vega);
}

/**
 * The font files resvg draws chart text with: DejaVu Sans (regular, and bold for titles) from
 * the `dejavu-fonts-ttf` package, so PNG text never depends on the machine's fonts (resvg
 * silently drops text it has no font for, and system fonts are not loaded at all).
 */
export function chartFontFiles(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
}

/** Rasterize an SVG at 2x zoom with the report font (only the packaged font files). */
export function svgToPng(svg: string, fontFiles: string[] = chartFontFiles()): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    fitTo: { mode: 'zoom', value: 2 },
  });
  return resvg.render().asPng();
}

/** Render a chart to spec JSON, SVG and PNG. */
export async function renderChart(spec: object): Promise<RenderedChart> {
  const full = withReportConfig(spec);
  const compiled = compileSpec(full);
  const svg = await vegaToSvg(compiled.vega);
  return { specJson: specToJson(full), svg, png: svgToPng(svg), warnings: compiled.warnings };
}

/** Render a chart and write `<dir>/<id>.vl.json`, `<id>.svg` and `<id>.png` atomically. */
export async function writeChart(dir: string, id: string, spec: object): Promise<ChartFiles & { warnings: string[] }> {
  const rendered = await renderChart(spec);
  const files = {
    spec: join(dir, `${id}.vl.json`),
    svg: join(dir, `${id}.svg`),
    png: join(dir, `${id}.png`),
  };
  writeFileAtomic(files.spec, rendered.specJson);
  writeFileAtomic(files.svg, rendered.svg);
  writeFileAtomic(files.png, rendered.png);
  return { ...files, warnings: rendered.warnings };
}
