/**
 * kthread.ts — boot: the idle tasks, init (pid 1), kthreadd (pid 2), the usual kernel
 * threads; kernel_thread(), kthread_create/run/stop, and schedule_timeout.
 *
 * Mirrors: init/main.c rest_init (kernel_init becomes pid 1, kthreadd pid 2), kernel/kthread.c
 * (kthreadd creates every kernel thread, so they are its children; kthread_should_stop),
 * kernel/fork.c kernel_thread (CLONE_KERNEL plus CLONE_VM|CLONE_UNTRACED, as 2.6 adds), kernel/timer.c schedule_timeout (rounded up
 * to whole jiffies). Kernel threads have no mm and borrow the last user mm (rule 7).
 *
 * Simplifies: kthread_create does kthreadd's work at once instead of queueing a request and
 * waiting for kthreadd to run; the child is still kthreadd's (its parent and ppid are 2).
 */

import type { Kernel } from './kernel.js';
import {
  Task, FsStruct, FilesStruct, SigHand, NO_MASK, SignalStruct, SysvSem, PF_IDLE, PF_KTHREAD,
  TASK_INTERRUPTIBLE, WAKE_NONE, WAKE_TIMEOUT, type Context,
} from './task.js';
import { Mm } from './mm.js';
import { Req, type Sim } from './req.js';
import { copyProcess } from './fork.js';
import { activateTask, sleepOn, wakeUpTask, BLOCK } from './sched.js';
import { CLONE_KERNEL, CLONE_VM, CLONE_UNTRACED, SIGCHLD, SIG_IGN, WNOHANG, __WALL, SIG_BLOCK, EINVAL } from './uapi.js';
import { NR } from './syscalls.js';
import { openConsole } from './file.js';
import { EV_CLONE } from './trace.js';
import { sigmask } from './signal.js';
import { CUR } from './current.js';

/** Boot: pid 0 (idle, one per CPU), 1 (init), 2 (kthreadd), then the boot kernel threads. */
export function bootKernelThreads(k: Kernel, extra: boolean): void {
  for (const cpu of k.cpus) {
    const idle = new Task(0, `swapper/${cpu.id}`);
    idle.flags = PF_IDLE | PF_KTHREAD;
    idle.cpu = cpu.id;
    k.idle.push(idle);
  }
  k.init = makeInit(k);
  k.kthreadd = makeKthreadd(k);
  if (!extra) return;
  for (const cpu of k.cpus) {
    kthreadRun(k, kthreadSleeper, null, `migration/${cpu.id}`);
    kthreadRun(k, kthreadSleeper, null, `ksoftirqd/${cpu.id}`);
  }
  for (const cpu of k.cpus) kthreadRun(k, kthreadSleeper, null, `events/${cpu.id}`);
  kthreadRun(k, kthreadSleeper, null, 'khelper');
  for (const cpu of k.cpus) kthreadRun(k, kthreadSleeper, null, `kblockd/${cpu.id}`);
  kthreadRun(k, kthreadSleeper, null, 'pdflush');
  kthreadRun(k, kthreadSleeper, null, 'pdflush');
  kthreadRun(k, kthreadSleeper, null, 'kswapd0');
}

function baseTask(k: Kernel, pid: number, comm: string): Task {
  const t = new Task(pid, comm);
  t.fs = new FsStruct();
  t.files = new FilesStruct();
  t.sighand = new SigHand();
  t.signal = new SignalStruct();
  t.sysvsem = new SysvSem();
  t.groupLeader = t;
  t.signal.threads.push(t);
  t.startTime = k.now;
  k.tasks.set(pid, t);
  k.nrThreads++;
  return t;
}

