/**
 * trace_export.ts — the kernel's event log as a Chrome Trace Event file (ui.perfetto.dev,
 * chrome://tracing).
 *
 * One process track "CPUs" (pid 1) with one thread track per CPU (tid = cpu + 1, since
 * viewers treat 0 specially). Each run interval of a task on a CPU is one complete ("X")
 * slice named "comm pid", built from sched_switch events alone: a slice starts when a task
 * is switched in and ends at the next switch on that CPU (a CPU going idle is a switch to
 * swapper/N, which opens no slice). Instant ("i") events mark clone, exit, signal delivery
 * and printk on the CPU where they happened. ts and dur are microseconds (fractions kept).
 * Slices on one track never overlap, because one CPU runs one task at a time.
 */

import type { TraceEvent } from '../kernel/index.js';

interface ChromeEvent {
  name: string;
  ph: 'X' | 'M' | 'i';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  s?: 't';
  cat?: string;
  args?: Record<string, unknown>;
}

const TRACK_PID = 1;
const us = (ns: number): number => ns / 1000;

function metadata(cpus: number, title: string): ChromeEvent[] {
  const m: ChromeEvent[] = [
    { name: 'process_name', ph: 'M', pid: TRACK_PID, tid: 1, args: { name: title } },
    { name: 'process_sort_index', ph: 'M', pid: TRACK_PID, tid: 1, args: { sort_index: 0 } },
  ];
  for (let c = 0; c < cpus; c++) {
    m.push({ name: 'thread_name', ph: 'M', pid: TRACK_PID, tid: c + 1, args: { name: `CPU ${c}` } });
    m.push({ name: 'thread_sort_index', ph: 'M', pid: TRACK_PID, tid: c + 1, args: { sort_index: c } });
  }
  return m;
}

/** Run-interval slices from sched_switch events, closed at `endNs` if still open. */
function slices(events: TraceEvent[], cpus: number, endNs: number): ChromeEvent[] {
  const open: ({ pid: number; comm: string; start: number } | null)[] = new Array(cpus).fill(null);
  const out: ChromeEvent[] = [];
  const close = (cpu: number, at: number): void => {
    const o = open[cpu];
    if (!o) return;
    open[cpu] = null;
    if (at > o.start) {
      out.push({ name: `${o.comm} ${o.pid}`, cat: 'sched', ph: 'X', pid: TRACK_PID, tid: cpu + 1, ts: us(o.start), dur: us(at - o.start), args: { pid: o.pid, comm: o.comm } });
    }
  };
  for (const e of events) {
    if (e.kind !== 'sched_switch' || e.cpu >= cpus) continue;
    close(e.cpu, e.time);
    if (e.a !== 0) open[e.cpu] = { pid: e.a, comm: e.s, start: e.time };
  }
  for (let c = 0; c < cpus; c++) close(c, endNs);
  return out;
}

const INSTANTS: Record<string, (e: TraceEvent) => [string, Record<string, unknown>]> = {
  clone: (e) => [`clone ${e.pid} → ${e.a}`, { parent: e.pid, child: e.a, flags: e.b, comm: e.s }],
  exit: (e) => [`exit ${e.pid}`, { pid: e.pid, code: e.a, leader: e.b === 1 }],
  exec: (e) => [`exec ${e.pid} ${e.s}`, { pid: e.pid, tidBefore: e.a, comm: e.s }],
  signal_deliver: (e) => [`signal ${e.a} → ${e.pid}`, { pid: e.pid, sig: e.a }],
  printk: (e) => ['printk', { text: e.s }],
};

function instants(events: TraceEvent[], cpus: number): ChromeEvent[] {
  const out: ChromeEvent[] = [];
  for (const e of events) {
    const f = INSTANTS[e.kind];
    if (!f || e.cpu >= cpus) continue;
    const [name, args] = f(e);
    out.push({ name, cat: e.kind, ph: 'i', s: 't', pid: TRACK_PID, tid: e.cpu + 1, ts: us(e.time), args });
  }
  return out;
}

/** The trace file's JSON text. */
export function chromeTrace(events: TraceEvent[], o: { cpus: number; endNs: number; title: string; meta?: Record<string, unknown> }): string {
  const traceEvents = [...metadata(o.cpus, o.title), ...slices(events, o.cpus, o.endNs), ...instants(events, o.cpus)];
  return JSON.stringify({ traceEvents, displayTimeUnit: 'ns', metadata: o.meta ?? {} });
}
