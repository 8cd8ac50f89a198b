/**
 * signal.ts — generating, routing and delivering signals.
 *
 * Mirrors: kernel/signal.c of Linux 2.6 — send_signal with legacy_queue (a standard signal
 * already pending is dropped, real-time ones queue), prepare_signal (stop signals discard
 * SIGCONT and back; SIGCONT resumes every stopped thread even if blocked or caught),
 * complete_signal with wants_signal (the process-directed target choice of rule 13 and the
 * group kill of rule 15), signal_wake_up, recalc_sigpending, dequeue_signal (private before
 * shared, rule 14), get_signal_to_deliver with do_signal_stop (group stop, parent told once
 * by the last thread to stop), and arch do_signal/handle_signal/sigreturn with the restart
 * rules (ERESTARTSYS: restart with SA_RESTART else EINTR; ERESTARTNOHAND: EINTR after a handler;
 * ERESTARTNOINTR: restart, handler or not).
 *
 * A jump out of a handler (siglongjmp, longjmp from C; LongJmp from TypeScript) is
 * HandlerExit: the frame is dropped without sigreturn (dropFrame, entry.ts throwDown).
 *
 * Simplifies: no ptrace (process groups: sys_pgrp.ts; alternate stacks: sigaltstack.ts); a sleeping
 * TASK_UNINTERRUPTIBLE task is not woken even by SIGKILL (2.6 before TASK_KILLABLE).
 */

import type { Kernel } from './kernel.js';
import {
  Task, type SigInfo, type KSigAction, type SigFrame, type SigPending, TASK_INTERRUPTIBLE, TASK_STOPPED,
  TASK_RUNNING, PF_EXITING, WAKE_SIGNAL, WAKE_NONE, NO_MASK,
} from './task.js';
import {
  SigSet, sigaddset, sigdelset, sigismember, sigisemptyset, sigorsets, sigandsets, sigandnsets,
  signotset, sigtestand, sigtestandn, sigcopy, sigdup, sigsetOf, nextSignal, sigsetToBigint,
} from './sigset.js';
import {
  SIGKILL, SIGSTOP, SIGCONT, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGWINCH, SIGQUIT,
  SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS, SIGRTMIN_KERNEL,
  SIG_DFL, SIG_IGN, SA_NODEFER, SA_RESETHAND, SA_RESTART, SA_NOCLDSTOP, SI_KERNEL,
  CLD_STOPPED, CLD_CONTINUED, EINTR, ERESTARTSYS, ERESTARTNOHAND, ERESTARTNOINTR,
} from './uapi.js';
import { activateTask, wakeUpTask, interruptCpu, wakeUp } from './sched.js';
import { EV_SIGNAL_GENERATE, EV_SIGNAL_DELIVER } from './trace.js';
import { doGroupExit } from './exit.js';
import { frameOnAltStack } from './sigaltstack.js';
import { timerSignalDequeued } from './posix_timers.js';

/** sigmask(sig) as the system calls take it: a bigint with bit sig-1 (the public surface's sets). */
export const sigmask = (sig: number): bigint => 1n << BigInt(sig - 1);
/** SIGKILL and SIGSTOP: never blocked (sigdelsetmask(&blocked, sigmask(SIGKILL) | sigmask(SIGSTOP))). */
export const UNBLOCKABLE = sigsetOf(SIGKILL, SIGSTOP);
const CONT_MASK = sigsetOf(SIGCONT);
const STOP_MASK = sigsetOf(SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU);
const IGNORE_MASK = sigsetOf(SIGCHLD, SIGCONT, SIGURG, SIGWINCH);
const CORE_MASK = sigsetOf(SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS);

// The same sets by signal number (every signal generated asks prepare_signal and defaultAction
// these questions, for numbers that may be out of 1–64 in defaultAction's callers).
const inSet = (set: SigSet): Uint8Array => Uint8Array.from({ length: 65 }, (_, sig) => (sig > 0 && sigismember(set, sig) ? 1 : 0));
const STOP_SIGNALS = inSet(STOP_MASK);
const IGNORED_SIGNALS = inSet(IGNORE_MASK);
const CORE_SIGNALS = inSet(CORE_MASK);

