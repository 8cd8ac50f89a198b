/**
 * timelines.ts — one representative run of each experiment, as a timeline page linked from
 * the report: which job shows the experiment's point best (PICKS: a library, and the smallest
 * of its jobs, so the page stays readable), run again in this thread with a timeline collector
 * on the first program the job runs (common.ts watchFirstRun), and the page
 * (report/timeline_html.ts). The rerun is deterministic, as the job is.
 */

import { describeJob } from '../sweep.js';
import { watchFirstRun } from './common.js';
import { newCollector, timelineRow, withTimeline } from '../timeline.js';
import { timelineHtml } from '../report/timeline_html.js';
import { LANE_TASK, LANE_UTHREAD, type TimelineModel } from '../report/timeline_model.js';
import type { RunResult } from '../runner.js';
import type { Experiment, Job } from './types.js';

interface Pick {
  lib: string;
  match?: (j: Job) => boolean;
  why: string;
}

/** Per experiment, the library (and variant) whose run shows the point; else the first job. */
const PICKS: Record<string, Pick> = {
  create: { lib: 'linuxthreads', why: 'each pthread_create goes through the manager thread: a request down its pipe, then the creator waits for the restart signal' },
  contention: { lib: 'nptl', why: 'threads contending for a lock: futex waits and wake-ups between the tasks' },
  signals: { lib: 'linuxthreads', why: 'a signal probe on LinuxThreads, where each thread is its own process to the kernel' },
  blocking: { lib: 'green', match: (j) => j.libOptions.wrap === false, why: 'green threads with the read unwrapped: the one native blocks in read() and every sibling stops' },
  pingpong: { lib: 'ngpt', why: 'NGPT: the ping-pong is user-level switches on the natives, hardly any system call' },
  exit: { lib: 'linuxthreads', why: 'how the thread group goes away on LinuxThreads: the manager sees each exit' },
  scaling: { lib: 'nptl', match: (j) => j.cpus >= 2 && Number(j.params.threads) >= j.cpus, why: 'CPU-bound threads spread over the CPUs' },
  fidelity: { lib: 'nptl', why: 'one of the NPTL-era runs the fidelity check repeats' },
};

/** Rough size of a job: the sum of its numeric parameters (smaller is quicker to read). */
function size(j: Job): number {
  return Object.values(j.params).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0) + j.cpus;
}

export function pickJob(name: string, jobs: Job[]): { job: Job; why: string } | null {
  const p = PICKS[name];
  const fits = p ? jobs.filter((j) => j.lib === p.lib && (p.match ? p.match(j) : true)) : [];
  if (fits.length === 0) return jobs.length > 0 ? { job: jobs[0], why: 'the experiment\'s first run' } : null;
  const job = fits.reduce((best, j) => (size(j) < size(best) ? j : best));
  return { job, why: p.why };
}

/** Past this many of the program's run slices, the page opens on the first START_SLICES. */
const BUSY_SLICES = 400;
const START_SLICES = 40;

/** A window on the start of a busy run, so the page opens on something readable. */
export function startWindow(m: TimelineModel): [number, number] | undefined {
  const mine = m.slices.filter((s) => m.keys[s.key].kind !== 'other').sort((a, b) => a.start - b.start);
  if (mine.length <= BUSY_SLICES) return undefined;
  const a = mine[0].start;
  const b = mine[START_SLICES - 1].end;
  const pad = (b - a) * 0.03;
  return [Math.max(0, a - pad), b + pad];
}

export interface ExperimentTimeline {
  /** File name under the report's timelines/ directory. */
  file: string;
  /** Which run, and why it was chosen. */
  caption: string;
  html: string;
}

/** The timeline of one representative job of `e` (null when it has no job or runs no program). */
export function experimentTimeline(e: Experiment, jobs: Job[]): ExperimentTimeline | null {
  const pick = pickJob(e.name, jobs);
  if (!pick) return null;
  const c = newCollector();
  let result: RunResult | null = null;
  watchFirstRun({ options: (extra) => withTimeline(extra, c), done: (r) => { result = r; } }, () => e.run(pick.job));
  if (result === null) return null;
  const what = describeJob(pick.job);
  const row = timelineRow(result, c, what);
  const initial = startWindow(row.model);
  if (initial) row.initial = initial;
  const taskLanes = row.model.lanes.filter((l) => l.group === LANE_TASK || l.group === LANE_UTHREAD).length;
  const j = pick.job;
  const html = timelineHtml({
    title: `threadlab experiment ${e.name}: one run`,
    meta: [
      ['experiment', e.name], ['run', what], ['why this run', pick.why], ['library', j.lib],
      ['cost model', j.costs], ['seed', String(j.seed)], ['CPUs', String(j.cpus)],
    ],
    rows: [row],
    tasks: taskLanes <= 40,
  });
  return { file: `${e.name}.html`, caption: `${what}: ${pick.why}`, html };
}
