/**
 * ipc/sem.ts — System V semaphores: semget, semop / semtimedop, SEM_UNDO and exit_sem.
 * (semctl: sem_ctl.ts; the queues and wake-ups: sem_queue.ts.)
 *
 * Mirrors: ipc/sem.c of Linux 6.x — ksys_semget (nsems < 0 or > SEMMSL: EINVAL; newary: 0
 * semaphores for a new set: EINVAL; sem_more_checks: more than the existing set has: EINVAL),
 * do_semtimedop (nsops < 1: EINVAL, > SEMOPM: E2BIG; a bad timeout: EINVAL; find_alloc_undo
 * before the set is looked up; a sem_num past the set: EFBIG; write permission if any sem_op
 * alters, else read: EACCES; perform_atomic_semop applies every operation or none — a wait for
 * zero on a non-zero value, or a result below zero, blocks (IPC_NOWAIT: EAGAIN); a result past
 * SEMVMX, or an undo value past SEMAEM, is ERANGE; the caller then sleeps in the set's pending
 * queues, and whoever completes its operation for it (update_queue) wakes it with the result:
 * 0, or EIDRM when the set is removed; a signal returns EINTR, never restarted (signal(7)); the
 * timeout EAGAIN), find_alloc_undo / exit_sem (each semadj is applied when the undo list's last
 * user exits: the value clamped to 0..SEMVMX, sempid set, sleepers woken).
 *
 * The undo list is task->sysvsem, shared by CLONE_SYSVSEM (kernel/fork.ts copy_semundo): NPTL
 * creates threads with it, so a process's threads have one list, applied when the last of them
 * exits; LinuxThreads' manager clones without it, so each thread has its own, applied when that
 * thread exits — as on Linux with the two libraries (test/kernel-ipc-sem.test.ts).
 *
 * Simplifies: one IPC namespace; SEMMNS is not counted; a sleeper is woken at once (wake_q
 * without the RCU grace).
 */

import type { Kernel } from '../kernel.js';
import type { Task, SysvSem } from '../task.js';
import { WAKE_SIGNAL, WAKE_TIMEOUT } from '../task.js';
import { sleepOn } from '../sched.js';
import { E2BIG, EACCES, EFBIG, EIDRM, EINTR, EINVAL, EAGAIN, SEMMSL, SEMMNI, SEMOPM, SEMVMX, SEM_UNDO } from '../uapi.js';
import { IpcIds, ipcget, ipcperms, modeOf, ipcSeconds } from './util.js';
import { SemArray, SemQueue, SemUndo, type Sembuf, performAtomicSemop, doSmartUpdate, setSemotime, enqueueSemop, unlinkQueue, unmergeQueues, PENDING } from './sem_queue.js';

export { SemArray, type Sembuf } from './sem_queue.js';

const S_IRUGO = 0o444, S_IWUGO = 0o222;

export function semIds(k: Kernel): IpcIds<SemArray> {
  return (k.ext.ipcSem ??= new IpcIds<SemArray>(SEMMNI));
}

/** semget(key, nsems, semflg): the id, or -errno. */
export function sysSemget(k: Kernel, t: Task, key: number, nsems: number, flg: number): number {
  if (!Number.isInteger(nsems) || nsems < 0 || nsems > SEMMSL) return -EINVAL;
  const ids = semIds(k);
  return ipcget(t, {
    ids,
    getnew: (key2, flg2) => {
      if (nsems === 0) return -EINVAL;
      const sma = new SemArray(key2, modeOf(flg2), t, nsems);
      sma.ctime = ipcSeconds(k.now);
      return ids.add(sma);
    },
    moreChecks: (p) => (nsems > p.sems.length ? -EINVAL : 0),
  }, key | 0, flg | 0);
}

/** semop(semid, sops): semtimedop without a timeout. */
export function sysSemop(k: Kernel, t: Task, semid: number, sops: Sembuf[]): number {
  return sysSemtimedop(k, t, semid, sops, null);
}

/**
 * semtimedop(semid, sops, timeoutNs): 0 or -errno (see the header). `timeoutNs` is relative
 * (null: wait as long as it takes). Re-entered after each wake-up with the sleeping queue entry
 * in t.sleepData.
 */
