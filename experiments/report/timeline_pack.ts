/**
 * timeline_pack.ts — a TimelineModel packed for the page: records become short arrays (the
 * page's script knows the positions), repeated strings go to tables, times are rounded to
 * 0.1 ns, and the row carries its compiled Vega spec. Packing keeps a 200,000-event run to a
 * few megabytes; it is deterministic, so the same run gives the same bytes.
 */

import { ARROW_KINDS, MARK_KINDS, STATE_KINDS, type ColourKey, type TimelineModel } from './timeline_model.js';
import { timelineVegaSpec, type ColourScale } from './timeline_spec.js';
import { OTHER_COLOUR, SCHED_COLOUR } from './timeline_text.js';

export const OTHER_LABEL = 'kernel threads, init, shell';
export const SCHED_LABEL = 'library scheduler (no user thread)';
/** A long run's busy buckets where the program ran most. */
export const PROGRAM_LABEL = 'the program (busy fraction)';
const PROGRAM_COLOUR = '#5b6b8f';
const LEGEND_MAX = 16;
const r1 = (t: number): number => Math.round(t * 10) / 10;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Output writes shown beside a row, and their text in all (more is cut, and counted). */
export const OUTPUT_MAX = 5000;
export const OUTPUT_TEXT_MAX = 1_000_000;
const WRITE_TEXT_MAX = 2000;

/** The output panel's writes: the first OUTPUT_MAX, each cut at WRITE_TEXT_MAX characters. */
function outputShown(m: TimelineModel): { lines: (number | string)[][]; cut: number } {
  const lines: (number | string)[][] = [];
  let chars = 0;
  for (const o of m.output) {
    if (lines.length >= OUTPUT_MAX || chars >= OUTPUT_TEXT_MAX) break;
    const text = o.text.length > WRITE_TEXT_MAX ? `${o.text.slice(0, WRITE_TEXT_MAX)}… (${o.text.length} characters)` : o.text;
    chars += text.length;
    lines.push([r1(o.t), o.key, text]);
  }
  return { lines, cut: m.output.length - lines.length };
}


/** The colour-scale entry of a key: program threads by name, the rest grouped. */
function colourEntry(k: ColourKey): string {
  return k.kind === 'other' ? OTHER_LABEL : k.kind === 'sched' ? SCHED_LABEL : k.label;
}

export function colourScale(keys: ColourKey[], aggregated: boolean): ColourScale {
  const program = keys.filter((k) => k.kind === 'task' || k.kind === 'uthread');
  const domain = program.map((k) => k.label);
  const range = program.map((k) => k.colour);
  if (aggregated) { domain.unshift(PROGRAM_LABEL); range.unshift(PROGRAM_COLOUR); }
  if (keys.some((k) => k.kind === 'sched')) { domain.push(SCHED_LABEL); range.push(SCHED_COLOUR); }
  domain.push(OTHER_LABEL);
  range.push(OTHER_COLOUR);
  const named = program.length + (aggregated ? 1 : 0);
  const legend = [...domain.slice(0, Math.min(LEGEND_MAX, named)), ...domain.slice(named)];
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
  const output = outputShown(m);
  return {
    end: r1(m.endNs), cpus: m.cpus, events: m.events, aggregated: m.aggregated,
    lanes: m.lanes.map((l) => [l.label, l.group]),
    keys: m.keys.map((k) => [k.label, colourEntry(k), k.colour]),
    runs: m.slices.map((s) => [s.cpu, s.task, s.uthread, s.key, r1(s.start), r1(s.end), how.id(s.how)]),
    states: m.states.map((s) => [s.lane, r1(s.start), r1(s.end), STATE_KINDS.indexOf(s.kind), texts.id(s.text)]),
    marks: m.markers.map((k) => [r1(k.t), kinds.indexOf(k.kind), k.cpu, k.task, k.uthread, k.key, k.text]),
    arrows: m.arrows.map((a) => [ARROW_KINDS.indexOf(a.kind), r1(a.t0), r1(a.t1), a.fromCpu, a.fromTask, a.toCpu, a.toTask, a.key]),
    output: output.lines,
    outputCut: output.cut,
    buckets: m.buckets.map((b) => [b.cpu, r1(b.start), r1(b.end), r3(b.busy), r3(b.prog)]),
    how: how.list, texts: texts.list, notes: m.notes,
    spec: timelineVegaSpec({ endNs: m.endNs, colours: colourScale(m.keys, m.aggregated !== null), width }),
  };
}
