/**
 * sched_pct.ts — schedule perturbation: a probabilistic-concurrency-testing (PCT) policy the
 * scheduler consults when a run asks for one (`--schedule-seed S`). Off by default: the kernel
 * then holds `pct = null` and each hook in sched.ts / entry.ts is one null check, so ordinary
 * runs are exactly what they were.
 *
 * Mirrors: no Linux code. The policy is PCT from Burckhardt, Kothari, Musuvathi and
 * Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs" (ASPLOS
 * 2010): every task gets a random priority when first seen, the scheduler always runs the
 * highest-priority runnable task, and at d − 1 steps drawn at random among the k steps a run is
 * expected to take, the running task's priority drops to d − i (below every initial priority).
 * On one CPU a bug of depth d then shows with probability at least 1/(n·k^(d−1)) per run; the
 * adaptations below (stalls, several CPUs) keep the idea but not the proof.
 *
 * Here a "step" is a preemption point: the return to user mode after a system call or a
 * compute burst (entry.ts, just before user code resumes; a C program's instrumentation points
 * are compute bursts too), and each user-level dispatch of an M:N or M:1 library (their
 * schedulers call the `user` hook through uaccess.schedPerturb). At a step the running task is
 * preempted when its CPU's queue holds a task of higher priority. Wake-ups (which waiters a wake
 * takes, and in which order) and the CPU a woken task goes to are also drawn at random.
 *
 * Adapted for several CPUs in virtual time: with every task on its own CPU nobody waits, so a
 * priority change alone would change nothing. At a change point the task is therefore also
 * descheduled for a random time (log-uniform from 1 µs to one time slice: an interrupt storm,
 * an SMI, another process) — it sleeps uninterruptibly on the wait queue "schedule stall"
 * (ps shows D) — while the others run ahead, on its CPU and on the rest. Then it is runnable
 * again, at its lowered priority.
 *
 * Fairness: a task whose slice ran out, or that called sched_yield, drops below every priority
 * so far, so a spinning task cannot starve the one it waits for.
 *
 * All randomness comes from this policy's own PRNG, seeded with the schedule seed and separate
 * from the simulation's (--seed): the same program, inputs, seed and schedule seed replay the
 * same schedule byte for byte. With `perturb: false` the policy makes every default decision
 * and only counts steps — how explore measures k.
 */

import type { Kernel } from './kernel.js';
import { type Cpu, putPrev, enqueueTask, sleepOn } from './sched.js';
import { cpuAllowed } from './cpumask.js';
import { type Task, WaitQueue, TASK_UNINTERRUPTIBLE } from './task.js';
import type { Deque } from './deque.js';
import { Prng } from './sim/prng.js';
import { EV_PREEMPT } from './trace.js';

export interface ScheduleOptions {
  /** Seed of the schedule's own PRNG stream (independent of the simulation's seed). */
  seed: number;
  /** Bug depth d: the run gets d − 1 priority-change points. Default 3. */
  depth?: number;
  /** k: how many steps the run is expected to take; change points are drawn from 1..k. */
  steps: number;
  /** false: default decisions, steps counted only (measuring k). Default true. */
  perturb?: boolean;
}

export const DEFAULT_DEPTH = 3;
const STALL_MIN_NS = 1000;

/** What a user-level scheduler (libs/common/usched.ts) may ask of the policy. */
export interface UserSchedPerturb {
  /** False while only counting steps: keep the library's own order. */
  readonly perturbing: boolean;
  /**
   * A user-level scheduling step about to dispatch `key` (counted with the kernel's steps).
   * At a change point `key`'s priority drops; returns true then.
   */
  point(key: object): boolean;
  /** The PCT priority of `key` (drawn the first time it is asked for). */
  priority(key: object): number;
  /** Drop `key` below every priority so far (it yielded). */
  demote(key: object): void;
}

export class SchedPct implements UserSchedPerturb {
  readonly perturbing: boolean;
  readonly depth: number;
  readonly expectedSteps: number;
  /** Steps passed so far. */
  steps = 0;
  /** Change points hit so far, and stalls and priority preemptions made (for reports). */
  changes = 0;
  stalls = 0;
  preemptions = 0;
  private readonly prng: Prng;
  private readonly changeAt: number[];
  private readonly prio = new Map<object, number>();
  private lowest = 0;
  /** Tasks stalled at a change point: their next resume point is the same step. */
  private readonly stalled = new Set<Task>();
  private readonly stallQueue = new WaitQueue('schedule stall');

  constructor(o: ScheduleOptions) {
    this.perturbing = o.perturb !== false;
    this.depth = o.depth ?? DEFAULT_DEPTH;
    if (!Number.isInteger(this.depth) || this.depth < 1) throw new RangeError(`schedule depth must be an integer ≥ 1 (got ${this.depth})`);
    this.expectedSteps = Math.max(1, Math.floor(o.steps));
    // A stream of its own: the schedule seed mixed so that seed S and schedule seed S differ.
    this.prng = new Prng((Math.imul(o.seed >>> 0, 0x9e3779b1) ^ 0x5c4ed0e7) >>> 0);
    const at = new Set<number>();
    const want = Math.min(this.depth - 1, this.expectedSteps);
    while (at.size < want) at.add(this.prng.int(1, this.expectedSteps));
    this.changeAt = [...at].sort((a, b) => a - b);
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return n <= 1 ? 0 : Math.floor(this.prng.next() * n);
  }

