/**
 * sched.ts — the scheduler: per-CPU run queues, time slices, wake-ups, sleeping, and the
 * context switch with its cost by kind.
 *
 * Mirrors: kernel/sched.c of Linux 2.6 — schedule(), context_switch() (switch_mm or lazy TLB
 * for a kernel thread borrowing active_mm), try_to_wake_up() (select a CPU, kick it with an
 * IPI when idle), scheduler_tick() (time slice expiry), sched_yield(), idle_balance() →
 * load_balance_newidle() and rebalance_tick() → load_balance(): a CPU pulls the most recently
 * queued task of the busiest other queue, and only from one whose nr_running, counting the task
 * it runs, is above one (findBusiestQueue). So a task woken onto an idle CPU waits there for the
 * IPI even when its waker's CPU goes idle first. Waking onto an idle CPU costs `ipi` + `idleWake`.
 *
 * No wake-affine rule, on purpose. Linux's futex and signal wake-ups are not sync (2.6's
 * wake_futex → wake_up_all; today's futex_wake → wake_up_q → wake_up_process, no WF_SYNC), and
 * a plain wake-up of a task whose last CPU is idle goes to that CPU in every era (2.6.11
 * try_to_wake_up: "Don't pull the task off an idle CPU to a busy one"; 2.6.24's wake_affine
 * load test; fair.c wake_affine_idle: `if (available_idle_cpu(prev_cpu)) return prev_cpu`). So
 * a hand-off ping-pong between two otherwise idle CPUs crosses CPUs at every hand-off, here as
 * there. Sync wake-ups (2.6's pipe_write just before it sleeps on a full pipe) are not modelled.
 *
 * Real-time tasks (SCHED_FIFO, SCHED_RR) are the class above: sched_rt.ts keeps them at the
 * head of the same run queue in priority order, preempts a lower task when one is queued, and
 * gives SCHED_RR its 100 ms slice and SCHED_FIFO none.
 *
 * SCHED_OTHER tasks share one round-robin queue, each to the tail — unless the cost model has
 * `fairQueue` (the host model): then CFS/EEVDF's virtual-runtime order, sched_fair.ts.
 *
 * Simplifies: wake-up preemption only when the
 * cost model says the kernel does it (wakePreempt: modern CFS/EEVDF, the host model): a
 * sleeper woken onto its waker's CPU runs as soon as the waker returns to user mode; otherwise
 * a woken task waits for the current one's slice to end unless a CPU is idle. A nice value scales the
 * slice by its CFS weight (sys_prio.ts), so competing tasks share a CPU in proportion. Timer ticks are not
 * events; a burst is cut at the slice end and each tick crossed charges `timerTick`.
 *
 * Affinity: a task with a CPU mask (sched_setaffinity, sys_affinity.ts) is placed only on a CPU
 * it allows (selectTaskRq) and pulled only by one (findBusiestQueue/detachTask); a task whose
 * mask is null — every task that never set one — takes the unchanged fast path.
 *
 * Perturbation: when a run asks for it, `k.pct` (sched_pct.ts) picks from the run queue, the
 * wake-up order and the woken task's CPU instead; otherwise it is null and nothing changes.
 */

import type { Kernel } from './kernel.js';
import { Deque } from './deque.js';
import { idleExit, newidleMayPull } from './sched_newidle.js';
import { selectTaskRqFork, selectTaskRqWake } from './sched_select_rq.js';
import {
  Task, WaitQueue, TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE, WAKE_NORMAL,
  WAKE_TIMEOUT, WAKE_NONE, WAKE_SIGNAL,
} from './task.js';
import type { Mm } from './mm.js';
import { EV_SCHED_SWITCH, EV_SCHED_WAKEUP, EV_BLOCK, EV_UNBLOCK, EV_PREEMPT } from './trace.js';
import { niceSlice } from './sys_prio.js';
import { cpuAllowed } from './cpumask.js';
import { enqueueFair, placeFair, checkPreemptFair, yieldFair } from './sched_fair.js';
import { enqueueRt, checkPreemptCurr, selectTaskRqRt, rtSlice, rtYield, pullRt, pushRt } from './sched_rt.js';

