/**
 * timeline_uthreads.ts — the user threads of an M:N or M:1 library on a timeline, from the two
 * events those libraries emit (kernel/trace.ts): user_ready (a thread created or woken at user
 * level, and by whom) and user_dispatch (a native starts running a thread, or goes back to its
 * scheduler, saying whether the thread left ready, waiting or dead).
 *
 * Each user thread's lane gets: ready bars (ready, but its native runs something else or is
 * blocked), waiting bars (parked on a mutex, a join, a condition or a wrapped call), creation,
 * wake-up and exit markers, and an arrow from the thread that readied it to where it next runs.
 * The run slices themselves and the kernel's blocked bars come from timeline_data.ts.
 */

import { USER_LEFT_EXIT, USER_LEFT_WAIT, USER_LEFT_YIELD, type TraceEvent } from '../../kernel/index.js';
import type { Pending, TimelineBuilder } from './timeline_data.js';

interface Open { kind: 'runnable' | 'waiting'; since: number }

const TEXT = {
  runnable: 'ready, waiting for its native (the library runs another thread there, or the native itself waits)',
  waiting: 'waiting at user level (a mutex, a join, a condition variable or a wrapped call)',
};

export class UserThreads {
  private open = new Map<number, Open>();
  private seen = new Set<number>();
  private wakes = new Map<number, Pending & { fromKey: number }>();

  constructor(private b: TimelineBuilder) {}

  private close(key: number, t: number): void {
    const o = this.open.get(key);
    if (!o) return;
    this.open.delete(key);
    this.b.state(-1, key, o.since, t, o.kind, TEXT[o.kind]);
  }

  /** user_ready: pid = the native doing it, a = the thread made ready, b = who did it (0: the library). */
  onReady(e: TraceEvent): void {
    const tg = this.b.tgidOf(e.pid);
    const key = this.b.userKey(tg, e.a, e.pid);
    this.close(key, e.time);
    this.open.set(key, { kind: 'runnable', since: e.time });
    const by = e.b !== 0 ? this.b.userKey(tg, e.b, e.pid) : -1;
    const byText = e.b !== 0 ? `thread ${e.b}` : 'the library';
    const first = !this.seen.has(key);
    this.seen.add(key);
    const cpu = this.b.cpuOf(e.pid) ?? e.cpu;
    this.b.mark(e.time, first ? 'clone' : 'wakeup', cpu, -1, first ? `thread ${e.a} (pid ${tg}) created by ${byText}` : `thread ${e.a} (pid ${tg}) made ready by ${byText}`, key);
    if (by >= 0) this.wakes.set(key, { t0: e.time, fromCpu: cpu, fromPid: e.pid, key: by, fromKey: by });
  }

  /** user_dispatch: a > 0 starts thread a; a = 0 is `before` leaving, b saying how. */
  onDispatch(e: TraceEvent, before: number): void {
    const tg = this.b.tgidOf(e.pid);
    const cpu = this.b.cpuOf(e.pid) ?? e.cpu;
    if (e.a !== 0) {
      const key = this.b.userKey(tg, e.a, e.pid);
      this.seen.add(key);
      this.close(key, e.time);
      const w = this.wakes.get(key);
      if (w) { this.wakes.delete(key); this.b.arrow('uwake', w, w.fromKey, e.time, cpu, e.pid, key); }
      return;
    }
    if (before === 0) return;
    const key = this.b.userKey(tg, before, e.pid);
    if (e.b === USER_LEFT_YIELD) this.open.set(key, { kind: 'runnable', since: e.time });
    else if (e.b === USER_LEFT_WAIT) this.open.set(key, { kind: 'waiting', since: e.time });
    else if (e.b === USER_LEFT_EXIT) this.b.mark(e.time, 'exit', cpu, -1, `thread ${before} (pid ${tg}) exits`, key);
  }

  finish(endNs: number): void {
    for (const key of [...this.open.keys()]) this.close(key, endNs);
  }
}
