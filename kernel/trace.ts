/**
 * trace.ts — the one event log every view is derived from.
 *
 * Mirrors: include/trace/events/sched.h, syscalls.h, signal.h (the tracepoints of the same
 * names). The log is a stream: consumers subscribe to the kinds they need, and an emit site
 * first checks `on[kind]`, so a kind nobody listens to costs one array load. The full log is
 * kept only by a subscriber that asks for it (`--trace`).
 *
 * An event is positional — (kind, time, cpu, pid, a, b, s) — so emitting one allocates nothing.
 * The meaning of a, b and s per kind is listed in EVENT_FIELDS.
 */

export const EV_SCHED_SWITCH = 0;   // pid=prev, a=next pid, b=prev state, s=next comm
export const EV_SCHED_WAKEUP = 1;   // pid=woken, a=target cpu, b=waker pid
export const EV_SYS_ENTER = 2;      // pid, a=nr, s=name
export const EV_SYS_EXIT = 3;       // pid, a=nr, b=return value
export const EV_CLONE = 4;          // pid=parent, a=child pid, b=flags, s=child comm
export const EV_EXIT = 5;           // pid, a=exit code, b=1 if group leader
export const EV_SIGNAL_GENERATE = 6; // pid=target, a=sig, b=0 private / 1 shared / 2 ignored / 3 dropped
export const EV_SIGNAL_DELIVER = 7; // pid, a=sig, b=0 handler / 1 default action / 2 ignore
export const EV_FUTEX_WAIT = 8;     // pid, a=uaddr, b=result(0 slept / -EAGAIN)
export const EV_FUTEX_WAKE = 9;     // pid, a=uaddr, b=woken
export const EV_BLOCK = 10;         // pid, s=wait queue name
export const EV_UNBLOCK = 11;       // pid, a=reason
export const EV_USER_SWITCH = 12;   // pid=native, a=from user thread id, b=to user thread id
export const EV_PRINTK = 13;        // pid, s=text
export const EV_REAP = 14;          // pid=reaped, a=reaper pid
export const EV_PREEMPT = 15;       // pid=preempted, a=cpu
export const EV_EXEC = 16;          // pid=the process (after exec), a=the exec'ing task's tid before, s=new comm
export const EV_USER_DISPATCH = 17; // pid=native, a=user thread now running on it (0: back in the library's scheduler), b=why the last one left (USER_LEFT_*)
export const EV_CONSOLE = 18;       // pid=writer, a=bytes, s=text written to the console (fd 1/2)
export const EV_USER_READY = 19;    // pid=native doing it, a=user thread made ready (created or woken), b=the user thread that did it (0: the library)
export const EV_KINDS = 20;

/** Why a user thread left its native (EV_USER_DISPATCH with a=0, field b). */
export const USER_LEFT_YIELD = 1;   // still ready (sched_yield, preempted at user level)
export const USER_LEFT_WAIT = 2;    // parked: a mutex, a join, a condition, a wrapped call
export const USER_LEFT_EXIT = 3;

export const EVENT_NAMES = [
  'sched_switch', 'sched_wakeup', 'sys_enter', 'sys_exit', 'clone', 'exit',
  'signal_generate', 'signal_deliver', 'futex_wait', 'futex_wake', 'block', 'unblock',
  'user_switch', 'printk', 'reap', 'preempt', 'exec', 'user_dispatch', 'console',
  'user_ready',
];

export type Subscriber = (kind: number, time: number, cpu: number, pid: number, a: number, b: number, s: string) => void;

export class TraceLog {
  /** on[kind] is true when at least one subscriber wants that kind. */
  readonly on = new Uint8Array(EV_KINDS);
  private subs: Subscriber[][] = Array.from({ length: EV_KINDS }, () => []);
  /** Set by the kernel before each emit site: the clock. */
  time = 0;

  subscribe(kinds: number[] | 'all', fn: Subscriber): () => void {
    const list = kinds === 'all' ? [...Array(EV_KINDS).keys()] : kinds;
    for (const k of list) {
      this.subs[k].push(fn);
      this.on[k] = 1;
    }
    return () => {
      for (const k of list) {
        this.subs[k] = this.subs[k].filter((f) => f !== fn);
        this.on[k] = this.subs[k].length ? 1 : 0;
      }
    };
  }

  emit(kind: number, time: number, cpu: number, pid: number, a: number, b: number, s: string): void {
    const subs = this.subs[kind];
    for (let i = 0; i < subs.length; i++) subs[i](kind, time, cpu, pid, a, b, s);
  }
}

/** A recorded event (only a recorder materialises these). */
export interface TraceEvent {
  kind: string;
  time: number;
  cpu: number;
  pid: number;
  a: number;
  b: number;
  s: string;
}

/** Keep every event of the given kinds (for --trace and for tests). */
export function recordTrace(log: TraceLog, kinds: number[] | 'all' = 'all'): { events: TraceEvent[]; stop: () => void } {
  const events: TraceEvent[] = [];
  const stop = log.subscribe(kinds, (kind, time, cpu, pid, a, b, s) => {
    events.push({ kind: EVENT_NAMES[kind], time, cpu, pid, a, b, s });
  });
  return { events, stop };
}

/** A line per event, for determinism checks and debugging. */
export function formatEvent(e: TraceEvent): string {
  return `${e.time} cpu${e.cpu} ${e.kind} pid=${e.pid} a=${e.a} b=${e.b}${e.s ? ' ' + e.s : ''}`;
}
