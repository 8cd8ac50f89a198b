/**
 * ipc/sem_queue.ts — a System V semaphore set, its sleepers' queues and who wakes first.
 *
 * Mirrors: ipc/sem.c of Linux 6.x — struct sem_array / struct sem / struct sem_queue /
 * struct sem_undo; perform_atomic_semop (perform_atomic_semop_slow: every operation applied in
 * order, then all undone if one would block or overflow); the queues a sleeper joins (a single
 * operation on the semaphore's own pending_alter or pending_const list while no complex
 * operation waits, else the set's global lists; merge_queues moves the per-semaphore alter
 * lists into the global one when the first complex operation queues, unmerge_queues moves them
 * back when none is left); the wake-up order: do_smart_update runs do_smart_wakeup_zero first
 * (wake_const_ops on each semaphore an operation left at zero, then the global const list),
 * then update_queue on the global alter list, or on each semaphore the operation increased (or
 * every semaphore after semctl); update_queue walks its list in FIFO order, completes each
 * operation that now succeeds and restarts the walk after a completed complex operation
 * (check_restart); count_semcnt (GETNCNT / GETZCNT: the per-semaphore list, plus each complex
 * sleeper whose blocking operation is on that semaphore); freeary (every sleeper woken with
 * EIDRM, every undo entry invalidated).
 */

import type { Kernel } from '../kernel.js';
import type { Task, SysvSem } from '../task.js';
import { WaitQueue, WAKE_NORMAL } from '../task.js';
import { wakeUpTask } from '../sched.js';
import { EAGAIN, EIDRM, ERANGE, IPC_NOWAIT, SEMAEM, SEMVMX, SEM_UNDO } from '../uapi.js';
import { KernIpcPerm, ipcSeconds } from './util.js';

/** struct sembuf. */
export interface Sembuf {
  sem_num: number;
  sem_op: number;
  sem_flg: number;
}

/** A queued sleeper's status while it waits (Linux's -EINTR marker). */
export const PENDING = 1;

/** struct sem. */
export class Sem {
  semval = 0;
  sempid = 0;
  otime = 0;
  pendingAlter: SemQueue[] = [];
  pendingConst: SemQueue[] = [];
}

/** struct sem_array. */
export class SemArray extends KernIpcPerm {
  readonly sems: Sem[];
  ctime = 0;
  pendingAlter: SemQueue[] = [];
  pendingConst: SemQueue[] = [];
  complexCount = 0;
  /** list_id: every undo entry for this set. */
  readonly undos = new Set<SemUndo>();
  /** What ps and the trace name the sleepers' wait. */
  readonly waitq = new WaitQueue('semop');
  constructor(key: number, mode: number, t: Task, nsems: number) {
    super(key, mode, t);
    this.sems = Array.from({ length: nsems }, () => new Sem());
  }
}

/** struct sem_undo: one process's (undo list's) adjustments for one set. */
export class SemUndo {
  semadj: number[];
  constructor(public semid: number, nsems: number, public ulp: SysvSem) {
    this.semadj = new Array<number>(nsems).fill(0);
  }
}

/** struct sem_queue: one sleeping semop. */
export class SemQueue {
  status = PENDING;
  blocking: Sembuf | null = null;
  /** The list it is queued on. */
  list: SemQueue[] | null = null;
  /** Absolute expiry in virtual ns (-1: none). */
  expires = -1;
  constructor(
    public task: Task, public pid: number, public sops: Sembuf[], public undo: SemUndo | null,
    public alter: boolean, public sma: SemArray,
  ) {}
}

/** perform_atomic_semop: 0 done, 1 would block, or -EAGAIN / -ERANGE (nothing changed). */
export function performAtomicSemop(sma: SemArray, q: SemQueue): number {
  const sops = q.sops, un = q.undo;
  let i = 0, result = 0;
  for (; i < sops.length; i++) {
    const sop = sops[i];
    const curr = sma.sems[sop.sem_num];
    const v = curr.semval + sop.sem_op;
    if ((sop.sem_op === 0 && curr.semval !== 0) || v < 0) {
      q.blocking = sop;
      result = sop.sem_flg & IPC_NOWAIT ? -EAGAIN : 1;
      break;
    }
    if (v > SEMVMX) { result = -ERANGE; break; }
    if (sop.sem_flg & SEM_UNDO) {
      const undo = un!.semadj[sop.sem_num] - sop.sem_op;
      if (undo < -SEMAEM - 1 || undo > SEMAEM) { result = -ERANGE; break; }
      un!.semadj[sop.sem_num] = undo;
    }
    curr.semval = v;
  }
  if (result === 0) {
    for (const sop of sops) sma.sems[sop.sem_num].sempid = q.pid;
    return 0;
  }
  for (i--; i >= 0; i--) { // undo what was applied
    const sop = sops[i];
    sma.sems[sop.sem_num].semval -= sop.sem_op;
    if (sop.sem_flg & SEM_UNDO) un!.semadj[sop.sem_num] += sop.sem_op;
  }
  return result;
}

/** The list a new sleeper joins (do_semtimedop's queueing, merge_queues on the first complex one). */
export function enqueueSemop(sma: SemArray, q: SemQueue): void {
  let l: SemQueue[];
  if (q.sops.length === 1) {
    const curr = sma.sems[q.sops[0].sem_num];
    l = q.alter ? (sma.complexCount ? sma.pendingAlter : curr.pendingAlter) : curr.pendingConst;
  } else {
    if (!sma.complexCount) mergeQueues(sma);
    l = q.alter ? sma.pendingAlter : sma.pendingConst;
    sma.complexCount++;
  }
  l.push(q);
  q.list = l;
}

