/**
 * sched_newidle.ts — when a CPU that just went idle may take work from a busier one.
 *
 * Mirrors: kernel/sched/fair.c sched_balance_newidle (newidle_balance, idle_balance before
 * 5.x) and its avg_idle test, core.c's avg_idle bookkeeping in ttwu_do_activate, and the nohz
 * idle balance that a busy CPU's tick kicks (nohz_balancer_kick → _nohz_idle_balance).
 *
 * 2.6's schedule() called idle_balance → load_balance_newidle every time a queue ran dry, so a
 * CPU going idle pulled a queued task from a busier CPU at once; `migrationCost` 0 keeps that.
 * Since 2.6.35 Linux first asks whether this CPU stays idle long enough to be worth it: each
 * rq keeps avg_idle, a running average (1/8 weight, update_avg) of how long its idle periods
 * last, measured when a wake-up ends one, and a newly idle CPU whose avg_idle is below the
 * migration cost (sysctl_sched_migration_cost, 500 µs; 5.16+ compares against the measured cost
 * of the balance, max_newidle_lb_cost, never above max_idle_balance_cost) does not balance.
 * A CPU that idles in short gaps — a creator's children arriving every few tens of µs — stops
 * pulling, and a task queued behind a running one waits there, as measured on a 2-vCPU Linux
 * 6.18 guest (threadlab calibrate's sweep: ~0.3 % of children migrated; the lab pulled ~30 %).
 * Work left queued is found by the periodic balance: an idle CPU balances at its next tick
 * (the nohz balancer, kicked from the busy CPU's tick), without the avg_idle test.
 *
 * Simplifies: one threshold for every domain; the balance itself costs nothing; the tick
 * balance is a timer on the idle CPU at the next tick boundary.
 */

import type { Kernel } from './kernel.js';
import { kickCpu, type Cpu } from './sched.js';

/** rq->avg_idle's first value: 2 × sysctl_sched_migration_cost (sched_init). */
export function initAvgIdle(k: Kernel, cpu: Cpu): void {
  cpu.avgIdle = 2 * k.costs.migrationCost;
}

/** The CPU found nothing to run: its idle period starts (rq->idle_stamp). */
export function idleEnter(k: Kernel, cpu: Cpu): void {
  cpu.idleSince = k.engine.now;
  if (cpu.idleStamp < 0 && k.costs.migrationCost > 0) cpu.idleStamp = k.engine.now; // 0: nothing reads avg_idle
}

/** ttwu_do_activate on an idle rq: the idle period ends; fold its length into avg_idle. */
export function idleExit(k: Kernel, cpu: Cpu): void {
  if (cpu.idleStamp < 0) return;
  const max = 2 * k.costs.migrationCost; // 2 × max_idle_balance_cost, whose floor is the migration cost
  cpu.avgIdle += (k.engine.now - cpu.idleStamp - cpu.avgIdle) / 8;
  if (cpu.avgIdle > max) cpu.avgIdle = max;
  cpu.idleStamp = -1;
}

/**
 * May this newly idle CPU pull a task now? Always when the model has no migration cost (2.6)
 * or when the tick's idle balance woke it; otherwise only if it tends to stay idle long enough.
 * A refusal arms that tick balance, so queued work is not stranded.
 */
export function newidleMayPull(k: Kernel, cpu: Cpu): boolean {
  const mc = k.costs.migrationCost;
  if (mc <= 0 || cpu.tickBalance || cpu.avgIdle >= mc) return true;
  if (!cpu.tickBalanceArmed) {
    cpu.tickBalanceArmed = true;
    const nextTick = (Math.floor(k.engine.now / k.tickNs) + 1) * k.tickNs;
    k.addTimer(nextTick, tickBalance, cpu);
  }
  return false;
}

/** The periodic balance reaches an idle CPU: it runs its loop once with balancing allowed. */
function tickBalance(k: Kernel, cpu: Cpu): void {
  cpu.tickBalanceArmed = false;
  if (cpu.busy || cpu.curr !== null) return;
  cpu.tickBalance = true;
  kickCpu(k, cpu, 0);
}
