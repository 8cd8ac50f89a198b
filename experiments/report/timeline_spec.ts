/**
 * timeline_spec.ts — the Vega-Lite spec of one timeline row, compiled to Vega here so the page
 * only needs vega.min.js. The spec holds no events: the page fills its named data sets
 * (lanes, runs, states, labels, ticks, marks, arrows, heads, cursor) for the view it shows, and drives three parameters — `xdom` (the visible time range: zoom and pan),
 * `laneLabels` (lane index → name) and `unit` (the axis's time unit). The page puts in the
 * data sets only what is in view (timeline_window.ts), so a view stays small however long the run.
 *
 * Layers, bottom to top: lane shading; run slices coloured by who ran (program threads in the
 * palette, a native's library scheduler pale, everything else grey; busy buckets where slices
 * are too dense to draw, their opacity the busy fraction); blocked, ready, waiting and idle bars
 * (thin); bar labels where they fit; wake-up and
 * signal arrows coloured as the waker or sender, with a head at the woken end; system-call
 * ticks; event markers (shape and colour by kind); the cursor line.
 */

import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './charts.js';
import type { MarkKind } from './timeline_model.js';

export interface ColourScale {
  domain: string[];
  range: string[];
  /** The entries the legend lists (the program's threads first). */
  legend: string[];
}

/** Shape and colour of each marker kind (the page's legend draws the same). */
export const MARK_STYLE: Record<Exclude<MarkKind, 'syscall'>, { shape: string; colour: string; name: string }> = {
  block: { shape: 'square', colour: '#b2182b', name: 'blocks (reason in the tooltip)' },
  wakeup: { shape: 'circle', colour: '#2166ac', name: 'woken' },
  signal_generate: { shape: 'triangle-down', colour: '#e08214', name: 'signal sent' },
  signal_deliver: { shape: 'triangle-up', colour: '#d6604d', name: 'signal delivered' },
  clone: { shape: 'diamond', colour: '#1b7837', name: 'clone, fork, thread created' },
  exec: { shape: 'triangle-left', colour: '#35978f', name: 'exec' },
  exit: { shape: 'cross', colour: '#222222', name: 'exit' },
  reap: { shape: 'cross', colour: '#888888', name: 'reaped (wait)' },
  printk: { shape: 'square', colour: '#762a83', name: 'printk' },
  output: { shape: 'triangle-right', colour: '#333333', name: 'output written' },
};

export const STATE_COLOUR = { blocked: '#d6604d', runnable: '#f4c542', waiting: '#e7b7d0', idle: '#d9d9d9' };

const TIP = { field: 'tip', type: 'nominal' } as const;
/** Opacity straight from the datum: 1 for a slice, the busy fraction for a bucket. */
const OP = { field: 'op', type: 'quantitative', scale: null, legend: null } as const;
const X = (field: string) => ({ field, type: 'quantitative', title: null, scale: { domainRaw: { expr: 'xdom' }, zero: false, nice: false } }) as const;
const Y = { field: 'lane', type: 'ordinal', title: null, scale: { paddingInner: 0.08, paddingOuter: 0.1 } } as const;

function markLayers(): object[] {
  const kinds = Object.keys(MARK_STYLE) as (keyof typeof MARK_STYLE)[];
  const scale = (p: 'shape' | 'colour') => ({ domain: kinds, range: kinds.map((k) => MARK_STYLE[k][p]) });
  return [
    { data: { name: 'ticks' }, mark: { type: 'tick', thickness: 1, bandSize: 9, clip: true, color: '#222', opacity: 0.55 },
      encoding: { x: X('t'), y: Y, tooltip: TIP } },
    { data: { name: 'marks' }, mark: { type: 'point', filled: true, size: 70, clip: true, stroke: 'white', strokeWidth: 0.6, opacity: 1 },
      encoding: {
        x: X('t'), y: Y, tooltip: TIP,
        shape: { field: 'kind', type: 'nominal', scale: scale('shape'), legend: null },
        fill: { field: 'kind', type: 'nominal', scale: { ...scale('colour') }, legend: null },
      } },
  ];
}

function arrowLayers(colour: object): object[] {
  return [
    { data: { name: 'arrows' }, mark: { type: 'rule', clip: true, strokeWidth: 1.6, opacity: 0.85 },
      encoding: {
        x: X('t0'), x2: { field: 't1' }, y: Y, y2: { field: 'lane1' }, color: colour, tooltip: TIP,
        strokeDash: { field: 'kind', type: 'nominal', scale: { domain: ['wake', 'signal'], range: [[1, 0], [5, 3]] }, legend: null },
      } },
    { data: { name: 'heads' }, mark: { type: 'point', filled: true, size: 55, clip: true, opacity: 0.95 },
      encoding: {
        x: X('t'), y: Y, color: colour, tooltip: TIP,
        shape: { field: 'dir', type: 'nominal', scale: { domain: ['down', 'up', 'right'], range: ['triangle-down', 'triangle-up', 'triangle-right'] }, legend: null },
      } },
  ];
}

