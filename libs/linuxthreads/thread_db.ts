/**
 * thread_db.ts — LinuxThreads' debugging view (what glibc's linuxthreads_db gave gdb).
 *
 * Mirrors: glibc linuxthreads_db/td_ta_thr_iter.c (walk __pthread_handles: the initial thread,
 * the manager, then every live thread), td_thr_get_info.c (ti_tid = p_tid, ti_lid = p_pid —
 * each thread is a process of its own), and a mutex's __m_owner.
 *
 * Every thread waits the same way (suspend: sigsuspend for the restart signal), so the kernel
 * cannot tell a mutex wait from a join; the descriptor's waitOn says which. The manager is a
 * helper: it is listed, marked, and its periodic poll is not the program's progress.
 */

import type { ProcService, ThreadDebug, ThreadWait, LwpInfo, DebugNames } from '../thread_db.js';
import { lwpsByTid, lwpState, objectWait } from '../thread_db.js';
import { LtDescr, WAIT_CREATE, WAIT_MAIN_EXIT, WAIT_PROCESS_EXIT, type LtProcess } from './internals.js';
import { LtMutex } from './mutex.js';
import { LtCond } from './condvar.js';
import { LtSem } from './semaphore.js';
import { LtRwlock } from './rwlock.js';

/** The manager task is the library's helper. */
export function ltIsHelperTask(tls: unknown): boolean {
  return tls instanceof LtDescr && tls.isManager;
}

/** td_ta_thr_iter + td_thr_get_info over every process of the program. */
export function ltDebugThreads(ps: ProcService, names: DebugNames): ThreadDebug[] {
  const lwps = lwpsByTid(ps);
  const procs: LtProcess[] = [];
  for (const l of lwps.values()) {
    if (l.tls instanceof LtDescr && !procs.includes(l.tls.proc)) procs.push(l.tls.proc);
  }
  const out: ThreadDebug[] = [];
  for (const proc of procs) {
    const threads = proc.manager !== null ? [...proc.live, proc.manager] : proc.live;
    for (const th of threads) {
      const lwp = lwps.get(th.pid);
      const d: ThreadDebug = {
        pid: proc.main.pid, thread: th.tid, name: String(th.tid), main: th === proc.main, lwp: th.pid,
        state: th.terminated && th.waitOn === null ? 'exited' : lwpState(lwp), wait: waitOf(th, proc, lwp, names),
      };
      if (th.isManager) d.helper = 'manager';
      out.push(d);
    }
  }
  return out;
}

function waitOf(th: LtDescr, proc: LtProcess, lwp: LwpInfo | undefined, names: DebugNames): ThreadWait | null {
  const on = th.waitOn;
  const timed = lwp?.timed ?? false;
  if (on instanceof LtMutex) {
    const w = objectWait(names, on, 'mutex', timed);
    if (on.owner !== null) {
      w.holder = on.owner.tid;
      w.holderName = String(on.owner.tid);
    }
    return w;
  }
  if (on instanceof LtCond) return objectWait(names, on, 'cond', timed);
  if (on instanceof LtSem) return objectWait(names, on, 'sem', timed);
  if (on instanceof LtRwlock) {
    const w = objectWait(names, on, 'rwlock', timed);
    if (on.writer !== null) { w.holder = on.writer.tid; w.holderName = String(on.writer.tid); }
    else if (on.readers > 0) w.note = `read-held by ${on.readers} reader${on.readers === 1 ? '' : 's'}`;
    return w;
  }
  if (on instanceof LtDescr) {
    return { kind: 'join', object: `thread ${on.tid}`, holder: on.tid, holderName: String(on.tid), timed };
  }
  const mgr = proc.manager;
  const toManager = (note: string): ThreadWait => ({
    kind: on === WAIT_CREATE ? 'create' : 'exit', object: 'the thread manager', holder: mgr ? mgr.tid : null,
    holderName: mgr ? String(mgr.tid) : null, timed, note,
  });
  if (on === WAIT_CREATE) return toManager('pthread_create waits for the manager to answer its request');
  if (on === WAIT_PROCESS_EXIT) return toManager('exit() waits for the manager to end the other threads');
  if (on === WAIT_MAIN_EXIT) {
    return {
      kind: 'exit', object: 'the other threads', holder: null, holderName: null, timed,
      note: 'main called pthread_exit: it waits until every other thread has ended',
    };
  }
  return null;
}
