/**
 * fork.ts — clone(), fork() and vfork(): copyProcess and its share-or-copy helpers.
 *
 * Mirrors: kernel/fork.c of Linux 2.6 — do_fork → copy_process: the flag checks first (each
 * rejection with its reason), then the resource limits (EAGAIN), then dup_task_struct and, in
 * Linux's order, copy_semundo, copy_files, copy_fs, copy_sighand, copy_signal, copy_mm; then
 * the identities (pid, tgid, group leader, real parent, exit signal) and the tid words; undo
 * in reverse on failure. fork is clone(SIGCHLD); vfork adds CLONE_VM|CLONE_VFORK and sleeps
 * until the child exits or execs.
 *
 * Simplifies: the child cannot resume the parent's generator (JavaScript cannot copy one), so
 * it runs `fn(arg)` — the shape of glibc's clone(fn, stack, flags, arg, ...) wrapper. fork()
 * therefore also takes the function the child runs. Namespaces are accepted and ignored.
 */

import { schedForkPolicy } from './sys_sched.js';
import type { Kernel } from './kernel.js';
import {
  Task, FsStruct, FilesStruct, SigHand, SignalStruct, SysvSem, TASK_UNINTERRUPTIBLE,
  TASK_STOPPED, TASK_NEW, WAKE_NONE, PF_KTHREAD, PF_FORKNOEXEC, type Context,
} from './task.js';
import {
  CSIGNAL, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_PARENT,
  CLONE_VFORK, CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID,
  CLONE_CHILD_CLEARTID, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_STOPPED,
  CLONE_IDLETASK, EINVAL, EAGAIN, SIGSTOP, NSIG, SS_DISABLE,
} from './uapi.js';
import { activateTask, sleepOn, BLOCK } from './sched.js';
import { selectTaskRqFork } from './sched_select_rq.js';
import { EV_CLONE } from './trace.js';
import { dupFile } from './file.js';
import { copyRlimits } from './sys_rlimit.js';
import { allocThreadStack } from './fork_stack.js';
import { sigaddset } from './sigset.js';

/** Why clone refused, for error messages and the bad-input table. */
export function cloneFlagsError(flags: number): string | null {
  if ((flags & (CLONE_NEWNS | CLONE_FS)) === (CLONE_NEWNS | CLONE_FS)) return 'CLONE_NEWNS with CLONE_FS';
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return 'CLONE_THREAD without CLONE_SIGHAND';
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return 'CLONE_SIGHAND without CLONE_VM';
  if ((flags & CLONE_THREAD) && (flags & (CLONE_NEWPID | CLONE_NEWUSER))) return 'CLONE_THREAD with a new pid or user namespace';
  if (flags & CLONE_IDLETASK) return 'CLONE_IDLETASK is for the kernel\'s idle tasks only';
  if ((flags & CSIGNAL) > NSIG) return 'exit signal out of range';
  return null;
}

export interface CloneArgs {
  flags: number;
  fn: (arg: any) => Context;
  arg?: unknown;
  /** CLONE_PARENT_SETTID: address in the caller's mm. */
  ptid?: number;
  /** CLONE_SETTLS: the child's thread pointer. */
  tls?: unknown;
  /** CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID: address in the child's mm. */
  ctid?: number;
  comm?: string;
  /** Kernel threads: mark PF_KTHREAD, no mm. */
  kthread?: boolean;
}

