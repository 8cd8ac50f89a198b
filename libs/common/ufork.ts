/**
 * ufork.ts — fork() under the user-level libraries (NGPT and green): the child is a copy of the
 * calling user thread, alone in a new process.
 *
 * Mirrors: GNU Pth pth_fork.c — pth_fork (fork, then in the child pth_scheduler_drop: "kick out
 * all threads except for the current one and the scheduler"); NGPT 2.2.1 pth_fork.c — pth_fork
 * (the child keeps `current` as pth_fork_thread, frees every other TCB in pth_fork_drop_threads,
 * closes the other natives' signal pipes and forgets the watchdog in pth_fork_drop_natives,
 * clears the thread's pending signals, builds a new first native and scheduler with
 * pth_fork_init, queues the kept thread on it and makes it pth_main).
 *
 * Here: the parent records, at the instant of the fork, what the child keeps — the calling
 * thread's id, priority, thread-specific values and cleanup records, the key table (both live in the address
 * space fork copies, so the child gets copies), the next thread number (new threads in the child
 * do not reuse the kept id), the library's open descriptors — and the child's native 0 builds its
 * process from that (uthread.ts bootProcess) and closes the wake pipes of the parent's natives,
 * whose descriptors it inherited.
 *
 * Simplifies: JavaScript cannot copy the running generator, so the kept thread runs the
 * function given to fork (libs/api.ts); NGPT first migrated the caller to the first native
 * (bound it there and yielded) so that the child's only native is the first one — here any
 * native may fork, since the child builds its scheduler from scratch either way.
 */

import { sys, type Sim } from '../../kernel/index.js';
import type { KeyTable } from './portable.js';
import type { CleanupFrame } from './cancel.js';
import type { Native } from './usched.js';

/** What the child of fork keeps of the calling thread and of the library's process state. */
export interface ForkState {
  id: number;
  prio: number;
  specific: Map<number, unknown> | null;
  /** Its cleanup records (the TCB's, which the child keeps: pth_fork_thread is `current`). */
  cleanup: CleanupFrame | null;
  keys: KeyTable;
  nextId: number;
  slowFd: number;
  slowNbFd: number;
  /** The parent natives' wake pipes: inherited descriptors the child closes. */
  closeFds: number[];
}

/** In the parent, as it forks: the calling thread (or a handler's thread) and the process. */
export function takeForkState(n: Native): ForkState {
  const p = n.proc;
  const t = n.current ?? n.sched;
  const closeFds: number[] = [];
  for (const x of p.natives) if (x.wakeR >= 0) closeFds.push(x.wakeR, x.wakeW);
  return {
    id: t.id, prio: t.prio, specific: t.specific === null ? null : new Map(t.specific), cleanup: t.cleanup,
    keys: p.keys.clone(), nextId: p.nextId, slowFd: p.slowFd, slowNbFd: p.slowNbFd, closeFds,
  };
}

/** In the child's native 0 at boot: take over the process state; returns the kept thread's id. */
export function* adoptForkState(n: Native, st: ForkState): Sim<number> {
  const p = n.proc;
  p.nextId = st.nextId;
  p.slowFd = st.slowFd;
  p.slowNbFd = st.slowNbFd;
  for (const fd of st.closeFds) yield sys.close(fd); // pth_fork_drop_natives
  return st.id;
}
