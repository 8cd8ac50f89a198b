/**
 * check.ts — the invariant checker: after every event, the kernel's data structures must
 * agree with each other. A violation is a kernel panic naming the check and the task.
 *
 * Mirrors: the spirit of CONFIG_DEBUG_LIST / lockdep / BUG_ON sanity checks. On in tests and
 * behind `--check`; it costs O(tasks) per event, so it is off by default.
 *
 * Checks: each runnable task is on exactly one run queue and each running task is the
 * current task of exactly one CPU; reference counts of mm, files, fs, sighand and signal equal
 * the number of tasks sharing them; thread-group lists are consistent; no task points at a
 * released structure; pending sets hold valid signals only; a sleeping task is on the wait
 * queue it names; virtual time never goes back.
 */

import type { Kernel } from './kernel.js';
import { cpuAllowed } from './cpumask.js';
import { Task, TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE, EXIT_ZOMBIE } from './task.js';
import { type SigSet, sigismember } from './sigset.js';
import { KernelPanic } from './panic.js';

export class InvariantChecker {
  checks = 0;
  private lastTime = 0;

  check(k: Kernel): void {
    this.checks++;
    if (k.now < this.lastTime) fail('time', null, `virtual time went back from ${this.lastTime} to ${k.now}`);
    this.lastTime = k.now;
    checkRunQueues(k);
    checkRefcounts(k);
    for (const t of k.tasks.values()) {
      checkGroup(k, t);
      checkReleased(t);
      checkPending(t);
      checkWaitQueue(t);
    }
  }
}

function fail(check: string, t: Task | null, what: string): never {
  throw new KernelPanic(`invariant:${check}`, `${t ? `task ${t.pid} (${t.comm}): ` : ''}${what}`);
}

function checkRunQueues(k: Kernel): void {
  const seen = new Map<Task, number>();
  for (const cpu of k.cpus) {
    let above = Infinity; // real-time tasks first, in priority order (sched_rt.ts)
    for (const t of cpu.rq.toArray()) {
      if (t.rtPriority > above) fail('runqueue', t, `rt_priority ${t.rtPriority} queued behind ${above} on cpu${cpu.id}`);
      above = t.rtPriority;
      if (seen.has(t)) fail('runqueue', t, `on run queues of cpu${seen.get(t)} and cpu${cpu.id}`);
      seen.set(t, cpu.id);
      if (t.state !== TASK_RUNNING) fail('runqueue', t, `queued on cpu${cpu.id} but in state ${t.state}`);
      if (t.onCpu) fail('runqueue', t, `queued on cpu${cpu.id} while running`);
      if (!cpuAllowed(t, cpu.id)) fail('runqueue', t, `queued on cpu${cpu.id}, outside its affinity mask`);
    }
  }
  const running = new Set<Task>();
  for (const cpu of k.cpus) {
    const c = cpu.curr;
    if (c === null) continue;
    if (running.has(c)) fail('cpu', c, 'current on two CPUs');
    running.add(c);
    if (!c.onCpu) fail('cpu', c, `current on cpu${cpu.id} without onCpu`);
  }
  for (const t of k.tasks.values()) {
    if (t.exitState !== 0 || t.state !== TASK_RUNNING) continue;
    const queued = seen.has(t) ? 1 : 0;
    const onCpu = running.has(t) ? 1 : 0;
    if (queued + onCpu !== 1) fail('runqueue', t, `runnable but on ${queued} queues and ${onCpu} CPUs`);
  }
}

function checkRefcounts(k: Kernel): void {
  const counts = new Map<object, number>();
  const bump = (o: object | null): void => { if (o) counts.set(o, (counts.get(o) ?? 0) + 1); };
  for (const t of k.tasks.values()) {
    bump(t.mm); bump(t.files); bump(t.fs); bump(t.sighand); bump(t.signal);
  }
  for (const t of k.tasks.values()) {
    if (t.mm && t.mm.users !== counts.get(t.mm)) fail('refcount', t, `mm_users ${t.mm.users} but ${counts.get(t.mm)} tasks use the mm`);
    if (t.files && t.files.count !== counts.get(t.files)) fail('refcount', t, `files count ${t.files.count} but ${counts.get(t.files)} users`);
    if (t.fs && t.fs.users !== counts.get(t.fs)) fail('refcount', t, `fs users ${t.fs.users} but ${counts.get(t.fs)} users`);
    if (t.sighand && t.sighand.count !== counts.get(t.sighand)) fail('refcount', t, `sighand count ${t.sighand.count} but ${counts.get(t.sighand)} users`);
    if (t.signal && t.signal.count !== counts.get(t.signal)) fail('refcount', t, `signal count ${t.signal.count} but ${counts.get(t.signal)} users`);
  }
}

function checkGroup(k: Kernel, t: Task): void {
  const s = t.signal;
  if (!s) fail('group', t, 'no signal_struct');
  if (!s.threads.includes(t)) fail('group', t, 'not on its thread-group list');
  if (t.tgid !== t.groupLeader.tgid) fail('group', t, `tgid ${t.tgid} differs from its leader's ${t.groupLeader.tgid}`);
  for (const th of s.threads) {
    if (th.signal !== s) fail('group', th, 'on a group list it does not belong to');
    if (!k.tasks.has(th.pid) && th.pid !== 0) fail('group', th, 'on a group list but released');
  }
  if (t.isLeader && t.exitState === EXIT_ZOMBIE && t.realParent && !t.realParent.children.includes(t) && t.exitSignal > 0) {
    fail('group', t, 'zombie leader missing from its parent\'s children');
  }
}

function checkReleased(t: Task): void {
  if (t.mm?.released) fail('released', t, 'points at a released mm');
  if (t.files?.released) fail('released', t, 'points at released files');
  if (t.fs?.released) fail('released', t, 'points at a released fs_struct');
  if (t.sighand?.released) fail('released', t, 'points at a released sighand');
  if (t.signal?.released) fail('released', t, 'points at a released signal_struct');
}

/** A SigSet's words are 32-bit integers (signals 1–64 and nothing else). */
const wordsValid = (s: SigSet): boolean => (s.w0 | 0) === s.w0 && (s.w1 | 0) === s.w1;

function checkPending(t: Task): void {
  for (const q of [t.pending, t.signal!.shared]) {
    if (!wordsValid(q)) fail('pending', t, `pending set is not two 32-bit words: ${q.w0}, ${q.w1}`);
    for (const i of q.list) {
      if (!Number.isInteger(i.signo) || i.signo < 1 || i.signo > 64) fail('pending', t, `queued siginfo with signal ${i.signo}`);
      if (!sigismember(q, i.signo)) fail('pending', t, `siginfo for ${i.signo} queued but its bit is clear`);
    }
  }
  if (!wordsValid(t.blocked)) fail('pending', t, 'blocked mask is not two 32-bit words');
}

function checkWaitQueue(t: Task): void {
  const sleeping = t.state === TASK_INTERRUPTIBLE || t.state === TASK_UNINTERRUPTIBLE;
  if (t.waitq && !sleeping) fail('waitqueue', t, `names wait queue ${t.waitq.name} but is not asleep`);
  if (t.waitq && !t.waitq.tasks.includes(t)) fail('waitqueue', t, `not on the wait queue ${t.waitq.name} it sleeps on`);
}
