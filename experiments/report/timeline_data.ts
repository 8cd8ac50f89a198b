/**
 * timeline_data.ts — the kernel's event log of one run (timeline_collect.ts) turned into what
 * a timeline draws (timeline_model.ts). Everything comes from the log, in its order:
 *
 *   sched_switch      run slices per CPU (closed at the next switch on that CPU), why a task
 *                     left the CPU, and when a preempted task became runnable
 *   user_dispatch     which user thread a native runs: an M:N/M:1 slice is cut at each one
 *   sched_wakeup      wake-up markers, runnable bars, and an arrow from the waker (where it
 *                     ran) to the woken (where and when it next runs)
 *   block / unblock   blocked bars with the wait queue and the system call blocked in
 *   sys_enter / exit  system-call markers with result and duration
 *   signal_*          generate and deliver markers, and an arrow between them
 *   clone, exit, reap, printk, console   markers, and the program's output with its times
 *
 * A signal's sender is not in the log: it is taken to be the task whose system call was the
 * last one entered at the same instant (kill, tgkill, exit_group's SIGCHLD), else the kernel.
 */

import type { TraceEvent } from '../../kernel/index.js';
import type { TimelineCapture } from './timeline_collect.js';
import type { Arrow, ArrowKind, ColourKey, Marker, MarkKind, Slice, StateBar, StateKind, TimelineModel } from './timeline_model.js';
import { UserThreads } from './timeline_uthreads.js';
import {
  blockText, cloneText, leftCpu, OTHER_COLOUR, paletteColour, SCHED_COLOUR, signalDelivered,
  signalGenerated, syscallText, wakeReason,
} from './timeline_text.js';
import { layoutLanes } from './timeline_lanes.js';

const CLONE_THREAD = 0x00010000;

/** Records before lanes are laid out: they name a pid (and a colour key) instead of lanes. */
export interface RawSlice { cpu: number; pid: number; key: number; start: number; end: number; how: string }
/** pid -1: a user thread's own state (its lane only); kind idle: pid is the CPU. */
export interface RawState { pid: number; key: number; start: number; end: number; kind: StateKind; text: string }
export interface RawMarker { t: number; kind: MarkKind; cpu: number; pid: number; key: number; text: string }
export interface RawArrow {
  kind: ArrowKind; t0: number; t1: number; fromCpu: number; fromPid: number; fromKey: number;
  toCpu: number; toPid: number; toKey: number; key: number;
}
export interface KeyInfo extends ColourKey { pid: number; tgid: number; uid: number }

interface Open { pid: number; key: number; start: number }
export interface Pending { t0: number; fromCpu: number; fromPid: number; key: number }
interface Call { t: number; name: string; cpu: number; key: number }

export class TimelineBuilder {
  readonly slices: RawSlice[] = [];
  readonly states: RawState[] = [];
  readonly markers: RawMarker[] = [];
  readonly arrows: RawArrow[] = [];
  readonly output: { t: number; key: number; text: string }[] = [];
  readonly keys: KeyInfo[] = [];
  readonly programPids = new Set<number>();
  private keyIndex = new Map<string, number>();
  private programColours = 0;
  private tgid = new Map<number, number>();
  private comm = new Map<number, string>();
  private dispatched = new Map<number, number>();
  private cur: (Open | null)[];
  private onCpu = new Map<number, number>();
  private runnable = new Map<number, number>();
  private blocked = new Map<number, { start: number; text: string; key: number }>();
  private calls = new Map<number, Call[]>();
  private wakes = new Map<number, Pending>();
  private signals = new Map<string, Pending>();
  private lastActor: { time: number; pid: number } | null = null;
  private idleSince: number[];
  private users = new UserThreads(this);

  constructor(readonly cpus: number, readonly firstUserPid: number) {
    this.cur = new Array(cpus).fill(null);
    this.idleSince = new Array(cpus).fill(0);
  }

