/**
 * sched_fair.ts — the fair class's order: a run queue sorted by virtual runtime, with the
 * placement of new and woken tasks and wake-up preemption, when the cost model asks for it
 * (`fairQueue` 1: Linux ≥ 2.6.23). With `fairQueue` 0 the queue stays 2.6's round robin.
 *
 * Mirrors: kernel/sched/fair.c — update_curr (a task's vruntime grows with the CPU time it
 * uses, scaled by NICE_0_LOAD / its weight), __enqueue_entity (the queue kept in vruntime order,
 * pick_next_entity takes the leftmost), update_min_vruntime (each CPU's monotonic floor),
 * place_entity, check_preempt_wakeup and yield_task_fair.
 *
 * Placement, the rule that decides who runs after a clone (measured on a 2-vCPU Linux 6.18
 * guest, the probe's sweep at T=20, C=10: a child first runs a median of 7 creations after its
 * birth, p90 20; the round robin queue made it wait behind every creator, median 12–27, p90
 * 64–100):
 * - A new task goes to the front: its vruntime is the CPU's min_vruntime. EEVDF (6.6+) places a
 *   new task at zero lag with a half-slice virtual deadline (PLACE_DEADLINE_INITIAL), the
 *   earliest among tasks that are eligible, so it is picked next; CFS before it placed a new
 *   task at min_vruntime plus one slice (START_DEBIT) — behind tasks that have just run, still
 *   ahead of the ones that keep running.
 * - A woken sleeper keeps its vruntime, but not further back than half a slice below
 *   min_vruntime (GENTLE_FAIR_SLEEPERS' sched_latency / 2; EEVDF keeps the lag it left with,
 *   bounded by a slice): a long sleep buys a bounded head start.
 * - Wake-up preemption: a woken or new task whose vruntime is more than a quarter slice below the
 *   running task's (sysctl_sched_wakeup_granularity, 1 ms × (1 + log2 ncpus) against a 6–12 ms
 *   latency) preempts it at its next return to user mode, through the same need_resched path
 *   as wakePreempt (sched.ts wakeupPreempt).
 * - sched_yield goes behind every task queued on its CPU (yield_task_fair's skip buddy; EEVDF
 *   pushes the yielder's deadline a slice on).
 *
 * Simplifies: no eligibility or deadlines (EEVDF picks the earliest deadline among the tasks at
 * or below the average vruntime; the leftmost vruntime is CFS's pick); a task's vruntime is its
 * CPU time so far (utime + stime, charged as bursts end) plus an offset set at placement, and is
 * not renormalised when the load balancer moves a queued task to another CPU; the preemption
 * of a task on another CPU waits for that task's next return to user mode and sends no
 * reschedule IPI; a perturbed schedule (sched_pct.ts) orders the queue itself.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Cpu } from './sched.js';
import { PRIO_TO_WEIGHT } from './sys_prio.js';

/** NICE_0_LOAD: the weight of a nice-0 task. */
const NICE_0_LOAD = 1024;

/** A task's virtual runtime, ns: CPU time scaled by NICE_0_LOAD / weight, plus its placement offset. */
export function vruntime(t: Task): number {
  const used = t.utime + t.stime;
  return (t.nice === 0 ? used : (used * NICE_0_LOAD) / PRIO_TO_WEIGHT[t.nice + 20]) + t.vruntimeOff;
}

/** update_min_vruntime: the CPU's floor, the smaller of its current task's and its leftmost queued one's, never falling. */
function minVruntime(cpu: Cpu): number {
  let m = Infinity;
  const c = cpu.curr;
  if (c !== null && c.rtPriority === 0) m = vruntime(c);
  if (cpu.rq.length > 0) {
    const h = cpu.rq.at(0);
    if (h.rtPriority === 0) { const v = vruntime(h); if (v < m) m = v; }
  }
  if (m !== Infinity && m > cpu.minVruntime) cpu.minVruntime = m;
  return cpu.minVruntime;
}

/** __enqueue_entity: after every real-time task and every fair task with a vruntime not above t's. */
export function enqueueFair(cpu: Cpu, t: Task): void {
  const v = vruntime(t);
  const rq = cpu.rq;
  let i = rq.length;
  while (i > 0) {
    const o = rq.at(i - 1);
    if (o.rtPriority !== 0 || vruntime(o) <= v) break;
    i--;
  }
  if (i === rq.length) rq.push(t);
  else rq.insertAt(i, t);
}

/** place_entity: a new task at min_vruntime; a woken one no further back than half a slice below it. */
export function placeFair(k: Kernel, cpu: Cpu, t: Task, isNew: boolean): void {
  const floor = minVruntime(cpu);
  const own = vruntime(t) - t.vruntimeOff;
  const target = isNew ? floor : Math.max(vruntime(t), floor - k.costs.timeslice / 2);
  t.vruntimeOff = target - own;
}

/**
 * check_preempt_wakeup: `t` (just queued on `cpu`) is to run before the current task when its
 * vruntime is more than a quarter slice below it. Returns true when it set need_resched.
 */
export function checkPreemptFair(k: Kernel, cpu: Cpu, t: Task): boolean {
  const c = cpu.curr;
  if (c === null || c === t || c.rtPriority !== 0 || cpu.wakee !== null) return false;
  if (vruntime(c) - vruntime(t) <= k.costs.timeslice / 4) return false;
  cpu.wakee = t;
  return true;
}

/** yield_task_fair: the yielder goes behind every task queued on its CPU. */
export function yieldFair(cpu: Cpu, t: Task): void {
  let last = vruntime(t);
  for (let i = 0; i < cpu.rq.length; i++) {
    const o = cpu.rq.at(i);
    if (o.rtPriority === 0) { const v = vruntime(o); if (v > last) last = v; }
  }
  t.vruntimeOff += last - vruntime(t);
}
