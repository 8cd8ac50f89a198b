/**
 * timeline_model.ts — what a timeline page draws, as plain data: lanes, colour keys, run
 * slices, blocked/runnable bars, markers, arrows, the program's output, and (for a long run)
 * busy buckets. timeline_data.ts builds it from the kernel's event log; timeline_html.ts
 * packs it into the page. Times are virtual nanoseconds since boot.
 *
 * Lanes: one per CPU, one for the program's output, and — shown on request — one per task of
 * the program and one per user thread of an M:N / M:1 library (after its native's lane). A
 * record names its CPU lane and its task (and user-thread) lane; the page picks which to use.
 */

export const LANE_CPU = 0;
export const LANE_STDOUT = 1;
export const LANE_TASK = 2;
export const LANE_UTHREAD = 3;

export interface Lane {
  label: string;
  group: number;
}

/** What a colour stands for: a task, a user thread, a native's scheduler, or anything else. */
export type KeyKind = 'task' | 'uthread' | 'sched' | 'other';

export interface ColourKey {
  label: string;
  kind: KeyKind;
  colour: string;
}

/** A task (or user thread) on a CPU from start to end. */
export interface Slice {
  cpu: number;
  task: number;
  uthread: number;
  key: number;
  start: number;
  end: number;
  /** Why it left the CPU. */
  how: string;
}

/**
 * blocked: asleep in the kernel; runnable: ready for a CPU (a user thread: ready for its
 * native); waiting: a user thread parked at user level (mutex, join, condition, wrapped call);
 * idle: a CPU running nothing.
 */
export type StateKind = 'blocked' | 'runnable' | 'waiting' | 'idle';
export const STATE_KINDS: readonly StateKind[] = ['blocked', 'runnable', 'waiting', 'idle'];

/** A lane's blocked, runnable, waiting or idle interval. */
export interface StateBar {
  lane: number;
  start: number;
  end: number;
  kind: StateKind;
  text: string;
}

export const MARK_KINDS = [
  'syscall', 'block', 'wakeup', 'signal_generate', 'signal_deliver', 'clone', 'exec', 'exit', 'reap', 'printk', 'output',
] as const;
export type MarkKind = typeof MARK_KINDS[number];

/** An instant: on a CPU lane (-1: none), a task lane and a user-thread lane (-1: none). */
export interface Marker {
  t: number;
  kind: MarkKind;
  cpu: number;
  task: number;
  uthread: number;
  key: number;
  text: string;
}

/** wake: the kernel woke a task; uwake: a user thread made another ready; signal: sent → delivered. */
export type ArrowKind = 'wake' | 'signal' | 'uwake';
export const ARROW_KINDS: readonly ArrowKind[] = ['wake', 'signal', 'uwake'];

/** From the waker (or sender) to the woken (or receiver); coloured as the waker. */
export interface Arrow {
  kind: ArrowKind;
  t0: number;
  t1: number;
  fromCpu: number;
  fromTask: number;
  toCpu: number;
  toTask: number;
  key: number;
}

export interface OutputLine {
  t: number;
  key: number;
  text: string;
}

/** A long run's per-CPU bucket: busy fraction, and the program's part of it. */
export interface Bucket {
  cpu: number;
  start: number;
  end: number;
  busy: number;
  prog: number;
}

export interface TimelineModel {
  cpus: number;
  endNs: number;
  /** Events the log delivered. */
  events: number;
  /** Set when the run was too long to draw event by event. */
  aggregated: { limit: number; bucketNs: number; rareDropped: number; switches: number } | null;
  lanes: Lane[];
  keys: ColourKey[];
  slices: Slice[];
  states: StateBar[];
  markers: Marker[];
  arrows: Arrow[];
  output: OutputLine[];
  buckets: Bucket[];
  /** Things the page should say (lanes left out, output cut). */
  notes: string[];
}
