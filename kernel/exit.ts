/**
 * exit.ts — how tasks die and are reaped: do_exit, do_group_exit, release_task, wait4.
 *
 * Mirrors: kernel/exit.c of Linux 2.6 — do_exit (exit_mm with mm_release's clear_child_tid
 * write and futex wake, exit_files, exit_fs, exit_notify), forget_original_parent (children
 * go to another live thread of the group, else to init, which hears of their death with SIGCHLD
 * whatever exit signal they had: reparent_thread), exit_notify (a non-leader thread is
 * released at once; a leader with live threads stays a zombie and its parent hears only when
 * the last thread is gone), do_group_exit/zap_other_threads, release_task, and do_wait with
 * its __WCLONE/__WALL eligibility and delay_group_leader.
 */

import type { Kernel } from './kernel.js';
import {
  Task, TASK_RUNNING, TASK_STOPPED, EXIT_ZOMBIE, EXIT_DEAD, PF_EXITING, WAKE_NORMAL, WAKE_SIGNAL,
  WaitQueue, type SigInfo,
} from './task.js';
import {
  SIGCHLD, SIGKILL, SIGCONT, ECHILD, EINVAL, WNOHANG, WUNTRACED, WSTOPPED, WEXITED, WCONTINUED, WNOWAIT,
  __WNOTHREAD, __WALL, __WCLONE, SIG_IGN, SA_NOCLDWAIT, CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_STOPPED,
  CLD_CONTINUED, W_STOPCODE, ERESTARTSYS, P_ALL, P_PID, P_PGID,
} from './uapi.js';
import { sleepOn, wakeUp, wakeUpTask, putPrev, BLOCK } from './sched.js';
import { EV_EXIT, EV_REAP } from './trace.js';
import { futexWake } from './futex.js';
import { futexExitRelease } from './futex_robust.js';
import type { Mm } from './mm.js';
import { closeAllFiles } from './file.js';
import { exitSignals, sendSigChld, sigaddsetPrivate, signalWakeUp, isCoreSignal, sendSignal } from './signal.js';
import { findNewReaper } from './sys_prctl.js';
import { SI_USER } from './uapi.js';
import { BUG_ON } from './panic.js';
import { accumulateChild, childUsage, type KRusage, type Usage } from './sys_rusage.js';
import { mmapDropGrant } from './mmap_lock.js';
import { freeThreadStack } from './fork_stack.js';
import { exitSem } from './ipc/sem.js';

export const TASK_DEAD = 64;

/** The wait queue a parent's group sleeps on in wait4 (signal->wait_chldexit). */
export function chldWaitQueue(k: Kernel, t: Task): WaitQueue {
  const s = t.signal as any;
  return (s.waitChldExit ??= new WaitQueue('wait_chldexit'));
}

/**
 * do_exit's first steps, up to exit_mm's mmap_read_lock: exit_signals (PF_EXITING, shared
 * signals passed on), then exit_mm_release — the tid word cleared and a joiner woken before
 * the dying thread takes the lock, so a thread that must wait for it (sys.ts sysExit) has
 * already released its joiner. Once per task.
 */
export function exitStart(k: Kernel, t: Task): void {
  if (t.exitStarted) return;
  t.exitStarted = true;
  t.flags |= PF_EXITING;
  exitSignals(k, t);
  mmRelease(k, t, t.mm);
}