/** t.blocked = s without SIGKILL and SIGSTOP (set_current_blocked's sigdelsetmask). */
export function setBlocked(t: Task, s: SigSet): void {
  sigandnsets(t.blocked, s, UNBLOCKABLE);
}

export const isStopSignal = (sig: number): boolean => STOP_SIGNALS[sig] === 1;
export const isDefaultIgnored = (sig: number): boolean => IGNORED_SIGNALS[sig] === 1;
export const isCoreSignal = (sig: number): boolean => CORE_SIGNALS[sig] === 1;
export const isRealtime = (sig: number): boolean => sig >= SIGRTMIN_KERNEL;

/** The default action of `sig`, as signal(7) names it. */
export function defaultAction(sig: number): 'term' | 'core' | 'stop' | 'cont' | 'ign' {
  if (sig === SIGCONT) return 'cont';
  if (isDefaultIgnored(sig)) return 'ign';
  if (isStopSignal(sig)) return 'stop';
  if (isCoreSignal(sig)) return 'core';
  return 'term';
}

// ---------------------------------------------------------------------------------------
// Generation

/** sig_ignored: an unblocked signal whose action is to ignore it is dropped at generation. */
function sigIgnored(p: Task, sig: number): boolean {
  if (sigismember(p.blocked, sig)) return false;
  const h = p.sighand!.action[sig].handler;
  if (h === SIG_IGN) return true;
  if (h !== SIG_DFL) return false;
  // init and kernel threads are protected from default-action signals.
  if (p.isKthread || p.tgid === 1) return true;
  return isDefaultIgnored(sig);
}

/** prepare_signal: the stop/continue side effects of rule 16; false if the signal is dropped. */
function prepareSignal(k: Kernel, sig: number, p: Task): boolean {
  const s = p.signal!;
  if (s.groupExit) return sig === SIGKILL;
  if (isStopSignal(sig)) {
    discardEverywhere(p, CONT_MASK);
  } else if (sig === SIGCONT) {
    discardEverywhere(p, STOP_MASK);
    continueGroup(k, p);
  }
  return !sigIgnored(p, sig);
}

function discardEverywhere(p: Task, mask: SigSet): void {
  const s = p.signal!;
  rmFromQueue(s.shared, mask);
  for (const t of s.threads) rmFromQueue(t.pending, mask);
}

function rmFromQueue(q: SigPending, mask: SigSet): void {
  if (!sigtestand(q, mask)) return;
  sigandnsets(q, q, mask);
  q.list = q.list.filter((i) => !sigismember(mask, i.signo));
}

/** SIGCONT: resume every stopped thread and tell the parent (CLD_CONTINUED) if it was stopped. */
function continueGroup(k: Kernel, p: Task): void {
  const s = p.signal!;
  const wasStopped = s.stopped || s.groupStopCount > 0;
  for (const t of s.threads) {
    t.stopPending = false;
    if (t.state === TASK_STOPPED) {
      activateTask(k, t, k.current);
    }
  }
  s.groupStopCount = 0;
  if (wasStopped) {
    s.stopped = false;
    s.notifyParent = CLD_CONTINUED;
    notifyParentCldstop(k, p.groupLeader, CLD_CONTINUED);
  }
}

/**
 * send_signal: queue `sig` on t's private set or its group's shared set and pick a thread.
 * Returns 0 (sent, dropped as ignored, or merged with a pending instance).
 */
export function sendSignal(k: Kernel, sig: number, info: SigInfo, t: Task, group: boolean): number {
  if (!t.signal || !t.sighand) return 0;
  if (!prepareSignal(k, sig, t)) {
    if (k.trace.on[EV_SIGNAL_GENERATE]) k.trace.emit(EV_SIGNAL_GENERATE, k.now, t.cpu, t.pid, sig, 2, '');
    return 0;
  }
  const pending = group ? t.signal.shared : t.pending;
  if (!isRealtime(sig) && sigismember(pending, sig)) {
    if (k.trace.on[EV_SIGNAL_GENERATE]) k.trace.emit(EV_SIGNAL_GENERATE, k.now, t.cpu, t.pid, sig, 3, '');
    return 0; // legacy_queue: rule 14
  }
  sigaddset(pending, sig);
  pending.list.push(info);
  if (t.sighand.signalfdWake !== null) t.sighand.signalfdWake(k); // signalfd_notify
  if (k.trace.on[EV_SIGNAL_GENERATE]) k.trace.emit(EV_SIGNAL_GENERATE, k.now, t.cpu, t.pid, sig, group ? 1 : 0, '');
  completeSignal(k, sig, t, group);
  return 0;
}

