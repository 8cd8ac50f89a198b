// Self-contained HTML report (index.html) for a run.
//
// Same content as index.md, but the charts are interactive: vega.min.js and vega-lite.min.js
// are inlined into <script> tags, each chart's Vega-Lite spec is embedded as JSON, and a small
// script compiles and renders every chart into its container as SVG with hover tooltips. The
// page needs no network. When all charts are drawn, <body data-charts="done"> is set (or
// "error" if any chart failed, with the error logged to the console).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { withReportConfig } from './charts.js';
import { escapeHtml, inlineHtml, paragraphs, shownTable } from './format.js';
import type { ChartOut, ExperimentOut, RunReport } from './types.js';

let libraryCache: string | undefined;

export function readBuild(pkg: string, file: string): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve(pkg); // <pkg>/build/<entry>.js
  return readFileSync(join(dirname(main), file), 'utf8');
}

/** Make JavaScript safe to inline inside <script>...</script>. */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\u0021--');
}

/** The inlined vega and vega-lite bundles, as two <script> elements. */
function libraryScripts(): string {
  libraryCache ??= [readBuild('vega', 'vega.min.js'), readBuild('vega-lite', 'vega-lite.min.js')]
    .map((js) => `<script>${scriptSafe(js)}</script>`)
    .join('\n');
  return libraryCache;
}

/** JSON text safe inside <script type="application/json">. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.3em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.2em 0; overflow-x: auto; } figcaption { font-size: 0.85em; color: #555; }
.chart { min-height: 2em; } .chart-error { color: #b00; }
code { background: #f3f3f3; padding: 0 0.2em; } .source { font-size: 0.85em; color: #555; }
`;

const RENDER_SCRIPT = `
(function () {
  var charts = Array.prototype.slice.call(document.querySelectorAll('.chart[data-spec]'));
  var jobs = charts.map(function (el) {
    try {
      var spec = JSON.parse(document.getElementById(el.getAttribute('data-spec')).textContent);
      var compiled = vegaLite.compile(spec).spec;
      var view = new vega.View(vega.parse(compiled), { renderer: 'svg', container: el, hover: true });
      return view.runAsync();
    } catch (err) {
      return Promise.reject(err);
    }
  });
  var failed = false;
  var guarded = jobs.map(function (job, i) {
    return job.catch(function (err) {
      failed = true;
      charts[i].classList.add('chart-error');
      charts[i].textContent = 'This chart could not be drawn: ' + (err && err.message ? err.message : err);
      console.error('chart ' + charts[i].id + ' failed:', err);
    });
  });
  Promise.all(guarded).then(function () {
    document.body.setAttribute('data-charts', failed ? 'error' : 'done');
  });
})();
`;

function isNumeric(s: string): boolean {
  return s !== '' && /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s);
}

/** An HTML table; numeric cells are right-aligned. */
export function htmlTable(columns: string[], rows: string[][], className = ''): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows.map((r) =>
    `<tr>${r.map((cell) => `<td${isNumeric(cell) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`);
  const cls = className ? ` class="${className}"` : '';
  return `<table${cls}>\n<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

function labelled(label: string, text: string, className: string): string {
  return paragraphs(text)
    .map((p, i) => `<p class="${className}">${i === 0 ? `<strong>${label}.</strong> ` : ''}${inlineHtml(p)}</p>`)
    .join('\n');
}

function chartFigure(c: ChartOut): string {
  const id = escapeHtml(c.id);
  const links = ['png', 'svg', 'vl.json']
    .map((ext) => `<a href="charts/${id}.${ext}">${ext === 'vl.json' ? 'Vega-Lite spec' : ext.toUpperCase()}</a>`)
    .join(', ');
  return [
    '<figure>',
    `<div class="chart" id="chart-${id}" data-spec="spec-${id}" role="img" aria-label="${escapeHtml(c.title)}"></div>`,
    `<script type="application/json" id="spec-${id}">${jsonForScript(withReportConfig(c.spec))}</script>`,
    `<figcaption>${escapeHtml(c.title)} (${links})</figcaption>`,
    '</figure>',
  ].join('\n');
}

function tableBlock(e: ExperimentOut): string {
  const t = shownTable(e);
  const csv = `<a href="${escapeHtml(e.name)}.csv">${escapeHtml(e.name)}.csv</a>`;
  const source = t.truncated
    ? `First ${t.rows.length} of ${t.total} rows; all rows are in ${csv}.`
    : `Data: ${csv} (${e.rows.length} rows).`;
  const table = t.rows.length > 0 ? `${htmlTable(t.columns, t.rows, 'result')}\n` : '<p>No result rows.</p>\n';
  return `${table}<p class="source">${source}</p>`;
}

function experimentSection(e: ExperimentOut): string {
  const parts = [
    `<section id="${escapeHtml(e.name)}">`,
    `<h2>${escapeHtml(e.name)}</h2>`,
    labelled('Question', e.question, 'question'),
    labelled('Setup', e.setup, 'setup'),
    tableBlock(e),
    ...e.charts.map(chartFigure),
    labelled('Reading', e.reading, 'reading'),
  ];
  if (e.timeline) {
    parts.push(`<p class="timeline"><strong>Timeline.</strong> <a href="timelines/${escapeHtml(e.timeline.file)}">${escapeHtml(e.timeline.caption)}</a> — one run.</p>`);
  }
  if (e.notes && e.notes.length > 0) {
    parts.push(`<p>Notes:</p>\n<ul class="notes">\n${e.notes.map((n) => `<li>${inlineHtml(n)}</li>`).join('\n')}\n</ul>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

function contents(run: RunReport): string {
  const items = run.experiments.map((e) =>
    `<li><a href="#${escapeHtml(e.name)}">${escapeHtml(e.name)}</a>: ${inlineHtml(e.question)}</li>`);
  return `<nav><h2>Contents</h2>\n<ul>\n${items.join('\n')}\n</ul></nav>`;
}

/** The whole index.html text. */
export function renderHtml(run: RunReport): string {
  const meta = htmlTable(['setting', 'value'], Object.entries(run.meta).map(([k, v]) => [k, String(v)]), 'meta');
  const body = [
    `<h1>${escapeHtml(run.title)}</h1>`,
    meta,
    run.experiments.length > 0 ? contents(run) : '',
    ...run.experiments.map(experimentSection),
  ].filter((s) => s !== '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(run.title)}</title>`,
    `<style>${STYLE}</style>`,
    libraryScripts(),
    '</head>',
    '<body>',
    ...body,
    `<script>${RENDER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
