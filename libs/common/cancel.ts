/**
 * cancel.ts — what every library's cancellation shares: the per-thread list of cleanup
 * handlers, and running them.
 *
 * Mirrors: the cleanup buffers of pthread_cleanup_push/pop (glibc nptl/cleanup.c and
 * linuxthreads/cancel.c's _pthread_cleanup_push/_pop, GNU Pth's pth_clean.c pth_cleanup_push/
 * pop/popall): a stack of (routine, argument) records linked through the thread's descriptor
 * (THREAD_SELF->cleanup, p_cleanup, pth_st.cleanups). pthread_exit and an acted-on cancellation
 * pop and run every record, newest first, each taken off before it runs — so a cleanup handler
 * that exits or is cancelled again does not run itself twice — and then the thread's key
 * destructors run.
 *
 * In C, pthread_cleanup_push and _pop are macros that open and close one block; here they are
 * two calls, and a program must pair them the same way. NPTL unwinds the stack to run them
 * (_Unwind_ForcedUnwind); LinuxThreads and Pth call them from the exit path and abandon the
 * stack; the lab abandons the thread's generators, which has the same visible effect (a
 * JavaScript `finally` in the thread's code does not run — C has no `finally`).
 */

import type { Sim } from '../../kernel/index.js';
import type { CleanupRoutine } from '../api.js';

/** struct _pthread_cleanup_buffer. */
export interface CleanupFrame {
  routine: CleanupRoutine;
  arg: unknown;
  prev: CleanupFrame | null;
}

/** A thread descriptor's cleanup list (every library's ThreadBase has it). */
export interface HasCleanup {
  cleanup: CleanupFrame | null;
}

/** Call a routine that may be a generator function (it uses the C library) or a plain one. */
export function* runRoutine(libc: unknown, routine: CleanupRoutine, arg: unknown): Sim<void> {
  const r = routine(libc as never, arg);
  if (r && typeof (r as Sim<unknown>).next === 'function') yield* r as Sim<unknown>;
}

/** pthread_cleanup_push. */
export function cleanupPush(t: HasCleanup, routine: CleanupRoutine, arg: unknown): void {
  t.cleanup = { routine, arg, prev: t.cleanup };
}

/** pthread_cleanup_pop(execute): take the newest record off; run it if asked. */
export function* cleanupPop(libc: unknown, t: HasCleanup, execute: boolean): Sim<void> {
  const f = t.cleanup;
  if (f === null) return;
  t.cleanup = f.prev;
  if (execute) yield* runRoutine(libc, f.routine, f.arg);
}

/** __pthread_perform_cleanup / pth_cleanup_popall(t, TRUE): every record, newest first. */
export function* runCleanups(libc: unknown, t: HasCleanup): Sim<void> {
  for (let f = t.cleanup; f !== null; f = t.cleanup) {
    t.cleanup = f.prev;
    yield* runRoutine(libc, f.routine, f.arg);
  }
}
