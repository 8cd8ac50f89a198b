/**
 * sched_rt.ts — the real-time scheduling class: SCHED_FIFO and SCHED_RR.
 *
 * Mirrors: kernel/sched/rt.c of Linux — one FIFO list per priority (enqueue_task_rt: a task
 * goes to the tail of its priority's list; a preempted one keeps its place at the head, as the
 * running task never leaves its list); pick_next_task_rt: the first task of the highest
 * priority, before any SCHED_OTHER task (the class order of core.c); check_preempt_curr_rt and
 * core.c check_preempt_curr: a task of a higher class or a higher rt_priority reschedules the
 * CPU's current task (resched_curr, an IPI for another CPU); task_tick_rt: a SCHED_RR task gets
 * RR_TIMESLICE (100 ms) and, when it is spent, goes to the tail of its list if another task
 * shares it, with a fresh slice either way; SCHED_FIFO has no slice and runs until it blocks,
 * yields or is preempted; yield_task_rt: to the tail of its list (requeue_task_rt), so a yield
 * with no other task of its priority changes nothing. SMP: select_task_rq_rt + find_lowest_rq
 * (cpupri) — a woken or new RT task goes to its previous CPU unless that CPU runs an RT task of
 * equal or higher priority, then to the CPU whose highest priority is lowest, if that is below
 * its own; push_rt_tasks after a CPU schedules (a queued RT task that cannot run here moves to
 * a CPU running something of lower priority and preempts it); pull_rt_task before a CPU picks
 * (it takes a higher-priority RT task that waits on another CPU behind a running one).
 *
 * In the lab's terms the RT tasks sit at the head of the CPU's one run queue in priority order:
 * a task's rtPriority is 1 … 99 under SCHED_FIFO/SCHED_RR and 0 under every other policy, so
 * pickNext's shift takes the highest RT task first and a SCHED_OTHER task is still pushed at
 * the tail. A queue without RT tasks is exactly the round-robin queue it was, and the extra
 * work (push, pull) runs only once some task has had an RT policy (k.rtActive).
 *
 * Simplifies: no RT throttling (sched_rt_runtime_us: a runaway FIFO task keeps its CPU, as with
 * the throttle at -1); no RT group scheduling (priority inheritance: rtmutex.ts raises
 * rtPriority, the effective priority, while a PI futex's waiter outranks its owner); push and
 * pull look at the head of each queue only and run when a CPU schedules or a task is placed,
 * not from balance callbacks; find_lowest_rq prefers the task's previous CPU, then an idle
 * one, then the lowest-numbered (no topology); no kernel preemption — a current task in a
 * system call is preempted when it returns to user mode or sleeps, a user-mode burst at once;
 * the reschedule IPI to another CPU costs nothing extra.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { type Cpu, enqueueTask, interruptCpu, kickCpu, putPrev, preempt } from './sched.js';
import { cpuAllowed } from './cpumask.js';
import { EV_PREEMPT } from './trace.js';
import { SCHED_RR, RR_TIMESLICE_NS } from './uapi.js';

/** Task.policy's policy bits (the rest is SCHED_RESET_ON_FORK). */
export const POLICY_MASK = 0xff;

/** A new slice of an RT task: RR_TIMESLICE for SCHED_RR, none (Infinity) for SCHED_FIFO. */
export function rtSlice(t: Task): number {
  return (t.policy & POLICY_MASK) === SCHED_RR ? RR_TIMESLICE_NS : Infinity;
}

/**
 * enqueue_task_rt: put `t` in priority order — at the tail of its priority's list, or with
 * `head` at its head (a preempted task keeps its place). A SCHED_OTHER task (rtPriority 0) with
 * `head` goes ahead of every other SCHED_OTHER task, behind the RT ones.
 */
export function enqueueRt(cpu: Cpu, t: Task, head: boolean): void {
  const rq = cpu.rq;
  const p = t.rtPriority;
  let i = 0;
  if (head) while (i < rq.length && rq.at(i).rtPriority > p) i++;
  else while (i < rq.length && rq.at(i).rtPriority >= p) i++;
  rq.insertAt(i, t);
}

/** check_preempt_curr: `t`, just queued on `cpu`, outranks the task running there — reschedule it. */
export function checkPreemptCurr(k: Kernel, cpu: Cpu, t: Task): void {
  const c = cpu.curr;
  if (c === null || t.rtPriority <= c.rtPriority || cpu.rtResched) return;
  cpu.rtResched = true;
  interruptCpu(k, cpu); // cut its user-mode burst now (the resched IPI); a no-op outside one
}

/**
 * need_resched on return to user mode: if the queue's head outranks the running task, the
 * running task is preempted (an involuntary switch); it keeps the rest of its slice and its
 * place at the head of its priority's list. Returns true if it was preempted.
 */
export function rtPreemptCurr(k: Kernel, cpu: Cpu, t: Task): boolean {
  cpu.rtResched = false;
  if (cpu.rq.length === 0 || cpu.rq.at(0).rtPriority <= t.rtPriority) return false;
  putPrev(k, cpu, t);
  t.nivcsw++;
  if (k.trace.on[EV_PREEMPT]) k.trace.emit(EV_PREEMPT, k.engine.now, cpu.id, t.pid, cpu.id, 0, '');
  t.onRq = true;
  enqueueRt(cpu, t, true);
  return true;
}

