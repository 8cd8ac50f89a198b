/**
 * cancel.ts — cancellation from C: pthread_cancel, pthread_setcancelstate/_setcanceltype,
 * pthread_testcancel and the pthread_cleanup_push/_pop macros, each the chosen library's call.
 *
 * Models: glibc's _pthread_cleanup_push/_pop (nptl/cleanup_compat.c; linuxthreads/cancel.c):
 * the macros pass a routine and its argument; the library keeps the records on the thread's
 * descriptor and runs them, newest first, when the thread exits or acts on a cancellation. A C
 * routine runs as a nested activation on the thread it belongs to (as a signal handler does),
 * found when it runs by pthread_self and pid — after fork the child's copy of the record runs
 * in the child's memory. The runtime pushes one record of its own first on every thread
 * (start.c): it runs the C key destructors and counts the thread out, so a cancelled thread
 * ends as one that called pthread_exit.
 *
 * Simplifies: pushing, and popping without running, never suspend the thread (the libraries
 * charge nothing for them).
 */

import type { Libc, Sim } from '../../libs/api.js';
import { type Activation, suspend, current } from './activation.js';
import type { CProcess } from './process.js';
import { runNested } from './threads.js';
import { receivingThread } from './signals.js';

interface CRoutine { fn: number; arg: number }

/** The library-level routine for C cleanup function `fn(arg)`. */
function* runC(libc: Libc, r: CRoutine, p: CProcess): Sim<void> {
  const th = yield* receivingThread(p.run, libc);
  if (th === null) return;
  yield* runNested(th.proc, th, '__lab_call1', () => [r.fn, r.arg, th.proc.shape(r.fn)]);
}

/** A library call that never yields, run to its end at once. */
function runNow<T>(g: Sim<T>): T {
  const r = g.next();
  if (!r.done) throw new Error('threadlab: a cleanup push or pop that should not block did');
  return r.value;
}

function* opCancel(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.pthread_cancel(a.a0 >>> 0);
}

/** pthread_setcancelstate (a0 = 0) or pthread_setcanceltype (a0 = 1): value, old. */
function* opSetCancel(p: CProcess, a: Activation): Sim<number> {
  const ref = { value: 0 };
  const old = a.a2 !== 0 ? ref : null;
  const r = a.a0 === 0 ? yield* p.libc.pthread_setcancelstate(a.a1, old) : yield* p.libc.pthread_setcanceltype(a.a1, old);
  if (r === 0 && a.a2 !== 0) p.store32(a.a2, ref.value);
  return r;
}

function* opTestcancel(p: CProcess): Sim<number> {
  yield* p.libc.pthread_testcancel();
  return 0;
}

function* opPopRun(p: CProcess): Sim<number> {
  yield* p.libc.pthread_cleanup_pop(1);
  return 0;
}

export function cancelImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    pthread_cancel: (t) => suspend(p, opCancel, t),
    setcancel: (which, v, old) => suspend(p, opSetCancel, which, v, old),
    testcancel: () => suspend(p, opTestcancel),
    cleanup_pop: (execute) => {
      if (execute !== 0 || p.rewinding) return suspend(p, opPopRun);
      runNow(p.libc.pthread_cleanup_pop(0));
      return 0;
    },
  };
}

export function cancelSyncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  const routine = function* (libc: Libc, r: CRoutine): Sim<void> { yield* runC(libc, r, p); };
  return {
    cleanup_push: (fn, arg) => { runNow(p.libc.pthread_cleanup_push(routine, { fn, arg })); return 0; },
    thread_gone: () => { const a = current(p); p.threadGone(a.thread); return 0; },
  };
}
