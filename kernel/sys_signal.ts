/**
 * sys_signal.ts — the signal system calls.
 *
 * Mirrors: kernel/signal.c's SYSCALL_DEFINEs — kill (kill_something_info: process-directed,
 * rule 12; pid 0 and -pgid signal every process of a group, -1 every process), tkill and tgkill (thread-directed), rt_sigaction (do_sigaction: SIGKILL and
 * SIGSTOP cannot be caught or ignored, rule 17; setting SIG_IGN discards pending instances),
 * rt_sigprocmask (KILL/STOP silently dropped from masks; newly blocked shared signals are
 * retargeted, rule 18), rt_sigsuspend, pause, rt_sigtimedwait, rt_sigpending, rt_sigqueueinfo,
 * rt_tgsigqueueinfo (do_rt_tgsigqueueinfo: tgkill's do_send_specific with a value, SI_QUEUE);
 * user signals pass check_kill_permission (sys_cred.ts: EPERM across users).
 */

import type { Kernel } from './kernel.js';
import { Task, type SigAction, type SigInfo, WAKE_SIGNAL, WAKE_TIMEOUT, WAKE_NONE } from './task.js';
import {
  SigSet, sigsetFromBigint, sigsetToBigint, sigorsets, sigandsets, sigandnsets, sigdup, sigcopy,
  sigisemptyset, sigdelset, signotset,
} from './sigset.js';
import {
  EINVAL, ESRCH, EAGAIN, EPERM, SIGKILL, SIGSTOP, SIG_DFL, SIG_IGN, SIG_BLOCK, SIG_UNBLOCK,
  SIG_SETMASK, SI_USER, SI_TKILL, SI_QUEUE, ERESTARTNOHAND, EINTR, validSignal,
} from './uapi.js';
import {
  sendSignal, UNBLOCKABLE, setBlocked, recalcSigpending, retargetShared, dequeueSignal, isDefaultIgnored,
  sigframeNorestart,
} from './signal.js';
import { sleepOn } from './sched.js';
import { pgrpMembers } from './sys_pgrp.js';
import { killPermission } from './sys_cred.js';

/** The set a system call was given, converted (one scratch set: a call reads it before the next). */
const arg = new SigSet();

function userInfo(t: Task, sig: number, code: number): SigInfo {
  return { signo: sig, code, pid: t.tgid, uid: t.cred.uid };
}

/**
 * kill(pid, sig) — kill_something_info: pid > 0 is one process (rule 12: process-directed even
 * when pid names a non-leader thread), 0 the caller's process group, -1 every process but init
 * and the caller's, < -1 the process group -pid.
 */
export function sysKill(k: Kernel, t: Task, pid: number, sig: number): number {
  if (!Number.isInteger(pid) || !Number.isInteger(sig)) return -EINVAL;
  if (sig !== 0 && !validSignal(sig)) return -EINVAL;
  if (pid > 0) return killProc(k, t, k.findTask(pid), sig);
  if (pid === -1) return killAll(k, t, sig);
  if (pid <= -0x80000000) return -ESRCH;
  return killPgrp(k, t, pid === 0 ? t.signal!.pgrp : -pid, sig);
}

/**
 * group_send_sig_info to the process of `target`. A task stays in the pid table until it is
 * reaped: an unreaped zombie exists (issue 16 bug 7), and a signal to a group with nobody left
 * to take it is dropped.
 */
function killProc(k: Kernel, t: Task, target: Task | undefined, sig: number): number {
  if (!target) return -ESRCH;
  const perm = killPermission(t, target, sig);
  if (perm < 0 || sig === 0) return perm;
  if (!groupHasLiveThread(target)) return 0;
  return sendSignal(k, sig, userInfo(t, sig, SI_USER), target, true);
}

/** Some thread of target's group has not exited yet (a loop: kill is on LinuxThreads' every restart). */
function groupHasLiveThread(target: Task): boolean {
  for (const x of target.signal!.threads) if (x.exitState === 0) return true;
  return false;
}

/** __kill_pgrp_info: every process of the group; 0 if one delivery succeeded, else the last error. */
function killPgrp(k: Kernel, t: Task, pgid: number, sig: number): number {
  let success = false;
  let retval = -ESRCH;
  for (const p of pgrpMembers(k, pgid)) {
    const err = killProc(k, t, p, sig);
    if (err === 0) success = true;
    retval = err;
  }
  return success ? 0 : retval;
}

/** kill(-1, sig): every process but init and the caller's own; EPERM ones are not errors. */
function killAll(k: Kernel, t: Task, sig: number): number {
  let count = 0;
  let retval = 0;
  for (const p of [...k.tasks.values()]) {
    if (!p.isLeader || p.tgid <= 1 || p.tgid === t.tgid || p.isKthread) continue;
    count++;
    const err = killProc(k, t, p, sig);
    if (err !== -EPERM) retval = err;
  }
  return count ? retval : -ESRCH;
}

