/**
 * sys_sched.ts — scheduling policy system calls: sched_setscheduler, sched_getscheduler,
 * sched_setparam, sched_getparam, sched_get_priority_max/min, sched_rr_get_interval; and what
 * fork passes on.
 *
 * Mirrors: kernel/sched/syscalls.c (core.c before 6.10) of Linux — do_sched_setscheduler (no
 * param or pid < 0: EINVAL; no such task: ESRCH; pid 0 is the caller), __sched_setscheduler's
 * checks in its order (valid_policy; sched_priority above MAX_RT_PRIO - 1, or a priority that is
 * not 1 … 99 for SCHED_FIFO/SCHED_RR and 0 for the others: EINVAL), then
 * user_check_sched_setscheduler (EPERM unless capable(CAP_SYS_NICE): setting an RT policy
 * other than the task's own when the target's RLIMIT_RTPRIO is 0, raising the priority above
 * both its current one and RLIMIT_RTPRIO, leaving SCHED_IDLE without RLIMIT_NICE, a task owned
 * by another user (check_same_owner: the caller's euid is the target's euid or uid), clearing
 * reset-on-fork); nothing changes when neither policy nor priority does (reset-on-fork is
 * still stored); a queued task is re-queued at the tail of its new priority's list, at the head
 * when its priority went down (ENQUEUE_HEAD), and the CPU is rescheduled if the order changed
 * (prio_changed_rt, switched_to_rt). sched_setparam is the same with the task's own policy
 * (SETPARAM_POLICY). sched_getscheduler returns the policy, or'ed with SCHED_RESET_ON_FORK;
 * sched_getparam the rt_priority (0 for a non-RT task). get_priority_max/min: 99/1 for the RT
 * policies, 0 for SCHED_NORMAL/BATCH/IDLE/DEADLINE, EINVAL otherwise. sched_rr_get_interval:
 * RR_TIMESLICE for SCHED_RR, 0 for SCHED_FIFO, the task's slice in whole jiffies for a fair
 * task (get_rr_interval_fair). sched_fork: the child keeps the policy and priority, unless
 * reset-on-fork makes it SCHED_NORMAL (an RT parent) or nice 0 (a negative nice).
 *
 * Simplifies: capable(CAP_SYS_NICE) is euid 0 (sys_cred.ts); SCHED_BATCH and SCHED_IDLE are
 * stored and reported but scheduled as SCHED_NORMAL; SCHED_DEADLINE cannot be set through
 * sched_setscheduler in Linux either (its parameters are zero: EINVAL); no sched_setattr.
 * The param is `{ sched_priority }` (a number that is not an integer is EINVAL), out-parameters
 * `{ value }`.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import {
  EINVAL, EPERM, ESRCH, RLIMIT_RTPRIO, RLIMIT_NICE, SCHED_NORMAL, SCHED_FIFO, SCHED_RR, SCHED_BATCH,
  SCHED_IDLE, SCHED_DEADLINE, SCHED_RESET_ON_FORK, MAX_RT_PRIO, RR_TIMESLICE_NS,
} from './uapi.js';
import { capable } from './sys_cred.js';
import { findProcessByPid } from './sys_affinity.js';
import { rlimits } from './sys_rlimit.js';
import { niceSlice } from './sys_prio.js';
import { enqueueTask, interruptCpu } from './sched.js';
import { enqueueRt, checkPreemptCurr, rtSlice, POLICY_MASK } from './sched_rt.js';
import { normalRtPrio, rtEffectivePrio, rtMutexAdjustPi } from './rtmutex.js';

export interface SchedParam {
  sched_priority: number;
}

/** SETPARAM_POLICY: sched_setparam keeps the task's policy. */
const SETPARAM_POLICY = -1;

function rtPolicy(policy: number): boolean {
  return policy === SCHED_FIFO || policy === SCHED_RR;
}

/** valid_policy, less SCHED_DEADLINE, whose parameters sched_setscheduler cannot give (__checkparam_dl fails). */
function validPolicy(policy: number): boolean {
  return policy === SCHED_NORMAL || policy === SCHED_BATCH || policy === SCHED_IDLE || rtPolicy(policy);
}

/** p->policy (Task.policy without the reset-on-fork bit). */
function policyOf(p: Task): number {
  return p.policy & POLICY_MASK;
}

/** p->sched_reset_on_fork. */
function resetsOnFork(p: Task): boolean {
  return (p.policy & SCHED_RESET_ON_FORK) !== 0;
}

