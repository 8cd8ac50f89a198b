/**
 * ipc/sem_ctl.ts — semctl: values, counts, IPC_STAT / IPC_SET / IPC_RMID of a semaphore set.
 *
 * Mirrors: ipc/sem.c of Linux 6.x — ksys_semctl (semid < 0 or an unknown command: EINVAL),
 * semctl_main (GETALL, GETVAL, GETPID, GETNCNT, GETZCNT need read permission, SETALL write:
 * EACCES; SETALL's values past SEMVMX: ERANGE, then every value set, every undo entry's
 * semadj zeroed, sem_ctime stamped and the sleepers it lets through woken; a semnum outside the
 * set: EINVAL), semctl_setval (a value outside 0..SEMVMX: ERANGE before anything else; that
 * semaphore's semadj zeroed in every undo entry), semctl_stat (IPC_STAT: read permission;
 * sem_otime is the latest of the semaphores'), semctl_down (IPC_SET, IPC_RMID: owner, creator or
 * root, else EPERM; IPC_RMID is freeary: every sleeper fails with EIDRM).
 *
 * semctl_info (IPC_INFO: the limits; SEM_INFO: sets and semaphores in use, in semusz and
 * semaem) and SEM_STAT / SEM_STAT_ANY (a set by index, its id returned).
 */

import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import {
  EACCES, EINVAL, ERANGE, GETALL, GETNCNT, GETPID, GETVAL, GETZCNT, IPC_RMID, IPC_SET, IPC_STAT, SEMVMX, SETALL, SETVAL,
  IPC_INFO, SEM_INFO, SEM_STAT, SEM_STAT_ANY, SEMMNI, SEMMSL, SEMOPM,
} from '../uapi.js';
import { ipcperms, ipcOwnerCheck, permOut, updatePerm, ipcSeconds, type IpcPermOut } from './util.js';
import { semIds } from './sem.js';
import { type SemArray, doSmartUpdate, unmergeQueues, countSemcnt, getSemotime, freeary } from './sem_queue.js';

const S_IRUGO = 0o444, S_IWUGO = 0o222;
/** SEMMNS (SEMMNI × SEMMSL), also SEMMAP and SEMMNU. */
const SEMMNS = SEMMNI * SEMMSL;

/** semctl(IPC_STAT)'s answer: struct semid_ds. */
export interface SemidDs {
  perm: IpcPermOut;
  otime: number;
  ctime: number;
  nsems: number;
}

/**
 * semctl(semid, semnum, cmd, arg): SETVAL takes the value, SETALL an array of values, GETALL
 * and IPC_STAT an out-parameter ({ value }), IPC_SET the new { uid, gid, mode }.
 */
export function sysSemctl(k: Kernel, t: Task, semid: number, semnum: number, cmd: number, arg: any): number {
  if (!Number.isInteger(semid) || semid < 0) return -EINVAL;
  switch (cmd) {
    case IPC_INFO: case SEM_INFO: return semctlInfo(k, cmd, arg);
    case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: return semctlStat(k, t, semid, arg, cmd);
    case GETALL: case GETVAL: case GETPID: case GETNCNT: case GETZCNT: case SETALL:
      return semctlMain(k, t, semid, semnum, cmd, arg);
    case SETVAL: return semctlSetval(k, t, semid, semnum, arg);
    case IPC_SET: case IPC_RMID: return semctlDown(k, t, semid, cmd, arg);
    default: return -EINVAL;
  }
}

function lookup(k: Kernel, t: Task, semid: number, mode: number): SemArray | number {
  const sma = semIds(k).obtain(semid);
  if (typeof sma === 'number') return sma;
  return ipcperms(t, sma, mode) < 0 ? -EACCES : sma;
}

function semctlStat(k: Kernel, t: Task, semid: number, out: { value?: SemidDs } | null, cmd: number): number {
  const byIdx = cmd !== IPC_STAT;
  const sma = byIdx ? semIds(k).atIndex(semid) : semIds(k).obtain(semid);
  if (typeof sma === 'number') return sma;
  if (cmd !== SEM_STAT_ANY && ipcperms(t, sma, S_IRUGO) < 0) return -EACCES;
  if (out !== null && typeof out === 'object') {
    out.value = { perm: permOut(sma), otime: getSemotime(sma), ctime: sma.ctime, nsems: sma.sems.length };
  }
  return byIdx ? sma.id : 0;
}