/** do_exit: release the task's resources, notify, and leave it a zombie or dead. */
export function doExit(k: Kernel, t: Task, code: number): void {
  BUG_ON((t.flags & PF_EXITING) !== 0 && t.exitState !== 0, 'doExit', `task ${t.pid} exits twice`);
  exitStart(k, t);
  mmapDropGrant(k, t);
  t.exitCode = code;
  exitMm(k, t);
  exitSemundo(k, t);
  exitFiles(k, t);
  exitFs(t);
  k.extraCost += k.costs.exitBase;
  if (k.trace.on[EV_EXIT]) k.trace.emit(EV_EXIT, k.now, t.cpu, t.pid, code, t.isLeader ? 1 : 0, t.comm);
  exitNotify(k, t);
  t.state = TASK_DEAD;
  t.stack.length = 0;
  t.sysNr = -1;
  if (t.onCpu) putPrev(k, k.cpus[t.cpu], t);
  if (t.onRq) { k.cpus[t.cpu].rq.remove(t); t.onRq = false; }
  // The last switch away from the dead task (finish_task_switch → put_task_stack) frees its
  // kernel stack on the CPU it died on; a vfree after the cache overflows runs there later.
  freeThreadStack(k, t.cpu);
  k.onTaskExit?.(t);
}

/** exit_mm + mm_release: clear_child_tid (rule 5) and the vfork parent's wake-up. */
function exitMm(k: Kernel, t: Task): void {
  const mm = t.mm;
  mmRelease(k, t, mm);
  if (mm === null) return;
  t.mm = null;
  mmput(k, mm);
}

/**
 * mm_release: a task lets go of its address space (exit, or exec replacing it): walk its robust
 * futex list (futex_exit_release / futex_exec_release, futex_robust.ts), wake a vfork
 * parent, and honour clear_child_tid — write 0 and wake one futex waiter, if others still
 * share the mm (rule 5). The wake is a shared FUTEX_WAKE, as kernel/fork.c's
 * do_futex(tidptr, FUTEX_WAKE, 1, ...) without FUTEX_PRIVATE_FLAG: a tid word in a MAP_SHARED
 * mapping wakes a waiter keyed on the mapping (for private memory both keys are the mm's).
 */
export function mmRelease(k: Kernel, t: Task, mm: Mm | null): void {
  if (t.vforkParent) {
    const parent = t.vforkParent;
    t.vforkParent = null;
    wakeUpTask(k, parent, WAKE_NORMAL, t);
  }
  if (mm !== null) futexExitRelease(k, t, mm); // exit_mm_release/exec_mm_release: robust futexes first
  if (mm === null || !t.clearChildTid) return;
  if (mm.users > 1) {
    mm.write(t.clearChildTid, 0);
    futexWake(k, mm, t.clearChildTid, 1, false);
  }
  t.clearChildTid = 0;
}

/** mmput: drop a user of the mm; the last one releases it and its futex keys. */
export function mmput(k: Kernel, mm: Mm): void {
  mm.users--;
  if (mm.users === 0) {
    mm.released = true;
    mm.unmapAll(); // exit_mmap: shared mappings are one map fewer
    k.futexQueues.delete(mm); // its futex keys die with it (else the map keeps the Mm alive)
    k.futexPi.delete(mm);
  }
}

function exitFiles(k: Kernel, t: Task): void {
  const f = t.files;
  if (!f) return;
  t.files = null;
  if (--f.count === 0) { closeAllFiles(f, k, t); f.released = true; }
}

/** exit_sem: the undo list's last user applies its adjustments (ipc/sem.ts). */
function exitSemundo(k: Kernel, t: Task): void {
  const u = t.sysvsem;
  if (!u) return;
  t.sysvsem = null;
  if (--u.refcnt !== 0) return;
  u.released = true;
  exitSem(k, t, u);
}

function exitFs(t: Task): void {
  const fs = t.fs;
  if (!fs) return;
  t.fs = null;
  if (--fs.users === 0) fs.released = true;
}

/**
 * Children of a dying task go to a live thread of its group, else to the nearest subreaper,
 * else to init (rule 11; sys_prctl.ts findNewReaper). Each of a child's threads that asked
 * for a parent-death signal gets it sent to its process now, as the creating thread dies.
 */
