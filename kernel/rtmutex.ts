/**
 * rtmutex.ts — priority inheritance: the boost a PI futex's owner gets from its waiters.
 *
 * Mirrors: Linux kernel/locking/rtmutex.c — rt_mutex_adjust_prio (the owner's effective
 * priority is the higher of its own, normal_prio, and its top waiter's: task_top_pi_waiter),
 * rt_mutex_adjust_prio_chain (when a blocked task's priority changes, requeue it among its
 * lock's waiters and walk on to that lock's owner, who may itself be blocked on a PI lock; the
 * walk stops where nothing changes, and a walk that comes back to the task that started it is a
 * deadlock, -EDEADLK, checked before blocking as task_blocks_on_rt_mutex does with
 * RT_MUTEX_FULL_CHAINWALK), rt_mutex_adjust_pi (sched_setscheduler on a blocked task); and
 * kernel/sched/core.c rt_mutex_setprio, which moves the boosted task in the run queue
 * (sys_sched.ts rtMutexSetprio). A SCHED_OTHER owner boosted by a real-time waiter runs in the
 * RT class for as long as it is boosted (its policy, as sched_getscheduler reports it, stays);
 * sched_getparam reports the normal priority (p->rt_priority), never the boosted one.
 *
 * In the lab's terms the effective priority is Task.rtPriority, the field the scheduler reads
 * (sched_rt.ts); while a task is boosted its normal one is kept in k.piNormal.
 *
 * Simplifies: priority is the RT priority alone (1 … 99; 0 for every SCHED_OTHER task, whose
 * nice does not order waiters or boost anyone, as a fair task's prio boosts nothing that the
 * lab's scheduler would see); no deadline tasks; the chain walk has MAX_LOCK_DEPTH's bound.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { PiState } from './futex_pi.js';
import { rtMutexSetprio } from './sys_sched.js';

/** MAX_LOCK_DEPTH (include/linux/sched.h): how far a chain walk goes. */
export const MAX_LOCK_DEPTH = 1024;

/** p->normal_prio's RT part: the priority the task has of its own. */
export function normalRtPrio(k: Kernel, t: Task): number {
  const n = k.piNormal.get(t);
  return n === undefined ? t.rtPriority : n;
}

/** task_top_pi_waiter's priority: the highest of the top waiters of the PI locks `t` owns (0: none). */
export function topPiWaiterPrio(t: Task): number {
  let top = 0;
  if (t.piOwned === null) return 0;
  for (const ps of t.piOwned) {
    const w = ps.tasks.length > 0 ? ps.tasks[0].rtPriority : 0;
    if (w > top) top = w;
  }
  return top;
}

/**
 * rt_effective_prio: the priority `t` runs at when its normal one is `normal` — recorded, so
 * that sched_getparam and a later deboost find the normal one again.
 */
export function rtEffectivePrio(k: Kernel, t: Task, normal: number): number {
  const top = topPiWaiterPrio(t);
  if (top > normal) { k.piNormal.set(t, normal); return top; }
  k.piNormal.delete(t);
  return normal;
}

/** rt_mutex_adjust_prio: bring `t`'s effective priority up or down to what its waiters give it; true if it changed. */
export function rtMutexAdjustPrio(k: Kernel, t: Task): boolean {
  const eff = rtEffectivePrio(k, t, normalRtPrio(k, t));
  if (eff === t.rtPriority) return false;
  rtMutexSetprio(k, t, eff);
  return true;
}

/**
 * rt_mutex_enqueue / the waiters tree's order: `t`, a waiter of `ps`, goes behind every waiter of
 * its priority or higher and ahead of the lower ones (FIFO within a priority).
 */
export function requeuePiWaiter(ps: PiState, t: Task): void {
  const ts = ps.tasks;
  const i = ts.indexOf(t);
  if (i < 0) return;
  ts.splice(i, 1);
  let j = 0;
  while (j < ts.length && ts[j].rtPriority >= t.rtPriority) j++;
  ts.splice(j, 0, t);
}

/**
 * rt_mutex_adjust_prio_chain: `owner`'s waiters changed; adjust its priority, and if it is itself
 * blocked on a PI lock, requeue it there and go on to that lock's owner.
 */
export function adjustPrioChain(k: Kernel, owner: Task | null): void {
  let o = owner;
  for (let depth = 0; o !== null && depth < MAX_LOCK_DEPTH; depth++) {
    if (!rtMutexAdjustPrio(k, o)) return;
    const q = o.waitq;
    if (!(q instanceof PiState)) return;
    requeuePiWaiter(q, o);
    o = q.owner;
  }
}

/**
 * The deadlock check of the chain walk: would `t` blocking on `ps` close a cycle (its owner,
 * or the owner of the lock that owner waits on, and so on, is `t`)?
 */
export function chainDeadlocks(t: Task, ps: PiState): boolean {
  let o = ps.owner;
  for (let depth = 0; o !== null && depth < MAX_LOCK_DEPTH; depth++) {
    if (o === t) return true;
    const q = o.waitq;
    o = q instanceof PiState ? q.owner : null;
  }
  return false;
}

/** rt_mutex_adjust_pi: a blocked task's own priority changed (sched_setscheduler): requeue it and walk the chain. */
export function rtMutexAdjustPi(k: Kernel, t: Task): void {
  const q = t.waitq;
  if (!(q instanceof PiState)) return;
  requeuePiWaiter(q, t);
  adjustPrioChain(k, q.owner);
}