function mergeQueues(sma: SemArray): void {
  for (const s of sma.sems) {
    for (const q of s.pendingAlter) { sma.pendingAlter.push(q); q.list = sma.pendingAlter; }
    s.pendingAlter = [];
  }
}

/** unmerge_queues: no complex operation left — the global alter list back to the semaphores. */
export function unmergeQueues(sma: SemArray): void {
  if (sma.complexCount) return;
  for (const q of sma.pendingAlter) {
    const l = sma.sems[q.sops[0].sem_num].pendingAlter;
    l.push(q);
    q.list = l;
  }
  sma.pendingAlter = [];
}

export function unlinkQueue(sma: SemArray, q: SemQueue): void {
  const l = q.list;
  if (l !== null) {
    const i = l.indexOf(q);
    if (i >= 0) l.splice(i, 1);
    q.list = null;
  }
  if (q.sops.length > 1) sma.complexCount--;
}

/** wake_up_sem_queue_prepare + wake_up_q: the sleeper gets its result and runs. */
function wakeQueue(k: Kernel, q: SemQueue, error: number): void {
  q.status = error;
  wakeUpTask(k, q.task, WAKE_NORMAL);
}

/** wake_const_ops: complete the waits for zero that now succeed (semnum -1: the global list). */
function wakeConstOps(k: Kernel, sma: SemArray, semnum: number): boolean {
  const l = semnum === -1 ? sma.pendingConst : sma.sems[semnum].pendingConst;
  let done = false;
  for (const q of l.slice()) {
    const error = performAtomicSemop(sma, q);
    if (error > 0) continue;
    unlinkQueue(sma, q);
    wakeQueue(k, q, error);
    if (error === 0) done = true;
  }
  return done;
}

/** do_smart_wakeup_zero: wait-for-zero sleepers on each semaphore `sops` left at zero (all: sops null). */
function doSmartWakeupZero(k: Kernel, sma: SemArray, sops: Sembuf[] | null): boolean {
  let gotZero = false, done = false;
  const nums = sops !== null ? sops.map((s) => s.sem_num) : sma.sems.map((_, i) => i);
  for (const num of nums) {
    if (sma.sems[num].semval !== 0) continue;
    gotZero = true;
    if (wakeConstOps(k, sma, num)) done = true;
  }
  if (gotZero && wakeConstOps(k, sma, -1)) done = true;
  return done;
}

/** update_queue: complete the altering sleepers that now succeed, in FIFO order (semnum -1: global). */
function updateQueue(k: Kernel, sma: SemArray, semnum: number): boolean {
  let completed = false;
  for (;;) {
    const l = semnum === -1 ? sma.pendingAlter : sma.sems[semnum].pendingAlter;
    let restart = false;
    for (const q of l.slice()) {
      if (semnum !== -1 && sma.sems[semnum].semval === 0) break;
      const error = performAtomicSemop(sma, q);
      if (error > 0) continue;
      unlinkQueue(sma, q);
      if (error === 0) {
        completed = true;
        doSmartWakeupZero(k, sma, q.sops);
        restart = sma.pendingAlter.length > 0 || q.sops.length > 1; // check_restart
      }
      wakeQueue(k, q, error);
      if (restart) break;
    }
    if (!restart) return completed;
  }
}

/** do_smart_update: after the set changed (sops null: semctl or exit_sem changed it). */
export function doSmartUpdate(k: Kernel, sma: SemArray, sops: Sembuf[] | null, otime: number): void {
  let ot = doSmartWakeupZero(k, sma, sops) || otime !== 0;
  if (sma.pendingAlter.length > 0) {
    if (updateQueue(k, sma, -1)) ot = true;
  } else if (sops === null) {
    for (let i = 0; i < sma.sems.length; i++) if (updateQueue(k, sma, i)) ot = true;
  } else {
    for (const sop of sops) if (sop.sem_op > 0 && updateQueue(k, sma, sop.sem_num)) ot = true;
  }
  if (ot) setSemotime(k, sma, sops);
}

export function setSemotime(k: Kernel, sma: SemArray, sops: Sembuf[] | null): void {
  sma.sems[sops === null ? 0 : sops[0].sem_num].otime = ipcSeconds(k.now);
}

/** get_semotime: the latest semop time of any semaphore of the set. */
export function getSemotime(sma: SemArray): number {
  return sma.sems.reduce((m, s) => Math.max(m, s.otime), 0);
}

/** count_semcnt: GETNCNT (countZero false) or GETZCNT. */
export function countSemcnt(sma: SemArray, semnum: number, countZero: boolean): number {
  const s = sma.sems[semnum];
  let n = (countZero ? s.pendingConst : s.pendingAlter).length;
  const qop = (q: SemQueue): number => {
    const sop = q.blocking;
    if (sop === null || sop.sem_num !== semnum) return 0;
    return (countZero && sop.sem_op === 0) || (!countZero && sop.sem_op < 0) ? 1 : 0;
  };
  for (const q of sma.pendingAlter) n += qop(q);
  if (countZero) for (const q of sma.pendingConst) n += qop(q);
  return n;
}

/** freeary's sleeper half: every undo entry invalidated, every sleeper woken with EIDRM. */
export function freeary(k: Kernel, sma: SemArray): void {
  for (const un of sma.undos) {
    un.semid = -1;
    const list = un.ulp.undo;
    if (list !== null) for (const [id, u] of list) if (u === un) list.delete(id);
  }
  sma.undos.clear();
  const lists = [sma.pendingConst, sma.pendingAlter];
  for (const s of sma.sems) lists.push(s.pendingConst, s.pendingAlter);
  for (const l of lists) {
    for (const q of l.slice()) { unlinkQueue(sma, q); wakeQueue(k, q, -EIDRM); }
  }
}
