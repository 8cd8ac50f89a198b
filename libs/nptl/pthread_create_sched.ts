/**
 * pthread_create_sched.ts — pthread_create with PTHREAD_EXPLICIT_SCHED: the new thread starts
 * stopped, the creator sets its policy with sched_setscheduler on its tid, and only then lets it
 * run — or, when the kernel refuses, lets it go only to exit, and fails pthread_create.
 *
 * Mirrors: glibc nptl/pthread_create.c — the ATTR_FLAG_NOTINHERITSCHED branch of
 * __pthread_create_2_1 (the attribute's policy and parameters, the creator's where the
 * attribute set none: collect_default_sched; a priority outside sched_get_priority_min/max of
 * the policy is EINVAL before anything is created), create_thread's stopped start
 * (pd->stopped_start: the child blocks on pd->lock, which the creator holds, until its
 * scheduling is set) and its INTERNAL_SYSCALL (sched_setscheduler, pd->tid, ...) whose error
 * pthread_create returns (setup_failed: the thread exits without running its start routine and
 * frees itself).
 *
 * Simplifies: the gate is one futex word per creation (not pd->lock); the thread that exits
 * after a failed setup runs the ordinary exit path of a detached thread.
 */

import { sys, uaccess, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG, EINVAL, type Sim } from '../../kernel/index.js';
import type { PthreadAttr, SchedParam } from '../api.js';
import type { Pthread } from './descr.js';

/** The gate word: the creator holds it, lets the thread go, or tells it that its setup failed. */
export const GATE_HELD = 1, GATE_GO = 0, GATE_FAILED = 2;

/** collect_default_sched + the priority check: [policy, param], or -EINVAL. */
export function* explicitSched(attr: PthreadAttr): Sim<[number, SchedParam] | number> {
  const policy = attr.schedpolicy ?? ((yield sys.sched_getscheduler(0)) as number);
  let param = attr.schedparam;
  if (param === undefined) {
    const out: { value?: SchedParam } = {};
    yield sys.sched_getparam(0, out);
    param = out.value ?? { sched_priority: 0 };
  }
  const min = (yield sys.sched_get_priority_min(policy)) as number;
  const max = (yield sys.sched_get_priority_max(policy)) as number;
  if (min < 0 || max < 0 || param.sched_priority < min || param.sched_priority > max) return -EINVAL;
  return [policy, param];
}

/** A gate word, held: the new thread waits on it before it runs anything of the program. */
export function newGate(): number {
  const g = uaccess.umalloc(1);
  uaccess.ustore(g, GATE_HELD);
  return g;
}

/**
 * create_thread's step after the clone: sched_setscheduler on the new thread's tid; then open
 * the gate (or mark the setup failed: the thread will exit by itself). 0 or the error number.
 */
export function* setStartedSched(pd: Pthread, gate: number, policy: number, param: SchedParam): Sim<number> {
  const r = (yield sys.sched_setscheduler(pd.tid, policy, param)) as number;
  if (r < 0) {
    pd.detached = true; // setup_failed: nobody joins it, it frees itself
    pd.joinid = pd;
  }
  uaccess.ustore(gate, r < 0 ? GATE_FAILED : GATE_GO);
  yield sys.futex(gate, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
  return r < 0 ? -r : 0;
}

/** start_thread's wait on a stopped start: true to run, false when the setup failed. */
export function* waitGate(gate: number): Sim<boolean> {
  while (uaccess.uload(gate) === GATE_HELD) yield sys.futex(gate, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, GATE_HELD);
  const ok = uaccess.uload(gate) === GATE_GO;
  uaccess.ufree(gate, 1);
  return ok;
}
