/**
 * futex_robust.ts — robust futexes: the list of held locks the kernel walks when a thread dies.
 *
 * Mirrors: Linux kernel/futex/core.c (Linux 2.6.17+, Documentation/locking/robust-futex-ABI.rst):
 * sys_set_robust_list / sys_get_robust_list (kernel/futex/syscalls.c), exit_robust_list,
 * fetch_robust_entry and handle_futex_death, run by futex_exit_release / futex_exec_release from
 * exit_mm_release and exec_mm_release — before clear_child_tid (kernel/fork.c).
 *
 * The ABI, in the lab's word-addressed memory (a word is 4 bytes; a pointer is one word):
 *   head:   [list.next, futex_offset, list_op_pending]   (struct robust_list_head)
 *   entry:  the address of a lock's list.next word; its futex word is entry + futex_offset
 *   a pointer's bit 0 marks a PI futex
 * The list is circular through the head: an empty list's list.next is the head itself.
 * For each entry whose futex word names the dying task (the low 30 bits, FUTEX_TID_MASK) the
 * kernel sets FUTEX_OWNER_DIED, keeps FUTEX_WAITERS, and — if FUTEX_WAITERS was set — wakes one
 * waiter with a shared FUTEX_WAKE (FLAGS_SHARED: the word may be in a MAP_SHARED mapping that
 * another process waits on). list_op_pending is the lock the thread was taking or releasing when
 * it died: handled last, and when its owner part is 0 (released, the wake not yet done) one
 * waiter is woken anyway.
 *
 * PI futexes (pointer bit 0): the word is marked the same way but no waiter is woken — their
 * rt_mutex is handed over by exit_pi_state_list (futex_pi.ts), which runs after this walk.
 *
 * Simplifies: a read of unmapped memory reads 0 instead of
 * faulting (the walk then stops at a 0 entry, as a fault would stop it).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Mm } from './mm.js';
import { futexWake } from './futex.js';
import { exitPiStateList } from './futex_pi.js';
import { EINVAL, ESRCH } from './uapi.js';

export const FUTEX_WAITERS = 0x80000000;
export const FUTEX_OWNER_DIED = 0x40000000;
export const FUTEX_TID_MASK = 0x3fffffff;
/** ROBUST_LIST_LIMIT: at most this many entries are walked (a circular or runaway list). */
export const ROBUST_LIST_LIMIT = 2048;
/** sizeof(struct robust_list_head) on x86-64: what set_robust_list's len must be. */
export const ROBUST_HEAD_SIZE = 24;

/** set_robust_list(head, len): remember the head (an address; anything else clears it). */
export function sysSetRobustList(_k: Kernel, t: Task, head: unknown, len: number): number {
  if (len !== ROBUST_HEAD_SIZE) return -EINVAL;
  t.robustList = typeof head === 'number' ? head : 0;
  return 0;
}

/**
 * get_robust_list(pid, out): the head registered by `pid` (0: the caller) in out.head, and its
 * size in out.len. Simplifies: no ptrace_may_access check (any task the caller can name).
 */
export function sysGetRobustList(k: Kernel, t: Task, pid: number, out: { head?: number; len?: number } | null): number {
  const p = pid === 0 ? t : k.findTask(pid);
  if (p === undefined || p.exitState !== 0) return -ESRCH;
  if (out !== null && typeof out === 'object') {
    out.head = p.robustList;
    out.len = ROBUST_HEAD_SIZE;
  }
  return 0;
}

/** futex_cleanup: walk the robust list once and forget it, then release the PI futexes still owned (exit and exec). */
export function futexExitRelease(k: Kernel, t: Task, mm: Mm): void {
  if (t.robustList !== 0) {
    exitRobustList(k, t, mm, t.robustList);
    t.robustList = 0;
  }
  if (t.piOwned !== null) exitPiStateList(k, t);
}

/**
 * exit_robust_list: fetch list.next, futex_offset and list_op_pending, then handle each entry
 * (but the pending one, which may be on the list too) and finally the pending one.
 */
export function exitRobustList(k: Kernel, t: Task, mm: Mm, head: number): void {
  // Words are signed 32-bit values and pointers unsigned: (x & ~1) >>> 0 keeps an address above 2 GiB.
  let entry = mm.read(head) >>> 0;
  const futexOffset = mm.read(head + 4) | 0;
  const pendingRaw = mm.read(head + 8);
  const pending = (pendingRaw & ~1) >>> 0;
  let pi = entry & 1;
  entry = (entry & ~1) >>> 0;
  let limit = ROBUST_LIST_LIMIT;
  while (entry !== head && entry !== 0) {
    const raw = mm.read(entry) >>> 0; // fetch the next entry before handling this one
    if (entry !== pending && handleFutexDeath(k, t, mm, entry + futexOffset, pi !== 0, false) < 0) return;
    entry = (raw & ~1) >>> 0;
    pi = raw & 1;
    if (--limit === 0) break;
  }
  if (pending !== 0) handleFutexDeath(k, t, mm, pending + futexOffset, (pendingRaw & 1) !== 0, true);
}

/**
 * handle_futex_death: if the futex word names `t`, mark the owner dead (keeping FUTEX_WAITERS)
 * and wake one waiter if there were any. A pending unlock (owner part 0) wakes one waiter
 * without touching the word. Returns -1 on a misaligned word (the walk stops), else 0.
 */
export function handleFutexDeath(k: Kernel, t: Task, mm: Mm, uaddr: number, pi: boolean, pendingOp: boolean): number {
  if (uaddr % 4 !== 0) return -1;
  const uval = mm.read(uaddr) >>> 0;
  const owner = uval & FUTEX_TID_MASK;
  if (pendingOp && !pi && owner === 0) {
    futexWake(k, mm, uaddr, 1, false);
    return 0;
  }
  if (owner !== t.pid) return 0;
  const mval = ((uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED) >>> 0;
  mm.write(uaddr, mval | 0); // the cmpxchg cannot fail: nothing else runs between the read and this store
  if (!pi && (uval & FUTEX_WAITERS) !== 0) futexWake(k, mm, uaddr, 1, false);
  return 0;
}