/** init: a user process (it has an mm) that reaps every orphan it inherits (rule 11). */
function makeInit(k: Kernel): Task {
  k.setLastPid(0);
  const pid = k.allocPid();
  const t = baseTask(k, pid, 'init');
  t.realParent = k.idle[0];
  t.mm = new Mm(64);
  t.activeMm = t.mm;
  t.signal!.pgrp = t.signal!.session = pid; // init runs setsid() first
  t.signal!.leader = true;
  for (let i = 0; i < 3; i++) t.files!.fd.push(openConsole(k, i));
  t.stack.push(initMain());
  activateTask(k, t, null);
  return t;
}

/** init's loop: block SIGCHLD, reap every zombie child, sigsuspend until the next SIGCHLD. */
function* initMain(): Sim<number> {
  yield new Req(NR.rt_sigaction, SIGCHLD, { handler: initSigchld, flags: 0, mask: 0n }, null);
  yield new Req(NR.rt_sigprocmask, SIG_BLOCK, sigmask(SIGCHLD), null);
  for (;;) {
    for (;;) {
      const r = (yield new Req(NR.wait4, -1, null, WNOHANG | __WALL)) as number;
      if (r <= 0) break;
    }
    yield new Req(NR.rt_sigsuspend, 0n);
  }
}

function* initSigchld(): Sim<void> {}

function makeKthreadd(k: Kernel): Task {
  const pid = k.allocPid();
  const t = baseTask(k, pid, 'kthreadd');
  t.flags = PF_KTHREAD;
  t.realParent = k.idle[0];
  for (let i = 1; i <= 64; i++) t.sighand!.action[i] = { handler: SIG_IGN, flags: 0, mask: NO_MASK };
  t.stack.push(kthreadSleeper());
  activateTask(k, t, null);
  return t;
}

/** A boot kernel thread with nothing to do in a lab: it sleeps until kthread_stop. */
function* kthreadSleeper(): Sim<number> {
  for (;;) {
    yield new Req(NR.schedule_timeout, -1);
    if (kthreadShouldStop()) return 0;
  }
}

/** kthread_should_stop(), read by a kernel thread about itself. */
export function kthreadShouldStop(): boolean {
  const t = CUR.k?.current ?? null;
  return t !== null && t.kthreadShouldStop;
}

/**
 * kthread_run(fn, data, name): a new kernel thread, child of kthreadd, running fn(data).
 * Returns the task (or a negative errno).
 */
export function kthreadRun(k: Kernel, fn: (data: any) => Context, data: unknown, name: string): Task | number {
  const p = copyProcess(k, k.kthreadd, { flags: CLONE_KERNEL | CLONE_VM | CLONE_UNTRACED, fn, arg: data, comm: name.slice(0, 15), kthread: true });
  if (typeof p === 'number') return p;
  for (let i = 1; i <= 64; i++) p.sighand!.action[i] = { handler: SIG_IGN, flags: 0, mask: NO_MASK };
  if (k.trace.on[EV_CLONE]) k.trace.emit(EV_CLONE, k.now, 0, k.kthreadd.pid, p.pid, CLONE_KERNEL, p.comm);
  activateTask(k, p, null);
  return p;
}

/** kthread_stop: ask the thread to stop and wake it. */
export function kthreadStop(k: Kernel, t: Task): void {
  t.kthreadShouldStop = true;
  wakeUpTask(k, t, WAKE_TIMEOUT, k.current);
}

/**
 * schedule_timeout(ns) for kernel threads: sleep for ns (rounded up to jiffies), or until
 * woken when ns < 0. Returns 0 when the time ran out, 1 when woken earlier.
 */
export function sysScheduleTimeout(k: Kernel, t: Task, ns: number): number {
  if (t.wakeReason !== WAKE_NONE) return t.wakeReason === WAKE_TIMEOUT ? 0 : 1;
  if (typeof ns !== 'number') return -EINVAL;
  if (ns < 0) return sleepOn(k, t, null, -1, TASK_INTERRUPTIBLE);
  const ticks = Math.max(1, Math.ceil(ns / k.tickNs));
  return sleepOn(k, t, null, ticks * k.tickNs, TASK_INTERRUPTIBLE);
}

export { BLOCK };
