/**
 * futex_pi.ts — priority-inheritance futexes: FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI,
 * FUTEX_UNLOCK_PI (Linux 2.6.18; LOCK_PI2 5.14).
 *
 * Mirrors: Linux kernel/futex/pi.c — futex_lock_pi and futex_lock_pi_atomic (the word holds
 * the owner's TID | FUTEX_WAITERS | FUTEX_OWNER_DIED; the caller's own TID there is -EDEADLK; a
 * word with no TID is taken, OWNER_DIED kept; otherwise FUTEX_WAITERS is set and the caller
 * attaches to the existing pi_state (attach_to_pi_state: the word's TID must be its owner's,
 * else -EINVAL) or makes one for the TID's task (attach_to_pi_owner: no such task, or one whose
 * futexes were released at exit — handle_exit_race with an unchanged word — is -ESRCH; a kernel
 * thread -EPERM)), then blocks on the pi_state's rt_mutex in priority order, boosting the owner
 * (rtmutex.ts); futex_unlock_pi (only the owner by the word, else -EPERM; with a waiter,
 * wake_futex_pi hands the lock to the top waiter — the word becomes its TID | FUTEX_WAITERS —
 * and deboosts the caller; without one the word becomes 0); the trylock form (-EWOULDBLOCK,
 * i.e. EAGAIN, where it would block, leaving FUTEX_WAITERS set); fixup_pi_owner's outcome on
 * wake-up (the lock is the caller's; on a timeout or signal it leaves the waiters and its owner
 * is re-adjusted); exit_pi_state_list (futex_cleanup at exit and exec: each pi_state the task
 * owns goes to its top waiter, whose TID is written keeping FUTEX_OWNER_DIED, which the robust
 * walk of futex_robust.ts set first). A signal restarts FUTEX_LOCK_PI after the handler
 * (-ERESTARTNOINTR): it never fails with EINTR.
 *
 * Keys are futex.ts's (private: (mm, address); shared mapping without FUTEX_PRIVATE_FLAG:
 * (object, offset)); a pi_state lives while it has waiters (put_pi_state frees it with the last).
 *
 * Simplifies: the timeout is relative ns, as futex.ts's (Linux: an absolute CLOCK_REALTIME
 * time for LOCK_PI, CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME for LOCK_PI2); a restart after a
 * signal starts the timeout anew; no FUTEX_WAIT_REQUEUE_PI / FUTEX_CMP_REQUEUE_PI; an owner
 * mid-exit cannot be seen (the lab's exit releases futexes in one step: no -EBUSY retry).
 */

import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import type { ShmemObject } from './shmem.js';
import { Task, WaitQueue, WAKE_NORMAL, WAKE_TIMEOUT, WAKE_NONE } from './task.js';
import { sleepOn, wakeUpTask } from './sched.js';
import { EAGAIN, EDEADLK, EINVAL, EPERM, ESRCH, ETIMEDOUT, ERESTARTNOINTR } from './uapi.js';
import { adjustPrioChain, chainDeadlocks, requeuePiWaiter } from './rtmutex.js';

export const FUTEX_WAITERS = 0x80000000;
export const FUTEX_OWNER_DIED = 0x40000000;
export const FUTEX_TID_MASK = 0x3fffffff;

/** struct futex_pi_state with its rt_mutex: the owner, and the waiters in priority order (the WaitQueue's tasks). */
export class PiState extends WaitQueue {
  owner: Task | null = null;
  constructor(readonly key: Mm | ShmemObject, readonly uaddr: number) {
    super('futex_pi');
  }
}

/** get_futex_key as futex.ts's bucket takes it: (mm, address), or (shared object, offset) for a shared word. */
function piKey(mm: Mm, uaddr: number, priv: boolean): [Mm | ShmemObject, number] {
  if (!priv) {
    const v = mm.backedVma(uaddr);
    if (v !== null && v.kind === 'shared') return [v.shm!, v.pgoff! + uaddr - v.start];
  }
  return [mm, uaddr];
}

function lookupPi(k: Kernel, key: Mm | ShmemObject, off: number): PiState | undefined {
  return k.futexPi.get(key)?.get(off);
}

/** pi_state_update_owner: move `ps` from its owner's pi_state_list to `owner`'s. */
function setPiOwner(ps: PiState, owner: Task | null): void {
  const old = ps.owner;
  if (old !== null && old.piOwned !== null) {
    const i = old.piOwned.indexOf(ps);
    if (i >= 0) old.piOwned.splice(i, 1);
    if (old.piOwned.length === 0) old.piOwned = null;
  }
  ps.owner = owner;
  if (owner !== null) (owner.piOwned ??= []).push(ps);
}

/** put_pi_state with the last reference gone: no waiters left, so the state is detached and freed. */
function putPiState(k: Kernel, ps: PiState): void {
  if (ps.tasks.length > 0) return;
  setPiOwner(ps, null);
  const m = k.futexPi.get(ps.key);
  if (m === undefined) return;
  m.delete(ps.uaddr);
  if (m.size === 0) k.futexPi.delete(ps.key);
}

/**
 * futex_lock_pi (trylock: FUTEX_TRYLOCK_PI). Re-entered after the sleep: the lock was handed
 * over (0), or the wait ended by timeout (-ETIMEDOUT) or signal (restarted).
 */