function forgetOriginalParent(k: Kernel, t: Task): void {
  if (!t.hasChildren) return;
  let reaper = findNewReaper(k, t, (th) => !(th.flags & PF_EXITING));
  if (reaper === t) reaper = k.init;
  const kids = t.children.toArray();
  t.children.clear();
  for (const c of kids) {
    c.realParent = reaper;
    for (const th of c.signal!.threads) {
      if (th.pdeathSignal !== 0) sendSignal(k, th.pdeathSignal, { signo: th.pdeathSignal, code: SI_USER, pid: t.tgid, uid: t.cred.uid }, th, true);
    }
    // reparent_thread: "we don't want people slaying init" — a child adopted by another
    // thread group reports its death with SIGCHLD, whatever exit signal it was cloned with.
    if (reaper.tgid !== t.tgid && c.exitSignal !== -1) c.exitSignal = SIGCHLD;
    reaper.children.push(c);
    // The new parent hears of a zombie only once its group is empty (rule 9).
    if (c.exitState === EXIT_ZOMBIE && threadGroupEmpty(c)) notifyParentOfZombie(k, c);
  }
  // Threads that named t as real parent (they share it through the group) follow too.
  for (const other of k.tasks.values()) if (other.realParent === t && !other.isLeader) other.realParent = reaper;
}

/** exit_notify: rules 8 and 9. */
function exitNotify(k: Kernel, t: Task): void {
  forgetOriginalParent(k, t);
  const execing = t.signal!.groupExitTask;
  if (!t.isLeader) {
    t.exitState = EXIT_DEAD;
    releaseTask(k, t);
  } else {
    t.exitState = EXIT_ZOMBIE;
    if (threadGroupEmpty(t)) notifyParentOfZombie(k, t);
  }
  // de_thread (exec.ts) waits for the others: tell it one more is gone.
  if (execing !== null && execing !== t) wakeUpTask(k, execing, WAKE_NORMAL);
}

export function threadGroupEmpty(leader: Task): boolean {
  return leader.signal!.threads.length <= 1;
}

/** do_notify_parent for an exiting group: signal and wake the parent, or autoreap. */
function notifyParentOfZombie(k: Kernel, t: Task): void {
  const parent = t.realParent;
  const sig = t.exitSignal;
  if (sig > 0 && parent.alive) {
    const status = t.signal!.groupExit ? t.signal!.groupExitCode : t.exitCode;
    const code = exitCode(status);
    const act = parent.sighand!.action[SIGCHLD];
    const autoreap = sig === SIGCHLD && (act.handler === SIG_IGN || (act.flags & SA_NOCLDWAIT) !== 0);
    sendSigChld(k, t, parent, sig, code, status);
    wakeUp(k, chldWaitQueue(k, parent));
    if (autoreap) { t.exitState = EXIT_DEAD; releaseTask(k, t); }
  } else if (sig <= 0) {
    // exit_signal -1 on a leader never happens in Linux; treat as autoreap.
    wakeUp(k, chldWaitQueue(k, parent));
  } else {
    wakeUp(k, chldWaitQueue(k, parent));
  }
}

/** release_task: unhash, unlink from the group and the parent, drop shared structures. */
export function releaseTask(k: Kernel, t: Task): void {
  k.tasks.delete(t.pid);
  k.nrThreads--;
  t.exitState = EXIT_DEAD;
  const sig = t.signal!;
  // __exit_signal: the group keeps a released thread's times (a zombie leader, still on the
  // thread list, is summed with the live threads until it is released).
  sig.utime += t.utime;
  sig.stime += t.stime;
  sig.nvcsw += t.nvcsw;
  sig.nivcsw += t.nivcsw;
  sig.threads.remove(t);
  if (sig.currTarget === t) sig.currTarget = null;
  if (--sig.count === 0) sig.released = true;
  const sh = t.sighand;
  if (sh && --sh.count === 0) sh.released = true;
  const p = t.realParent;
  if (t.isLeader && p) p.children.remove(t);
  if (k.trace.on[EV_REAP]) k.trace.emit(EV_REAP, k.now, t.cpu, t.pid, k.current ? k.current.pid : 0, 0, '');
  // Rule 9: the last thread gone, a zombie leader's parent is told now.
  const leader = t.groupLeader;
  if (leader !== t && leader.exitState === EXIT_ZOMBIE && threadGroupEmpty(leader)) notifyParentOfZombie(k, leader);
}