  isProgram(pid: number): boolean {
    return pid >= this.firstUserPid;
  }

  /** The CPU a task runs on now, if it does. */
  cpuOf(pid: number): number | undefined {
    return this.onCpu.get(pid);
  }

  tgidOf(pid: number): number {
    return this.tgid.get(pid) ?? pid;
  }

  label(pid: number): string {
    return pid === 0 ? 'idle' : `${this.comm.get(pid) ?? 'task'} ${pid}`;
  }

  private key(id: string, make: () => Omit<KeyInfo, 'colour'>): number {
    let i = this.keyIndex.get(id);
    if (i !== undefined) return i;
    const k = make();
    const colour = k.kind === 'sched' ? SCHED_COLOUR : k.kind === 'other' ? OTHER_COLOUR : paletteColour(this.programColours++);
    i = this.keys.length;
    this.keys.push({ ...k, colour });
    this.keyIndex.set(id, i);
    return i;
  }

  /** A key's name with the commands as they ended (a key made before its task was seen, or exec). */
  keyLabel(k: KeyInfo): string {
    if (k.kind === 'uthread') return k.label;
    return k.kind === 'sched' ? `${this.label(k.pid)}: library scheduler` : this.label(k.pid);
  }

  /** The colour key of user thread `uid` of process `tg`. */
  userKey(tg: number, uid: number, pid: number): number {
    return this.key(`u${tg}:${uid}`, () => ({ label: `thread ${uid} (pid ${tg})`, kind: 'uthread', pid, tgid: tg, uid }));
  }

  /** The colour key of what `pid` runs now: the task, or its native's user thread or scheduler. */
  keyOf(pid: number): number {
    const uid = this.dispatched.get(pid);
    const tg = this.tgidOf(pid);
    if (uid === undefined || !this.isProgram(pid)) {
      const kind = this.isProgram(pid) ? 'task' : 'other';
      if (kind === 'task') this.programPids.add(pid);
      return this.key(`t${pid}`, () => ({ label: this.label(pid), kind, pid, tgid: tg, uid: 0 }));
    }
    if (uid === 0) return this.key(`s${pid}`, () => ({ label: `${this.label(pid)}: library scheduler`, kind: 'sched', pid, tgid: tg, uid: 0 }));
    return this.userKey(tg, uid, pid);
  }

  add(e: TraceEvent): void {
    switch (e.kind) {
      case 'sched_switch': this.onSwitch(e); break;
      case 'user_dispatch': this.onDispatch(e); break;
      case 'user_ready': this.users.onReady(e); break;
      case 'sched_wakeup': this.onWakeup(e); break;
      case 'block': this.onBlock(e); break;
      case 'unblock': this.onUnblock(e); break;
      case 'sys_enter': this.onEnter(e); break;
      case 'sys_exit': this.onExit(e); break;
      case 'clone': this.onClone(e); break;
      case 'signal_generate': this.onGenerate(e); break;
      case 'signal_deliver': this.onDeliver(e); break;
      case 'console': this.onConsole(e); break;
      case 'exec': this.onExec(e); break;
      default: this.onInstant(e);
    }
  }

  mark(t: number, kind: MarkKind, cpu: number, pid: number, text: string, key = this.keyOf(pid)): void {
    this.markers.push({ t, kind, cpu, pid, key, text });
  }

  private openSlice(cpu: number, pid: number, t: number): void {
    this.cur[cpu] = { pid, key: this.keyOf(pid), start: t };
    this.onCpu.set(pid, cpu);
  }

  private closeSlice(cpu: number, t: number, how: string): void {
    const o = this.cur[cpu];
    if (!o) return;
    this.cur[cpu] = null;
    if (this.onCpu.get(o.pid) === cpu) this.onCpu.delete(o.pid);
    if (t > o.start) this.slices.push({ cpu, pid: o.pid, key: o.key, start: o.start, end: t, how });
  }