/** wants_signal: can `p` take `sig` now? */
export function wantsSignal(sig: number, p: Task): boolean {
  if (sigismember(p.blocked, sig)) return false;
  if (p.flags & PF_EXITING || p.exitState !== 0) return false;
  if (sig === SIGKILL) return true;
  if (p.state === TASK_STOPPED) return false;
  return p.onCpu || !p.sigpending;
}

/** complete_signal: rule 13 (which thread) and rule 15 (a fatal signal kills the group). */
function completeSignal(k: Kernel, sig: number, p: Task, group: boolean): void {
  const s = p.signal!;
  let t: Task | null = null;
  if (wantsSignal(sig, p)) t = p;
  else if (!group || s.threads.length <= 1) return;
  else {
    // From the last target (or the first thread) round the group once, as next_thread walks.
    const threads = s.threads;
    let cand = s.currTarget !== null && threads.includes(s.currTarget) ? s.currTarget : threads.first()!;
    for (let i = 0; i < threads.length; i++, cand = threads.nextCyclic(cand)) {
      if (wantsSignal(sig, cand)) { t = cand; break; }
    }
    if (t === null) return; // stays in shared pending (rule 13)
    s.currTarget = t;
  }
  if (sigFatal(p, sig) && !s.groupExit && (t.realBlocked === null || !sigismember(t.realBlocked, sig)) && !isCoreSignal(sig)) {
    s.groupExit = true;
    s.groupExitCode = sig;
    for (const th of s.threads) {
      sigaddsetPrivate(th, SIGKILL);
      signalWakeUp(k, th, true);
    }
    return;
  }
  signalWakeUp(k, t, sig === SIGKILL);
}

function sigFatal(p: Task, sig: number): boolean {
  const h = p.sighand!.action[sig].handler;
  if (sig === SIGKILL) return true;
  if (h !== SIG_DFL) return false;
  const a = defaultAction(sig);
  return a === 'term' || a === 'core';
}

export function sigaddsetPrivate(t: Task, sig: number): void {
  if (!sigismember(t.pending, sig)) t.pending.list.push({ signo: sig, code: SI_KERNEL, pid: 0 });
  sigaddset(t.pending, sig);
  t.sigpending = true;
}

/** signal_wake_up: mark pending and wake the task if it sleeps interruptibly (or is stopped, for SIGKILL). */
export function signalWakeUp(k: Kernel, t: Task, fatal: boolean): void {
  t.sigpending = true;
  if (t.state === TASK_INTERRUPTIBLE) wakeUpTask(k, t, WAKE_SIGNAL);
  else if (fatal && t.state === TASK_STOPPED) activateTask(k, t, k.current);
  else if (t.onCpu && k.current !== t) interruptCpu(k, k.cpus[t.cpu]);
}

/** recalc_sigpending. */
export function recalcSigpending(t: Task): void {
  const s = t.signal;
  t.sigpending = sigtestandn(t.pending, t.blocked) || (s !== null && sigtestandn(s.shared, t.blocked)) || t.stopPending;
}

/** Rule 18 / retarget_shared_pending: wake another thread for shared signals `t` now blocks (`which`). */
export function retargetShared(k: Kernel, t: Task, which: SigSet): void {
  const s = t.signal!;
  const left = new SigSet();
  sigandsets(left, s.shared, which);
  if (sigisemptyset(left)) return;
  const take = new SigSet();
  for (const th of s.threads) {
    if (th === t || th.flags & PF_EXITING || th.exitState !== 0) continue;
    sigandnsets(take, left, th.blocked);
    if (sigisemptyset(take)) continue;
    sigandnsets(left, left, take);
    if (!th.sigpending) signalWakeUp(k, th, false);
    th.sigpending = true;
    if (sigisemptyset(left)) break;
  }
}

