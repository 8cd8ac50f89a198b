/**
 * timeline_collect.ts — what a timeline needs from one run, taken from the kernel's event log
 * while the run goes (TraceLog.subscribe: nothing else in the kernel changes).
 *
 * Up to `limit` events (200,000 by default) every event of the kinds a timeline draws is kept.
 * Past the limit the run is too long to draw event by event in a browser: the kept events are
 * replayed into a per-CPU busy histogram (timeline_aggregate.ts), which the collector goes on
 * feeding, and only the rare events — clone, exec, exit, reap, signals, console output, printk — are
 * still kept (at most `rareLimit` of them), so memory stays bounded however long the run is.
 * The count of events goes on (switches and rare events only, past the limit).
 */

import {
  EVENT_NAMES, EV_SCHED_SWITCH, EV_SCHED_WAKEUP, EV_SYS_ENTER, EV_SYS_EXIT, EV_CLONE, EV_EXIT,
  EV_SIGNAL_GENERATE, EV_SIGNAL_DELIVER, EV_BLOCK, EV_UNBLOCK, EV_USER_DISPATCH, EV_PRINTK,
  EV_REAP, EV_CONSOLE, EV_USER_READY, EV_EXEC, type Kernel, type TraceEvent,
} from '../../kernel/index.js';
import { BusyHistogram } from './timeline_aggregate.js';

export const TIMELINE_EVENT_LIMIT = 200_000;
const RARE_LIMIT = 20_000;
const BUCKETS = 2048;

const KINDS = [
  EV_SCHED_SWITCH, EV_SCHED_WAKEUP, EV_SYS_ENTER, EV_SYS_EXIT, EV_CLONE, EV_EXIT, EV_SIGNAL_GENERATE,
  EV_SIGNAL_DELIVER, EV_BLOCK, EV_UNBLOCK, EV_USER_DISPATCH, EV_USER_READY, EV_PRINTK, EV_REAP, EV_CONSOLE, EV_EXEC,
];
const RARE_KINDS = [EV_CLONE, EV_EXEC, EV_EXIT, EV_REAP, EV_SIGNAL_GENERATE, EV_SIGNAL_DELIVER, EV_CONSOLE, EV_PRINTK];
const RARE = new Set(RARE_KINDS.map((k) => EVENT_NAMES[k]));

/** Everything a timeline is built from. */
export interface TimelineCapture {
  cpus: number;
  endNs: number;
  /** Pids from here up belong to the program (lower ones: kernel threads, init, the shell). */
  firstUserPid: number;
  /** Every event (detailed), or only the rare ones (aggregated). */
  events: TraceEvent[];
  /** Events the log delivered (past the limit: switches and rare events only). */
  total: number;
  /** Context switches (sched_switch events), all of them. */
  switches: number;
  limit: number;
  /** Set when the run passed the limit. */
  busy: BusyHistogram | null;
  /** Rare events dropped past rareLimit (aggregated runs only). */
  rareDropped: number;
}

export interface CollectOptions {
  limit?: number;
  rareLimit?: number;
  buckets?: number;
}

export class TimelineCollector {
  private events: TraceEvent[] = [];
  private total = 0;
  private switches = 0;
  private busy: BusyHistogram | null = null;
  private rareDropped = 0;
  private firstUserPid = Infinity;
  private cpus = 1;
  private stop: (() => void) | null = null;
  private kernel: Kernel | null = null;
  readonly limit: number;
  private readonly rareLimit: number;
  private readonly buckets: number;

  constructor(o: CollectOptions = {}) {
    this.limit = o.limit ?? TIMELINE_EVENT_LIMIT;
    this.rareLimit = o.rareLimit ?? RARE_LIMIT;
    this.buckets = o.buckets ?? BUCKETS;
  }

  /** Subscribe to `k`'s log (RunOptions.setup). */
  attach(k: Kernel): void {
    this.cpus = k.cpus.length;
    this.kernel = k;
    this.stop = k.trace.subscribe(KINDS, (kind, time, cpu, pid, a, b, s) => this.add({ kind: EVENT_NAMES[kind], time, cpu, pid, a, b, s }));
  }

  /**
   * Past the limit only switches and rare events are wanted: subscribe to those alone, so the
   * kernel no longer calls us for system calls and wake-ups, and a switch allocates nothing.
   */
  private resubscribe(): void {
    this.stop?.();
    const busy = this.busy!;
    this.stop = this.kernel!.trace.subscribe([EV_SCHED_SWITCH, ...RARE_KINDS], (kind, time, cpu, pid, a, b, s) => {
      this.total++;
      if (kind === EV_SCHED_SWITCH) { this.switches++; busy.onSwitch(cpu, time, a); }
      else this.keepRare({ kind: EVENT_NAMES[kind], time, cpu, pid, a, b, s });
    });
  }

  /** The program's first pid, known once the shell has forked it (RunOptions.spawned). */
  spawned(firstUserPid: number): void {
    this.firstUserPid = firstUserPid;
  }

  private add(e: TraceEvent): void {
    this.total++;
    if (e.kind === 'sched_switch') this.switches++;
    this.events.push(e);
    if (this.total > this.limit) {
      this.aggregate();
      this.resubscribe();
    }
  }

  /** Past the limit: replay the switches into the histogram, keep the rare events only. */
  private aggregate(): void {
    const first = this.firstUserPid;
    this.busy = new BusyHistogram(this.cpus, this.buckets, (pid) => pid >= first);
    const kept = this.events;
    this.events = [];
    for (const e of kept) {
      if (e.kind === 'sched_switch') this.busy.onSwitch(e.cpu, e.time, e.a);
      else if (RARE.has(e.kind)) this.keepRare(e);
    }
  }

  private keepRare(e: TraceEvent): void {
    if (this.events.length < this.rareLimit) this.events.push(e);
    else this.rareDropped++;
  }

  /** Stop listening; what was collected, with the run's end time. */
  finish(endNs: number): TimelineCapture {
    this.stop?.();
    this.stop = null;
    this.busy?.finish(endNs);
    return {
      cpus: this.cpus, endNs, firstUserPid: this.firstUserPid, events: this.events, total: this.total, switches: this.switches,
      limit: this.limit, busy: this.busy, rareDropped: this.rareDropped,
    };
  }
}