/** copy_process: returns the new task, or a negative errno (nothing allocated on failure). */
export function copyProcess(k: Kernel, cur: Task, a: CloneArgs): Task | number {
  const flags = a.flags | 0;
  if (cloneFlagsError(flags) !== null) return -EINVAL;
  if (typeof a.fn !== 'function') return -EINVAL;
  if (k.nrThreads >= k.threadsMax) return -EAGAIN;
  if (!a.kthread && overNprocLimit(k, cur)) return -EAGAIN;
  const pid = k.allocPid();
  if (pid < 0) return -EAGAIN;
  const p = new Task(pid, a.comm ?? cur.comm);
  k.extraCost += allocThreadStack(k, cur.cpu); // dup_task_struct, on the creator's CPU
  p.flags = a.kthread ? PF_KTHREAD : PF_FORKNOEXEC;
  p.startTime = k.now;
  // The credentials (dup_task_struct copies them) and the command line are inherited;
  // kernel threads run as root.
  if (!a.kthread) p.cred = cur.cred.copy();
  if (!a.kthread && cur.data && typeof cur.data.cmdline === 'string') p.data = { cmdline: cur.data.cmdline };
  copySemundo(flags, cur, p);
  copyFiles(flags, cur, p);
  copyFs(flags, cur, p);
  copySighand(flags, cur, p);
  copySignal(flags, cur, p);
  copyMm(k, flags, cur, p, a.kthread === true);
  setIdentities(flags, cur, p);
  p.blocked = cur.blocked;
  p.nice = cur.nice; // sched_fork: the child keeps its parent's static priority
  // dup_task_struct copies these; copy_process clears pdeath_signal (sys_prctl.ts).
  p.noNewPrivs = cur.noNewPrivs;
  p.keepCaps = cur.keepCaps;
  p.timerSlackNs = cur.timerSlackNs;
  schedForkPolicy(k, cur, p); // and its policy and rt_priority (sys_sched.ts)
  p.cpusMask = cur.cpusMask; // dup_task_struct: the child inherits cpus_mask (sched_setaffinity(2))
  // The alternate signal stack is copied, except that a thread sharing the address space
  // starts with none (Linux >= 2.6.16; the option restores the older copy).
  const clearSas = (flags & (CLONE_VM | CLONE_VFORK)) === CLONE_VM && !k.cloneVmCopiesSigaltstack;
  p.sasSp = clearSas ? 0 : cur.sasSp;
  p.sasSize = clearSas ? 0 : cur.sasSize;
  p.sasFlags = clearSas ? SS_DISABLE : cur.sasFlags; // sas_ss_reset
  p.tls = flags & CLONE_SETTLS ? a.tls : cur.tls;
  p.setChildTid = flags & CLONE_CHILD_SETTID ? (a.ctid ?? 0) : 0;
  p.clearChildTid = flags & CLONE_CHILD_CLEARTID ? (a.ctid ?? 0) : 0;
  if (p.setChildTid && p.mm) p.mm.write(p.setChildTid, pid);
  if ((flags & CLONE_PARENT_SETTID) && a.ptid && cur.mm) cur.mm.write(a.ptid, pid);
  p.stack = [a.fn(a.arg)]; // a one-slot array: push() would reserve 17
  p.cpu = cur.cpu;
  p.startCpu = cur.cpu;
  linkTask(k, p);
  return p;
}

/** RLIMIT_NPROC of the caller: the kernel-wide default, lowered by setrlimit (signal->rlim). */
function nprocLimit(k: Kernel, cur: Task): number {
  return cur.signal ? Math.min(k.rlimitNproc, cur.signal.rlimNproc) : k.rlimitNproc;
}

/** RLIMIT_NPROC: count the user's tasks only when a limit is set (the count walks every task). */
function overNprocLimit(k: Kernel, cur: Task): boolean {
  const limit = nprocLimit(k, cur);
  return limit !== Infinity && countUserProcesses(k) >= limit;
}

function countUserProcesses(k: Kernel): number {
  let n = 0;
  for (const t of k.tasks.values()) if (!t.isKthread && t.pid > 1) n++;
  return n;
}

function copySemundo(flags: number, cur: Task, p: Task): void {
  if ((flags & CLONE_SYSVSEM) && cur.sysvsem) { cur.sysvsem.refcnt++; p.sysvsem = cur.sysvsem; }
  else p.sysvsem = new SysvSem();
}

function copyFiles(flags: number, cur: Task, p: Task): void {
  if (!cur.files) return;
  if (flags & CLONE_FILES) { cur.files.count++; p.files = cur.files; return; }
  const f = new FilesStruct();
  f.fd = cur.files.fd.map((file) => (file ? dupFile(file) : null));
  f.cloexec = cur.files.cloexec.slice();
  p.files = f;
}

function copyFs(flags: number, cur: Task, p: Task): void {
  if (!cur.fs) return;
  if (flags & CLONE_FS) { cur.fs.users++; p.fs = cur.fs; return; }
  p.fs = new FsStruct(cur.fs.cwd, cur.fs.umask);
}

/** Handlers are copied without CLONE_SIGHAND, so a later sigaction does not propagate. */
function copySighand(flags: number, cur: Task, p: Task): void {
  if (!cur.sighand) return;
  if (flags & CLONE_SIGHAND) { cur.sighand.count++; p.sighand = cur.sighand; return; }
  const sh = new SigHand();
  sh.action = cur.sighand.action.map((x) => ({ ...x }));
  p.sighand = sh;
}