  priority(key: object): number {
    let p = this.prio.get(key);
    if (p === undefined) {
      p = this.depth + this.prng.next(); // initial priorities: a random order above every d − i
      this.prio.set(key, p);
    }
    return p;
  }

  demote(key: object): void {
    if (this.perturbing) this.prio.set(key, --this.lowest);
  }

  /** Count a step; at a change point drop `key` to d − i and return true. */
  point(key: object): boolean {
    const step = ++this.steps;
    if (!this.perturbing || this.changes >= this.changeAt.length || step !== this.changeAt[this.changes]) return false;
    this.changes++;
    this.prio.set(key, this.depth - this.changes);
    return true;
  }

  // -------------------------------------------------------------------------------------
  // Kernel hooks (sched.ts, entry.ts)

  /**
   * `t` is about to return to user mode on `cpu`. Returns true when it must not (it was
   * preempted, or its CPU stalls first); the CPU loop then goes round again.
   */
  resumePoint(k: Kernel, cpu: Cpu, t: Task): boolean {
    if (t.mm === null) return false; // kernel threads: no user mode, no steps
    if (this.stalled.size !== 0 && this.stalled.delete(t)) return false; // the stall's own step
    const changed = this.point(t);
    if (!this.perturbing) return false;
    if (changed) {
      this.stall(k, cpu, t);
      return true;
    }
    if (this.higherQueued(cpu, this.priority(t))) {
      this.preempt(k, cpu, t);
      return true;
    }
    return false;
  }

  /** pick_next_task: the highest-priority task of the queue. */
  pick(rq: Deque<Task>): Task | undefined {
    if (!this.perturbing || rq.length < 2) return rq.shift();
    let best = rq.at(0);
    let bp = this.priority(best);
    for (let i = 1; i < rq.length; i++) {
      const t = rq.at(i);
      const p = this.priority(t);
      if (p > bp) { best = t; bp = p; }
    }
    rq.remove(best);
    return best;
  }

  /** Which waiter of a wait queue a wake-up takes next (index into `waiters`). */
  waiterIndex(n: number): number {
    return this.perturbing ? this.below(n) : 0;
  }

  /** select_task_rq: a random idle CPU, else a random CPU; null keeps the default choice. */
  selectCpu(k: Kernel, t: Task): Cpu | null {
    if (!this.perturbing || k.cpus.length === 1) return null;
    if (t.cpusMask !== null) return this.selectAllowedCpu(k, t);
    let idle = 0;
    for (const c of k.cpus) if (c.curr === null && c.rq.length === 0) idle++;
    let i = this.below(idle > 0 ? idle : k.cpus.length);
    for (const c of k.cpus) {
      if (idle > 0 && (c.curr !== null || c.rq.length !== 0)) continue;
      if (i-- === 0) return c;
    }
    return k.cpus[0];
  }

  /** selectCpu for a task with an affinity mask: the same draw among the CPUs it allows. */
  private selectAllowedCpu(k: Kernel, t: Task): Cpu {
    const allowed = k.cpus.filter((c) => cpuAllowed(t, c.id));
    const idle = allowed.filter((c) => c.curr === null && c.rq.length === 0);
    const from = idle.length > 0 ? idle : allowed;
    return from[this.below(from.length)];
  }

  private higherQueued(cpu: Cpu, p: number): boolean {
    const rq = cpu.rq;
    for (let i = 0; i < rq.length; i++) if (this.priority(rq.at(i)) > p) return true;
    return false;
  }

  /** Take the CPU from `t` (not a slice expiry: it keeps the rest of its slice). */
  private preempt(k: Kernel, cpu: Cpu, t: Task): void {
    putPrev(k, cpu, t);
    t.nivcsw++;
    this.preemptions++;
    if (k.trace.on[EV_PREEMPT]) k.trace.emit(EV_PREEMPT, k.engine.now, cpu.id, t.pid, cpu.id, 0, '');
    enqueueTask(k, t, cpu);
  }

  /** Deschedule `t` for a random time: log-uniform from 1 µs to one time slice. */
  private stall(k: Kernel, cpu: Cpu, t: Task): void {
    const hi = Math.max(STALL_MIN_NS, k.costs.timeslice);
    const ns = Math.round(STALL_MIN_NS * Math.pow(hi / STALL_MIN_NS, this.prng.next()));
    this.stalled.add(t);
    this.stalls++;
    sleepOn(k, t, this.stallQueue, ns, TASK_UNINTERRUPTIBLE);
    putPrev(k, cpu, t);
    t.nivcsw++;
  }
}
