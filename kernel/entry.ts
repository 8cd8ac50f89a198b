/**
 * entry.ts — the CPU loop: returning to user mode, system-call entry and exit, CPU bursts.
 *
 * Mirrors: arch/x86/kernel/entry_32.S (system_call, syscall_exit, work_notifysig →
 * do_notify_resume → do_signal), kernel/sched.c scheduler_tick for slice expiry.
 *
 * One call of cpuRun continues a CPU from where its last segment ended. It runs as long as it
 * can inline (Engine.tryAdvance: nothing else can happen earlier), and queues an EVK_CPU event
 * when another event must come first. A task's "user mode" is the top generator of its stack;
 * resuming it returns the next request. A system call that sleeps returns BLOCK and is
 * re-entered when the task runs again (like the for(;;){...schedule();} loops of Linux).
 */

import type { Kernel } from './kernel.js';
import {
  Cpu, pickNext, contextSwitch, putPrev, preempt, traceIdle, wakeupPreempt, PRIO_CPU, EVK_CPU, BLOCK,
} from './sched.js';
import { Task, TASK_RUNNING, WAKE_SIGNAL, WAKE_NONE, PF_EXITING } from './task.js';
import { Req, NR_COMPUTE } from './req.js';
import { EV_SYS_ENTER, EV_SYS_EXIT } from './trace.js';
import { ENOSYS, ERESTARTSYS, ERESTARTNOHAND, ERESTARTNOINTR, SIGABRT } from './uapi.js';
import { doSignal, sigreturn, HandlerExit, dropFrame } from './signal.js';
import { NR } from './syscalls.js';
import { KernelPanic } from './panic.js';
import { CUR } from './current.js';
import { niceSlice } from './sys_prio.js';
import { CELL_PID, CELL_TGID } from './watch_cell.js';
import { cpuAllowed } from './cpumask.js';
import { migrateRunning } from './sys_affinity.js';
import { idleEnter } from './sched_newidle.js';
import { runDeferredWork } from './fork_stack.js';
import { rtPreemptCurr, rtSliceEnd } from './sched_rt.js';

/** Continue `cpu` until it idles or must wait for an event. */
export function cpuRun(k: Kernel, cpu: Cpu): void {
  const eng = k.engine;
  CUR.k = k;
  for (;;) {
    if (eng.now > k.timeLimit) { k.hitTimeLimit(); return; }
    const t = cpu.curr;
    if (t === null) {
      cpu.wakee = null;
      cpu.rtResched = false;
      const next = pickNext(k, cpu);
      if (next === null) { cpu.busy = false; idleEnter(k, cpu); traceIdle(k, cpu); return; }
      // Deferred work the CPU owes is done first, what its idle time (if it idled) did not cover.
      const owed = cpu.deferredNs > 0 ? runDeferredWork(cpu, cpu.idleSince >= 0 ? eng.now - cpu.idleSince : 0) : 0;
      if (cpu.idleSince >= 0) { cpu.busySince = eng.now; cpu.idleSince = -1; }
      let cost = contextSwitch(k, cpu, next);
      if (owed > 0) { cost += owed; next.stime += owed; }
      if (cost > 0 && !advance(k, cpu, cost, 0)) return;
      continue;
    }
    // need_resched for a real-time task queued here: the running task is preempted in user
    // mode (its burst was cut by checkPreemptCurr) or on its way back from a system call.
    if (cpu.rtResched && t.sysNr < 0 && (t.burstLeft === 0 || !t.burstSys) && rtPreemptCurr(k, cpu, t)) continue;
    // A user-mode burst is cut by a signal (interruptCpu) so do_signal runs now, as the IPI
    // and the return to user mode do in Linux; kernel work (burstSys) is not interrupted.
    if (t.burstLeft > 0 && (!t.sigpending || t.burstSys)) {
      if (!runBurst(k, cpu, t)) return;
      continue;
    }
    // need_resched set by a wake-up (wakePreempt): the woken sleeper runs first.
    if (cpu.wakee !== null && t.sysNr < 0 && wakeupPreempt(k, cpu, t)) continue;
    // need_resched: the slice ran out in system calls, with no burst for runBurst to cut;
    // scheduler_tick marked the task and the way back to user mode switches.
    // sched_setaffinity ends the slice of a task running on a CPU it no longer allows.
    if (t.sysNr < 0 && cpu.sliceEnd <= eng.now) {
      if (t.cpusMask !== null && !cpuAllowed(t, cpu.id)) { migrateRunning(k, cpu, t); continue; }
      if (t.rtPriority !== 0) { if (rtSliceEnd(k, cpu, t)) continue; }
      else if (cpu.rq.length > 0 || (k.cpus.length > 1 && k.pullTask(cpu))) { preempt(k, cpu, t); continue; }
    }
    const cost = step(k, cpu, t);
    if (k.checker !== null) k.checker.check(k);
    if (cost > 0 && !advance(k, cpu, cost, 0)) return;
  }
}

