/**
 * timeline_lanes.ts — the order of a timeline's lanes: the CPUs, the program's output, then
 * (for the task view) each task of the program by pid, each process's user threads (M:N, M:1)
 * right after its first task, by thread id. A very large program keeps its first
 * MAX_TASK_LANES task and thread lanes; the page says how many were left out (and shows only
 * the lanes with something in view).
 */

import { LANE_CPU, LANE_STDOUT, LANE_TASK, LANE_UTHREAD, type Lane } from './timeline_model.js';
import type { TimelineBuilder } from './timeline_data.js';

export const MAX_TASK_LANES = 2000;

export interface LaneLayout {
  lanes: Lane[];
  /** Lane index of a task (-1: not drawn), and of a user thread's colour key (-1: none). */
  taskLane: (pid: number) => number;
  uthreadLane: (key: number) => number;
  notes: string[];
}

export function layoutLanes(b: TimelineBuilder, withTasks: boolean): LaneLayout {
  const lanes: Lane[] = [];
  for (let c = 0; c < b.cpus; c++) lanes.push({ label: `CPU ${c}`, group: LANE_CPU });
  lanes.push({ label: 'stdout', group: LANE_STDOUT });
  const byTask = new Map<number, number>();
  const byKey = new Map<number, number>();
  const notes: string[] = [];
  if (withTasks) {
    const threadsOf = new Map<number, number[]>(); // tgid → colour keys of its user threads
    b.keys.forEach((k, i) => {
      if (k.kind !== 'uthread') return;
      const list = threadsOf.get(k.tgid) ?? [];
      list.push(i);
      threadsOf.set(k.tgid, list);
    });
    const order: ({ pid: number } | { key: number })[] = [];
    const placed = new Set<number>();
    for (const pid of [...b.programPids].sort((x, y) => x - y)) {
      order.push({ pid });
      const tg = b.tgidOf(pid);
      if (placed.has(tg)) continue;
      placed.add(tg);
      const us = (threadsOf.get(tg) ?? []).sort((x, y) => b.keys[x].uid - b.keys[y].uid);
      for (const key of us) order.push({ key });
    }
    for (const o of order.slice(0, MAX_TASK_LANES)) {
      if ('pid' in o) { byTask.set(o.pid, lanes.length); lanes.push({ label: b.label(o.pid), group: LANE_TASK }); }
      else { byKey.set(o.key, lanes.length); lanes.push({ label: b.keys[o.key].label, group: LANE_UTHREAD }); }
    }
    if (order.length > MAX_TASK_LANES) notes.push(`Task view: the first ${MAX_TASK_LANES} of ${order.length} task and thread lanes are drawn.`);
  }
  return { lanes, taskLane: (pid) => byTask.get(pid) ?? -1, uthreadLane: (key) => byKey.get(key) ?? -1, notes };
}