/** semctl_info: struct seminfo (SEM_INFO: sets in use in semusz, semaphores in use in semaem). */
function semctlInfo(k: Kernel, cmd: number, out: { value?: unknown } | null): number {
  const ids = semIds(k);
  if (out !== null && typeof out === 'object') {
    let used = 0;
    for (const s of ids.all()) used += s.sems.length;
    const info = cmd === SEM_INFO;
    out.value = {
      semmap: SEMMNS, semmni: SEMMNI, semmns: SEMMNS, semmnu: SEMMNS, semmsl: SEMMSL, semopm: SEMOPM, semume: SEMOPM,
      semusz: info ? ids.inUse : 20, semvmx: SEMVMX, semaem: info ? used : SEMVMX,
    };
  }
  return ids.maxIdx();
}

function semctlMain(k: Kernel, t: Task, semid: number, semnum: number, cmd: number, arg: any): number {
  const sma = lookup(k, t, semid, cmd === SETALL ? S_IWUGO : S_IRUGO);
  if (typeof sma === 'number') return sma;
  const n = sma.sems.length;
  if (cmd === GETALL) {
    if (arg !== null && typeof arg === 'object') arg.value = sma.sems.map((s) => s.semval);
    return 0;
  }
  if (cmd === SETALL) return setall(k, t, sma, arg);
  if (!Number.isInteger(semnum) || semnum < 0 || semnum >= n) return -EINVAL;
  const s = sma.sems[semnum];
  switch (cmd) {
    case GETVAL: return s.semval;
    case GETPID: return s.sempid;
    case GETNCNT: return countSemcnt(sma, semnum, false);
    default: return countSemcnt(sma, semnum, true);
  }
}

function setall(k: Kernel, t: Task, sma: SemArray, vals: number[]): number {
  const n = sma.sems.length;
  if (!Array.isArray(vals) || vals.length < n) return -EINVAL;
  for (let i = 0; i < n; i++) if (vals[i] > SEMVMX) return -ERANGE;
  for (let i = 0; i < n; i++) {
    sma.sems[i].semval = vals[i] & 0xffff;
    sma.sems[i].sempid = t.tgid;
  }
  for (const un of sma.undos) un.semadj.fill(0);
  sma.ctime = ipcSeconds(k.now);
  doSmartUpdate(k, sma, null, 0);
  unmergeQueues(sma);
  return 0;
}

function semctlSetval(k: Kernel, t: Task, semid: number, semnum: number, val: number): number {
  if (!Number.isInteger(val) || val > SEMVMX || val < 0) return -ERANGE;
  const sma = semIds(k).obtain(semid);
  if (typeof sma === 'number') return sma;
  if (!Number.isInteger(semnum) || semnum < 0 || semnum >= sma.sems.length) return -EINVAL;
  if (ipcperms(t, sma, S_IWUGO) < 0) return -EACCES;
  for (const un of sma.undos) un.semadj[semnum] = 0;
  const s = sma.sems[semnum];
  s.semval = val;
  s.sempid = t.tgid;
  sma.ctime = ipcSeconds(k.now);
  doSmartUpdate(k, sma, null, 0);
  unmergeQueues(sma);
  return 0;
}

function semctlDown(k: Kernel, t: Task, semid: number, cmd: number, arg: Partial<IpcPermOut> | null): number {
  const ids = semIds(k);
  const sma = ids.obtain(semid);
  if (typeof sma === 'number') return sma;
  const err = ipcOwnerCheck(t, sma);
  if (err < 0) return err;
  if (cmd === IPC_SET) {
    const e = updatePerm(sma, arg);
    if (e === 0) sma.ctime = ipcSeconds(k.now);
    return e;
  }
  freeary(k, sma);
  ids.rmid(sma);
  return 0;
}
