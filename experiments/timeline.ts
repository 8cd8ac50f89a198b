/**
 * timeline.ts — a run's timeline, for `run --html`, `compare --html` and the experiment report:
 * attach a collector to a run (runner options), turn the finished run into a page row, and
 * write the page. The page itself is built in report/timeline_*.ts.
 */

import type { RunOptions, RunResult } from './runner.js';
import { TimelineCollector, type CollectOptions } from './report/timeline_collect.js';
import { buildTimeline } from './report/timeline_data.js';
import type { TimelineRow } from './report/timeline_html.js';
import { formatNs } from './commands/format.js';

/** Runner options with a collector attached (after any setup the options already had). */
export function withTimeline(base: Partial<RunOptions>, c: TimelineCollector): Partial<RunOptions> {
  return {
    ...base,
    setup: (k) => { base.setup?.(k); c.attach(k); },
    spawned: (pid) => { base.spawned?.(pid); c.spawned(pid); },
  };
}

export function newCollector(o?: CollectOptions): TimelineCollector {
  return new TimelineCollector(o);
}

/** One line about a run: how it ended and what it cost. */
export function runDetail(r: RunResult): string {
  return `${r.statusText} · virtual time ${formatNs(r.virtualNs)} · ${r.syscallTotal} system calls · `
    + `${r.voluntarySwitches}/${r.involuntarySwitches} switches (vol/invol) · ${r.tasksCreated} tasks created`;
}

/** The finished run as a page row; the timeline runs from boot to the kernel's last event. */
export function timelineRow(r: RunResult, c: TimelineCollector, heading: string): TimelineRow {
  return { heading, detail: runDetail(r), model: buildTimeline(c.finish(r.kernel.now)) };
}

/** The settings table of a page about runs of `file`. */
export function timelineMeta(file: string, r: RunResult, libs: string): [string, string][] {
  return [
    ['program', file], ['library', libs], ['cost model', r.costs], ['seed', String(r.seed)],
    ['CPUs', String(r.cpus)],
  ];
}