  state(pid: number, key: number, start: number, end: number, kind: StateKind, text: string): void {
    if (end > start) this.states.push({ pid, key, start, end, kind, text });
  }

  arrow(kind: ArrowKind, p: Pending, fromKey: number, t1: number, toCpu: number, toPid: number, toKey: number): void {
    this.arrows.push({ kind, t0: p.t0, t1, fromCpu: p.fromCpu, fromPid: p.fromPid, fromKey, toCpu, toPid, toKey, key: p.key });
  }

  private onSwitch(e: TraceEvent): void {
    if (e.cpu >= this.cpus) return;
    this.closeSlice(e.cpu, e.time, leftCpu(e.b));
    if (e.pid === 0) this.state(e.cpu, -1, this.idleSince[e.cpu], e.time, 'idle', `CPU ${e.cpu} idle`);
    if (e.a === 0) this.idleSince[e.cpu] = e.time;
    if (e.pid !== 0 && e.b === 0 && this.isProgram(e.pid)) this.runnable.set(e.pid, e.time);
    if (e.a === 0) return;
    if (!this.comm.has(e.a)) this.comm.set(e.a, e.s);
    this.openSlice(e.cpu, e.a, e.time);
    const since = this.runnable.get(e.a);
    if (since !== undefined) {
      this.runnable.delete(e.a);
      this.state(e.a, this.keyOf(e.a), since, e.time, 'runnable', 'runnable, waiting for a CPU');
    }
    const w = this.wakes.get(e.a);
    if (w) {
      this.wakes.delete(e.a);
      this.arrow('wake', w, w.key, e.time, e.cpu, e.a, this.keyOf(e.a));
    }
  }

  private onDispatch(e: TraceEvent): void {
    const before = this.dispatched.get(e.pid) ?? 0;
    this.users.onDispatch(e, before);
    this.dispatched.set(e.pid, e.a);
    const cpu = this.onCpu.get(e.pid) ?? e.cpu;
    if (cpu >= this.cpus || this.cur[cpu]?.pid !== e.pid) return;
    this.closeSlice(cpu, e.time, e.a === 0 ? `thread ${before} went back to the library's scheduler` : `the scheduler switched to thread ${e.a}`);
    this.openSlice(cpu, e.pid, e.time);
  }

  private onWakeup(e: TraceEvent): void {
    const woken = e.pid;
    const waker = e.b;
    const wakerCpu = waker !== 0 ? this.onCpu.get(waker) : undefined;
    if (this.isProgram(woken)) this.runnable.set(woken, e.time);
    const by = waker !== 0 ? this.label(waker) : 'the kernel (a timer, a device or an interrupt)';
    this.mark(e.time, 'wakeup', wakerCpu ?? e.a, woken, `${this.label(woken)} woken by ${by}; runnable on CPU ${e.a}`);
    if (waker !== 0) this.wakes.set(woken, { t0: e.time, fromCpu: wakerCpu ?? -1, fromPid: waker, key: this.keyOf(waker) });
  }

  private onBlock(e: TraceEvent): void {
    const stack = this.calls.get(e.pid);
    const call = stack && stack.length > 0 ? stack[stack.length - 1].name : null;
    const text = blockText(call, e.s);
    const key = this.keyOf(e.pid);
    this.blocked.set(e.pid, { start: e.time, text, key });
    this.mark(e.time, 'block', this.onCpu.get(e.pid) ?? e.cpu, e.pid, `${this.keys[key].label} blocks in ${text}`, key);
  }

  private onUnblock(e: TraceEvent): void {
    const b = this.blocked.get(e.pid);
    if (!b) return;
    this.blocked.delete(e.pid);
    this.state(e.pid, b.key, b.start, e.time, 'blocked', `blocked in ${b.text}; ${wakeReason(e.a)}`);
  }

