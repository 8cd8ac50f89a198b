/**
 * sched.ts — scheduling policies under LinuxThreads: the attribute's policy applied by the new
 * thread to itself, the manager kept above every thread it serves, pthread_setschedparam on a
 * thread's pid.
 *
 * Mirrors: glibc 2.3's linuxthreads/manager.c — pthread_handle_create (an attribute whose
 * policy is not SCHED_OTHER, with geteuid() != 0: EPERM before anything is created, "hard to
 * implement" otherwise, FIXME; PTHREAD_EXPLICIT_SCHED takes the attribute's policy and
 * parameters, PTHREAD_INHERIT_SCHED the father's, read with sched_getscheduler/sched_getparam
 * on its pid; p_priority; __pthread_manager_adjust_prio before the clone),
 * pthread_start_thread (the new thread's own sched_setscheduler on its pid, errors ignored;
 * with no policy to apply and a manager running real-time, back to SCHED_OTHER — a clone
 * inherits the manager's policy), __pthread_manager_adjust_prio (the manager becomes SCHED_FIFO
 * at the thread's priority + 1, capped at sched_get_priority_max, when the thread's is above
 * its own); linuxthreads/pthread.c __pthread_setschedparam (sched_setscheduler on p_pid, then
 * the manager adjusted) and __pthread_getschedparam (the kernel's answer for p_pid).
 *
 * Simplifies: a PthreadAttr counts as "attr != NULL" for scheduling only when it carries a
 * scheduling field (inheritsched, schedpolicy, schedparam), so a create with only a stack size
 * or detach state makes no extra system calls; pthread_attr_init's default inheritsched is the
 * lab's shared PTHREAD_INHERIT_SCHED, not LinuxThreads' PTHREAD_EXPLICIT_SCHED (attr.c: a
 * thread created with any attribute object became SCHED_OTHER unless told otherwise) — the
 * lab's attribute objects are the same for every library; not modelled.
 */

import { sys, type Sim } from '../../kernel/index.js';
import type { PthreadAttr, SchedParam } from '../api.js';
import { SCHED_OTHER, SCHED_FIFO } from '../include.js';
import { PTHREAD_EXPLICIT_SCHED } from '../api.js';
import type { LtDescr, LtProcess, Request } from './internals.js';

/** p_start_args' policy and parameters, to apply as the thread starts. */
export interface StartSched {
  policy: number;
  param: SchedParam;
}

/** Does the attribute say anything about scheduling? */
export function hasSchedAttr(attr: PthreadAttr | undefined): boolean {
  return attr !== undefined && attr !== null &&
    (attr.inheritsched !== undefined || attr.schedpolicy !== undefined || attr.schedparam !== undefined);
}

/**
 * pthread_handle_create's scheduling part, in the manager: the EPERM check, then the policy the
 * thread will apply (null: none). Returns an error number instead when refused.
 */
export function* handleCreateSched(req: Request): Sim<StartSched | null | number> {
  if (req.sched === undefined) return null;
  const a = req.sched;
  if (a.policy !== undefined && a.policy !== SCHED_OTHER && ((yield sys.geteuid()) as number) !== 0) return 1; // EPERM
  if (a.inherit === PTHREAD_EXPLICIT_SCHED) return { policy: a.policy ?? SCHED_OTHER, param: a.param ?? { sched_priority: 0 } };
  const father = req.thread!.pid;
  const policy = (yield sys.sched_getscheduler(father)) as number;
  const out: { value?: SchedParam } = {};
  yield sys.sched_getparam(father, out);
  return { policy, param: out.value ?? { sched_priority: 0 } };
}

/** __pthread_manager_adjust_prio: the manager runs above every thread's priority. */
export function* managerAdjustPrio(proc: LtProcess, prio: number): Sim<void> {
  if (prio <= proc.managerPriority) return;
  const max = (yield sys.sched_get_priority_max(SCHED_FIFO)) as number;
  yield sys.sched_setscheduler(proc.managerPid, SCHED_FIFO, { sched_priority: prio < max ? prio + 1 : prio });
  proc.managerPriority = prio;
}

/** pthread_start_thread's step: apply the policy, or leave the manager's real-time policy. */
export function* applyStartSched(self: LtDescr): Sim<void> {
  const s = self.startSched;
  if (s !== null) yield sys.sched_setscheduler(self.pid, s.policy, s.param);
  else if (self.proc.managerPriority > 0) yield sys.sched_setscheduler(self.pid, SCHED_OTHER, { sched_priority: 0 });
}