/** Engine event kinds and priorities (timers fire before CPUs continue at equal times). */
export const EVK_CPU = 1;
export const EVK_TIMEOUT = 2;
export const EVK_TIMER = 3;
export const PRIO_TIMER = 0;
export const PRIO_CPU = 1;

/** Return value of a system call that put its caller to sleep. */
export const BLOCK = -0x7fffffff;

export class Cpu {
  curr: Task | null = null;
  /** The task that last ran here, for the switch-cost kind. */
  prev: Task | null = null;
  /** The mm loaded in this CPU's page-table register (active_mm of the last task). */
  loadedMm: Mm | null = null;
  rq = new Deque<Task>();
  /** True while an EVK_CPU event is queued or the CPU's loop is running. */
  busy = false;
  /** Bumped to invalidate a queued EVK_CPU event (interrupting a burst). */
  gen = 0;
  sliceEnd = 0;
  /** The burst segment in flight: [segStart, segEnd) charged to curr. */
  segStart = 0;
  segEnd = 0;
  segBurst = 0;
  switches = 0;
  /** A sleeper the running task woke onto this CPU, to run first when that task returns to user mode (wakePreempt). */
  wakee: Task | null = null;
  /** need_resched for a real-time task queued here that outranks curr (sched_rt.ts). */
  rtResched = false;
  /** Accumulated fraction of wake-ups that preempt (wakePreempt below 1). */
  wakeCredit = 0;
  /** The trace shows this CPU idle: a switch to swapper/N was emitted (see traceIdle). */
  tracedIdle = false;
  /** When this CPU last went idle (its loop found nothing to run), or -1: it is not idle. */
  idleSince = -1;
  /** When this CPU last left an idle period (its loop picked a task after idling), or -1: never (sched_select_rq.ts). */
  busySince = -1;
  /** The busy period (its busySince) whose one stay-home child was placed, and that child (sched_select_rq.ts forkPack). */
  packedSince = -1;
  packedChild: Task | null = null;
  /** rq->idle_stamp: when this CPU's current idle period began, or -1 (sched_newidle.ts). */
  idleStamp = -1;
  /** rq->avg_idle: the running average of its idle periods, ns. */
  avgIdle = 0;
  /** The tick's idle balance woke this CPU: it may pull whatever avg_idle says; armed: a timer is set. */
  tickBalance = false;
  tickBalanceArmed = false;
  /** cached_stacks: freed kernel stacks kept on this CPU, 0..NR_CACHED_STACKS (fork_stack.ts). */
  cachedStacks = 0;
  /** Deferred kernel work this CPU owes (RCU-freed kernel stacks), ns; paid at its next switch (fork_stack.ts). */
  deferredNs = 0;
  /** cfs_rq->min_vruntime, with fairQueue (sched_fair.ts). */
  minVruntime = 0;
  constructor(public id: number) {}
}

// ---------------------------------------------------------------------------------------
// Run queues

/** enqueue_task: put a runnable task on a CPU's queue (tail). */
export function enqueueTask(k: Kernel, t: Task, cpu: Cpu): void {
  t.cpu = cpu.id;
  t.onRq = true;
  if (t.rtPriority !== 0) enqueueRt(cpu, t, false); // ahead of lower priorities (sched_rt.ts)
  else if (k.costs.fairQueue !== 0 && k.pct === null) enqueueFair(cpu, t); // vruntime order (sched_fair.ts)
  else cpu.rq.push(t);
}

/** select_task_rq: the task's last CPU if idle, else the first idle CPU, else the last CPU. */
export function selectTaskRq(k: Kernel, t: Task): Cpu {
  if (t.cpusMask !== null) return selectAllowedRq(k, t);
  const last = k.cpus[t.cpu] ?? k.cpus[0];
  if (isIdle(last)) return last;
  for (const c of k.cpus) if (isIdle(c)) return c;
  // No idle CPU: the shortest queue, preferring the last CPU on ties (cache affinity).
  let best = last;
  for (const c of k.cpus) if (c.rq.length < best.rq.length) best = c;
  return best;
}

/**
 * select_task_rq for a task with an affinity mask (select_fallback_rq when its last CPU is not
 * allowed): the same preferences, among the CPUs it may run on only.
 */