/** exit_signals: a dying thread hands its group's shared signals to the others. */
export function exitSignals(k: Kernel, t: Task): void {
  if (t.signal && t.signal.threads.length > 1 && !sigisemptyset(t.signal.shared)) {
    const unblocked = sigdup(t.blocked);
    signotset(unblocked);
    retargetShared(k, t, unblocked);
  }
  t.sigpending = false;
}

/** A fault the thread cannot survive (an exception escaped its program). */
export function forceFatalSignal(k: Kernel, t: Task, sig: number): void {
  const s = t.signal!;
  if (!s.groupExit) { s.groupExit = true; s.groupExitCode = sig | (isCoreSignal(sig) ? 0x80 : 0); }
  for (const th of s.threads) {
    sigaddsetPrivate(th, SIGKILL);
    if (th !== t) signalWakeUp(k, th, true);
  }
  if (k.trace.on[EV_SIGNAL_GENERATE]) k.trace.emit(EV_SIGNAL_GENERATE, k.now, t.cpu, t.pid, sig, 0, 'forced');
}

/** do_notify_parent for a child's exit (SIGCHLD or a LinuxThreads cancel signal). */
export function sendSigChld(k: Kernel, child: Task, parent: Task, sig: number, code: number, status: number): void {
  sendSignal(k, sig, { signo: sig, code, pid: child.tgid, status }, parent, true);
}

/** do_notify_parent_cldstop: tell the group leader's parent about a stop or continue. */
function notifyParentCldstop(k: Kernel, leader: Task, why: number): void {
  const parent = leader.realParent;
  if (!parent || !parent.alive || !parent.sighand) return;
  const act: KSigAction = parent.sighand.action[SIGCHLD];
  if (!(act.handler === SIG_IGN || (act.flags & SA_NOCLDSTOP))) {
    sendSignal(k, SIGCHLD, { signo: SIGCHLD, code: why, pid: leader.tgid, status: leader.signal!.stopSig }, parent, true);
  }
  const wq = (parent.signal as any)?.waitChldExit;
  if (wq) wakeUp(k, wq);
}

// ---------------------------------------------------------------------------------------
// Delivery

/** dequeue_signal: lowest unblocked signal, private set before shared (rule 14). */
export function dequeueSignal(t: Task, mask: SigSet): SigInfo | null {
  const info = dequeueFrom(t.pending, mask);
  if (info) return info;
  return t.signal ? dequeueFrom(t.signal.shared, mask) : null;
}

function dequeueFrom(q: SigPending, mask: SigSet): SigInfo | null {
  const sig = nextSignal(q, mask);
  if (sig === 0) return null;
  // The first queued siginfo of sig taken out, and whether another is left (loops: no closures
  // or spliced-out arrays on every delivery).
  const list = q.list;
  let info: SigInfo | null = null;
  let more = false;
  for (let i = 0; i < list.length; i++) {
    if (list[i].signo !== sig) continue;
    if (info === null) {
      info = list[i];
      if (i === 0) list.shift(); else list.splice(i, 1);
      i--;
    } else { more = true; break; }
  }
  if (info === null) info = { signo: sig, code: SI_KERNEL, pid: 0 };
  else if (info.timer !== undefined) timerSignalDequeued(info); // do_schedule_next_timer
  if (!isRealtime(sig) || !more) sigdelset(q, sig);
  return info;
}

const STOPPED = 1;
const DEAD = 2;

/**
 * The action getSignal picked for the signal it returned (the table's entry as it was: a
 * SA_RESETHAND reset puts a new entry in the table; entries are replaced, never changed), so
 * that a delivery allocates no result object or copy.
 */
let pickedAction: KSigAction | null = null;