/** Move this CPU's time forward by dt: inline when possible, else via the event queue. */
function advance(k: Kernel, cpu: Cpu, dt: number, burst: number): boolean {
  const end = k.engine.now + dt;
  cpu.segStart = k.engine.now;
  cpu.segEnd = end;
  cpu.segBurst = burst;
  if (end <= k.timeLimit && k.engine.tryAdvance(end)) { cpu.segBurst = 0; return true; }
  k.engine.at(end, PRIO_CPU, EVK_CPU, cpu, cpu.gen);
  return false;
}

/**
 * The current task's request compute(ns), carried out now, inside the task's own code (no trip
 * back to cpuRun), when the CPU loop would do exactly this with nothing in between: the burst
 * fits in the time slice and the time limit, no event comes first (Engine.canAdvance), and
 * then no signal, restart, wake-up or real-time preemption or slice end stops the task before
 * it resumes.
 * The state afterwards is the one step() leaves just before resuming the task (the same
 * accounting, clock and trace); returns false, having changed nothing, in every other case
 * (the caller then yields the request as usual). The invariant checker looks where cpuRun
 * would (after the step that took the request); off under the schedule perturbation, which
 * acts between steps. For loaders whose suspensions are costly (C: Asyncify unwinds the C
 * stack for every request).
 */
export function computeNow(k: Kernel, ns: number): boolean {
  const t = k.current;
  if (t === null || k.pct !== null) return false;
  const cpu = k.cpus[t.cpu];
  if (cpu === undefined || cpu.curr !== t || cpu.wakee !== null || cpu.rtResched) return false;
  if (t.sysNr >= 0 || t.sigpending || t.restartNr >= 0 || t.faultNs !== 0 || t.burstLeft !== 0) return false;
  const eng = k.engine;
  const now = eng.now;
  if (now > k.timeLimit) return false;
  const chunk = ns > 0 ? ns : 0;
  const tickCost = ticksCost(k, now, chunk);
  const end = now + chunk + tickCost;
  if (chunk > 0 && (end >= cpu.sliceEnd || end > k.timeLimit || !eng.canAdvance(end))) return false;
  if (chunk === 0 && cpu.sliceEnd <= now) return false;
  t.burstSys = false;
  t.retval = undefined;
  if (k.checker !== null) { // where cpuRun checks, after the step that took the request
    t.burstLeft = chunk;
    k.checker.check(k);
    t.burstLeft = 0;
  }
  if (chunk > 0) {
    t.utime += chunk;
    t.stime += tickCost;
    cpu.segStart = now;
    cpu.segEnd = end;
    cpu.segBurst = 0;
    eng.tryAdvance(end);
  }
  if (k.currentCell !== null) { k.currentCell[CELL_PID] = t.pid; k.currentCell[CELL_TGID] = t.tgid; }
  return true;
}

/** The timer interrupts that fall inside [now, now + chunk): their system time (timerTick each). */
function ticksCost(k: Kernel, now: number, chunk: number): number {
  return (Math.floor((now + chunk) / k.tickNs) - Math.floor(now / k.tickNs)) * k.costs.timerTick;
}