/** do_group_exit: rule 10 — kill every thread of the group, the status is the group's. */
export function doGroupExit(k: Kernel, t: Task, code: number): void {
  const sig = t.signal!;
  // signal_group_exit: a group exit, or an exec's de_thread, is already under way.
  if (sig.groupExit || sig.groupExitTask !== null) code = sig.groupExitCode;
  else {
    sig.groupExit = true;
    sig.groupExitCode = code;
    zapOtherThreads(k, t);
  }
  doExit(k, t, code);
}

/** zap_other_threads: SIGKILL to every other live thread of t's group. */
export function zapOtherThreads(k: Kernel, t: Task): void {
  for (const th of t.signal!.threads) {
    if (th === t || th.exitState !== 0) continue;
    sigaddsetPrivate(th, SIGKILL);
    if (th.state === TASK_STOPPED) th.state = TASK_RUNNING, k.enqueueRunnable(th, k.cpus[th.cpu]);
    signalWakeUp(k, th, true);
  }
}

// ---------------------------------------------------------------------------------------
// wait4 and waitid (kernel/exit.c do_wait: one scan of the children, two ways to report)

const WAIT_OPTIONS = WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE;
const WAITID_OPTIONS = WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE;

/** A child wait_task_zombie / _stopped / _continued found: its pid, wait status and what happened. */
interface WaitHit { pid: number; uid: number; status: number; code: number; ru: Usage & { maxrss: number } }

/**
 * eligible_child: pid selector and the __WCLONE/__WALL rule (rule 11). pid 0 is any child in
 * the caller's process group, pid < -1 any child in group -pid (process_group(p), 2.6.11).
 */
function eligible(t: Task, p: Task, pid: number, options: number): boolean {
  if (pid > 0 && p.pid !== pid) return false;
  if (pid === 0 && p.signal!.pgrp !== t.signal!.pgrp) return false;
  if (pid < -1 && p.signal!.pgrp !== -pid) return false;
  if (options & __WALL) return true;
  const isClone = p.exitSignal !== SIGCHLD;
  return isClone === ((options & __WCLONE) !== 0);
}

/**
 * wait4(pid, status, options, rusage): returns the pid reaped/reported, 0 (WNOHANG), or
 * -errno; `ru` (wait3/wait4's struct rusage) gets the child's times with its reaped children's.
 */
export function sysWait4(k: Kernel, t: Task, pid: number, status: { value: number } | null, options: number, ru: KRusage | null = null): number {
  options = options | 0;
  if ((options & ~WAIT_OPTIONS) !== 0 || !Number.isInteger(pid)) return -EINVAL;
  const r = doWait(k, t, pid, options | WEXITED);
  if (typeof r === 'number') return r;
  if (status) status.value = r.status;
  if (ru) Object.assign(ru, r.ru);
  return r.pid;
}

/**
 * waitid(idtype, id, infop, options): P_ALL, P_PID id, P_PGID id (0: the caller's group); at
 * least one of WEXITED, WSTOPPED, WCONTINUED; WNOWAIT leaves the child waitable. The siginfo
 * is SIGCHLD's as wait_task_* fill it (si_code CLD_*, si_status the exit code or the signal);
 * with WNOHANG and no child ready it is all zeros. Returns 0 or -errno.
 */
