/**
 * pending.ts — what could still happen in a run without any task acting: the queued events,
 * sorted by what they will do. A deadlock detector reads it between two events.
 *
 * Mirrors: nothing in Linux directly; it answers the question kernel/hung_task.c (khungtaskd)
 * and lockdep ask in their own ways — is this task's sleep ever going to end? A sleep ends by
 * itself only through a timeout (schedule_timeout, a timed futex, poll, nanosleep) or a kernel
 * timer's callback (an itimer's signal, a device's completion); anything else needs a task to
 * run and wake it.
 *
 * Simplifies: a kernel timer is not attributed to a task (an itimer belongs to a process, a
 * device completion to whoever reads): callers treat any active timer as possible progress.
 */

import type { Kernel, KTimer } from './kernel.js';
import type { Task } from './task.js';
import { EVK_CPU, EVK_TIMEOUT, EVK_TIMER, type Cpu } from './sched.js';

export interface PendingWork {
  /** Some CPU has a task running or runnable, or its loop is due to run. */
  runnable: boolean;
  /** Sleeping tasks whose armed timeout will wake them, with its expiry (ns). */
  timeouts: Map<Task, number>;
  /** Active kernel timers (itimers, device completions, probes), soonest first. */
  timers: KTimer[];
}

/** Scan the event queue and the CPUs. */
export function pendingWork(k: Kernel): PendingWork {
  const w: PendingWork = { runnable: false, timeouts: new Map(), timers: [] };
  for (const c of k.cpus) if (c.curr !== null || c.rq.length > 0) w.runnable = true;
  k.engine.forEachPending((time, kind, target, gen) => {
    if (kind === EVK_CPU) {
      if (gen === (target as Cpu).gen) w.runnable = true;
    } else if (kind === EVK_TIMEOUT) {
      const t = target as Task;
      if (gen === t.sleepGen) w.timeouts.set(t, time);
    } else if (kind === EVK_TIMER) {
      if ((target as KTimer).active) w.timers.push(target as KTimer);
    }
  });
  w.timers.sort((a, b) => a.expires - b.expires);
  return w;
}