export function sysSemtimedop(k: Kernel, t: Task, semid: number, sops: Sembuf[], timeoutNs: number | null): number {
  const q = t.sleepData as SemQueue | null;
  if (q !== null) return semopWoken(k, t, q);
  const n = Array.isArray(sops) ? sops.length : 0;
  if (n < 1 || !Number.isInteger(semid) || semid < 0) return -EINVAL;
  if (n > SEMOPM) return -E2BIG;
  if (timeoutNs !== null && timeoutNs !== undefined && !(Number.isFinite(timeoutNs) && timeoutNs >= 0)) return -EINVAL;
  let max = 0, undos = false, alter = false;
  for (const sop of sops) {
    if (sop.sem_num > max) max = sop.sem_num;
    if (sop.sem_flg & SEM_UNDO) undos = true;
    if (sop.sem_op !== 0) alter = true;
  }
  const ids = semIds(k);
  let un: SemUndo | null = null;
  if (undos) {
    const u = findAllocUndo(k, t, ids, semid);
    if (typeof u === 'number') return u;
    un = u;
  }
  const sma = ids.obtain(semid);
  if (typeof sma === 'number') return sma;
  if (max >= sma.sems.length) return -EFBIG;
  if (ipcperms(t, sma, alter ? S_IWUGO : S_IRUGO) < 0) return -EACCES;
  if (sma.deleted || (un !== null && un.semid === -1)) return -EIDRM;
  const nq = new SemQueue(t, t.tgid, sops.map((s) => ({ sem_num: s.sem_num, sem_op: s.sem_op, sem_flg: s.sem_flg | 0 })), un, alter, sma);
  const err = performAtomicSemop(sma, nq);
  if (err === 0) {
    if (alter) doSmartUpdate(k, sma, nq.sops, 1);
    else setSemotime(k, sma, nq.sops);
    unmergeQueues(sma);
    return 0;
  }
  if (err < 0) return err;
  enqueueSemop(sma, nq);
  if (timeoutNs !== null && timeoutNs !== undefined) nq.expires = k.now + timeoutNs;
  t.sleepData = nq;
  return sleepOn(k, t, sma.waitq, nq.expires < 0 ? -1 : nq.expires - k.now);
}

/** The sleeper runs again: its result if an update_queue completed it, else EINTR / EAGAIN / sleep on. */
function semopWoken(k: Kernel, t: Task, q: SemQueue): number {
  if (q.status !== PENDING) return q.status;
  if (t.wakeReason === WAKE_SIGNAL || t.wakeReason === WAKE_TIMEOUT) {
    unlinkQueue(q.sma, q);
    unmergeQueues(q.sma);
    return t.wakeReason === WAKE_SIGNAL ? -EINTR : -EAGAIN;
  }
  return sleepOn(k, t, q.sma.waitq, q.expires < 0 ? -1 : Math.max(0, q.expires - k.now));
}

/** find_alloc_undo: the caller's undo entry for the set, made on first use; -EINVAL / -EIDRM. */
function findAllocUndo(k: Kernel, t: Task, ids: IpcIds<SemArray>, semid: number): SemUndo | number {
  const ulp = t.sysvsem!;
  const list = (ulp.undo ??= new Map()) as Map<number, SemUndo>;
  const un = list.get(semid);
  if (un !== undefined) return un;
  const sma = ids.obtain(semid);
  if (typeof sma === 'number') return sma;
  if (sma.deleted) return -EIDRM;
  const nu = new SemUndo(semid, sma.sems.length, ulp);
  list.set(semid, nu);
  sma.undos.add(nu);
  return nu;
}

/**
 * exit_sem: the undo list's last user is gone — apply each set's semadj (clamped to 0..SEMVMX),
 * set sempid to the exiting process, and wake whoever that lets through.
 */
export function exitSem(k: Kernel, t: Task, ulp: SysvSem): void {
  const list = ulp.undo as Map<number, SemUndo> | null;
  ulp.undo = null;
  if (list === null) return;
  const ids = semIds(k);
  for (const un of [...list.values()].reverse()) { // list_proc: the newest entry first
    if (un.semid === -1) continue;
    const sma = ids.obtain(un.semid);
    if (typeof sma === 'number' || sma.deleted) continue;
    sma.undos.delete(un);
    for (let i = 0; i < sma.sems.length; i++) {
      const adj = un.semadj[i];
      if (adj === 0) continue;
      const s = sma.sems[i];
      s.semval = Math.min(SEMVMX, Math.max(0, s.semval + adj));
      s.sempid = t.tgid;
    }
    doSmartUpdate(k, sma, null, 1);
    unmergeQueues(sma);
  }
}
