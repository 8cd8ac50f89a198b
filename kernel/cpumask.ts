/**
 * cpumask.ts — a task's allowed CPUs as the scheduler reads them.
 *
 * Mirrors: include/linux/cpumask.h (cpumask_test_cpu, cpumask_weight) and kernel/sched/core.c
 * is_cpu_allowed for a user task (the CPU is in p->cpus_ptr).
 *
 * Representation: `Task.cpusMask` is null for a task that may run anywhere — every task until
 * someone calls sched_setaffinity, and the scheduler's fast path — or a bigint with bit n set
 * for each allowed CPU n. The lab's possible CPUs are its online CPUs (no hotplug), so a stored
 * mask keeps only online bits, as sched_setaffinity's `new_mask & cpu_active_mask` check leaves
 * nothing else that could ever matter; a mask naming every online CPU is stored as null.
 */

import type { Task } from './task.js';

/** The mask of the first `n` CPUs (cpu_online_mask of an n-CPU machine). */
export function onlineMask(n: number): bigint {
  return (1n << BigInt(n)) - 1n;
}

/** is_cpu_allowed / cpumask_test_cpu(cpu, p->cpus_ptr). */
export function cpuAllowed(t: Task, cpu: number): boolean {
  return t.cpusMask === null || ((t.cpusMask >> BigInt(cpu)) & 1n) === 1n;
}

/** cpumask_weight: how many bits a mask has. */
export function cpumaskWeight(m: bigint): number {
  let n = 0;
  for (let x = m; x > 0n; x >>= 1n) if (x & 1n) n++;
  return n;
}