function barLayers(colour: object): object[] {
  const fits = "scale('x', datum.end) - scale('x', datum.lx) > 6.5 * length(datum.text) + 12";
  return [
    { data: { name: 'lanes' }, mark: { type: 'rect', clip: true },
      encoding: {
        y: Y, x: { value: 0 }, x2: { value: 'width' },
        fill: { condition: { test: 'datum.shade', value: '#eef1f6' }, value: '#fbfbfc' },
      } },
    { data: { name: 'runs' }, mark: { type: 'bar', clip: true, height: { band: 0.72 } },
      encoding: { x: X('start'), x2: { field: 'end' }, y: Y, color: colour, tooltip: TIP, opacity: OP } },
    { data: { name: 'states' }, mark: { type: 'bar', clip: true, height: { band: 0.3 } },
      encoding: {
        x: X('start'), x2: { field: 'end' }, y: Y, tooltip: TIP, opacity: OP,
        fill: { field: 'kind', type: 'nominal', scale: { domain: Object.keys(STATE_COLOUR), range: Object.values(STATE_COLOUR) }, legend: null },
      } },
    { data: { name: 'labels' }, transform: [{ calculate: 'max(datum.start, xdom[0])', as: 'lx' }], mark: { type: 'text', clip: true, align: 'left', baseline: 'middle', dx: 7, fontSize: 10, color: '#111' },
      encoding: {
        x: X('lx'), y: Y, text: { field: 'text', type: 'nominal' },
        opacity: { condition: { test: fits, value: 1 }, value: 0 },
      } },
  ];
}

/** The Vega-Lite spec of one row. */
export function timelineVlSpec(o: { endNs: number; colours: ColourScale; width: number }): TopLevelSpec {
  const colour = {
    field: 'ck', type: 'nominal',
    scale: { domain: o.colours.domain, range: o.colours.range },
    legend: o.colours.legend.length === 0 ? null : {
      title: 'running', values: o.colours.legend, orient: 'bottom', direction: 'horizontal', columns: 4,
      symbolType: 'square', labelLimit: 220, symbolSize: 120,
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: o.width,
    height: { step: 22 },
    autosize: { type: 'fit-x', contains: 'padding' },
    background: 'white',
    params: [
      { name: 'xdom', value: [0, Math.max(1, o.endNs)] },
      { name: 'laneLabels', value: [] },
      { name: 'unit', value: 'ms' },
    ],
    layer: [
      ...barLayers(colour),
      ...arrowLayers(colour),
      ...markLayers(),
      { data: { name: 'cursor' }, mark: { type: 'rule', color: '#444', strokeDash: [3, 3], clip: true }, encoding: { x: X('t') } },
    ],
    encoding: {},
    resolve: { scale: { fill: 'independent', shape: 'independent' } },
    config: {
      font: CHART_FONT,
      view: { stroke: '#ccc' },
      axisY: { labelExpr: 'laneLabels[datum.value]', labelLimit: 170, labelFontSize: 11, ticks: false, domain: false, grid: false, minExtent: 175, maxExtent: 175 },
      axisX: {
        labelExpr: "unit === 'ns' ? format(datum.value, ',.0f') + ' ns' : unit === 'µs' ? format(datum.value / 1e3, ',.6~f') + ' µs' : unit === 'ms' ? format(datum.value / 1e6, ',.6~f') + ' ms' : format(datum.value / 1e9, ',.6~f') + ' s'",
        grid: true, gridColor: '#e4e4e4', orient: 'top', labelFontSize: 11, labelFlush: true, labelOverlap: 'parity', labelSeparation: 8, tickCount: { expr: 'ceil(width / 90)' },
      },
    },
  } as unknown as TopLevelSpec;
}

/** Vega-Lite's note about the fixed-step height, which is what the timeline wants. */
const EXPECTED_WARNING = /Dropping "fit-y"/;

/** The compiled Vega spec of one row (deterministic for the same input); warnings are thrown. */
export function timelineVegaSpec(o: { endNs: number; colours: ColourScale; width: number }): object {
  const warnings: string[] = [];
  const note = (...m: unknown[]) => { const s = m.map(String).join(' '); if (!EXPECTED_WARNING.test(s)) warnings.push(s); };
  let level = 0;
  const logger = { level(l?: number) { if (l === undefined) return level; level = l; return logger; }, error: note, warn: note, info() { return logger; }, debug() { return logger; } };
  const spec = compile(timelineVlSpec(o), { logger: logger as never }).spec;
  if (warnings.length > 0) throw new Error(`timeline spec: ${warnings.join('; ')}`);
  return spec;
}
