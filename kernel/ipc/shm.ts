/**
 * ipc/shm.ts — System V shared memory: shmget, shmat, shmdt, shmctl.
 *
 * Mirrors: ipc/shm.c of Linux 6.x — newseg (SHMMIN..SHMMAX: EINVAL; the segment is a shmem
 * object, shmem_kernel_file_setup), shm_more_checks (an existing segment smaller than the size
 * asked for: EINVAL), do_shmat (a misaligned address without SHM_RND: EINVAL; SHM_RDONLY asks for
 * read permission only, else read and write: EACCES; a segment being destroyed: EIDRM; the
 * mapping is a MAP_SHARED one of the object, so fork's child shares it and exit or exec drops
 * it), shm_open / shm_close (each new mapping counts in shm_nattch and stamps shm_atime and
 * shm_lpid; each one gone stamps shm_dtime and shm_lpid), shm_may_destroy (IPC_RMID of an
 * attached segment marks it SHM_DEST and makes its key private; the last detach destroys it),
 * ksys_shmdt (an address that is not the start of an attached segment: EINVAL) and shmctl_down /
 * shmctl_stat (IPC_STAT needs read permission: EACCES; IPC_SET and IPC_RMID the owner, creator
 * or root: EPERM; SHM_LOCK / SHM_UNLOCK set and clear SHM_LOCKED).
 *
 * Reuses the lab's shared memory (kernel/shmem.ts): a segment *is* a ShmemObject mapped with
 * mm.mapObject as MAP_SHARED|MAP_ANONYMOUS memory is, so a C process mirrors it through the same
 * single-holder rule (clib/host/shmem.ts) and the counting of mappings (nattch) is mm.ts's.
 *
 * Simplifies: the kernel picks the address (a non-NULL shmaddr that passes the alignment check
 * is EINVAL: the lab's mappings do not take MAP_FIXED); SHM_RDONLY is recorded nowhere (the
 * lab keeps no protections, sys_mm.ts); shm_atime is not stamped by fork's copy of a mapping;
 * a segment larger than the lab's address space (1 GiB) is ENOSPC, as shm_ctlall would answer;
 * SHM_INFO's shm_rss counts every page of every segment (the lab keeps a segment's pages from
 * its creation). IPC_INFO, SHM_INFO, SHM_STAT and SHM_STAT_ANY are shmctl_ipc_info /
 * shmctl_shm_info / shmctl_stat: the limits, the totals, a segment by index (its id returned).
 */

import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { ShmemObject, PAGE_SIZE } from '../shmem.js';
import { mmapLock, mmapUnlockAfter } from '../mmap_lock.js';
import { BLOCK } from '../sched.js';
import { MMAP_MAX_LEN } from '../sys_mmap.js';
import {
  EACCES, EINVAL, EIDRM, ENOMEM, ENOSPC, IPC_RMID, IPC_SET, IPC_STAT, SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_DEST,
  SHM_LOCKED, SHM_LOCK, SHM_UNLOCK, SHMMNI, SHMMIN, IPC_INFO, SHM_INFO, SHM_STAT, SHM_STAT_ANY,
} from '../uapi.js';
import {
  KernIpcPerm, IpcIds, ipcget, ipcperms, ipcOwnerCheck, permOut, updatePerm, modeOf, ipcSeconds, type IpcPermOut,
} from './util.js';

const S_IRUGO = 0o444, S_IWUGO = 0o222;
/** SHMMAX and SHMALL of Linux ≥ 3.16: ULONG_MAX - (1 << 24) (a bigint: a Number cannot hold it). */
const SHMMAX = 18446744073692774399n;

/** struct shmid_kernel. */
export class ShmidKernel extends KernIpcPerm {
  shm!: ShmemObject;
  segsz = 0;
  atime = 0; dtime = 0; ctime = 0;
  cpid = 0; lpid = 0;
}

/** shmctl(IPC_STAT)'s answer: struct shmid_ds. */
export interface ShmidDs {
  perm: IpcPermOut;
  segsz: number; atime: number; dtime: number; ctime: number; cpid: number; lpid: number; nattch: number;
}

export function shmIds(k: Kernel): IpcIds<ShmidKernel> {
  return (k.ext.ipcShm ??= new IpcIds<ShmidKernel>(SHMMNI));
}

/** shmget(key, size, shmflg): the id, or -errno (see the header). */
export function sysShmget(k: Kernel, t: Task, key: number, size: number, flg: number): number {
  const ids = shmIds(k);
  return ipcget(t, {
    ids,
    getnew: (key2, flg2) => newseg(k, t, ids, key2, flg2, size),
    moreChecks: (p) => (p.segsz < size ? -EINVAL : 0),
  }, key | 0, flg | 0);
}

function newseg(k: Kernel, t: Task, ids: IpcIds<ShmidKernel>, key: number, flg: number, size: number): number {
  if (!Number.isInteger(size) || size < SHMMIN) return -EINVAL;
  if (size > MMAP_MAX_LEN) return -ENOSPC;
  const p = new ShmidKernel(key, modeOf(flg), t);
  p.segsz = size;
  p.shm = new ShmemObject(size);
  p.cpid = t.tgid;
  p.ctime = ipcSeconds(k.now);
  const id = ids.add(p);
  if (id < 0) return id;
  p.shm.onUnmap = () => shmClose(k, ids, p);
  return id;
}

