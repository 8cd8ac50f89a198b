/**
 * allocatestack.ts — thread stacks and the stack cache (rule 30).
 *
 * Mirrors: glibc nptl/allocatestack.c — allocate_stack (get_cached_stack first; mmap only
 * when the cache has nothing that fits), get_cached_stack (the smallest free cached stack at
 * least as big as asked, refused when more than four times bigger), __deallocate_stack and
 * queue_stack (a freed stack goes to the head of stack_cache), free_stacks (over
 * stack_cache_maxsize = 40 MiB, munmap the oldest free stacks until the cache fits).
 *
 * A cached stack is reusable only when its thread is really gone: FREE_P(pd) is "the tid
 * word is 0", which the kernel writes when the thread exits (CLONE_CHILD_CLEARTID). That is
 * how a detached thread can put its own stack in the cache while still running on it.
 * Because struct pthread lives at the top of its stack, reusing a stack reuses the
 * descriptor (and its tid word, hence its pthread_t), exactly as in glibc.
 *
 * Simplifies: no guard pages, no TLS block sizes, no stack_cache_lock word (see descr.ts).
 */

import { sys, uaccess, type Sim } from '../../kernel/index.js';
import { Pthread, NptlProcess, PAGE_SIZE } from './descr.js';
import { atomicNs } from './lowlevellock.js';
import { startThread } from './pthread_create.js';
import type { Nptl } from './index.js';

/** Stack size for a request: the default, or the caller's rounded up to whole pages. */
export function stackSizeFor(proc: NptlProcess, requested: number | undefined): number {
  if (requested === undefined) return proc.defaultStack;
  return Math.ceil(requested / PAGE_SIZE) * PAGE_SIZE;
}

/** get_cached_stack: take the best-fitting free stack out of the cache, or null. */
export function getCachedStack(proc: NptlProcess, size: number): Pthread | null {
  const cache = proc.stackCache;
  let best = -1;
  for (let i = cache.length - 1; i >= 0; i--) { // newest first, as glibc walks its list
    const pd = cache[i];
    if (pd.stackSize < size || uaccess.uload(pd.tidAddr) !== 0) continue; // !FREE_P or too small
    if (pd.stackSize === size) { best = i; break; }
    if (best < 0 || pd.stackSize < cache[best].stackSize) best = i;
  }
  if (best < 0) return null;
  const pd = cache[best];
  if (pd.stackSize > 4 * size) return null; // do not waste a huge stack on a small thread
  cache.splice(best, 1);
  proc.stackCacheSize -= pd.stackSize;
  return pd;
}

/**
 * allocate_stack on a cache miss (the caller tried getCachedStack first): a new descriptor
 * on a new mmap'd stack of `size` bytes. Returns it, or the mmap's negative errno.
 */
export function* allocateStack(libc: Nptl, proc: NptlProcess, size: number): Sim<Pthread | number> {
  const addr = (yield sys.mmap(size)) as number;
  if (addr < 0) return addr;
  const pd = new Pthread(libc, proc, uaccess.umalloc(1), startThread);
  pd.stackAddr = addr;
  pd.stackSize = size;
  return pd;
}

/**
 * __free_tcb, its bookkeeping half: forget the thread, once (join, detach and exit may race:
 * TERMINATED_BIT), and queue its stack in the cache. Returns true if a stack was queued: the
 * caller then charges stack_cache_lock (2 atomic operations, folded into its own charge so
 * the hot paths make one compute request) and trims the cache if it is over its size.
 */
export function releaseTcb(proc: NptlProcess, pd: Pthread): boolean {
  if (pd.terminated) return false;
  pd.terminated = true;
  if (proc.threads.get(pd.self) === pd) proc.threads.delete(pd.self);
  if (pd.stackSize === 0) return false; // the initial thread's stack is not ours to cache
  proc.stackCache.push(pd); // the newest at the end (glibc: list_add at the head)
  proc.stackCacheSize += pd.stackSize;
  return true;
}

/** Trim the cache to its maximum if a queued stack pushed it over (queue_stack's tail). */
export function* trimCache(proc: NptlProcess): Sim<void> {
  if (proc.stackCacheSize > proc.cacheMax) yield* freeStacks(proc, proc.cacheMax);
}

/** __free_tcb as a whole, for the paths that are not hot (detach, a failed create). */
export function* freeTcb(proc: NptlProcess, pd: Pthread): Sim<void> {
  if (!releaseTcb(proc, pd)) return;
  const ns = atomicNs(2);
  if (ns > 0) yield sys.compute(ns);
  yield* trimCache(proc);
}

/**
 * free_stacks: munmap free cached stacks, oldest first, until the cache holds at most `limit`.
 * glibc does the whole walk under stack_cache_lock; here the victims are chosen and unlinked
 * in one atomic step (no yield), and only then unmapped — each munmap is a system call, and
 * other threads may use the cache while it runs.
 */
function* freeStacks(proc: NptlProcess, limit: number): Sim<void> {
  const cache = proc.stackCache;
  const victims: Pthread[] = [];
  for (let i = 0; i < cache.length && proc.stackCacheSize > limit;) {
    const pd = cache[i];
    if (uaccess.uload(pd.tidAddr) !== 0) { i++; continue; } // its thread still runs on it
    if (i === 0) cache.shift(); else cache.splice(i, 1); // shift: O(1) for the usual oldest
    proc.stackCacheSize -= pd.stackSize;
    uaccess.ufree(pd.tidAddr, 1);
    victims.push(pd);
  }
  for (const pd of victims) yield sys.munmap(pd.stackAddr);
}