function selectAllowedRq(k: Kernel, t: Task): Cpu {
  let best: Cpu | null = cpuAllowed(t, t.cpu) ? k.cpus[t.cpu] ?? null : null;
  if (best !== null && isIdle(best)) return best;
  for (const c of k.cpus) if (cpuAllowed(t, c.id) && isIdle(c)) return c;
  for (const c of k.cpus) if (cpuAllowed(t, c.id) && (best === null || c.rq.length < best.rq.length)) best = c;
  return best!;
}

function isIdle(c: Cpu): boolean {
  return c.curr === null && c.rq.length === 0;
}

/** Wake an idle CPU: it will run its loop after an IPI's delay. */
export function kickCpu(k: Kernel, cpu: Cpu, delay: number): void {
  if (cpu.busy) return;
  cpu.busy = true;
  k.engine.at(k.engine.now + delay, PRIO_CPU, EVK_CPU, cpu, cpu.gen);
}

/** Make a new or woken task runnable (wake_up_new_task with `creator`, else activate_task). */
export function activateTask(k: Kernel, t: Task, waker: Task | null, creator: Task | null = null): void {
  t.state = TASK_RUNNING;
  const cpu = (k.pct !== null ? k.pct.selectCpu(k, t) : null) ??
    (t.rtPriority !== 0 ? selectTaskRqRt(k, t) : creator !== null ? selectTaskRqFork(k, t, creator) : selectTaskRqWake(k, t));
  const fair = k.costs.fairQueue !== 0 && t.rtPriority === 0 && k.pct === null;
  if (fair) placeFair(k, cpu, t, creator !== null);
  enqueueTask(k, t, cpu);
  if (fair) checkPreemptFair(k, cpu, t);
  if (cpu.idleStamp >= 0) idleExit(k, cpu);
  if (k.trace.on[EV_SCHED_WAKEUP]) k.trace.emit(EV_SCHED_WAKEUP, k.engine.now, cpu.id, t.pid, cpu.id, waker ? waker.pid : 0, '');
  const sameCpu = waker !== null && waker.cpu === cpu.id && waker.onCpu;
  // kickCpu acts only on an idle CPU: the IPI, and the CPU leaving its idle state (idleWake).
  kickCpu(k, cpu, sameCpu ? 0 : k.costs.ipi + k.costs.idleWake);
  if (t.rtPriority !== 0) checkPreemptCurr(k, cpu, t);
}

// ---------------------------------------------------------------------------------------
// Sleeping and waking

/**
 * Put `t` to sleep on `wq` (prepare_to_wait + schedule). With `timeout` >= 0 (ns from now) a
 * timer wakes it with WAKE_TIMEOUT. The caller returns BLOCK from its system call; when the
 * task runs again the system call is re-entered and reads t.wakeReason.
 */
export function sleepOn(k: Kernel, t: Task, wq: WaitQueue | null, timeout = -1, state = TASK_INTERRUPTIBLE): number {
  if (state === TASK_INTERRUPTIBLE && t.sigpending) {
    // signal_pending_state: schedule() does not put a task with a signal pending to sleep.
    // It stays running and the call is re-entered at once as if a signal had woken it.
    t.waitq = null;
    t.sleepGen++;
    t.wakeReason = WAKE_SIGNAL;
    return BLOCK;
  }
  t.state = state;
  t.wakeReason = WAKE_NONE;
  t.waitq = wq;
  if (wq) wq.tasks.push(t);
  delTimeout(k, t);
  const gen = ++t.sleepGen;
  if (timeout >= 0) t.timeoutSlot = k.engine.at(k.engine.now + timeout, PRIO_TIMER, EVK_TIMEOUT, t, gen);
  if (k.trace.on[EV_BLOCK]) k.trace.emit(EV_BLOCK, k.engine.now, t.cpu, t.pid, 0, 0, wq ? wq.name : 'timeout');
  return BLOCK;
}

/** try_to_wake_up: wake one sleeping task, recording why. Returns false if it was not asleep. */
export function wakeUpTask(k: Kernel, t: Task, reason: number, waker: Task | null = k.current): boolean {
  if (t.state !== TASK_INTERRUPTIBLE && t.state !== TASK_UNINTERRUPTIBLE) return false;
  if (t.waitq) {
    const q = t.waitq.tasks;
    const i = q.indexOf(t);
    if (i >= 0) q.splice(i, 1);
    t.waitq = null;
  }
  delTimeout(k, t);
  t.sleepGen++;
  t.wakeReason = reason;
  if (k.trace.on[EV_UNBLOCK]) k.trace.emit(EV_UNBLOCK, k.engine.now, t.cpu, t.pid, reason, 0, '');
  activateTask(k, t, waker);
  if (k.costs.wakePreempt !== 0 && waker !== null) markWakee(k, t, waker);
  return true;
}