/** tgkill(tgid, tid, sig): thread-directed, private pending (rule 12). */
export function sysTgkill(k: Kernel, t: Task, tgid: number, tid: number, sig: number): number {
  const p = specificTarget(k, t, tgid, tid, sig);
  return typeof p === 'number' ? p : sendSignal(k, sig, userInfo(t, sig, SI_TKILL), p, false);
}

/**
 * do_send_specific's checks, shared by tgkill and rt_tgsigqueueinfo: tgid or tid ≤ 0 is EINVAL,
 * ESRCH unless tid is in tgid, then the permission check; signal 0, or a target already exiting
 * (an unreaped zombie leader exists), succeeds with nothing sent. The task to signal, or the
 * call's answer.
 */
function specificTarget(k: Kernel, t: Task, tgid: number, tid: number, sig: number): Task | number {
  if (!Number.isInteger(tgid) || !Number.isInteger(tid) || tgid <= 0 || tid <= 0) return -EINVAL;
  if (sig !== 0 && !validSignal(sig)) return -EINVAL;
  const p = k.findTask(tid);
  if (!p || p.tgid !== tgid) return -ESRCH;
  const perm = killPermission(t, p, sig);
  if (perm < 0) return perm;
  return sig === 0 || p.exitState !== 0 ? 0 : p;
}

export function sysTkill(k: Kernel, t: Task, tid: number, sig: number): number {
  if (!Number.isInteger(tid) || tid <= 0) return -EINVAL;
  if (sig !== 0 && !validSignal(sig)) return -EINVAL;
  const p = k.findTask(tid);
  if (!p) return -ESRCH;
  const perm = killPermission(t, p, sig);
  if (perm < 0) return perm;
  if (sig === 0 || p.exitState !== 0) return 0;
  return sendSignal(k, sig, userInfo(t, sig, SI_TKILL), p, false);
}

/**
 * rt_sigqueueinfo(tgid, sig, value, code): process-directed with a value (sigqueue: si_code
 * SI_QUEUE, the default; glibc's aio completions: SI_ASYNCIO). Signal 0 checks the pid and the
 * permission only (kill_proc_info: valid_signal(0) holds), as for kill. do_rt_sigqueueinfo:
 * a code a kernel or kill()/tgkill() would give (>= 0, or SI_TKILL) only to oneself (EPERM).
 */
export function sysSigqueue(k: Kernel, t: Task, pid: number, sig: number, value: unknown, code: number = SI_QUEUE): number {
  if ((code >= 0 || code === SI_TKILL) && pid !== t.tgid) return -EPERM;
  if (sig !== 0 && !validSignal(sig)) return -EINVAL;
  const p = k.findTask(pid);
  if (!p) return -ESRCH;
  const perm = killPermission(t, p, sig);
  if (perm < 0) return perm;
  if (sig === 0 || p.signal!.threads.every((x) => x.exitState !== 0)) return 0;
  return sendSignal(k, sig, { signo: sig, code, pid: t.tgid, uid: t.cred.uid, value }, p, true);
}

/**
 * rt_tgsigqueueinfo(tgid, tid, sig, value): thread-directed with a value (glibc's
 * pthread_sigqueue, Linux ≥ 2.6.31). do_rt_tgsigqueueinfo: tgid or tid ≤ 0 is EINVAL, then
 * do_send_specific as tgkill (ESRCH unless tid is in tgid; signal 0 checks only; an exiting
 * zombie takes nothing and the call succeeds). The siginfo is SI_QUEUE from the caller (the
 * lab passes the value, not a siginfo, so the EPERM for a forged si_code ≥ 0 cannot arise).
 */
export function sysTgsigqueueinfo(k: Kernel, t: Task, tgid: number, tid: number, sig: number, value: unknown): number {
  const p = specificTarget(k, t, tgid, tid, sig);
  return typeof p === 'number' ? p : sendSignal(k, sig, { signo: sig, code: SI_QUEUE, pid: t.tgid, uid: t.cred.uid, value }, p, false);
}

/** rt_sigaction(sig, act, oldact). `act` null only queries. */
export function sysSigaction(k: Kernel, t: Task, sig: number, act: SigAction | null, old: { value?: SigAction } | null): number {
  if (!validSignal(sig)) return -EINVAL;
  if (act && (sig === SIGKILL || sig === SIGSTOP)) return -EINVAL;
  const table = t.sighand!.action;
  if (old) { const o = table[sig]; old.value = { handler: o.handler, flags: o.flags, mask: sigsetToBigint(o.mask) }; }
  if (!act) return 0;
  if (act.handler !== SIG_DFL && act.handler !== SIG_IGN && typeof act.handler !== 'function') return -EINVAL;
  const mask = new SigSet();
  sigsetFromBigint(mask, act.mask ?? 0n);
  sigandnsets(mask, mask, UNBLOCKABLE);
  table[sig] = { handler: act.handler, flags: act.flags | 0, mask };
  // POSIX: setting SIG_IGN (or SIG_DFL of an ignored-by-default signal) discards pending ones.
  if (act.handler === SIG_IGN || (act.handler === SIG_DFL && isDefaultIgnored(sig))) {
    const s = t.signal!;
    sigdelset(s.shared, sig);
    s.shared.list = s.shared.list.filter((i) => i.signo !== sig);
    for (const th of s.threads) {
      sigdelset(th.pending, sig);
      th.pending.list = th.pending.list.filter((i) => i.signo !== sig);
      recalcSigpending(th);
    }
  }
  return 0;
}

