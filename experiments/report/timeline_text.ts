/**
 * timeline_text.ts — the words and colours of a timeline: what a task state, a wake-up
 * reason, a signal's fate, a system call's result and a clone's flags mean, in the terms of
 * the kernel's event log (kernel/trace.ts lists each event's fields), and the palette.
 */

import { CLONE_THREAD, CLONE_VM, cloneFlagsToString, errnoName } from '../../kernel/index.js';
import { signame } from '../../libs/api.js';

/** sched_switch's prev-state values (kernel/task.ts TASK_*, not on the public surface). */
const TASK_RUNNING = 0, TASK_INTERRUPTIBLE = 1, TASK_UNINTERRUPTIBLE = 2, TASK_STOPPED = 4;

/** A virtual time with the precision a tooltip wants: "12.575986 ms", "850 ns". */
export function fmtTime(ns: number): string {
  const a = Math.abs(ns);
  const trim = (x: number, d: number): string => x.toFixed(d).replace(/\.?0+$/, '');
  if (a < 1e3) return `${trim(ns, 1)} ns`;
  if (a < 1e6) return `${trim(ns / 1e3, 4)} µs`;
  if (a < 1e9) return `${trim(ns / 1e6, 6)} ms`;
  return `${trim(ns / 1e9, 9)} s`;
}

/** Why a task left its CPU, from sched_switch's prev state. */
export function leftCpu(state: number): string {
  if (state === TASK_RUNNING) return 'preempted or yielded (still runnable)';
  if (state === TASK_INTERRUPTIBLE) return 'went to sleep (S)';
  if (state === TASK_UNINTERRUPTIBLE) return 'went to sleep uninterruptibly (D)';
  if (state === TASK_STOPPED) return 'stopped (T)';
  return 'exited';
}

const WAKE_REASONS = ['', 'woken', 'timed out', 'interrupted by a signal'];

/** An unblock event's reason (task.ts WAKE_*). */
export function wakeReason(r: number): string {
  return WAKE_REASONS[r] ?? `woken (reason ${r})`;
}

/** "read on slow_dev", "nanosleep on a timer", "futex" (the call and its wait queue named alike). */
export function blockText(call: string | null, wq: string): string {
  const on = wq === 'timeout' ? 'a timer' : wq;
  if (call === wq) return call;
  return call ? `${call} on ${on}` : `on ${on}`;
}

const GEN_FATE = ['queued for the thread', 'queued for the process', 'ignored', 'dropped (already pending)'];
const DELIVER_HOW = ['runs its handler', 'takes the default action', 'ignores it'];

export function signalGenerated(sig: number, fate: number, target: string, sender: string, forced: boolean): string {
  return `${signame(sig)} → ${target}: ${GEN_FATE[fate] ?? `fate ${fate}`}${forced ? ' (forced)' : ''}; sent by ${sender}`;
}

export function signalDelivered(sig: number, how: number, who: string): string {
  return `${signame(sig)} delivered to ${who}, which ${DELIVER_HOW[how] ?? `action ${how}`}`;
}

/** "read() returned", "futex() = -EAGAIN", with its duration when it took time. */
export function syscallText(name: string, ret: number | null, dur: number): string {
  const r = ret === null ? ' did not return before the end' : ret < 0 ? ` = -${errnoName(-ret)}` : ret === 0 ? ' returned' : ` = ${ret}`;
  return `${name}()${r}${dur > 0 ? `, took ${fmtTime(dur)}` : ''}`;
}

export function cloneText(child: number, flags: number, comm: string): string {
  const what = flags & CLONE_THREAD ? 'a thread' : flags & CLONE_VM ? 'a task sharing memory' : 'a process';
  return `clone → ${comm} ${child}: ${what} (${cloneFlagsToString(flags)})`;
}

/** Colours for the program's threads (Tableau 10 then its light half), grey for the rest. */
const PALETTE = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f',
  '#2f4b7c', '#a0cbe8', '#ffbe7d', '#8cd17d', '#ff9d9a', '#86bcb6', '#f1ce63', '#d4a6c8', '#d7b5a6',
];
export const OTHER_COLOUR = '#b8b8b8';
export const SCHED_COLOUR = '#dcdce6';

export function paletteColour(i: number): string {
  return PALETTE[i % PALETTE.length];
}
