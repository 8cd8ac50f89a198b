/**
 * explore_chart.ts — the chart of an exploration in the report style (experiments/report/):
 * how often each outcome came up, per library, as horizontal bars (one group per outcome, one
 * bar per library), rendered to Vega-Lite spec + SVG + PNG by report/charts.ts.
 *
 * The same outcome (same status, output and deadlock) under two libraries is one group, so a
 * race that NPTL shows and a green-thread library hides reads at a glance. The twelve most
 * frequent outcomes (summed over libraries) get a bar each; the rest share one group.
 */

import type { VlSpec } from './report/charts.js';
import type { Exploration } from './explore.js';
import { outcomeKey, outputCell, shortStatus } from './explore_run.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const GROUPS = 12;
const OTHER = 'other outcomes';

/** The rows of the chart: outcome label, library, share of that library's runs (%). */
export function chartRows(x: Exploration): { rows: Record<string, unknown>[]; order: string[] } {
  const weight = new Map<string, number>();
  const label = new Map<string, string>();
  const used = new Set<string>();
  for (const l of x.libs) {
    for (const o of l.outcomes) {
      const key = outcomeKey(o);
      weight.set(key, (weight.get(key) ?? 0) + o.runs / Math.max(1, l.runs));
      if (label.has(key)) continue;
      let text = `${shortStatus(o.statusText)} · ${outputCell(o.stdout, null)}`;
      for (let i = 2; used.has(text); i++) text = `${text.replace(/ \[\d+\]$/, '')} [${i}]`;
      used.add(text);
      label.set(key, text);
    }
  }
  const ranked = [...weight.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const top = new Set(ranked.slice(0, GROUPS));
  const order = ranked.slice(0, GROUPS).map((k) => label.get(k)!);
  const rows: Record<string, unknown>[] = [];
  for (const l of x.libs) {
    let other = 0;
    for (const o of l.outcomes) {
      const share = (100 * o.runs) / Math.max(1, l.runs);
      if (top.has(outcomeKey(o))) rows.push({ outcome: label.get(outcomeKey(o)), library: l.lib, share, runs: o.runs });
      else other += o.runs;
    }
    if (other > 0) rows.push({ outcome: OTHER, library: l.lib, share: (100 * other) / Math.max(1, l.runs), runs: other });
  }
  if (rows.some((r) => r.outcome === OTHER)) order.push(OTHER);
  return { rows, order };
}

/** The Vega-Lite spec. */
export function explorationChart(x: Exploration): VlSpec {
  const { rows, order } = chartRows(x);
  const libs = x.libs.map((l) => l.lib);
  const file = x.base.file.split('/').at(-1);
  return {
    $schema: SCHEMA,
    title: { text: `Outcomes of ${file} under perturbed schedules`, subtitle: `${x.runs} schedule seeds per library, depth ${x.base.depth}, ${x.base.cpus} CPU${x.base.cpus > 1 ? 's' : ''}` },
    data: { values: rows },
    width: 420,
    height: { step: 14 },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'outcome', type: 'nominal', title: null, sort: order, axis: { labelLimit: 360 } },
      yOffset: { field: 'library', type: 'nominal', sort: libs },
      x: { field: 'share', type: 'quantitative', title: 'share of runs (%)', scale: { domain: [0, 100] } },
      color: { field: 'library', type: 'nominal', title: 'library', scale: { domain: libs }, sort: libs },
    },
  };
}