export function futexLockPi(k: Kernel, t: Task, mm: Mm, uaddr: number, timeout: number | null, priv: boolean, trylock: boolean): number {
  if (t.wakeReason !== WAKE_NONE) return lockPiWoken(k, t);
  if (timeout !== null && timeout !== undefined && (typeof timeout !== 'number' || timeout < 0)) return -EINVAL;
  const [key, off] = piKey(mm, uaddr, priv);
  const r = lockPiAtomic(k, t, mm, uaddr, key, off);
  if (typeof r === 'number') return r;
  const ps = r;
  if (trylock || chainDeadlocks(t, ps)) {
    putPiState(k, ps);
    return trylock ? -EAGAIN : -EDEADLK;
  }
  if (timeout === 0) { putPiState(k, ps); return -ETIMEDOUT; }
  t.sleepData = ps;
  const res = sleepOn(k, t, ps, timeout ?? -1);
  if (t.waitq === ps) {
    requeuePiWaiter(ps, t);
    adjustPrioChain(k, ps.owner); // task_blocks_on_rt_mutex: boost the owner, and whoever it waits for
  }
  return res;
}

/**
 * futex_lock_pi_atomic: 0 if the caller took the word, a negative errno, or the pi_state to
 * block on (FUTEX_WAITERS set in the word).
 */
function lockPiAtomic(k: Kernel, t: Task, mm: Mm, uaddr: number, key: Mm | ShmemObject, off: number): number | PiState {
  const uval = mm.read(uaddr) >>> 0;
  const tid = uval & FUTEX_TID_MASK;
  if (tid === t.pid) return -EDEADLK;
  const ps = lookupPi(k, key, off);
  if (ps !== undefined && ps.tasks.length > 0) {
    // attach_to_pi_state: the word must name the state's owner
    const ownerTid = ps.owner !== null ? ps.owner.pid : 0;
    if (tid !== ownerTid) return -EINVAL;
    return ps;
  }
  if (tid === 0) { // no owner: take it, keeping OWNER_DIED
    mm.write(uaddr, ((uval & FUTEX_OWNER_DIED) | t.pid) | 0);
    return 0;
  }
  mm.write(uaddr, (uval | FUTEX_WAITERS) | 0);
  return attachToPiOwner(k, tid, key, off);
}

/** attach_to_pi_owner: a new pi_state owned by the task the word names. */
function attachToPiOwner(k: Kernel, tid: number, key: Mm | ShmemObject, off: number): number | PiState {
  const p = k.findTask(tid);
  if (p === undefined || p.exitStarted) return -ESRCH; // handle_exit_race: gone, its futexes released
  if (p.isKthread) return -EPERM;
  let m = k.futexPi.get(key);
  if (m === undefined) k.futexPi.set(key, (m = new Map()));
  let ps = m.get(off);
  if (ps === undefined) m.set(off, (ps = new PiState(key, off)));
  setPiOwner(ps, p);
  return ps;
}

/** After the sleep: handed the lock (0), or leave the waiters, re-adjust the owner, and report why. */
function lockPiWoken(k: Kernel, t: Task): number {
  const ps = t.sleepData as PiState | null;
  if (ps === null) return -ERESTARTNOINTR; // a signal was pending before it could sleep
  if (ps.owner === t) { // fixup_pi_owner: wake_futex_pi wrote our TID
    putPiState(k, ps); // our reference goes: with no waiters left, so does the state
    return 0;
  }
  const owner = ps.owner;
  putPiState(k, ps);
  adjustPrioChain(k, owner); // remove_waiter: the owner loses what this waiter gave it
  return t.wakeReason === WAKE_TIMEOUT ? -ETIMEDOUT : -ERESTARTNOINTR;
}

/** futex_unlock_pi: only the owner; the top waiter gets the lock, or the word is cleared. */
export function futexUnlockPi(k: Kernel, t: Task, mm: Mm, uaddr: number, priv: boolean): number {
  const uval = mm.read(uaddr) >>> 0;
  if ((uval & FUTEX_TID_MASK) !== t.pid) return -EPERM;
  const [key, off] = piKey(mm, uaddr, priv);
  const ps = lookupPi(k, key, off);
  if (ps !== undefined && ps.tasks.length > 0) {
    if (ps.owner !== t) return -EINVAL; // the word and the state disagree (pi_state->owner != current)
    handOver(k, ps, 0);
    adjustPrioChain(k, t); // rt_mutex_adjust_prio: deboost the caller
    return 0;
  }
  if (ps !== undefined) putPiState(k, ps);
  mm.write(uaddr, 0);
  return 0;
}

/**
 * wake_futex_pi / rt_mutex_futex_unlock and the new owner's fixup_pi_state_owner: the top waiter
 * owns `ps` now; its TID | FUTEX_WAITERS goes in the word (with `keep`'s bits of the old word),
 * written through the key (the mm, or the shared object: the same word every mapping sees).
 */
function handOver(k: Kernel, ps: PiState, keep: number): void {
  const w = ps.tasks[0];
  const old = ps.key.read(ps.uaddr) >>> 0;
  ps.key.write(ps.uaddr, ((old & keep) | w.pid | FUTEX_WAITERS) | 0);
  setPiOwner(ps, w);
  wakeUpTask(k, w, WAKE_NORMAL);
  adjustPrioChain(k, w); // the rest of the waiters boost the new owner
}

/**
 * exit_pi_state_list (futex_cleanup, at exit and exec, after the robust walk): each PI lock the
 * task still owns goes to its top waiter, OWNER_DIED kept in the word; one without waiters is
 * simply dropped (its word keeps the dead TID: a later FUTEX_LOCK_PI is -ESRCH, or the robust
 * walk already cleared the TID).
 */
export function exitPiStateList(k: Kernel, t: Task): void {
  while (t.piOwned !== null) {
    const ps = t.piOwned[0];
    setPiOwner(ps, null);
    if (ps.tasks.length === 0) putPiState(k, ps);
    else handOver(k, ps, FUTEX_OWNER_DIED);
  }
  adjustPrioChain(k, t);
}
