/**
 * chartfix.ts — small adjustments to the report's Vega-Lite specs (report/specs.ts) that the
 * experiments' data need: log axes with ticks at the swept values, line styles that keep
 * overlapping libraries apart in a static PNG, bars without per-library offsets, and points
 * instead of bars on a log axis (a bar from zero has no length on a log scale).
 * Each takes a spec and returns a new one; nothing here renders.
 */

import type { VlSpec } from '../report/charts.js';

type Channel = 'x' | 'y';

function encoding(spec: VlSpec): Record<string, VlSpec> {
  return (spec.encoding ?? {}) as Record<string, VlSpec>;
}

function withEncoding(spec: VlSpec, patch: Record<string, VlSpec | undefined>): VlSpec {
  const enc: Record<string, VlSpec | undefined> = { ...encoding(spec), ...patch };
  for (const k of Object.keys(enc)) if (enc[k] === undefined) delete enc[k];
  return { ...spec, encoding: enc };
}

/** A base-2 log axis spanning exactly the swept values, with a tick at each. */
export function log2Axis(spec: VlSpec, ch: Channel, values: number[]): VlSpec {
  const old = encoding(spec)[ch] ?? {};
  const lo = Math.min(...values), hi = Math.max(...values);
  return withEncoding(spec, {
    [ch]: { ...old, scale: { type: 'log', base: 2, domain: [lo, hi] }, axis: { values, format: 'd' } },
  });
}

/** A log axis for measured values (no fixed ticks), domain padded to whole powers of ten. */
export function log10Axis(spec: VlSpec, ch: Channel, values: number[]): VlSpec {
  const old = encoding(spec)[ch] ?? {};
  const pos = values.filter((v) => v > 0);
  if (pos.length === 0) return spec;
  const lo = 10 ** Math.floor(Math.log10(Math.min(...pos))), hi = 10 ** Math.ceil(Math.log10(Math.max(...pos)));
  return withEncoding(spec, { [ch]: { ...old, scale: { type: 'log', domain: [lo, hi] } } });
}

/** Dash pattern and point shape per library, so lines that coincide stay distinguishable. */
export function lineStyles(spec: VlSpec, libs: string[], field = 'library'): VlSpec {
  return withEncoding(spec, {
    strokeDash: { field, type: 'nominal', scale: { domain: libs }, sort: libs },
    shape: { field, type: 'nominal', scale: { domain: libs }, sort: libs },
  });
}

/** One bar per x category (no offset by colour), labels slanted to fit. */
export function plainBars(spec: VlSpec, labelAngle = -30): VlSpec {
  const x = encoding(spec).x ?? {};
  return withEncoding(spec, {
    xOffset: undefined,
    x: { ...x, axis: { ...((x.axis ?? {}) as VlSpec), labelAngle, labelLimit: 220 } },
  });
}

/** Filled points instead of bars (for log scales, where a bar from zero cannot be drawn). */
export function asPoints(spec: VlSpec, size = 110): VlSpec {
  return { ...spec, mark: { type: 'point', filled: true, size, tooltip: true } };
}