  private onEnter(e: TraceEvent): void {
    this.lastActor = { time: e.time, pid: e.pid };
    let stack = this.calls.get(e.pid);
    if (!stack) this.calls.set(e.pid, stack = []);
    stack.push({ t: e.time, name: e.s, cpu: e.cpu, key: this.keyOf(e.pid) });
  }

  private onExit(e: TraceEvent): void {
    const c = this.calls.get(e.pid)?.pop();
    if (c) this.mark(c.t, 'syscall', c.cpu, e.pid, syscallText(c.name, e.b, e.time - c.t), c.key);
  }

  private onClone(e: TraceEvent): void {
    this.tgid.set(e.a, e.b & CLONE_THREAD ? this.tgidOf(e.pid) : e.a);
    this.comm.set(e.a, e.s);
    this.keyOf(e.a); // colours follow creation order
    this.mark(e.time, 'clone', this.onCpu.get(e.pid) ?? e.cpu, e.pid, cloneText(e.a, e.b, e.s));
  }

  /** The task whose system call entered (or which exited) last at this instant, if on a CPU. */
  private sender(t: number): number {
    const l = this.lastActor;
    return l !== null && l.time === t && this.onCpu.has(l.pid) ? l.pid : 0;
  }

  private onGenerate(e: TraceEvent): void {
    const from = this.sender(e.time);
    const fromCpu = from !== 0 ? this.onCpu.get(from)! : e.cpu;
    const text = signalGenerated(e.a, e.b, this.label(e.pid), from !== 0 ? this.label(from) : 'the kernel', e.s === 'forced');
    this.mark(e.time, 'signal_generate', fromCpu, e.pid, text);
    if (e.b > 1) return; // ignored or dropped: nothing will be delivered
    const id = e.b === 1 ? `g${this.tgidOf(e.pid)}:${e.a}` : `p${e.pid}:${e.a}`;
    this.signals.set(id, { t0: e.time, fromCpu, fromPid: from !== 0 ? from : e.pid, key: this.keyOf(from !== 0 ? from : e.pid) });
  }

  private onDeliver(e: TraceEvent): void {
    const cpu = this.onCpu.get(e.pid) ?? e.cpu;
    this.mark(e.time, 'signal_deliver', cpu, e.pid, signalDelivered(e.a, e.b, this.label(e.pid)));
    for (const id of [`p${e.pid}:${e.a}`, `g${this.tgidOf(e.pid)}:${e.a}`]) {
      const p = this.signals.get(id);
      if (!p) continue;
      this.signals.delete(id);
      this.arrow('signal', p, p.key, e.time, cpu, e.pid, this.keyOf(e.pid));
      break;
    }
  }

  private onConsole(e: TraceEvent): void {
    const key = this.keyOf(e.pid);
    this.output.push({ t: e.time, key, text: e.s });
    this.mark(e.time, 'output', this.cpus, e.pid, `${this.keys[key].label} writes ${e.s.length} bytes: ${JSON.stringify(e.s.length > 80 ? e.s.slice(0, 80) + '…' : e.s)}`, key);
  }