/** copy_signal: limits, process group, session and terminal are inherited; session leadership is not. */
function copySignal(flags: number, cur: Task, p: Task): void {
  if ((flags & CLONE_THREAD) && cur.signal) { cur.signal.count++; p.signal = cur.signal; return; }
  const s = new SignalStruct();
  const c = cur.signal;
  if (c) { s.rlimNproc = c.rlimNproc; s.pgrp = c.pgrp; s.session = c.session; s.tty = c.tty; }
  if (c) s.rlim = copyRlimits(c); // copy_signal: the limits are inherited (sys_rlimit.ts)
  if (c) s.hasChildSubreaper = c.hasChildSubreaper || c.isChildSubreaper;
  p.signal = s;
}

/** copy_mm: share with CLONE_VM, else dup_mm copying page tables at a per-page cost. */
function copyMm(k: Kernel, flags: number, cur: Task, p: Task, kthread: boolean): void {
  if (kthread || cur.mm === null) { p.mm = null; p.activeMm = null; return; }
  if (flags & CLONE_VM) {
    cur.mm.users++;
    p.mm = cur.mm;
  } else {
    p.mm = cur.mm.dup();
    k.extraCost += k.costs.forkPerPage * cur.mm.rss;
  }
  p.activeMm = p.mm;
}

/** Rule 2: who the child belongs to. */
function setIdentities(flags: number, cur: Task, p: Task): void {
  if (flags & CLONE_THREAD) {
    p.tgid = cur.tgid;
    p.groupLeader = cur.groupLeader;
    p.realParent = cur.realParent;
    p.exitSignal = -1;
  } else {
    p.tgid = p.pid;
    p.groupLeader = p;
    p.realParent = flags & CLONE_PARENT ? cur.realParent : cur;
    p.exitSignal = flags & CSIGNAL;
  }
}

function linkTask(k: Kernel, p: Task): void {
  k.tasks.set(p.pid, p);
  k.nrThreads++;
  p.signal!.threads.push(p);
  if (p.isLeader && p.realParent) p.realParent.children.push(p);
}

/**
 * do_fork: copy, charge, trace, wake. With CLONE_VFORK the caller sleeps (uninterruptibly)
 * until the child exits or execs; the clone system call is re-entered then and returns the pid.
 */
export function doFork(k: Kernel, cur: Task, a: CloneArgs): number {
  const p = copyProcess(k, cur, a);
  if (typeof p === 'number') return p;
  k.extraCost += k.costs.cloneBase;
  k.forks++;
  if (k.trace.on[EV_CLONE]) k.trace.emit(EV_CLONE, k.now, cur.cpu, cur.pid, p.pid, a.flags, p.comm);
  if (a.flags & CLONE_STOPPED) {
    p.state = TASK_STOPPED;
    sigaddset(p.pending, SIGSTOP);
  } else {
    p.state = TASK_NEW;
    if (k.costs.remoteFork > 0 && startsRemote(k, cur, p)) k.extraCost += k.costs.remoteFork;
    k.addTimer(k.engine.now + k.extraCost, wakeUpNewTask, { child: p, creator: cur });
  }
  if (a.flags & CLONE_VFORK) {
    p.vforkParent = cur;
    cur.sleepData = p.pid;
    return sleepOn(k, cur, null, -1, TASK_UNINTERRUPTIBLE);
  }
  return p.pid;
}

/**
 * wake_up_new_task's placement, judged as the clone call starts: will the child start on a CPU
 * other than its creator's? Linux decides at the call's end; the decision is taken here so its
 * cost (remoteFork) can join the call's own. The wake-up at the end picks again, and the two
 * differ only when another CPU went idle or busy within the call.
 */
function startsRemote(k: Kernel, cur: Task, p: Task): boolean {
  return selectTaskRqFork(k, p, cur).id !== cur.cpu;
}

/**
 * wake_up_new_task: Linux wakes the child at the end of do_fork, after copy_process's work.
 * A system call's handler runs here at the call's entry and its cost is charged after it, so
 * the wake-up waits for the cost the clone has run up (a timer at its end): a child placed on
 * an idle CPU cannot start while its parent is still copying it.
 */
function wakeUpNewTask(k: Kernel, w: { child: Task; creator: Task }): void {
  if (w.child.state === TASK_NEW) activateTask(k, w.child, w.creator, w.creator);
}

/** The clone system call, re-entered after a vfork sleep. */
export function sysClone(k: Kernel, t: Task, a: CloneArgs): number {
  if (t.sleepData !== null && t.wakeReason !== WAKE_NONE) {
    const pid = t.sleepData as number;
    t.sleepData = null;
    return pid;
  }
  if (a === null || typeof a !== 'object') return -EINVAL;
  const r = doFork(k, t, a);
  return r === BLOCK ? BLOCK : r;
}
