/**
 * timeline-helpers.ts — run an example (or any program) with a timeline collector attached,
 * for the timeline suites: the run's result and its timeline model, or the page's HTML.
 */

import { resolve } from 'node:path';
import { runProgram, type RunOptions, type RunResult } from '../experiments/runner.js';
import { loadProgram } from '../experiments/load.js';
import { newCollector, timelineMeta, timelineRow, withTimeline } from '../experiments/timeline.js';
import { timelineHtml } from '../experiments/report/timeline_html.js';
import type { CollectOptions } from '../experiments/report/timeline_collect.js';
import type { TimelineModel } from '../experiments/report/timeline_model.js';
import type { Program } from '../libs/api.js';
import '../libs/all.js';

export const example = (name: string): string => resolve(import.meta.dirname, '../examples', name);

export interface Traced { r: RunResult; model: TimelineModel; html: () => string }

export function traceProgram(program: Program, lib: string, o: Partial<RunOptions> = {}, collect?: CollectOptions): Traced {
  const c = newCollector(collect);
  const r = runProgram({ program, lib, name: 'tl', ...withTimeline(o, c) });
  const row = timelineRow(r, c, lib);
  return { r, model: row.model, html: () => timelineHtml({ title: `t ${lib}`, meta: timelineMeta('p', r, lib), rows: [row] }) };
}

let instance = 0;

/** Run an example on a fresh copy of its module (examples keep state in module variables). */
export async function traceExample(name: string, lib: string, o: Partial<RunOptions> = {}, collect?: CollectOptions): Promise<Traced> {
  const { program } = await loadProgram(example(name), ++instance);
  return traceProgram(program, lib, o, collect);
}

/** The lane index of a label. */
export function laneOf(m: TimelineModel, label: string): number {
  const i = m.lanes.findIndex((l) => l.label === label);
  if (i < 0) throw new Error(`no lane '${label}' (lanes: ${m.lanes.map((l) => l.label).join(', ')})`);
  return i;
}