/** task_rlimit(p, r): the soft limit of p's process. */
function taskRlimit(k: Kernel, p: Task, r: number): number {
  return p.signal !== null ? rlimits(k, p.signal)[r].cur : 0;
}

/** user_check_sched_setscheduler: 0, or -EPERM when the change needs CAP_SYS_NICE the caller lacks. */
function userCheck(k: Kernel, t: Task, p: Task, policy: number, prio: number, resetOnFork: boolean): number {
  let priv = false;
  if (rtPolicy(policy)) {
    const rlim = taskRlimit(k, p, RLIMIT_RTPRIO);
    if (policy !== policyOf(p) && rlim === 0) priv = true; // can't set/change the rt policy
    if (prio > normalRtPrio(k, p) && prio > rlim) priv = true; // can't increase priority (over p->rt_priority)
  }
  // Leaving SCHED_IDLE is a nice reduction to the task's own nice: RLIMIT_NICE must allow it.
  if (policyOf(p) === SCHED_IDLE && policy !== SCHED_IDLE && 20 - p.nice > taskRlimit(k, p, RLIMIT_NICE)) priv = true;
  if (t.cred.euid !== p.cred.euid && t.cred.euid !== p.cred.uid) priv = true; // another user's task
  if (resetsOnFork(p) && !resetOnFork) priv = true;
  return priv && !capable(t) ? -EPERM : 0;
}

/** __sched_setscheduler: validate, check permission, then change and re-queue. */
function setScheduler(k: Kernel, t: Task, p: Task, policy: number, param: SchedParam): number {
  let resetOnFork: boolean;
  if (policy === SETPARAM_POLICY) {
    resetOnFork = resetsOnFork(p);
    policy = policyOf(p);
  } else {
    resetOnFork = (policy & SCHED_RESET_ON_FORK) !== 0;
    policy &= ~SCHED_RESET_ON_FORK;
    if (!validPolicy(policy)) return -EINVAL;
  }
  const prio = param.sched_priority;
  // sched_priority is an int read as unsigned: a negative one is above MAX_RT_PRIO - 1.
  if (!Number.isInteger(prio) || prio < 0 || prio > MAX_RT_PRIO - 1) return -EINVAL;
  if (rtPolicy(policy) !== (prio !== 0)) return -EINVAL;
  const perm = userCheck(k, t, p, policy, prio, resetOnFork);
  if (perm !== 0) return perm;
  const flag = resetOnFork ? SCHED_RESET_ON_FORK : 0;
  if (policy === policyOf(p) && prio === normalRtPrio(k, p)) { p.policy = policy | flag; return 0; }
  changePolicy(k, p, policy | flag, prio);
  return 0;
}

/**
 * The change itself (`policy` may carry SCHED_RESET_ON_FORK): set the policy and the normal
 * priority; the task runs at rt_effective_prio (a PI boost stays: rtmutex.ts), re-queued; a task
 * blocked on a PI futex is re-queued among its waiters and the chain re-walked (rt_mutex_adjust_pi).
 */
export function changePolicy(k: Kernel, p: Task, policy: number, prio: number): void {
  const newSlice = (policy & POLICY_MASK) !== policyOf(p);
  p.policy = policy;
  if (newSlice) p.sliceLeft = 0;
  setPrio(k, p, rtEffectivePrio(k, p, prio), newSlice);
  rtMutexAdjustPi(k, p);
}

/**
 * rt_mutex_setprio (kernel/sched/core.c): a PI boost or deboost — the effective priority
 * changes, the policy does not; moving between the fair and the RT class starts a new slice.
 */
export function rtMutexSetprio(k: Kernel, p: Task, prio: number): void {
  const newClass = (p.rtPriority === 0) !== (prio === 0);
  if (newClass) p.sliceLeft = 0;
  setPrio(k, p, prio, newClass);
}

/** Dequeue, set the effective priority, enqueue (at the head when it went down), reschedule. */
function setPrio(k: Kernel, p: Task, prio: number, newSlice: boolean): void {
  const old = p.rtPriority;
  p.rtPriority = prio;
  if (prio !== 0) k.rtActive = true;
  const cpu = k.cpus[p.cpu];
  if (p.onRq) {
    cpu.rq.remove(p);
    if (prio !== 0 && prio < old) enqueueRt(cpu, p, true); else enqueueTask(k, p, cpu);
    checkPreemptCurr(k, cpu, p);
  } else if (p.onCpu && cpu.curr === p) {
    if (newSlice) cpu.sliceEnd = k.engine.now + (prio !== 0 ? rtSlice(p) : niceSlice(k.costs.timeslice, p.nice));
    if (cpu.rq.length > 0 && cpu.rq.at(0).rtPriority > prio) {
      cpu.rtResched = true; // prio_changed_rt: a higher task waits
      interruptCpu(k, cpu);
    }
  }
}

