/**
 * sched_select_rq.ts — where a woken task and a new task go: what a host adds to the lab's rule.
 *
 * Mirrors: kernel/sched/fair.c select_task_rq_fair. A wake-up (WF_TTWU) takes the fast path,
 * select_idle_sibling: the previous CPU if it is idle, else an idle CPU of the same LLC found
 * by select_idle_cpu's scan. A new task (WF_FORK) takes the slow path,
 * sched_balance_find_dst_cpu → sched_balance_find_dst_group (find_idlest_group before 6.10):
 * an idle CPU wins over a busy one ("the group with the highest number of idle CPUs"); with no
 * idle CPU the creator's own is kept unless another is clearly less loaded. sched.ts
 * selectTaskRq is both in the lab's terms: the last CPU if idle, then any idle CPU, then the
 * shortest queue, ties to the last CPU. The presets keep exactly that.
 *
 * What a host adds, measured with perf sched tracing on the 2-vCPU Linux 6.18 KVM guest
 * threadlab was calibrated on (sweep of one-at-a-time creations, 20,000 creations; sweeps with
 * 4 and 20 creators):
 *
 * - `wakeIdleScan` 0: a woken task whose previous CPU is busy stays there. Of ~9,200 wake-ups
 *   made by a task running on the wakee's previous CPU while the other CPU was idle, all but
 *   a handful stayed. select_idle_cpu's scan is throttled by SIS_UTIL: nr_idle_scan, set from
 *   the LLC's utilization at each periodic balance, falls to 0 on a two-CPU LLC above ~60 %
 *   use, and then no CPU is searched. With both CPUs busy, 91–100 % stayed on the previous
 *   CPU; the lab's shortest-queue rule is kept there.
 * - `forkPack`: a new thread stays on its creator's CPU, though the other CPU is idle, when the
 *   creator's CPU came out of an idle period only a short while ago and the creator runs there
 *   alone. Traced: one-at-a-time creations (create, join, create …) alternate — a child that
 *   ran on the other CPU left its creator's CPU idle until the child's exit woke the creator,
 *   and the next clone, ~20 µs later, kept its child home; that child ran on the creator's CPU,
 *   which so never idled, and the next child went across (52 % home in two windows; mainline's
 *   find_idlest_group, and the lab without the window, give 0 %). Strict alternation means one
 *   child stays home per idle period of the creator's CPU, not every child within the window: a
 *   home child's create+join (~21 µs) leaves the next clone still inside it, and a window alone
 *   kept two of every three home (33 % across where Linux had 48 %). A creator that had slept while
 *   a thread on the other CPU ran, then waited d before creating, kept its child home for
 *   d ≤ 30 µs (30 of 30), 25 of 30 at 40 µs, 1 of 30 at 50 µs and ~2 % beyond; a creator that
 *   never slept sent its children across at every d. Mainline has no such rule; this guest's
 *   kernel (6.18.44-fc) carries a sysctl mainline lacks, kernel.sched_vcpu_pack (15), a likely
 *   source whose code was not available to read.
 *
 * Simplifies: the window is a step, not the measured ramp; one child per idle period is what the
 * alternation shows, not a rule read in the (unavailable) source; both rules are read when the task is
 * placed (a new task at the clone's end, when Linux decides). Neither rule is measured by
 * calibrate: probes that pin threads to set the scene changed what the kernel did, so the host
 * model carries the traced values.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { selectTaskRq, type Cpu } from './sched.js';
import { cpuAllowed } from './cpumask.js';

/** select_task_rq(p, WF_TTWU): the lab's rule, or the previous CPU when the host does not scan. */
export function selectTaskRqWake(k: Kernel, t: Task): Cpu {
  if (k.costs.wakeIdleScan <= 0 && cpuAllowed(t, t.cpu)) {
    const prev = k.cpus[t.cpu];
    if (prev !== undefined && prev.curr !== null) return prev;
  }
  return selectTaskRq(k, t);
}

/** select_task_rq(p, WF_FORK): the lab's placement, then the host's packing window. */
export function selectTaskRqFork(k: Kernel, p: Task, creator: Task): Cpu {
  const c = selectTaskRq(k, p);
  const window = k.costs.forkPack;
  if (window <= 0 || c.id === creator.cpu) return c;
  const home = k.cpus[creator.cpu];
  if (home === undefined || home.curr !== creator || home.rq.length !== 0 || !cpuAllowed(p, home.id)) return c;
  if (home.busySince < 0 || k.engine.now - home.busySince >= window) return c;
  if (home.packedSince === home.busySince && home.packedChild !== p) return c; // this busy period kept one already
  home.packedSince = home.busySince;
  home.packedChild = p; // fork.ts asks at the clone's start and again at its wake-up: one answer
  return home;
}