/**
 * check_preempt_wakeup: a sleeper woken onto its running waker's CPU is to run before it — in
 * the fraction `wakePreempt` of such wake-ups (EEVDF decides by the woken task's lag and
 * deadline, which the lab does not keep): an accumulator spreads them evenly, deterministically.
 */
function markWakee(k: Kernel, t: Task, waker: Task): void {
  const cpu = k.cpus[t.cpu];
  if (cpu.curr !== waker || cpu.wakee !== null) return;
  if (t.rtPriority !== 0 || waker.rtPriority !== 0) return; // the RT class decides (checkPreemptCurr)
  cpu.wakeCredit += k.costs.wakePreempt < 1 ? k.costs.wakePreempt : 1;
  if (cpu.wakeCredit < 1) return;
  cpu.wakeCredit -= 1;
  cpu.wakee = t;
}

/**
 * The waker returns to user mode with a sleeper it woke on this CPU still queued: it is
 * preempted (an involuntary switch; it keeps the rest of its slice and waits at the head of the
 * queue), and the woken task runs next. Returns false if there is nothing to do.
 */
export function wakeupPreempt(k: Kernel, cpu: Cpu, t: Task): boolean {
  const w = cpu.wakee!;
  cpu.wakee = null;
  if (k.rtActive && cpu.rq.length > 0 && cpu.rq.at(0).rtPriority !== 0) return false; // an RT task comes first
  if (!w.onRq || w.cpu !== cpu.id || !cpu.rq.remove(w)) return false;
  putPrev(k, cpu, t);
  t.nivcsw++;
  if (k.trace.on[EV_PREEMPT]) k.trace.emit(EV_PREEMPT, k.engine.now, cpu.id, t.pid, cpu.id, 0, '');
  t.onRq = true;
  if (k.costs.fairQueue !== 0 && k.pct === null) enqueueFair(cpu, t); // the preempted task keeps its place by vruntime
  else cpu.rq.unshift(t);
  cpu.rq.unshift(w);
  return true;
}

/** wake_up_nr: wake at most `n` tasks from the head of `wq`; returns how many were woken. */
export function wakeUp(k: Kernel, wq: WaitQueue, n = Infinity): number {
  let woken = 0;
  while (woken < n && wq.tasks.length) {
    const i = k.pct === null ? 0 : k.pct.waiterIndex(wq.tasks.length); // perturbed: any waiter
    const t = wq.tasks[i];
    if (wakeUpTask(k, t, WAKE_NORMAL)) woken++;
    else if (i === 0) wq.tasks.shift();
    else wq.tasks.splice(i, 1);
  }
  return woken;
}

/**
 * del_timer (schedule_timeout's, once the sleep is over): take the sleep's timeout event off
 * the queue. One that already fired, or belongs to an earlier sleep, is left alone (the engine
 * checks the slot still holds this task's timeout of this sleep).
 */
function delTimeout(k: Kernel, t: Task): void {
  if (t.timeoutSlot < 0) return;
  k.engine.cancel(t.timeoutSlot, EVK_TIMEOUT, t, t.sleepGen);
  t.timeoutSlot = -1;
}

/** A sleep's timer fired (the gen check drops timers of sleeps that already ended). */
export function timeoutFired(k: Kernel, t: Task, gen: number): void {
  if (gen !== t.sleepGen) return;
  wakeUpTask(k, t, WAKE_TIMEOUT, null);
}

// ---------------------------------------------------------------------------------------
// Picking and switching

/** rq->nr_running: the tasks queued on a CPU and the one it runs (not its idle task). */
function nrRunning(c: Cpu): number {
  return c.curr !== null ? c.rq.length + 1 : c.rq.length;
}