function readParam(param: unknown): SchedParam | null {
  if (param === null || typeof param !== 'object') return null;
  return param as SchedParam;
}

/** sched_setscheduler(pid, policy, param). */
export function sysSchedSetscheduler(k: Kernel, t: Task, pid: number, policy: number, param: SchedParam | null): number {
  if (!Number.isInteger(policy) || policy < 0) return -EINVAL;
  const pa = readParam(param);
  if (pa === null || !Number.isInteger(pid) || pid < 0) return -EINVAL;
  const p = findProcessByPid(k, t, pid);
  if (p === null) return -ESRCH;
  return setScheduler(k, t, p, policy, pa);
}

/** sched_setparam(pid, param). */
export function sysSchedSetparam(k: Kernel, t: Task, pid: number, param: SchedParam | null): number {
  const pa = readParam(param);
  if (pa === null || !Number.isInteger(pid) || pid < 0) return -EINVAL;
  const p = findProcessByPid(k, t, pid);
  if (p === null) return -ESRCH;
  return setScheduler(k, t, p, SETPARAM_POLICY, pa);
}

/** sched_getscheduler(pid): the policy (| SCHED_RESET_ON_FORK), or -errno. */
export function sysSchedGetscheduler(k: Kernel, t: Task, pid: number): number {
  if (!Number.isInteger(pid) || pid < 0) return -EINVAL;
  const p = findProcessByPid(k, t, pid);
  if (p === null) return -ESRCH;
  return p.policy; // with SCHED_RESET_ON_FORK when set
}

/** sched_getparam(pid, out): out.value = { sched_priority }. */
export function sysSchedGetparam(k: Kernel, t: Task, pid: number, out: { value?: SchedParam } | null): number {
  if (out === null || typeof out !== 'object' || !Number.isInteger(pid) || pid < 0) return -EINVAL;
  const p = findProcessByPid(k, t, pid);
  if (p === null) return -ESRCH;
  out.value = { sched_priority: normalRtPrio(k, p) }; // p->rt_priority: never a PI boost
  return 0;
}

/** sched_get_priority_max(policy). */
export function sysSchedGetPriorityMax(k: Kernel, t: Task, policy: number): number {
  if (rtPolicy(policy)) return MAX_RT_PRIO - 1;
  return policy === SCHED_NORMAL || policy === SCHED_BATCH || policy === SCHED_IDLE || policy === SCHED_DEADLINE ? 0 : -EINVAL;
}

/** sched_get_priority_min(policy). */
export function sysSchedGetPriorityMin(k: Kernel, t: Task, policy: number): number {
  if (rtPolicy(policy)) return 1;
  return policy === SCHED_NORMAL || policy === SCHED_BATCH || policy === SCHED_IDLE || policy === SCHED_DEADLINE ? 0 : -EINVAL;
}

/** sched_rr_get_interval(pid, out): out.value = the slice in ns (0: none, SCHED_FIFO). */
export function sysSchedRrGetInterval(k: Kernel, t: Task, pid: number, out: { value?: number } | null): number {
  if (!Number.isInteger(pid) || pid < 0) return -EINVAL;
  const p = findProcessByPid(k, t, pid);
  if (p === null) return -ESRCH;
  if (out === null || typeof out !== 'object') return -EINVAL;
  let ns: number;
  if (policyOf(p) === SCHED_RR) ns = RR_TIMESLICE_NS;
  else if (policyOf(p) === SCHED_FIFO) ns = 0;
  else ns = Math.floor(niceSlice(k.costs.timeslice, p.nice) / k.tickNs) * k.tickNs; // NS_TO_JIFFIES
  out.value = ns;
  return 0;
}

/**
 * sched_fork: the child's policy and priority (reset-on-fork: SCHED_NORMAL, nice >= 0) — the
 * parent's normal priority (p->prio = current->normal_prio: a PI boost is not inherited).
 */
export function schedForkPolicy(k: Kernel, cur: Task, p: Task): void {
  const prio = normalRtPrio(k, cur);
  if (!resetsOnFork(cur)) {
    p.policy = cur.policy;
    p.rtPriority = prio;
    return;
  }
  p.policy = prio !== 0 ? SCHED_NORMAL : policyOf(cur);
  p.rtPriority = 0;
  if (prio !== 0 || p.nice < 0) p.nice = 0;
}
