/**
 * fork_stack.ts — kernel stacks and the per-CPU cache of freed ones.
 *
 * Mirrors: kernel/fork.c with CONFIG_VMAP_STACK (Linux ≥ 4.9, on by default on x86-64):
 * alloc_thread_stack_node takes a stack from this CPU's cached_stacks[NR_CACHED_STACKS] and
 * only when there is none vmallocs a new one (pages, page tables, the memcg charge);
 * free_thread_stack, called from finish_task_switch → put_task_stack after a dead task's last
 * switch, puts the stack back into the cache of the CPU it died on (try_release_thread_stack_to_cache)
 * and, when that CPU's two slots are full, hands it to RCU, whose callback vfrees it in softirq.
 *
 * What it shows: one thread at a time, every stack goes back to the cache it came from and
 * the cache hides vmalloc entirely. Threads created in a batch, or created on one CPU and dying
 * on another, miss it: the creator's CPU runs dry while the other CPU's overflows. Each miss
 * costs `kstackMiss`. An allocation's is paid at once, inside the clone. A free's is deferred
 * work owed by the CPU the task died on (RCU's callback, and the vfree it hands to a kworker):
 * that CPU pays it from its idle time if it goes idle, else at its next switch, on the time of
 * whichever task it switches to (softirq time is charged to the task it interrupts). That is
 * why a batched sweep on a real machine spends time outside the process and is slower than
 * its one-at-a-time figure predicts, while a lone thread's free costs a 2-CPU loop nothing.
 *
 * Simplifies: an allocation miss and a free that overflows cost the same (calibrate measures
 * their sum per clone in a batched raw clone loop); the deferred work runs at the next switch,
 * not a grace period later, and RCU's callback does not retry the cache (thread_stack_free_rcu
 * does — it can win back a slot emptied meanwhile, at most two per batch of callbacks). Caches
 * start empty.
 */

import type { Kernel } from './kernel.js';
import type { Cpu } from './sched.js';

/** kernel/fork.c: freed stacks kept per CPU. */
export const NR_CACHED_STACKS = 2;

/** alloc_thread_stack_node on `cpu`: a cached stack, or a vmalloc miss; returns its cost. */
export function allocThreadStack(k: Kernel, cpu: number): number {
  const c = k.cpus[cpu];
  if (c.cachedStacks > 0) { c.cachedStacks--; return 0; }
  k.kstackMisses++;
  return k.costs.kstackMiss;
}

/** free_thread_stack after the last switch on `cpu`: into its cache, or deferred work for it. */
export function freeThreadStack(k: Kernel, cpu: number): void {
  const c = k.cpus[cpu];
  if (c.cachedStacks < NR_CACHED_STACKS) { c.cachedStacks++; return; }
  k.kstackMisses++;
  c.deferredNs += k.costs.kstackMiss;
}

/**
 * The CPU switches to a task after `idled` ns idle (0: it was busy): the deferred work it owes
 * is done first, what its idle time did not cover. Returns the time it adds to the switch.
 */
export function runDeferredWork(c: Cpu, idled: number): number {
  const owed = c.deferredNs - idled;
  c.deferredNs = 0;
  return owed > 0 ? owed : 0;
}
