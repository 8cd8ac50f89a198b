/**
 * uthread_db.ts — the debugging view of the user-level libraries (NGPT and green).
 *
 * Mirrors: what a thread debugger for an M:N library must do (NGPT shipped none; Solaris'
 * libthread_db for its M:N threads did): the kernel sees only natives, so the thread list comes
 * from the library's own scheduler — every TCB, its state (Pth's PTH_STATE_*), the queue or
 * object it waits on — and the LWP is the native the thread lives on.
 *
 * A user thread that is "running" may be inside an unwrapped system call, with its native
 * asleep in the kernel: then it is blocked there, and the threads queued behind it on that
 * native are ready but cannot run (rule 33). The watchdog native is NGPT's helper task.
 */

import { POLLIN } from '../../kernel/index.js';
import type { ProcService, ThreadDebug, ThreadWait, ThreadState, LwpInfo, DebugNames } from '../thread_db.js';
import { lwpsByTid, objectWait } from '../thread_db.js';
import { UThread, US_DEAD, US_RUNNING, US_WAITING, UF_MAIN } from './uctx.js';
import { Native, PollWait, type UProc, type FdWait } from './usched.js';
import { PAUSE_WAIT } from './uwrap.js';
import { UMutex, UCond } from './umutex.js';

/** NGPT's watchdog native is the helper (natives carry the program's threads). */
export function uIsHelperTask(tls: unknown): boolean {
  return tls instanceof Native && tls.idx === -1;
}

/** Every user thread of every process of the program, plus the watchdogs. */
export function uDebugThreads(ps: ProcService, names: DebugNames): ThreadDebug[] {
  const lwps = lwpsByTid(ps);
  const procs: UProc[] = [];
  for (const l of lwps.values()) {
    if (l.tls instanceof Native && !procs.includes(l.tls.proc)) procs.push(l.tls.proc);
  }
  const out: ThreadDebug[] = [];
  for (const p of procs) {
    for (const t of p.threads.values()) out.push(threadDebug(p, t, lwps, names));
    const w = p.watchdog;
    if (w !== null) {
      out.push({
        pid: p.tgid, thread: 0, name: '', main: false, lwp: w.tid,
        state: lwps.get(w.tid)?.state === 'running' ? 'running' : 'blocked', wait: null, helper: 'watchdog',
      });
    }
  }
  return out;
}

function threadDebug(p: UProc, t: UThread, lwps: Map<number, LwpInfo>, names: DebugNames): ThreadDebug {
  const n = t.home as Native;
  const lwp = lwps.get(n.tid);
  const d: ThreadDebug = {
    pid: p.tgid, thread: t.id, name: String(t.id), main: (t.flags & UF_MAIN) !== 0, lwp: n.tid,
    state: 'ready', wait: null,
  };
  if (t.state === US_DEAD) d.state = 'exited';
  else if (t.state === US_WAITING) { d.state = 'blocked'; d.wait = userWait(p, t, names); }
  else if (t.state === US_RUNNING) Object.assign(d, runningOn(n, lwp));
  else if (lwp !== undefined && lwp.state === 'blocked' && n.current !== null && n.current !== t) {
    d.wait = {
      kind: 'kernel', object: lwp.call ?? 'the kernel', holder: n.current.id, holderName: String(n.current.id),
      timed: lwp.timed, note: `its native (LWP ${n.tid}) is blocked in the kernel running thread ${n.current.id}`,
    };
  }
  return d;
}

/** A thread its scheduler calls running: running, unless its native sleeps in the kernel. */
function runningOn(n: Native, lwp: LwpInfo | undefined): { state: ThreadState; wait: ThreadWait | null } {
  if (lwp === undefined || lwp.state !== 'blocked') return { state: lwp?.state === 'ready' ? 'ready' : 'running', wait: null };
  return {
    state: 'blocked',
    wait: {
      kind: 'kernel', object: lwp.call ?? 'the kernel', holder: null, holderName: null, timed: lwp.timed,
      note: `an unwrapped call: its native, LWP ${n.tid}, sleeps with it`,
    },
  };
}

/** A parked thread: what its waitOn, the timer heap and the sigwait list say. */
function userWait(p: UProc, t: UThread, names: DebugNames): ThreadWait | null {
  const on = t.waitOn;
  const timed = t.heapIdx >= 0;
  if (on instanceof UMutex) {
    const w = objectWait(names, on, 'mutex', timed);
    if (on.owner !== null) { w.holder = on.owner.id; w.holderName = String(on.owner.id); }
    return w;
  }
  if (on instanceof UCond) return objectWait(names, on, 'cond', timed);
  if (on instanceof UThread) return { kind: 'join', object: `thread ${on.id}`, holder: on.id, holderName: String(on.id), timed };
  if (on instanceof PollWait) {
    const fds = on.fds.map((f) => f.fd).join(', ');
    return { kind: 'io', object: on.fds.length ? `poll(${fds})` : 'poll()', holder: null, holderName: null, timed, note: 'a wrapped poll' };
  }
  if (on === PAUSE_WAIT) return { kind: 'signal', object: 'a signal (pause)', holder: null, holderName: null, timed };
  if (on !== null && typeof on === 'object' && 'fd' in on) {
    const w = on as FdWait;
    return { kind: 'io', object: `fd ${w.fd}`, holder: null, holderName: null, timed, note: w.events & POLLIN ? 'until it is readable' : 'until it is writable' };
  }
  if (p.sigwaiters.includes(t)) return { kind: 'signal', object: 'a signal (sigwait)', holder: null, holderName: null, timed };
  if (timed) return { kind: 'sleep', object: 'a timer', holder: null, holderName: null, timed };
  return null;
}
