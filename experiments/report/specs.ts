// Vega-Lite spec builders for the chart shapes the experiments draw.
//
// lineChart: x and y quantitative, one coloured line per library, optionally faceted into
// columns/rows. barChart: grouped bars (one bar per library inside each x category).
// matrixChart: a rule x library grid whose cells are coloured by status (pass / fail /
// deviation ...) and labelled with their text. Every builder returns a plain Vega-Lite spec
// object with the data inlined, ready for charts.ts and for the interactive HTML report.

import type { VlSpec } from './charts.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

type Row = Record<string, unknown>;
type ScaleType = 'linear' | 'log' | 'sqrt' | 'symlog';

/** Options shared by the line and bar builders. */
export interface XYChartOptions {
  title: string;
  data: Row[];
  /** x field. */
  x: string;
  /** y field (quantitative). */
  y: string;
  xTitle?: string;
  yTitle?: string;
  /** Field that picks the colour; default `library`. */
  color?: string;
  colorTitle?: string;
  /** Fixed colour order (e.g. the library list) so every chart colours libraries alike. */
  colorDomain?: string[];
  /** Facet into one small chart per value of this field, side by side. */
  column?: string;
  columnTitle?: string;
  /** Facet into one small chart per value of this field, stacked. */
  row?: string;
  rowTitle?: string;
  yScale?: ScaleType;
  /** Size of one (facet cell's) plot, in pixels. */
  width?: number;
  height?: number;
}

/** Options of lineChart. */
export interface LineChartOptions extends XYChartOptions {
  xScale?: ScaleType;
  /** Draw a point at each data point (default true). */
  points?: boolean;
}

/** Options of barChart; `x` is a category (nominal) field. */
export interface BarChartOptions extends XYChartOptions {
  /** Order of the x categories (default: order of appearance in the data). */
  xSort?: (string | number)[];
}

/** Options of matrixChart. */
export interface MatrixChartOptions {
  title: string;
  data: Row[];
  /** Row field; default `rule`. */
  row?: string;
  /** Column field; default `library`. */
  column?: string;
  /** Status field that picks the cell colour; default `status`. */
  value?: string;
  /** Field whose text is printed in the cell; default: the value field. */
  text?: string;
  rowTitle?: string;
  columnTitle?: string;
  valueTitle?: string;
  /** Colours by status; merged over the defaults (pass green, fail red, deviation amber). */
  colors?: Record<string, string>;
  /** Row / column order (default: order of appearance). */
  rowSort?: string[];
  columnSort?: string[];
  /** Extra fields shown in the hover tooltip (e.g. evidence). */
  tooltip?: string[];
  /** Width of one cell, in pixels (default 110). */
  cellWidth?: number;
}

/** Default cell colours of matrixChart; statuses not listed get grey. */
export const STATUS_COLORS: Readonly<Record<string, string>> = {
  pass: '#a1d99b',
  fail: '#fc9272',
  deviation: '#fdd49e',
};
const OTHER_STATUS_COLOR = '#d9d9d9';

function scale(type: ScaleType | undefined): VlSpec | undefined {
  return type && type !== 'linear' ? { type } : undefined;
}

function colorChannel(o: XYChartOptions): VlSpec {
  const field = o.color ?? 'library';
  return {
    field,
    type: 'nominal',
    title: o.colorTitle ?? field,
    ...(o.colorDomain ? { scale: { domain: o.colorDomain } } : {}),
    ...(o.colorDomain ? { sort: o.colorDomain } : {}),
  };
}

function facetChannels(o: XYChartOptions): VlSpec {
  const out: VlSpec = {};
  if (o.column) out.column = { field: o.column, type: 'ordinal', title: o.columnTitle ?? o.column };
  if (o.row) out.row = { field: o.row, type: 'ordinal', title: o.rowTitle ?? o.row };
  return out;
}

function withoutUndefined(obj: VlSpec): VlSpec {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

/** Line chart: quantitative x and y, one line per `color` value (default `library`). */
export function lineChart(o: LineChartOptions): VlSpec {
  return {
    $schema: SCHEMA,
    title: o.title,
    data: { values: o.data },
    width: o.width ?? 360,
    height: o.height ?? 240,
    mark: { type: 'line', point: o.points ?? true, tooltip: true },
    encoding: {
      x: withoutUndefined({ field: o.x, type: 'quantitative', title: o.xTitle ?? o.x, scale: scale(o.xScale) }),
      y: withoutUndefined({ field: o.y, type: 'quantitative', title: o.yTitle ?? o.y, scale: scale(o.yScale) }),
      color: colorChannel(o),
      ...facetChannels(o),
    },
  };
}

/** Grouped bar chart: one group per x category, one bar per `color` value in each group. */
export function barChart(o: BarChartOptions): VlSpec {
  const colorField = o.color ?? 'library';
  return {
    $schema: SCHEMA,
    title: o.title,
    data: { values: o.data },
    width: o.width ?? 360,
    height: o.height ?? 240,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: o.x, type: 'nominal', title: o.xTitle ?? o.x, sort: o.xSort ?? null, axis: { labelAngle: 0 } },
      xOffset: { field: colorField, type: 'nominal', ...(o.colorDomain ? { sort: o.colorDomain } : {}) },
      y: withoutUndefined({ field: o.y, type: 'quantitative', title: o.yTitle ?? o.y, scale: scale(o.yScale) }),
      color: colorChannel(o),
      ...facetChannels(o),
    },
  };
}

/** The colour domain and range for the statuses present, known ones first in default order. */
function statusScale(data: Row[], field: string, custom: Record<string, string> | undefined): { domain: string[]; range: string[] } {
  const colors: Record<string, string> = { ...STATUS_COLORS, ...custom };
  const present = new Set(data.map((r) => String(r[field])));
  const known = Object.keys(colors).filter((s) => present.has(s));
  const others = [...present].filter((s) => !Object.hasOwn(colors, s));
  const domain = [...known, ...others];
  return { domain, range: domain.map((s) => colors[s] ?? OTHER_STATUS_COLOR) };
}

/** Matrix (heatmap) chart: rows x columns of cells coloured by status, each labelled with its text. */
export function matrixChart(o: MatrixChartOptions): VlSpec {
  const row = o.row ?? 'rule';
  const column = o.column ?? 'library';
  const value = o.value ?? 'status';
  const text = o.text ?? value;
  const cellWidth = o.cellWidth ?? 110;
  const tooltip = [row, column, value, ...(o.tooltip ?? [])].map((field) => ({ field, type: 'nominal' }));
  return {
    $schema: SCHEMA,
    title: o.title,
    data: { values: o.data },
    width: { step: cellWidth },
    height: { step: 26 },
    encoding: {
      y: { field: row, type: 'nominal', title: o.rowTitle ?? row, sort: o.rowSort ?? null, axis: { labelLimit: 360 } },
      x: {
        field: column, type: 'nominal', title: o.columnTitle ?? column, sort: o.columnSort ?? null,
        axis: { orient: 'top', labelAngle: 0, labelLimit: cellWidth },
      },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: { field: value, type: 'nominal', title: o.valueTitle ?? value, scale: statusScale(o.data, value, o.colors) },
          tooltip,
        },
      },
      {
        mark: { type: 'text', fontSize: 11, limit: cellWidth - 8 },
        encoding: { text: { field: text, type: 'nominal' }, tooltip },
      },
    ],
  };
}
