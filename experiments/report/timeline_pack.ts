/**
 * timeline_pack.ts — a TimelineModel packed for the page: records become short arrays (the
 * page's script knows the positions), repeated strings go to tables, times are rounded to
 * 0.1 ns, and the row carries its compiled Vega spec. Packing keeps a 200,000-event run to a
 * few megabytes; it is deterministic, so the same run gives the same bytes.
 */

import { MARK_KINDS, STATE_KINDS, type ColourKey, type TimelineModel } from './timeline_model.js';
import { timelineVegaSpec, type ColourScale } from './timeline_spec.js';
import { OTHER_COLOUR, SCHED_COLOUR } from './timeline_text.js';

export const OTHER_LABEL = 'kernel threads, init, shell';
export const SCHED_LABEL = 'library scheduler (no user thread)';
const LEGEND_MAX = 40;
/** Output lines shown beside a row; more are counted in a note. */
export const OUTPUT_MAX = 5000;

const r1 = (t: number): number => Math.round(t * 10) / 10;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The colour-scale entry of a key: program threads by name, the rest grouped. */
function colourEntry(k: ColourKey): string {
  return k.kind === 'other' ? OTHER_LABEL : k.kind === 'sched' ? SCHED_LABEL : k.label;
}

export function colourScale(keys: ColourKey[]): ColourScale {
  const program = keys.filter((k) => k.kind === 'task' || k.kind === 'uthread');
  const domain = program.map((k) => k.label);
  const range = program.map((k) => k.colour);
  if (keys.some((k) => k.kind === 'sched')) { domain.push(SCHED_LABEL); range.push(SCHED_COLOUR); }
  domain.push(OTHER_LABEL);
  range.push(OTHER_COLOUR);
  const legend = [...domain.slice(0, Math.min(LEGEND_MAX, program.length)), ...domain.slice(program.length)];
  return { domain, range, legend };
}

class Strings {
  readonly list: string[] = [];
  private index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) { i = this.list.length; this.list.push(s); this.index.set(s, i); }
    return i;
  }
}

export interface PackedRow {
  end: number;
  cpus: number;
  events: number;
  aggregated: TimelineModel['aggregated'];
  lanes: [string, number][];
  keys: [string, string, string][];
  how: string[];
  texts: string[];
  runs: number[][];
  states: number[][];
  marks: (number | string)[][];
  arrows: number[][];
  output: (number | string)[][];
  outputCut: number;
  buckets: number[][];
  notes: string[];
  spec: object;
}

export function packRow(m: TimelineModel, width: number): PackedRow {
  const how = new Strings();
  const texts = new Strings();
  const kinds = MARK_KINDS as readonly string[];
  const output = m.output.slice(0, OUTPUT_MAX);
  return {
    end: r1(m.endNs), cpus: m.cpus, events: m.events, aggregated: m.aggregated,
    lanes: m.lanes.map((l) => [l.label, l.group]),
    keys: m.keys.map((k) => [k.label, colourEntry(k), k.colour]),
    runs: m.slices.map((s) => [s.cpu, s.task, s.uthread, s.key, r1(s.start), r1(s.end), how.id(s.how)]),
    states: m.states.map((s) => [s.lane, r1(s.start), r1(s.end), STATE_KINDS.indexOf(s.kind), texts.id(s.text)]),
    marks: m.markers.map((k) => [r1(k.t), kinds.indexOf(k.kind), k.cpu, k.task, k.uthread, k.key, k.text]),
    arrows: m.arrows.map((a) => [a.kind === 'wake' ? 0 : 1, r1(a.t0), r1(a.t1), a.fromCpu, a.fromTask, a.toCpu, a.toTask, a.key]),
    output: output.map((o) => [r1(o.t), o.key, o.text]),
    outputCut: m.output.length - output.length,
    buckets: m.buckets.map((b) => [b.cpu, r1(b.start), r1(b.end), r3(b.busy), r3(b.prog)]),
    how: how.list, texts: texts.list, notes: m.notes,
    spec: timelineVegaSpec({ endNs: m.endNs, colours: colourScale(m.keys), width }),
  };
}