  /** exec: the process (pid) now runs `s`; a non-leader thread (a) that exec'd took the pid over. */
  private onExec(e: TraceEvent): void {
    const before = this.label(e.a);
    const cpu = this.onCpu.get(e.a);
    const running = cpu !== undefined && this.cur[cpu]?.pid === e.a;
    if (running) this.closeSlice(cpu, e.time, `exec'd ${e.s}`);
    this.comm.set(e.pid, e.s);
    if (running) this.openSlice(cpu, e.pid, e.time);
    this.mark(e.time, 'exec', cpu ?? e.cpu, e.pid, `${before} execs ${e.s}${e.a !== e.pid ? ` (a thread exec'd: it takes over pid ${e.pid})` : ''}`);
  }

  private onInstant(e: TraceEvent): void {
    const cpu = this.onCpu.get(e.pid) ?? e.cpu;
    if (e.kind === 'exit') this.lastActor = { time: e.time, pid: e.pid };
    if (e.kind === 'exit') this.mark(e.time, 'exit', cpu, e.pid, `${this.label(e.pid)} exits with code ${e.a}${e.b === 1 ? ' (thread-group leader)' : ''}`);
    else if (e.kind === 'reap') this.mark(e.time, 'reap', this.onCpu.get(e.a) ?? e.cpu, e.a, `${this.label(e.a)} reaps ${this.label(e.pid)}`);
    else if (e.kind === 'printk') this.mark(e.time, 'printk', cpu, e.pid, `printk: ${e.s}`);
  }

  /** Close what is still open at the end of the run. */
  finish(endNs: number): void {
    for (let c = 0; c < this.cpus; c++) {
      if (!this.cur[c]) this.state(c, -1, this.idleSince[c], endNs, 'idle', `CPU ${c} idle`);
      this.closeSlice(c, endNs, 'still on the CPU when the run ended');
    }
    for (const [pid, b] of this.blocked) this.state(pid, b.key, b.start, endNs, 'blocked', `blocked in ${b.text}; still blocked at the end`);
    for (const [pid, since] of this.runnable) this.state(pid, this.keyOf(pid), since, endNs, 'runnable', 'runnable, waiting for a CPU');
    this.users.finish(endNs);
    for (const [pid, stack] of this.calls) for (const c of stack) this.mark(c.t, 'syscall', c.cpu, pid, syscallText(c.name, null, endNs - c.t), c.key);
    this.blocked.clear();
    this.runnable.clear();
    this.calls.clear();
  }
}

/** The whole model of one captured run. */
export function buildTimeline(cap: TimelineCapture): TimelineModel {
  const b = new TimelineBuilder(cap.cpus, cap.firstUserPid);
  for (const e of cap.events) b.add(e);
  b.finish(cap.endNs);
  const detailed = cap.busy === null;
  const { lanes, taskLane, uthreadLane, notes } = layoutLanes(b, detailed);
  const slices: Slice[] = b.slices.map((s) => ({ cpu: s.cpu, task: taskLane(s.pid), uthread: uthreadLane(s.key), key: s.key, start: s.start, end: s.end, how: s.how }));
  const states: StateBar[] = [];
  for (const s of b.states) {
    if (!detailed && s.kind === 'idle') continue; // no switches were kept: the buckets show it
    const on = s.kind === 'idle' ? [s.pid] : [taskLane(s.pid), uthreadLane(s.key)];
    for (const lane of on) if (lane >= 0) states.push({ lane, start: s.start, end: s.end, kind: s.kind, text: s.text });
  }
  const end = (pid: number, key: number): number => { const u = uthreadLane(key); return u >= 0 ? u : taskLane(pid); };
  const markers: Marker[] = b.markers.map((m) => ({ t: m.t, kind: m.kind, cpu: m.cpu, task: taskLane(m.pid), uthread: uthreadLane(m.key), key: m.key, text: m.text }));
  const arrows: Arrow[] = b.arrows.map((a) => ({ kind: a.kind, t0: a.t0, t1: a.t1, fromCpu: a.fromCpu, fromTask: end(a.fromPid, a.fromKey), toCpu: a.toCpu, toTask: end(a.toPid, a.toKey), key: a.key }));
  const buckets = cap.busy ? cap.busy.rows(cap.endNs) : [];
  if (cap.busy && cap.rareDropped > 0) notes.push(`${cap.rareDropped} clone, exit, signal and output events past the first ${cap.events.length} are not shown.`);
  return {
    cpus: cap.cpus, endNs: cap.endNs, events: cap.total,
    aggregated: cap.busy ? { limit: cap.limit, bucketNs: cap.busy.width, rareDropped: cap.rareDropped, switches: cap.switches } : null,
    lanes, keys: b.keys.map((k) => ({ label: b.keyLabel(k), kind: k.kind, colour: k.colour })),
    slices, states, markers, arrows, output: b.output, buckets, notes,
  };
}