/** get_signal_to_deliver: returns a signal with a handler (its action in pickedAction), null, STOPPED or DEAD. */
function getSignal(k: Kernel, t: Task): SigInfo | null | typeof STOPPED | typeof DEAD {
  for (;;) {
    if (t.stopPending) { doSignalStop(k, t, 0); return STOPPED; }
    const info = dequeueSignal(t, t.blocked);
    if (info === null) return null;
    const sig = info.signo;
    const ka = t.sighand!.action[sig];
    if (k.trace.on[EV_SIGNAL_DELIVER]) k.trace.emit(EV_SIGNAL_DELIVER, k.now, t.cpu, t.pid, sig, ka.handler === SIG_DFL ? 1 : ka.handler === SIG_IGN ? 2 : 0, '');
    if (ka.handler === SIG_IGN) continue;
    if (ka.handler !== SIG_DFL) {
      if (ka.flags & SA_RESETHAND) t.sighand!.action[sig] = { handler: SIG_DFL, flags: 0, mask: NO_MASK };
      pickedAction = ka;
      return info;
    }
    const act = defaultAction(sig);
    if (act === 'ign' || act === 'cont') continue;
    if (t.isKthread || (t.tgid === 1 && sig !== SIGKILL)) continue;
    if (act === 'stop') { doSignalStop(k, t, sig); return STOPPED; }
    const s = t.signal!;
    const code = s.groupExit ? s.groupExitCode : sig | (act === 'core' ? 0x80 : 0);
    t.flags |= 0x400; // PF_SIGNALED
    doGroupExit(k, t, code);
    return DEAD;
  }
}

/** do_signal_stop: start or join a group stop; the last thread to stop tells the parent (rule 16). */
function doSignalStop(k: Kernel, t: Task, sig: number): void {
  const s = t.signal!;
  if (!t.stopPending) {
    if (s.groupExit) return;
    s.stopSig = sig;
    let count = 1;
    for (const th of s.threads) {
      if (th === t || th.flags & PF_EXITING || th.exitState !== 0 || th.state === TASK_STOPPED) continue;
      th.stopPending = true;
      count++;
      signalWakeUp(k, th, false);
    }
    s.groupStopCount = count;
  }
  t.stopPending = false;
  t.state = TASK_STOPPED;
  if (--s.groupStopCount <= 0) {
    s.groupStopCount = 0;
    s.stopped = true;
    s.notifyParent = CLD_STOPPED;
    notifyParentCldstop(k, t.groupLeader, CLD_STOPPED);
  }
}

/**
 * do_signal, on the way back to user mode. Returns the CPU cost of what it did (a handler
 * frame set up), or -1 if the task can no longer run (it stopped or is dying).
 */
export function doSignal(k: Kernel, t: Task): number {
  const restartNr = t.restartNr;
  const r = getSignal(k, t);
  if (r === STOPPED || r === DEAD) { recalcSigpending(t); return -1; }
  if (r === null) {
    if (t.savedSigmask !== null) { sigcopy(t.blocked, t.savedSigmask); t.savedSigmask = null; }
    if (restartNr >= 0) restartSyscall(t, restartNr);
    recalcSigpending(t);
    return 0;
  }
  const ka = pickedAction!;
  pickedAction = null;
  let restartAfter = -1;
  if (restartNr >= 0) {
    t.restartNr = -1;
    if (t.retval === -ERESTARTNOINTR || (t.retval === -ERESTARTSYS && (ka.flags & SA_RESTART))) restartAfter = restartNr;
    else t.retval = -EINTR;
  }
  handleSignal(k, t, r, ka, restartAfter);
  recalcSigpending(t);
  return k.costs.signalDeliver;
}

function restartSyscall(t: Task, nr: number): void {
  t.restartNr = -1;
  t.sysNr = nr;
  t.wakeReason = WAKE_NONE;
  t.sleepData = null;
}

/** frame_uc_flags on an XSAVE CPU in 64-bit mode: UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS. */
const UC_FLAGS = 0x1 | 0x2 | 0x4;