export function sysWaitid(k: Kernel, t: Task, idtype: number, id: number, info: { value?: SigInfo } | null, options: number): number {
  options = options | 0;
  if ((options & ~WAITID_OPTIONS) !== 0 || (options & (WEXITED | WSTOPPED | WCONTINUED)) === 0) return -EINVAL;
  let pid: number;
  if (idtype === P_ALL) pid = -1;
  else if (idtype === P_PID) { if (!(id > 0)) return -EINVAL; pid = id; }
  else if (idtype === P_PGID) { if (!(id >= 0)) return -EINVAL; pid = id === 0 ? 0 : -id; }
  else return -EINVAL;
  const r = doWait(k, t, pid, options);
  if (typeof r === 'number') {
    if (r === 0 && info) info.value = { signo: 0, code: 0, pid: 0, uid: 0, status: 0 };
    return r;
  }
  const exited = r.code === CLD_EXITED, died = exited || r.code === CLD_KILLED || r.code === CLD_DUMPED;
  const siStatus = exited ? (r.status >> 8) & 0xff : died ? r.status & 0x7f : r.code === CLD_STOPPED ? (r.status >> 8) & 0xff : SIGCONT;
  if (info) info.value = { signo: SIGCHLD, code: r.code, pid: r.pid, uid: r.uid, status: siStatus };
  return 0;
}

/** do_wait: a hit, 0 (WNOHANG and none ready), or -errno; BLOCK to sleep until a child changes. */
function doWait(k: Kernel, t: Task, pid: number, options: number): WaitHit | number {
  let any = false;
  const parents = options & __WNOTHREAD ? [t] : t.signal!.threads;
  for (const parent of parents) {
    for (const p of parent.children) {
      if (!eligible(t, p, pid, options)) continue;
      any = true;
      const r = waitConsider(k, t, p, options);
      if (r !== null) return r;
    }
  }
  if (!any) return -ECHILD;
  if (options & WNOHANG) return 0;
  // do_wait: the children are scanned before signal_pending() is looked at, so a child whose
  // death both signalled and woke us is reaped, not lost to -ERESTARTSYS.
  if (t.wakeReason === WAKE_SIGNAL || t.sigpending) return -ERESTARTSYS;
  return sleepOn(k, t, chldWaitQueue(k, t));
}

/** wait_consider_task: a zombie (WEXITED), a stop (WSTOPPED) or a continue (WCONTINUED) to report; WNOWAIT keeps it. */
function waitConsider(k: Kernel, t: Task, p: Task, options: number): WaitHit | null {
  const keep = (options & WNOWAIT) !== 0;
  if (p.exitState === EXIT_ZOMBIE) {
    if (!(options & WEXITED)) return null;
    if (p.isLeader && !threadGroupEmpty(p)) return null; // delay_group_leader (rule 9)
    const sig = p.signal!;
    const st = sig.groupExit ? sig.groupExitCode : p.exitCode;
    const hit = { pid: p.pid, uid: p.cred.uid, status: st, code: exitCode(st), ru: rusageOf(p) };
    if (!keep) {
      accumulateChild(t, hit.ru); // the reaper's group gets its times (and its children's)
      releaseTask(k, p);
    }
    return hit;
  }
  const s = p.signal!;
  if ((options & WSTOPPED) && s.notifyParent === 5 && s.stopped) {
    if (!keep) s.notifyParent = 0;
    return { pid: p.pid, uid: p.cred.uid, status: W_STOPCODE(s.stopSig), code: CLD_STOPPED, ru: rusageOf(p) };
  }
  if ((options & WCONTINUED) && s.notifyParent === 6) {
    if (!keep) s.notifyParent = 0;
    return { pid: p.pid, uid: p.cred.uid, status: 0xffff, code: CLD_CONTINUED, ru: rusageOf(p) };
  }
  return null;
}

/** The rusage wait4 reports for child p (its maxrss: its mm's resident set, kB). */
function rusageOf(p: Task): Usage & { maxrss: number } {
  return { ...childUsage(p), maxrss: p.mm ? p.mm.rss * 4 : 0 };
}

/** The si_code a wait status dies with: CLD_EXITED, CLD_DUMPED or CLD_KILLED. */
function exitCode(status: number): number {
  return (status & 0x7f) === 0 ? CLD_EXITED : isCoreSignal(status & 0x7f) ? CLD_DUMPED : CLD_KILLED;
}

export { BLOCK };