/**
 * rt_sigprocmask(how, set, oldset). Rule 17: KILL and STOP are silently dropped from masks.
 * With no set, `how` is not looked at; a bad `how` fails before oldset is written.
 */
export function sysSigprocmask(k: Kernel, t: Task, how: number, set: bigint | null, old: { value?: bigint } | null): number {
  if (set === null || set === undefined) { if (old) old.value = sigsetToBigint(t.blocked); return 0; }
  if (typeof set !== 'bigint') return -EINVAL;
  if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) return -EINVAL;
  if (old) old.value = sigsetToBigint(t.blocked);
  const next = arg;
  sigsetFromBigint(next, set);
  if (how === SIG_BLOCK) sigorsets(next, t.blocked, next);
  else if (how === SIG_UNBLOCK) sigandnsets(next, t.blocked, next);
  // Shared pending signals newly blocked are retargeted: none pending is the usual case.
  const prev = sigisemptyset(t.signal!.shared) ? null : sigdup(t.blocked);
  setBlocked(t, next);
  if (prev !== null) {
    sigandnsets(prev, t.blocked, prev); // now blocked, not before
    retargetShared(k, t, prev);
  }
  recalcSigpending(t);
  return 0;
}

export function sysSigpending(k: Kernel, t: Task, out: { value?: bigint } | null): number {
  const p = new SigSet();
  sigorsets(p, t.pending, t.signal!.shared);
  sigandsets(p, p, t.blocked);
  if (out) out.value = sigsetToBigint(p);
  return 0;
}

/** rt_sigsuspend(mask): sleep with `mask` until a handler runs; returns -EINTR after it. */
export function sysSigsuspend(k: Kernel, t: Task, mask: bigint): number {
  if (t.wakeReason === WAKE_SIGNAL) return -ERESTARTNOHAND;
  if (t.wakeReason === WAKE_NONE) {
    if (typeof mask !== 'bigint') return -EINVAL;
    t.savedSigmask = sigdup(t.blocked);
    sigsetFromBigint(arg, mask);
    setBlocked(t, arg);
    recalcSigpending(t);
  }
  if (t.sigpending) return -ERESTARTNOHAND;
  return sleepOn(k, t, null);
}

/** pause(): sleep until a signal is delivered. */
export function sysPause(k: Kernel, t: Task): number {
  if (t.wakeReason === WAKE_SIGNAL || t.sigpending) return -ERESTARTNOHAND;
  return sleepOn(k, t, null);
}

/**
 * rt_sigtimedwait(set, info, timeout_ns): take a pending signal of `set` (normally blocked)
 * without running a handler. The set is unblocked while sleeping (real_blocked).
 */
export function sysSigtimedwait(k: Kernel, t: Task, set: bigint, info: { value?: SigInfo } | null, timeout: number | null): number {
  if (typeof set !== 'bigint') return -EINVAL;
  const want = new SigSet();
  sigsetFromBigint(want, set);
  sigandnsets(want, want, UNBLOCKABLE);
  if (t.wakeReason !== WAKE_NONE && t.sleepData !== null) {
    sigcopy(t.blocked, t.sleepData as SigSet);
    t.sleepData = null;
    t.realBlocked = null;
    recalcSigpending(t);
  }
  const others = sigdup(want);
  signotset(others);
  const got = dequeueSignal(t, others);
  if (got) {
    if (info) info.value = got;
    recalcSigpending(t);
    return got.signo;
  }
  if (t.wakeReason === WAKE_TIMEOUT || timeout === 0) return -EAGAIN;
  if (t.wakeReason === WAKE_SIGNAL) return -EINTR;
  if (timeout !== null && timeout !== undefined && (typeof timeout !== 'number' || timeout < 0)) return -EINVAL;
  const saved = sigdup(t.blocked);
  t.sleepData = saved;
  t.realBlocked = saved; // complete_signal: a waited-for signal is not fatal (rule 15)
  sigandnsets(t.blocked, t.blocked, want);
  recalcSigpending(t);
  if (t.sigpending) {
    // Something deliverable is already here (another signal with a handler): let it run.
    sigcopy(t.blocked, saved); t.sleepData = null; t.realBlocked = null; recalcSigpending(t);
    return -EINTR;
  }
  return sleepOn(k, t, null, timeout ?? -1);
}

/** lab_sigframe_norestart(): signal.ts sigframeNorestart on the caller's top handler frame. */
export function sysSigframeNorestart(_k: Kernel, t: Task): number {
  return sigframeNorestart(t);
}