/** shm_close: a mapping of the segment went away; the last one of a removed segment destroys it. */
function shmClose(k: Kernel, ids: IpcIds<ShmidKernel>, p: ShmidKernel): void {
  const cur = k.current;
  if (cur !== null) p.lpid = cur.tgid;
  p.dtime = ipcSeconds(k.now);
  if (p.shm.nattch === 0 && (p.mode & SHM_DEST) !== 0 && !p.deleted) ids.rmid(p);
}

/** shmat(shmid, shmaddr, shmflg): the address the segment is attached at, or -errno. */
export function sysShmat(k: Kernel, t: Task, id: number, addr: number | null, flg: number): number {
  flg |= 0;
  if (!Number.isInteger(id) || id < 0) return -EINVAL;
  if (addr) {
    if (addr % PAGE_SIZE !== 0 && !(flg & SHM_RND)) return -EINVAL;
    return -EINVAL; // the lab's kernel picks every address (see the header)
  } else if (flg & SHM_REMAP) return -EINVAL;
  const p = shmIds(k).obtain(id);
  if (typeof p === 'number') return p;
  if (ipcperms(t, p, flg & SHM_RDONLY ? S_IRUGO : S_IRUGO | S_IWUGO) < 0) return -EACCES;
  if (p.deleted) return -EIDRM;
  if (!t.mm) return -EINVAL;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  const len = Math.ceil(p.segsz / PAGE_SIZE) * PAGE_SIZE;
  k.extraCost += k.costs.mmapStack;
  const at = t.mm.mapObject(len, p.shm, 0, true);
  mmapUnlockAfter(k, t, true);
  if (at < 0) return -ENOMEM;
  p.atime = ipcSeconds(k.now);
  p.lpid = t.tgid;
  return at;
}

/** shmdt(shmaddr): detach the segment attached at exactly that address, else EINVAL. */
export function sysShmdt(k: Kernel, t: Task, addr: number): number {
  if (!t.mm || !Number.isInteger(addr) || addr % PAGE_SIZE !== 0) return -EINVAL;
  const v = t.mm.vmas.get(addr);
  if (v === undefined || v.kind !== 'shared' || v.shm === undefined || v.shm.onUnmap === null) return -EINVAL;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  t.mm.munmap(addr);
  k.extraCost += k.costs.munmapStack;
  mmapUnlockAfter(k, t, true);
  return 0;
}

/** shmctl(shmid, cmd, buf): IPC_STAT fills buf.value; IPC_SET reads buf. */
export function sysShmctl(k: Kernel, t: Task, id: number, cmd: number, buf: { value?: unknown } | Partial<IpcPermOut> | null): number {
  const ids = shmIds(k);
  const out = buf !== null && typeof buf === 'object' ? (buf as { value?: unknown }) : null;
  if (cmd === IPC_INFO || cmd === SHM_INFO) return shmInfo(ids, cmd, out);
  if (cmd !== IPC_STAT && cmd !== IPC_SET && cmd !== IPC_RMID && cmd !== SHM_LOCK && cmd !== SHM_UNLOCK && cmd !== SHM_STAT && cmd !== SHM_STAT_ANY) return -EINVAL;
  const byIdx = cmd === SHM_STAT || cmd === SHM_STAT_ANY;
  const p = byIdx ? ids.atIndex(id) : ids.obtain(id);
  if (typeof p === 'number') return p;
  if (cmd === IPC_STAT || byIdx) {
    const err = cmd === SHM_STAT_ANY ? 0 : ipcperms(t, p, S_IRUGO);
    if (err < 0) return err;
    if (out !== null) out.value = shmStat(p);
    return byIdx ? p.id : 0;
  }
  const err = ipcOwnerCheck(t, p);
  if (err < 0) return err;
  if (cmd === IPC_SET) {
    const e = updatePerm(p, buf as Partial<IpcPermOut>);
    if (e === 0) p.ctime = ipcSeconds(k.now);
    return e;
  }
  if (cmd === SHM_LOCK || cmd === SHM_UNLOCK) {
    if (p.deleted) return -EIDRM;
    p.mode = cmd === SHM_LOCK ? p.mode | SHM_LOCKED : p.mode & ~SHM_LOCKED;
    return 0;
  }
  return doShmRmid(ids, p);
}

/** do_shm_rmid: destroy now, or mark SHM_DEST and wait for the last detach. */
function doShmRmid(ids: IpcIds<ShmidKernel>, p: ShmidKernel): number {
  if (p.shm.nattch > 0) {
    p.mode |= SHM_DEST;
    ids.forgetKey(p);
  } else ids.rmid(p);
  return 0;
}

/** shmctl_ipc_info / shmctl_shm_info: the limits, or the totals; the highest index in use. */
function shmInfo(ids: IpcIds<ShmidKernel>, cmd: number, out: { value?: unknown } | null): number {
  if (out !== null) {
    if (cmd === IPC_INFO) out.value = { shmmax: SHMMAX, shmmin: SHMMIN, shmmni: SHMMNI, shmseg: SHMMNI, shmall: SHMMAX };
    else {
      let pages = 0;
      for (const p of ids.all()) pages += Math.ceil(p.segsz / PAGE_SIZE);
      out.value = { used_ids: ids.inUse, shm_tot: pages, shm_rss: pages, shm_swp: 0, swap_attempts: 0, swap_successes: 0 };
    }
  }
  return ids.maxIdx();
}

function shmStat(p: ShmidKernel): ShmidDs {
  return {
    perm: permOut(p), segsz: p.segsz, atime: p.atime, dtime: p.dtime, ctime: p.ctime, cpid: p.cpid, lpid: p.lpid,
    nattch: p.shm.nattch,
  };
}