/**
 * find_busiest_queue, and the `busiest->nr_running > 1` test before move_tasks (2.6.11's
 * load_balance and move_tasks, 2.6.24's load_balance_newidle in kernel/sched.c; fair.c's
 * sched_balance_rq today): the other CPU with the most runnable tasks, counting the one it
 * runs, if it has one to spare. A task queued on an idle CPU for its IPI is that CPU's only
 * task (nr_running 1) and stays there; a task queued behind a running one can move.
 */
export function findBusiestQueue(k: Kernel, cpu: Cpu): Cpu | null {
  let busiest: Cpu | null = null;
  let most = 1;
  for (const c of k.cpus) {
    if (c === cpu || c.rq.length === 0) continue;
    const nr = nrRunning(c);
    if (nr > most && movableIndex(c, cpu) >= 0) { busiest = c; most = nr; }
  }
  return busiest;
}

/**
 * can_migrate_task's affinity test: the most recently queued task of `c` that may run on
 * `dst` (its index in c.rq), or -1 when every queued task is pinned elsewhere (load_balance's
 * LBF_ALL_PINNED: that queue is passed over). O(1) unless tasks with a mask are queued.
 */
function movableIndex(c: Cpu, dst: Cpu): number {
  for (let i = c.rq.length - 1; i >= 0; i--) if (cpuAllowed(c.rq.at(i), dst.id)) return i;
  return -1;
}

/** detach_task: take the task move_tasks would move from `busiest` to `dst`. */
export function detachTask(busiest: Cpu, dst: Cpu): Task {
  const i = movableIndex(busiest, dst);
  if (i === busiest.rq.length - 1) return busiest.rq.pop()!;
  const t = busiest.rq.at(i);
  busiest.rq.remove(t);
  return t;
}

/**
 * pick_next_task, with idle_balance (load_balance_newidle) when the own queue is empty:
 * move_tasks takes the most recently queued task of the busiest queue.
 */
export function pickNext(k: Kernel, cpu: Cpu): Task | null {
  if (k.rtActive && k.cpus.length > 1) pullRt(k, cpu);
  let t = k.pct === null || (cpu.rq.length > 0 && cpu.rq.at(0).rtPriority !== 0) ? cpu.rq.shift() : k.pct.pick(cpu.rq);
  if (t === undefined && k.cpus.length > 1) {
    const busiest = findBusiestQueue(k, cpu);
    if (busiest !== null && newidleMayPull(k, cpu)) {
      t = detachTask(busiest, cpu);
      k.migrations++;
    }
    cpu.tickBalance = false;
  }
  if (t === undefined) return null;
  t.onRq = false;
  t.cpu = cpu.id;
  if (k.rtActive && k.cpus.length > 1 && cpu.rq.length > 0) pushRt(k, cpu);
  return t;
}

/**
 * context_switch: make `next` current on `cpu`; returns the cost. A kernel thread keeps the
 * previous mm loaded (lazy TLB, no flush); a user task whose mm is already loaded pays the
 * cheap switch; any other pays switch_mm's flush.
 */
export function contextSwitch(k: Kernel, cpu: Cpu, next: Task): number {
  const prev = cpu.prev;
  const c = k.costs;
  let cost: number;
  if (next.mm === null) {
    next.activeMm = cpu.loadedMm;
    cost = c.ctxSwitchKthread;
  } else if (next.mm === cpu.loadedMm) {
    cost = c.ctxSwitch;
  } else {
    cost = c.ctxSwitchMm;
    cpu.loadedMm = next.mm;
    k.tlbFlushes++;
  }
  // Re-picking the task that was running is no switch; leaving idle for the task that ran last
  // is one (the idle task switches to it; its mm is still loaded, lazy TLB).
  if (prev === next && !cpu.tracedIdle) cost = 0;
  if (next.startCpu >= 0) { // a new task's first run: away from its creator's CPU, nothing of it is cached there
    if (next.startCpu !== cpu.id) cost += c.remoteStart;
    next.startCpu = -1;
  }
  cpu.curr = next;
  next.onCpu = true;
  if (next.sliceLeft <= 0) {
    next.sliceLeft = next.rtPriority !== 0 ? rtSlice(next) : next.nice === 0 ? c.timeslice : niceSlice(c.timeslice, next.nice);
  }
  cpu.sliceEnd = k.engine.now + cost + next.sliceLeft;
  const fromIdle = cpu.tracedIdle || prev === null;
  cpu.tracedIdle = false;
  if (prev !== next) {
    cpu.switches++;
    k.contextSwitches++;
  }
  // From idle the trace shows swapper/N → next, even when next is the task that ran last.
  if ((prev !== next || fromIdle) && k.trace.on[EV_SCHED_SWITCH]) {
    k.trace.emit(EV_SCHED_SWITCH, k.engine.now, cpu.id, fromIdle ? 0 : prev!.pid, next.pid, fromIdle ? 0 : prev!.state, next.comm);
  }
  cpu.prev = next;
  next.stime += cost;
  return cost;
}