/** Run the next chunk of t's burst, cut at the slice end (scheduler_tick's expiry). */
function runBurst(k: Kernel, cpu: Cpu, t: Task): boolean {
  const now = k.engine.now;
  let sliceRemain = cpu.sliceEnd - now;
  if (sliceRemain <= 0) {
    if (t.cpusMask !== null && !cpuAllowed(t, cpu.id)) { migrateRunning(k, cpu, t); return true; }
    if (t.rtPriority !== 0) {
      if (rtSliceEnd(k, cpu, t)) return true;
      sliceRemain = cpu.sliceEnd - now;
    } else {
      if (cpu.rq.length > 0 || (k.cpus.length > 1 && k.pullTask(cpu))) { preempt(k, cpu, t); return true; }
      sliceRemain = t.nice === 0 ? k.costs.timeslice : niceSlice(k.costs.timeslice, t.nice);
      cpu.sliceEnd = now + sliceRemain;
    }
  }
  const chunk = t.burstLeft < sliceRemain ? t.burstLeft : sliceRemain;
  t.burstLeft -= chunk;
  const tickCost = ticksCost(k, now, chunk);
  if (t.burstSys) t.stime += chunk + tickCost; else { t.utime += chunk; t.stime += tickCost; }
  return advance(k, cpu, chunk + tickCost, chunk);
}

/**
 * One step of a task at the user/kernel boundary: re-enter a sleeping system call, or deliver
 * signals and resume user code until it yields a request, and handle that request.
 * Returns the CPU time the step cost (the caller advances the clock).
 */
function step(k: Kernel, cpu: Cpu, t: Task): number {
  k.current = t;
  if (t.sysNr >= 0) return reenterSyscall(k, cpu, t);
  if (t.sigpending || t.restartNr >= 0) {
    const c = doSignal(k, t);
    if (c < 0) return leaveCpu(k, cpu, t, 0);
    if (c > 0) { t.stime += c; return c; } // a handler frame was pushed; it runs next step
    if (t.sysNr >= 0) return reenterSyscall(k, cpu, t); // restarted after an ignored signal
  }
  if (t.burstLeft > 0) return 0; // the signal needed no handler: the interrupted burst goes on
  if (k.pct !== null && k.pct.resumePoint(k, cpu, t)) return 0; // perturbed: preempted or stalled
  const top = t.stack[t.stack.length - 1];
  if (k.currentCell !== null) { k.currentCell[CELL_PID] = t.pid; k.currentCell[CELL_TGID] = t.tgid; }
  let r: IteratorResult<unknown, unknown>;
  try {
    r = top.next(t.retval);
  } catch (err) {
    const after = throwDown(k, t, err);
    if (after === null) return leaveCpu(k, cpu, t, 0);
    r = after;
  }
  if (r.done) return frameReturned(k, cpu, t, r.value);
  const req = r.value as Req;
  // Copy-on-write faults the user code took since its last request (uaccess.ts).
  const fault = t.faultNs;
  if (fault !== 0) { t.faultNs = 0; t.stime += fault; }
  if (req.nr === NR_COMPUTE) {
    const ns = req.a;
    t.burstLeft = ns > 0 ? ns : 0;
    t.burstSys = false;
    t.retval = undefined;
    return fault;
  }
  return enterSyscall(k, cpu, t, req) + fault;
}

function enterSyscall(k: Kernel, cpu: Cpu, t: Task, req: Req): number {
  const nr = req.nr;
  const ent = k.syscalls[nr];
  t.sysNr = nr;
  t.sa = req.a; t.sb = req.b; t.sc = req.c; t.sd = req.d; t.se = req.e; t.sf = req.f;
  t.wakeReason = WAKE_NONE;
  t.sleepData = null;
  k.syscallCount++;
  if (ent === undefined) return finishSyscall(k, cpu, t, -ENOSYS, nr);
  if (t.pid >= k.countFrom && k.callsByNr[nr]++ === 0) k.callOrder.push(nr);
  if (k.trace.on[EV_SYS_ENTER]) k.trace.emit(EV_SYS_ENTER, k.engine.now, cpu.id, t.pid, nr, 0, ent.name);
  k.extraCost = t.mm !== null ? k.costs.syscall : 0;
  const res = ent.fn(k, t, req.a, req.b, req.c, req.d, req.e, req.f);
  return afterHandler(k, cpu, t, res, nr);
}

function reenterSyscall(k: Kernel, cpu: Cpu, t: Task): number {
  const nr = t.sysNr;
  const ent = k.syscalls[nr];
  k.extraCost = 0;
  let res: any;
  if (t.wakeReason === WAKE_SIGNAL && !ent.sigAware) res = -ERESTARTSYS;
  else res = ent.fn(k, t, t.sa, t.sb, t.sc, t.sd, t.se, t.sf);
  return afterHandler(k, cpu, t, res, nr);
}

