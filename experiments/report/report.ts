// writeReport: writes a whole run's output into one directory, every file atomically.
//
// Layout: <name>.csv per experiment, charts/<id>.vl.json, charts/<id>.svg, charts/<id>.png per
// chart, timelines/<name>.html (one run's timeline per experiment), then index.md and index.html. Everything that can be checked up front (names, chart
// ids, CSV rows, table shapes) is checked before the first file is written, so invalid input
// leaves the directory as it was.

import { join } from 'node:path';
import { ensureWritableDir, writeFileAtomic } from './atomic.js';
import { writeChart } from './charts.js';
import { checkRow, writeCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { validateRun } from './types.js';
import type { RunReport } from './types.js';

/** What writeReport wrote. */
export interface ReportResult {
  /** Every file written, in the order written. */
  files: string[];
  /** Vega-Lite warnings, each prefixed with its chart id. */
  warnings: string[];
  /** Time spent rendering charts (spec, SVG, PNG), in milliseconds. */
  chartMs: number;
}

function checkRows(run: RunReport): void {
  for (const e of run.experiments) {
    try {
      e.rows.forEach((row, i) => checkRow(e.columns, row, i));
    } catch (err) {
      throw new Error(`experiment "${e.name}": ${(err as Error).message}`);
    }
  }
}

async function writeCharts(chartDir: string, run: RunReport, out: ReportResult): Promise<void> {
  const start = performance.now();
  for (const e of run.experiments) {
    for (const c of e.charts) {
      const written = await writeChart(chartDir, c.id, c.spec);
      out.files.push(written.spec, written.svg, written.png);
      out.warnings.push(...written.warnings.map((w) => `${c.id}: ${w}`));
    }
  }
  out.chartMs = performance.now() - start;
}

/** Each experiment's timeline page, under timelines/. */
function writeTimelines(dir: string, run: RunReport, out: ReportResult): void {
  const withTimeline = run.experiments.filter((e) => e.timeline);
  if (withTimeline.length === 0) return;
  const tdir = join(dir, 'timelines');
  ensureWritableDir(tdir);
  for (const e of withTimeline) {
    const path = join(tdir, e.timeline!.file);
    writeFileAtomic(path, e.timeline!.html);
    out.files.push(path);
  }
}

/** Write CSVs, charts, timelines, index.md and index.html for `run` into `dir` (created if needed). */
export async function writeReport(dir: string, run: RunReport): Promise<ReportResult> {
  validateRun(run);
  checkRows(run);
  const chartDir = join(dir, 'charts');
  ensureWritableDir(dir);
  if (run.experiments.some((e) => e.charts.length > 0)) ensureWritableDir(chartDir);

  const out: ReportResult = { files: [], warnings: [], chartMs: 0 };
  for (const e of run.experiments) {
    const path = join(dir, `${e.name}.csv`);
    writeCsv(path, e.columns, e.rows);
    out.files.push(path);
  }
  await writeCharts(chartDir, run, out);
  writeTimelines(dir, run, out);

  const md = join(dir, 'index.md');
  writeFileAtomic(md, renderMarkdown(run));
  const html = join(dir, 'index.html');
  writeFileAtomic(html, renderHtml(run));
  out.files.push(md, html);
  return out;
}
