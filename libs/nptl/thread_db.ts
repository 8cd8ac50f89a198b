/**
 * thread_db.ts — NPTL's debugging view (what glibc's nptl_db gives gdb).
 *
 * Mirrors: glibc nptl_db/td_ta_thr_iter.c (walk the descriptors of stack_used and the initial
 * thread), td_thr_get_info.c (ti_tid = the pthread_t, ti_lid = pd->tid read from the inferior's
 * memory, ti_state from the LWP), and what gdb's "info threads" and a mutex's __owner show.
 *
 * Each LWP's thread pointer is its descriptor (CLONE_SETTLS), whose `proc` lists every
 * descriptor of the process, exited-but-unjoined ones included. The tid word is read through
 * the proc service (ps_pdread), as nptl_db must: this code runs outside any task. A mutex's
 * owner is the tid glibc stores in __owner; it is mapped back to a pthread_t through the
 * descriptors, or reported as a tid that no longer runs.
 */

import type { ProcService, ThreadDebug, ThreadWait, LwpInfo, DebugNames } from '../thread_db.js';
import { lwpsByTid, lwpState, objectWait } from '../thread_db.js';
import { Pthread, type NptlProcess } from './descr.js';
import { Mutex } from './pthread_mutex_init.js';
import { Cond } from './pthread_cond_init.js';
import { CondG } from './pthread_cond_common_2_36.js';
import { NewSem } from './sem_init.js';
import { Rwlock } from './pthread_rwlock_init.js';

/**
 * An NPTL pthread_t is the descriptor's address (gdb prints it in hex); the report prints it as
 * the program's printf("%lu", pthread_self()) does, so the two can be matched.
 */
export function nptlName(self: number): string {
  return String(self);
}

/** td_ta_thr_iter + td_thr_get_info over every process of the program. */
export function nptlDebugThreads(ps: ProcService, names: DebugNames): ThreadDebug[] {
  const lwps = lwpsByTid(ps);
  const procs: NptlProcess[] = [];
  for (const l of lwps.values()) {
    if (l.tls instanceof Pthread && !procs.includes(l.tls.proc)) procs.push(l.tls.proc);
  }
  const out: ThreadDebug[] = [];
  for (const proc of procs) {
    const reader = [...lwps.values()].find((l) => l.tls instanceof Pthread && l.tls.proc === proc)!;
    const tidOf = (pd: Pthread) => ps.readWord(reader.tid, pd.tidAddr);
    for (const pd of proc.threads.values()) {
      const tid = tidOf(pd);
      const lwp = tid !== 0 ? lwps.get(tid) : undefined;
      out.push({
        pid: proc.pid, thread: pd.self, name: nptlName(pd.self), main: pd.stackSize === 0,
        lwp: tid, state: tid === 0 ? 'exited' : lwpState(lwp),
        wait: waitOf(pd, proc, lwp, names, tidOf),
      });
    }
  }
  return out;
}

/** What `pd` waits for, from its waitOn and the objects' owner fields. */
function waitOf(pd: Pthread, proc: NptlProcess, lwp: LwpInfo | undefined, names: DebugNames, tidOf: (pd: Pthread) => number): ThreadWait | null {
  const on = pd.waitOn;
  const timed = lwp?.timed ?? false;
  if (on instanceof Mutex) {
    const w = objectWait(names, on, 'mutex', timed);
    if (on.owner !== 0) {
      const owner = [...proc.threads.values()].find((t) => tidOf(t) === on.owner);
      w.holder = owner ? owner.self : null;
      w.holderName = owner ? nptlName(owner.self) : `tid ${on.owner}, which has exited`;
    }
    return w;
  }
  if (on instanceof Cond || on instanceof CondG) {
    const w = objectWait(names, on, 'cond', timed);
    if (w.kind === 'cond' && on.mutex !== null) w.note = `with ${names.of(on.mutex, 'mutex')}`;
    return w;
  }
  if (on instanceof NewSem) return objectWait(names, on, 'sem', timed);
  if (on instanceof Rwlock) {
    const w = objectWait(names, on, 'rwlock', timed);
    const writer = on.writer === 0 ? undefined : [...proc.threads.values()].find((t) => tidOf(t) === on.writer);
    if (writer !== undefined) { w.holder = writer.self; w.holderName = nptlName(writer.self); }
    else if (on.nrReaders > 0) w.note = `read-held by ${on.nrReaders} reader${on.nrReaders === 1 ? '' : 's'}`;
    return w;
  }
  if (on instanceof Pthread) {
    return { kind: 'join', object: `thread ${nptlName(on.self)}`, holder: on.self, holderName: nptlName(on.self), timed };
  }
  return null;
}