/** handle_signal: push the handler's frame; block its mask (and itself unless SA_NODEFER). */
function handleSignal(k: Kernel, t: Task, info: SigInfo, ka: KSigAction, restartNr: number): void {
  const oldMask = t.savedSigmask ?? sigdup(t.blocked);
  t.savedSigmask = null;
  const frame: SigFrame = {
    mask: oldMask, retval: t.retval, restartNr, args: restartNr >= 0 ? [t.sa, t.sb, t.sc, t.sd, t.se, t.sf] : null,
    burstLeft: t.burstLeft,
    onstack: frameOnAltStack(t, ka),
  };
  t.burstLeft = 0; // the handler runs first; sigreturn gives the burst back
  t.sigFrames.push(frame);
  // signal_delivered: the handler's mask is current->blocked (sigsuspend's temporary mask while
  // it waits) | sa_mask; the frame restores the saved one (sigmask_to_save) on sigreturn.
  // signal_delivered → set_current_blocked: shared signals the handler's mask now blocks go
  // to another thread that can take them (rule 18); none pending is the usual case.
  const before = sigisemptyset(t.signal!.shared) ? null : sigdup(t.blocked);
  const blocked = t.blocked;
  sigorsets(blocked, blocked, ka.mask);
  if (!(ka.flags & SA_NODEFER)) sigaddset(blocked, info.signo);
  sigandnsets(blocked, blocked, UNBLOCKABLE);
  if (before !== null) {
    sigandnsets(before, blocked, before); // now blocked, not before
    retargetShared(k, t, before);
  }
  // setup_rt_frame: the frame's ucontext beside the siginfo (uc_link NULL, uc_mcontext not modelled).
  info.uc = { flags: UC_FLAGS, sigmask: sigsetToBigint(oldMask), stack: { ss_sp: t.sasSp, ss_size: t.sasSize, ss_flags: t.sasFlags } };
  const handler = ka.handler as (sig: number, info: SigInfo) => any;
  t.stack.push(handler(info.signo, info));
  t.retval = undefined;
}

/**
 * A jump out of a handler frame (C's siglongjmp or longjmp, a TypeScript program's LongJmp):
 * user code leaves the handler without returning through sigreturn. Linux's kernel never hears
 * of it — the signal frame is memory on the user stack that the jump abandons, and
 * on_sig_stack reads the stack pointer — so nothing of the frame is restored: the mask stays
 * as the handler ran with it (TLPI's sigmask_longjmp shows the signal still blocked after a
 * plain longjmp), the interrupted call's result and restart are gone. The lab's frames are
 * generators: a handler frame that throws this is dropped (dropFrame) and the error is thrown
 * into the code the handler interrupted (entry.ts throwDown), where the jump's target catches it.
 */
export class HandlerExit extends Error {
  constructor(message = 'a jump out of a signal handler') {
    super(message);
    this.name = 'HandlerExit';
  }
}

/** The top handler frame was left by a jump (HandlerExit): forget it, restoring nothing. */
export function dropFrame(t: Task): void {
  t.stack.pop();
  t.sigFrames.pop();
  t.retval = undefined;
  t.burstLeft = 0;
  t.burstSys = false;
}

/**
 * The lab's own call (no Linux counterpart): the top handler frame's sigreturn will not restart
 * the call it interrupted — that call fails with EINTR instead. Returns 1 if it would have
 * restarted, else 0. For a C handler that swapcontext'd away (clib/host/ucontext.ts): on
 * Linux the frame lives on the stack of the context the handler saved, so the call restarts
 * only when that context is resumed; the lab's switch comes after the sigreturn, so the
 * restart is handed to the C loader, which makes it when it resumes that context.
 */
export function sigframeNorestart(t: Task): number {
  const f = t.sigFrames[t.sigFrames.length - 1];
  if (f === undefined || f.restartNr < 0) return 0;
  f.restartNr = -1;
  f.args = null;
  f.retval = -EINTR;
  return 1;
}

/** sigreturn: the handler returned; restore mask and the interrupted state. Returns its cost. */
export function sigreturn(k: Kernel, t: Task): number {
  t.stack.pop();
  const f = t.sigFrames.pop()!;
  setBlocked(t, f.mask);
  t.retval = f.retval;
  t.burstLeft = f.burstLeft;
  t.burstSys = false;
  if (f.restartNr >= 0) {
    [t.sa, t.sb, t.sc, t.sd, t.se, t.sf] = f.args!;
    restartSyscall(t, f.restartNr);
  }
  recalcSigpending(t);
  return k.costs.sigreturn;
}

export { TASK_RUNNING, ERESTARTNOHAND };