/**
 * The CPU found nothing to run. Linux switches to the CPU's idle task (sched_switch to
 * swapper/N); here the CPU simply stops, so only the trace records that switch, once, and
 * contextSwitch reports the way back as swapper/N → next (costs are unchanged).
 */
export function traceIdle(k: Kernel, cpu: Cpu): void {
  const prev = cpu.prev;
  if (cpu.tracedIdle || prev === null) return;
  cpu.tracedIdle = true;
  if (k.trace.on[EV_SCHED_SWITCH]) k.trace.emit(EV_SCHED_SWITCH, k.engine.now, cpu.id, prev.pid, 0, prev.state, `swapper/${cpu.id}`);
}

/** Take `t` off its CPU (it blocked, exited, stopped or was preempted). */
export function putPrev(k: Kernel, cpu: Cpu, t: Task): void {
  const used = cpu.sliceEnd - k.engine.now;
  t.sliceLeft = used > 0 ? used : 0;
  t.onCpu = false;
  cpu.curr = null;
}

/** Preempt `t` at its slice end: back to the tail of the queue (an involuntary switch). */
export function preempt(k: Kernel, cpu: Cpu, t: Task): void {
  putPrev(k, cpu, t);
  t.sliceLeft = 0;
  t.nivcsw++;
  if (k.pct !== null) k.pct.demote(t); // perturbed: a spent slice drops below every priority
  if (k.trace.on[EV_PREEMPT]) k.trace.emit(EV_PREEMPT, k.engine.now, cpu.id, t.pid, cpu.id, 0, '');
  enqueueTask(k, t, cpu);
}

/** sched_yield: to the tail of the queue if anyone else is runnable on this CPU. */
export function yieldTask(k: Kernel, cpu: Cpu, t: Task): boolean {
  if (t.rtPriority !== 0) return rtYield(k, cpu, t);
  if (cpu.rq.length === 0) return false;
  putPrev(k, cpu, t);
  t.nvcsw++;
  if (k.pct !== null) k.pct.demote(t);
  else if (k.costs.fairQueue !== 0) yieldFair(cpu, t);
  enqueueTask(k, t, cpu);
  return true;
}

/**
 * Interrupt the burst running on `cpu` now (a signal arrived for its task): give back the
 * unrun part of the segment and continue the CPU's loop at once.
 */
export function interruptCpu(k: Kernel, cpu: Cpu): void {
  const t = cpu.curr;
  if (t === null || cpu.segBurst === 0 || cpu.segEnd <= k.engine.now) return;
  // The segment is segBurst of the burst plus the cost of the timer ticks it crosses. Ticks
  // that fell before now were taken; the others are refunded (the rest of the burst, re-run
  // later, counts them again), so only the unrun part of the burst goes back to burstLeft.
  const now = k.engine.now;
  const elapsed = now - cpu.segStart;
  const tickTotal = cpu.segEnd - cpu.segStart - cpu.segBurst;
  const ticksRan = Math.min(tickTotal, (Math.floor(now / k.tickNs) - Math.floor(cpu.segStart / k.tickNs)) * k.costs.timerTick);
  const ran = Math.min(cpu.segBurst, Math.max(0, elapsed - ticksRan));
  const unrun = cpu.segBurst - ran;
  const unrunTick = tickTotal - (elapsed - ran);
  t.burstLeft += unrun;
  if (t.burstSys) t.stime -= unrun + unrunTick; else { t.utime -= unrun; t.stime -= unrunTick; }
  cpu.segBurst = 0;
  cpu.gen++;
  cpu.busy = true;
  k.engine.at(now, PRIO_CPU, EVK_CPU, cpu, cpu.gen);
}

export { TASK_RUNNING };