/**
 * task_tick_rt at the end of an RT task's slice: a SCHED_RR task goes to the tail of its list
 * if another task of its priority is queued (true: it was preempted); otherwise it runs on
 * with a fresh slice (false).
 */
export function rtSliceEnd(k: Kernel, cpu: Cpu, t: Task): boolean {
  if ((t.policy & POLICY_MASK) === SCHED_RR && cpu.rq.length > 0 && cpu.rq.at(0).rtPriority === t.rtPriority) {
    preempt(k, cpu, t);
    return true;
  }
  cpu.sliceEnd = k.engine.now + rtSlice(t);
  return false;
}

/** yield_task_rt: to the tail of its priority's list; only a task of that priority runs instead. */
export function rtYield(k: Kernel, cpu: Cpu, t: Task): boolean {
  if (cpu.rq.length === 0 || cpu.rq.at(0).rtPriority !== t.rtPriority) return false;
  putPrev(k, cpu, t);
  t.nvcsw++;
  enqueueTask(k, t, cpu);
  return true;
}

/** cpupri: the highest priority on a CPU, running or queued (0: none RT — idle or SCHED_OTHER). */
function cpuPrio(c: Cpu): number {
  const r = c.curr !== null ? c.curr.rtPriority : 0;
  const q = c.rq.length > 0 ? c.rq.at(0).rtPriority : 0;
  return r > q ? r : q;
}

function isIdle(c: Cpu): boolean {
  return c.curr === null && c.rq.length === 0;
}

/**
 * find_lowest_rq: the allowed CPU (other than `skip`) whose highest priority is lowest and
 * below `t`'s, preferring t's previous CPU, then an idle one, then the lowest-numbered; null if
 * none is below it.
 */
export function findLowestRq(k: Kernel, t: Task, skip: Cpu | null): Cpu | null {
  let best: Cpu | null = null;
  let bestPrio = t.rtPriority;
  for (const c of k.cpus) {
    if (c === skip || !cpuAllowed(t, c.id)) continue;
    const p = cpuPrio(c);
    if (p >= t.rtPriority) continue;
    if (best === null || p < bestPrio || (p === bestPrio && preferred(c, best, t))) { best = c; bestPrio = p; }
  }
  return best;
}

/** Between two CPUs of equal priority: the task's previous CPU, else an idle one. */
function preferred(c: Cpu, b: Cpu, t: Task): boolean {
  if (b.id === t.cpu) return false;
  if (c.id === t.cpu) return true;
  return isIdle(c) && !isIdle(b);
}

/**
 * select_task_rq_rt: the previous CPU, unless the task running there is RT of equal or higher
 * priority; then the lowest CPU if it is below the task. A previous CPU the task may no longer
 * use is replaced by the lowest allowed one (select_fallback_rq).
 */
export function selectTaskRqRt(k: Kernel, t: Task): Cpu {
  const prev = cpuAllowed(t, t.cpu) ? k.cpus[t.cpu] ?? null : null;
  if (prev !== null) {
    const c = prev.curr;
    if (c === null || c.rtPriority < t.rtPriority) return prev;
  }
  const low = findLowestRq(k, t, null);
  if (low !== null) return low;
  if (prev !== null) return prev;
  for (const c of k.cpus) if (cpuAllowed(t, c.id)) return c;
  return k.cpus[0];
}

/** Queue `t` on `cpu` and make that CPU look at it (wake it, or reschedule its current task). */
function moveRt(k: Kernel, t: Task, to: Cpu): void {
  k.migrations++;
  enqueueTask(k, t, to);
  if (to.curr === null) kickCpu(k, to, k.costs.ipi + k.costs.idleWake);
  else checkPreemptCurr(k, to, t);
}

/**
 * pull_rt_task, before `cpu` picks: take the highest-priority RT task queued at the head of
 * another CPU's queue behind a running task of equal or higher priority, if it outranks
 * everything queued here.
 */
export function pullRt(k: Kernel, cpu: Cpu): void {
  let src: Cpu | null = null;
  let best = cpu.rq.length > 0 ? cpu.rq.at(0).rtPriority : 0;
  for (const c of k.cpus) {
    if (c === cpu || c.rq.length === 0 || c.curr === null) continue;
    const h = c.rq.at(0);
    if (h.rtPriority > best && h.rtPriority <= c.curr.rtPriority && cpuAllowed(h, cpu.id)) { src = c; best = h.rtPriority; }
  }
  if (src === null) return;
  const t = src.rq.shift()!;
  k.migrations++;
  enqueueTask(k, t, cpu);
}

/**
 * push_rt_tasks, after `cpu` picked its next task: while the head of its queue is an RT task
 * that will not run here now, move it to a CPU running something of lower priority.
 */
export function pushRt(k: Kernel, cpu: Cpu): void {
  while (cpu.rq.length > 0) {
    const t = cpu.rq.at(0);
    if (t.rtPriority === 0) return;
    const to = findLowestRq(k, t, cpu);
    if (to === null) return;
    cpu.rq.shift();
    t.onRq = false;
    moveRt(k, t, to);
  }
}
