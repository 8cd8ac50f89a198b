/**
 * pth_native.ts — NGPT's natives: creating them with clone, placing user threads on them,
 * and the watchdog that rescues work stranded on a native that stopped scheduling.
 *
 * Mirrors: NGPT 2.2.1 pth_native.c — pth_new_native (clone(pth_new_scheduler, ...,
 * CLONE_VM|CLONE_FS|CLONE_SIGHAND|CLONE_FILES|CLONE_THREAD, descr)), pth_new_scheduler (the
 * new native starts its scheduler loop), pth_new_watchdog / pth_watchdog (a native that sleeps
 * WATCHDOG_TIMER_INTERVAL = 2 s and, when threads are queued, writes to the sigpipe of every
 * native that is idle in select so it looks for work); pth_lib.c's pth_init (the native count:
 * MAXNATIVETHREADS, else the CPU count, plus one when above one) and pth_spawn (one more
 * native per spawn until the maximum; PTHREAD_SCOPE_SYSTEM gets a native of its own).
 *
 * Queues. NGPT 2.2.1 keeps one global ready queue for the unbound natives (plus per-native
 * queues for the first and the bound natives) and says in pth_spawn: "FIXME: look up which is
 * the native with less load, add the thread to the ready queue of that native ... Implement a
 * load balancer." This model takes that step: every native has its own ready queue; a new
 * process-scope thread goes to the next native round-robin; a woken thread goes back to its
 * home native; only the watchdog moves threads. That makes rule 33 visible: a native blocked
 * in the kernel keeps its queued threads until the watchdog notices, 2 s later, that the native
 * has not dispatched anything while work waited, and hands the queue to an idle native.
 *
 * CLONE_SETTLS gives each native its descriptor as thread pointer (NGPT used its own LDT entry
 * via useldt.h for the same purpose: pth_get_native_descr()).
 */

import {
  sys, uaccess, type Sim, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD,
  CLONE_SETTLS, CLONE_SYSVSEM, FUTEX_WAIT, FUTEX_PRIVATE_FLAG,
} from '../../kernel/index.js';
import type { UThread } from '../common/uctx.js';
import {
  Native, UProc, nativeLoop, initNative, requestWake, flushWakes, selfNative, IDLE_NO, IDLE_FUTEX,
} from '../common/usched.js';
import { blockAllSignals } from '../common/usignal.js';

/** pth_clone_flags, plus SETTLS for the descriptor and SYSVSEM as any thread library would. */
export const NGPT_CLONE_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
  | CLONE_SYSVSEM | CLONE_SETTLS;
export const NGPT_CLONE_FLAGS_TEXT = 'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS';

/** WATCHDOG_TIMER_INTERVAL. */
export const WATCHDOG_INTERVAL_NS = 2_000_000_000;

/** pth_init's rule: MAXNATIVETHREADS if set, else CPUs, plus one when above one. */
export function nativeTarget(option: number | null): number {
  if (option !== null) return option;
  const cpus = uaccess.nprocs();
  return cpus > 1 ? cpus + 1 : 1;
}

/** pth_new_native: clone a native whose first act is its scheduler loop. */
export function* newNative(p: UProc, bound: UThread | null): Sim<Native | number> {
  const n = new Native(p, p.natives.length);
  initNative(n);
  n.bound = bound;
  n.mask = selfNative().mask; // clone copies the creator's blocked set
  const r = (yield sys.clone({ flags: NGPT_CLONE_FLAGS, fn: nativeLoop, arg: n, tls: n })) as number;
  if (r < 0) return r;
  n.tid = r;
  p.natives.push(n);
  if (bound === null) p.pool.push(n);
  return n;
}

/** pth_new_watchdog: a native of its own, outside the pool, asleep until work queues up. */
export function* newWatchdog(p: UProc, intervalNs: number): Sim<void> {
  const w = new Native(p, -1);
  initNative(w);
  w.idle = IDLE_FUTEX;
  p.watchdog = w;
  const r = (yield sys.clone({ flags: NGPT_CLONE_FLAGS, fn: watchdogMain, arg: { w, intervalNs }, tls: w })) as number;
  if (r < 0) { p.watchdog = null; return; }
  w.tid = r;
}

/**
 * pth_watchdog. Dormant (futex wait) while no native has queued work; otherwise it sleeps the
 * interval and rescues the queues of natives that dispatched nothing meanwhile.
 */
function* watchdogMain(a: { w: Native; intervalNs: number }): Sim<never> {
  const w = a.w;
  const p = w.proc;
  yield* blockAllSignals(w); // it runs no user thread: no signal is ever its to take
  for (;;) {
    if (!workQueued(p)) {
      w.idle = IDLE_FUTEX;
      uaccess.ustore(w.word, 0);
      yield sys.futex(w.word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, null);
      w.idle = IDLE_NO;
      continue;
    }
    for (const n of p.natives) n.seenDispatches = n.dispatches;
    yield sys.nanosleep(a.intervalNs);
    rescue(p);
    yield* flushWakes(w);
  }
}

function workQueued(p: UProc): boolean {
  for (const n of p.pool) if (n.rq.length > 0 && n.idle === IDLE_NO) return true;
  return false;
}

/** Hand each stuck native's ready queue to an idle native and wake it. */
function rescue(p: UProc): void {
  for (const n of p.pool) {
    if (n.rq.length === 0 || n.idle !== IDLE_NO || n.dispatches !== n.seenDispatches) continue;
    const to = p.pool.find((x) => x !== n && x.idle !== IDLE_NO);
    if (to === undefined) return;
    n.rq.drainTo(to.rq, to);
    requestWake(to);
  }
}

/** Work was queued on a busy native: a dormant watchdog starts watching. */
export function armWatchdog(p: UProc): void {
  const w = p.watchdog;
  if (w !== null && w.idle === IDLE_FUTEX && !w.wakePending) requestWake(w);
}