function afterHandler(k: Kernel, cpu: Cpu, t: Task, res: any, nr: number): number {
  if (res === BLOCK) {
    const cost = k.extraCost;
    t.stime += cost;
    // sleepOn did not sleep (a signal is pending): the call is re-entered at the next step.
    if (t.state === TASK_RUNNING && cpu.curr === t && t.sysNr >= 0) return cost;
    return leaveCpu(k, cpu, t, cost);
  }
  return finishSyscall(k, cpu, t, res, nr);
}

function finishSyscall(k: Kernel, cpu: Cpu, t: Task, res: any, nr: number): number {
  t.sysNr = -1;
  t.retval = res;
  if (res === -ERESTARTSYS || res === -ERESTARTNOHAND || res === -ERESTARTNOINTR) t.restartNr = nr;
  if (k.trace.on[EV_SYS_EXIT]) k.trace.emit(EV_SYS_EXIT, k.engine.now, cpu.id, t.pid, nr, typeof res === 'number' ? res : 0, '');
  const cost = k.extraCost;
  t.stime += cost;
  if (cpu.curr !== t) return cost; // the call yielded the CPU (sched_yield)
  if (t.state !== TASK_RUNNING) return leaveCpu(k, cpu, t, cost);
  return cost;
}

/** The task stops running here: it sleeps, stopped, or exited. */
function leaveCpu(k: Kernel, cpu: Cpu, t: Task, cost: number): number {
  if (cpu.curr === t) {
    putPrev(k, cpu, t);
    if (t.state !== TASK_RUNNING) t.nvcsw++;
    else k.enqueueRunnable(t, cpu);
  }
  return cost;
}

/**
 * The top generator returned: a signal handler (sigreturn) or the task's function, which
 * returns into the exit system call as a clone()d function returns into clone.S's
 * `syscall(SYS_exit, ret)`: its entry cost, exit_mm's mmap_lock and exitBase, as an explicit
 * exit (sys.ts sysExit).
 */
function frameReturned(k: Kernel, cpu: Cpu, t: Task, value: unknown): number {
  if (t.stack.length > 1) {
    const cost = sigreturn(k, t);
    t.stime += cost;
    return cost;
  }
  const code = typeof value === 'number' ? value : 0;
  return enterSyscall(k, cpu, t, new Req(NR.exit, code));
}

/**
 * An exception escaped the top frame. A jump out of a signal handler (HandlerExit: siglongjmp)
 * drops the handler's frame and is thrown into the code the handler interrupted, frame after
 * frame until one catches it (the jump's target); anything else — or a jump that even the
 * task's base frame lets through — is the program's fault. Returns how the frame that caught
 * the jump went on, or null when the task faulted.
 */
function throwDown(k: Kernel, t: Task, err: unknown): IteratorResult<unknown, unknown> | null {
  for (;;) {
    if (err instanceof KernelPanic) throw err;
    if (!(err instanceof HandlerExit) || t.stack.length === 1) { programFault(k, t, err); return null; }
    dropFrame(t);
    try {
      return t.stack[t.stack.length - 1].throw(err);
    } catch (e) {
      err = e;
    }
  }
}

/**
 * A JavaScript exception escaped the program: that thread dies of SIGABRT, message kept. An
 * error carrying a numeric `signo` is a hardware fault of user code (a C program's trap:
 * out-of-bounds access, division by zero): force_sig_fault with that signal instead.
 */
function programFault(k: Kernel, t: Task, err: unknown): void {
  const signo = err instanceof Error ? (err as { signo?: unknown }).signo : undefined;
  const fault = typeof signo === 'number';
  const msg = fault ? (err as Error).message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  t.fatalMessage = msg;
  k.printk(fault ? `${t.comm}[${t.pid}]: ${msg}` : `${t.comm}[${t.pid}]: uncaught exception in thread ${t.pid} (tgid ${t.tgid}): ${msg}`);
  t.stack.length = 1;
  t.sysNr = -1;
  t.flags &= ~PF_EXITING;
  k.forceFatalSignal(t, fault ? signo : SIGABRT);
}
