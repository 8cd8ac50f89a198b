/**
 * timeline_html.ts — a self-contained timeline page: `run --html` (one row), `compare --html`
 * (one row per library, with compare's table), and the experiment report's per-experiment
 * timelines. vega.min.js, the packed data (timeline_pack.ts) and the page script
 * (timeline_script.ts) are inlined: the page makes no network request and works offline.
 * The same rows give the same bytes (no dates, no host times).
 */

import { escapeHtml } from './format.js';
import { htmlTable, jsonForScript, readBuild, scriptSafe } from './html.js';
import { ARROW_KINDS, MARK_KINDS, STATE_KINDS, type TimelineModel } from './timeline_model.js';
import { OTHER_LABEL, PROGRAM_LABEL, packRow } from './timeline_pack.js';
import { TIMELINE_SCRIPT } from './timeline_script.js';
import { TIMELINE_DATA_SCRIPT } from './timeline_window.js';
import { MARK_STYLE, STATE_COLOUR } from './timeline_spec.js';
import { fmtTime } from './timeline_text.js';

export interface TimelineRow {
  heading: string;
  /** One line under the heading (exit status, virtual time ...). */
  detail: string;
  model: TimelineModel;
  /** Open zoomed on this time range (ns); reset shows the whole run. */
  initial?: [number, number];
}

export interface TimelinePage {
  title: string;
  meta: [string, string][];
  /** compare's side-by-side table and its differences. */
  summary?: { columns: string[]; rows: string[][] };
  differences?: string[];
  rows: TimelineRow[];
  /** Start with one lane per task and user thread. */
  tasks?: boolean;
}

/** More drawn items than this per row, and the row is drawn on a canvas instead of SVG. */
export const SVG_ITEM_LIMIT = 20_000;

let vegaCache: string | undefined;

const STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 1.2em 1.5em; color: #222; line-height: 1.4; }
h1 { font-size: 1.35em; margin: 0 0 0.4em; } h2 { font-size: 1.1em; margin: 1.2em 0 0.2em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.55em; text-align: left; } th { background: #f3f3f3; }
.controls { display: flex; flex-wrap: wrap; gap: 1.2em; align-items: center; margin: 0.8em 0 0.4em; font-size: 0.9em; }
.help { color: #666; } .status { color: #666; font-size: 0.8em; margin: 0.1em 0; min-height: 1.2em; } .detail { margin: 0; color: #444; font-size: 0.9em; } .note { color: #8a4b00; font-size: 0.9em; margin: 0.2em 0; }
.legend { display: flex; flex-wrap: wrap; gap: 0.4em 1.1em; font-size: 0.8em; color: #333; margin: 0.3em 0 0.6em; }
.legend span { display: inline-flex; align-items: center; gap: 0.3em; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(16em, 24em); gap: 0.8em; align-items: start; }
.chart { min-width: 0; cursor: grab; user-select: none; } .chart.dragging { cursor: grabbing; }
.out { font-family: "DejaVu Sans Mono", monospace; font-size: 0.75em; border: 1px solid #ddd; max-height: 32em; overflow: auto; background: #fcfcfc; }
.out .head { position: sticky; top: 0; background: #f0f0f0; padding: 0.2em 0.5em; font-family: "DejaVu Sans", sans-serif; font-weight: bold; }
.out .line { padding: 0.1em 0.5em; white-space: pre-wrap; border-bottom: 1px solid #f0f0f0; cursor: pointer; }
.out .line:hover { background: #fff6d8; } .out .line.dim { color: #aaa; }
.out .t { color: #555; margin-right: 0.5em; } .out .who { border-left: 4px solid #999; padding-left: 0.3em; margin-right: 0.5em; color: #333; }
#tip { position: fixed; display: none; pointer-events: none; background: rgba(255,255,255,0.97); border: 1px solid #999;
  padding: 0.35em 0.55em; font-size: 0.8em; white-space: pre-line; max-width: 34em; box-shadow: 0 2px 6px rgba(0,0,0,0.2); z-index: 10; }
`;

function vegaScript(): string {
  vegaCache ??= `<script>${scriptSafe(readBuild('vega', 'vega.min.js'))}</script>`;
  return vegaCache;
}

function symbol(shape: string, colour: string): string {
  const paths: Record<string, string> = {
    square: 'M2,2H10V10H2Z', circle: 'M6,1.5A4.5,4.5 0 1 1 5.99,1.5Z', diamond: 'M6,0.5L11.5,6L6,11.5L0.5,6Z',
    'triangle-down': 'M1,2H11L6,11Z', 'triangle-up': 'M1,10H11L6,1Z', 'triangle-right': 'M2,1V11L11,6Z', 'triangle-left': 'M10,1V11L1,6Z',
    cross: 'M4.5,1H7.5V4.5H11V7.5H7.5V11H4.5V7.5H1V4.5H4.5Z',
  };
  return `<svg width="12" height="12" aria-hidden="true"><path d="${paths[shape]}" fill="${colour}"/></svg>`;
}

function bar(colour: string, name: string): string {
  return `<span><svg width="18" height="12" aria-hidden="true"><rect x="0" y="4" width="18" height="4" fill="${colour}"/></svg>${escapeHtml(name)}</span>`;
}

/** The key to markers, bars and arrows (the thread colours have Vega's legend under each row). */
function legend(): string {
  const items = [
    `<span><svg width="12" height="12" aria-hidden="true"><path d="M6,1V11" stroke="#222" stroke-width="1.2"/></svg>system call</span>`,
    ...(Object.keys(MARK_STYLE) as (keyof typeof MARK_STYLE)[]).map((k) => `<span>${symbol(MARK_STYLE[k].shape, MARK_STYLE[k].colour)}${escapeHtml(MARK_STYLE[k].name)}</span>`),
    bar(STATE_COLOUR.blocked, 'blocked in the kernel'),
    bar(STATE_COLOUR.runnable, 'ready, waiting for a CPU (or for its native)'),
    bar(STATE_COLOUR.waiting, 'waiting at user level'),
    bar(STATE_COLOUR.idle, 'CPU idle'),
    '<span><svg width="22" height="12" aria-hidden="true"><path d="M1,6H17" stroke="#555" stroke-width="1.6"/><path d="M15,2L21,6L15,10Z" fill="#555"/></svg>wake-up, coloured as the waker</span>',
    '<span><svg width="22" height="12" aria-hidden="true"><path d="M1,6H17" stroke="#555" stroke-width="1.6" stroke-dasharray="4 2"/><path d="M15,2L21,6L15,10Z" fill="#555"/></svg>signal, sender to receiver</span>',
  ];
  return `<div class="legend">${items.join('')}</div>`;
}

function controls(p: TimelinePage, aggregated: boolean): string {
  const parts = [
    `<label><input type="checkbox" id="show-tasks"${p.tasks && !aggregated ? ' checked' : ''}${aggregated ? ' disabled' : ''}> one lane per task and user thread</label>`,
  ];
  if (p.rows.length > 1) parts.push('<label><input type="checkbox" id="shared-scale" checked> one time scale for every row</label>');
  parts.push('<button type="button" id="reset-zoom">reset zoom</button>');
  parts.push('<span class="help">wheel: zoom · drag or shift+wheel: pan · double-click: reset · hover: details · click an output line: go to it</span>');
  return `<div class="controls">${parts.join('\n')}</div>`;
}

function aggregatedNote(m: TimelineModel): string {
  if (!m.aggregated) return '';
  const n = (x: number): string => x.toLocaleString('en-US');
  return `<p class="note">This run has more than the ${n(m.aggregated.limit)} events a page draws one by one (${n(m.aggregated.switches)} context switches alone): `
    + `each CPU lane shows how busy the CPU was in ${escapeHtml(fmtTime(m.aggregated.bucketNs))} buckets (darker is busier; hover for the program's share), `
    + 'with the clone, exit, signal and output markers. Run a shorter program (or fewer iterations) to see every switch.</p>';
}

function rowHtml(r: TimelineRow, i: number): string {
  const notes = r.model.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return [
    `<section class="row" id="row-${i}">`,
    `<h2>${escapeHtml(r.heading)}</h2>`,
    `<p class="detail">${escapeHtml(r.detail)}</p>`,
    aggregatedNote(r.model) + notes,
    r.initial ? `<p class="note">Opened zoomed on ${escapeHtml(fmtTime(r.initial[0]))} – ${escapeHtml(fmtTime(r.initial[1]))}, the start of the program; double-click or reset zoom for the whole run.</p>` : '',
    `<p class="status" id="st-${i}"></p>`,
    `<div class="grid"><div class="chart" id="tl-${i}" role="img" aria-label="${escapeHtml(`timeline: ${r.heading}`)}"></div>`,
    `<div class="out" id="out-${i}"><div class="head">output (${r.model.output.length} writes)</div></div></div>`,
    '</section>',
  ].join('\n');
}

/** The whole page. */
export function timelineHtml(p: TimelinePage): string {
  const aggregated = p.rows.some((r) => r.model.aggregated !== null);
  const data = {
    tasks: (p.tasks ?? false) && !aggregated, svgLimit: SVG_ITEM_LIMIT, markKinds: MARK_KINDS, stateKinds: STATE_KINDS,
    arrowKinds: ARROW_KINDS, programLabel: PROGRAM_LABEL, otherLabel: OTHER_LABEL, rows: p.rows.map((r) => ({ ...packRow(r.model, 900), initial: r.initial ?? null })),
  };
  const body = [
    `<h1>${escapeHtml(p.title)}</h1>`,
    htmlTable(['setting', 'value'], p.meta.map(([k, v]) => [k, v]), 'meta'),
    p.summary ? htmlTable(p.summary.columns, p.summary.rows, 'summary') : '',
    p.differences && p.differences.length > 0 ? `<ul class="differences">${p.differences.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>` : '',
    controls(p, aggregated),
    legend(),
    ...p.rows.map(rowHtml),
    '<div id="tip" role="tooltip"></div>',
  ].filter((s) => s !== '');
  return [
    '<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(p.title)}</title>`, `<style>${STYLE}</style>`, '</head>', '<body>',
    ...body,
    `<script type="application/json" id="timeline-data">${jsonForScript(data)}</script>`,
    vegaScript(),
    `<script>${scriptSafe(TIMELINE_DATA_SCRIPT)}</script>`,
    `<script>${scriptSafe(TIMELINE_SCRIPT)}</script>`,
    '</body>', '</html>', '',
  ].join('\n');
}
