/**
 * ipc/util.ts — what the three System V IPC families share: identifiers, keys, permissions.
 *
 * Mirrors: ipc/util.c of Linux 6.x — struct ipc_ids with its idr and key hash (ipc_findkey),
 * ipc_idr_alloc (idr_alloc_cyclic below max(in_use * 3 / 2, ipc_min_cycle = 64); the sequence
 * number goes up each time the index wraps to or below the last one given; the id is
 * (seq << IPCMNI_SHIFT) + index with IPCMNI_SHIFT 15), ipcget (IPC_PRIVATE always makes a new
 * object; a key: ENOENT without IPC_CREAT, EEXIST with IPC_CREAT|IPC_EXCL, the family's
 * more_checks, then ipcperms against the flags' mode bits: EACCES), ipcperms (owner, then group,
 * then other bits of the mode against the caller's euid and fsgid; root — CAP_IPC_OWNER — passes),
 * ipc_obtain_object_check (an index with nothing there, or a sequence that does not match:
 * EINVAL), ipcctl_obtain_check (IPC_SET and IPC_RMID: the creator or owner, or root, else EPERM),
 * ipc_update_perm (IPC_SET: uid, gid, and the low nine mode bits) and ipc_rmid.
 *
 * Simplifies: one IPC namespace; the limits are the sysctl defaults; supplementary groups are
 * not kept (in_group_p compares the fsgid only); no LSM hooks.
 */

import type { Task } from '../task.js';
import { EACCES, EEXIST, ENOENT, ENOSPC, EINVAL, EPERM, IPC_CREAT, IPC_EXCL, IPC_PRIVATE } from '../uapi.js';

const IPCMNI_SHIFT = 15;
const IPCMNI = 1 << IPCMNI_SHIFT;
/** ipcid_seq_max: INT_MAX >> IPCMNI_SHIFT. */
const SEQ_MAX = 0x7fffffff >> IPCMNI_SHIFT;
/** ipc_min_cycle: RADIX_TREE_MAP_SIZE. */
const MIN_CYCLE = 64;
const S_IRWXUGO = 0o777;

/** struct kern_ipc_perm: what every IPC object starts with. */
export class KernIpcPerm {
  id = -1;
  seq = 0;
  deleted = false;
  uid: number; gid: number; cuid: number; cgid: number;
  constructor(public key: number, public mode: number, t: Task) {
    const c = t.cred;
    this.uid = this.cuid = c ? c.euid : 0;
    this.gid = this.cgid = c ? c.egid : 0;
  }
}

/** struct ipc_ids: one family's objects by index, and its keys. */
export class IpcIds<T extends KernIpcPerm> {
  inUse = 0;
  /** The highest index in use (ipc_get_maxidx's max_idx), -1 with none. */
  private maxIdxInUse = -1;
  private seq = 0;
  private lastIdx = -1;
  /** idr_alloc_cyclic's cursor: where the next search starts. */
  private next = 0;
  private readonly byIdx: (T | undefined)[] = [];
  private readonly keys = new Map<number, T>();
  constructor(public readonly max: number) {}

  findKey(key: number): T | undefined { return this.keys.get(key); }

  /** ipc_addid: give `p` an index and an id; -ENOSPC when the family is full. */
  add(p: T): number {
    if (this.inUse >= this.max) return -ENOSPC;
    const maxIdx = Math.min(Math.max((this.inUse * 3) >> 1, MIN_CYCLE), IPCMNI);
    const idx = this.allocCyclic(maxIdx);
    if (idx < 0) return -ENOSPC;
    if (idx <= this.lastIdx && ++this.seq >= SEQ_MAX) this.seq = 0;
    this.lastIdx = idx;
    p.seq = this.seq;
    p.id = (p.seq << IPCMNI_SHIFT) + idx;
    this.byIdx[idx] = p;
    if (idx > this.maxIdxInUse) this.maxIdxInUse = idx;
    if (p.key !== IPC_PRIVATE) this.keys.set(p.key, p);
    this.inUse++;
    return p.id;
  }

  private allocCyclic(end: number): number {
    for (let pass = 0; pass < 2; pass++) {
      const from = pass === 0 ? this.next : 0;
      for (let i = from; i < end; i++) {
        if (this.byIdx[i] === undefined) { this.next = i + 1; return i; }
      }
    }
    return -1;
  }

  /** ipc_obtain_object_check: the object named by `id`, or -EINVAL. */
  obtain(id: number): T | number {
    if (!Number.isInteger(id) || id < 0) return -EINVAL;
    const p = this.byIdx[id & (IPCMNI - 1)];
    if (p === undefined || p.id !== id) return -EINVAL;
    return p;
  }

  /** *_STAT: the object at an index (ipc_obtain_object_idr), or -EINVAL. */
  atIndex(idx: number): T | number {
    const p = Number.isInteger(idx) && idx >= 0 && idx < IPCMNI ? this.byIdx[idx] : undefined;
    return p === undefined ? -EINVAL : p;
  }

  /** *_INFO's answer: ipc_get_maxidx, never below 0. */
  maxIdx(): number {
    return this.inUse === 0 ? 0 : this.maxIdxInUse;
  }

  /** ipc_set_key_private: the key no longer finds it (a removed shm segment still attached). */
  forgetKey(p: T): void {
    if (p.key !== IPC_PRIVATE && this.keys.get(p.key) === p) this.keys.delete(p.key);
    p.key = IPC_PRIVATE;
  }

  /** ipc_rmid: out of the idr and the key hash; sleepers see deleted (EIDRM). */
  rmid(p: T): void {
    this.forgetKey(p);
    const idx = p.id & (IPCMNI - 1);
    this.byIdx[idx] = undefined;
    if (idx === this.maxIdxInUse) while (this.maxIdxInUse >= 0 && this.byIdx[this.maxIdxInUse] === undefined) this.maxIdxInUse--;
    this.inUse--;
    p.deleted = true;
  }

  /** Every live object, by index (ipcs, /proc/sysvipc). */
  *all(): Generator<T> {
    for (const p of this.byIdx) if (p !== undefined) yield p;
  }
}

/**
 * ipcperms: 0 if `flag`'s rwx bits (any of the three triples) are granted to the caller,
 * else -EACCES. Root passes (CAP_IPC_OWNER).
 */
export function ipcperms(t: Task, p: KernIpcPerm, flag: number): number {
  const c = t.cred;
  const euid = c ? c.euid : 0;
  const requested = (flag >> 6) | (flag >> 3) | flag;
  let granted = p.mode;
  if (euid === p.cuid || euid === p.uid) granted >>= 6;
  else if (inGroup(t, p.cgid) || inGroup(t, p.gid)) granted >>= 3;
  if ((requested & ~granted & 7) !== 0 && euid !== 0) return -EACCES;
  return 0;
}

function inGroup(t: Task, gid: number): boolean {
  return (t.cred ? t.cred.fsgid : 0) === gid;
}

/** What a family gives ipcget: its ids, how to make a new object, and its more_checks. */
export interface IpcOps<T extends KernIpcPerm> {
  ids: IpcIds<T>;
  /** newseg / newary / newque: the new id, or -errno. */
  getnew(key: number, flg: number): number;
  /** shm_more_checks / sem_more_checks: 0 or -errno (EINVAL: the existing object is too small). */
  moreChecks?(p: T): number;
}

/** ipcget: ipcget_new for IPC_PRIVATE, else ipcget_public (see the header). */
export function ipcget<T extends KernIpcPerm>(t: Task, ops: IpcOps<T>, key: number, flg: number): number {
  if (key === IPC_PRIVATE) return ops.getnew(key, flg);
  const p = ops.ids.findKey(key);
  if (p === undefined) return flg & IPC_CREAT ? ops.getnew(key, flg) : -ENOENT;
  if (flg & IPC_CREAT && flg & IPC_EXCL) return -EEXIST;
  const err = ops.moreChecks ? ops.moreChecks(p) : 0;
  if (err) return err;
  return ipcperms(t, p, flg) < 0 ? -EACCES : p.id;
}

/** ipcctl_obtain_check's permission: IPC_SET / IPC_RMID by the creator, the owner or root. */
export function ipcOwnerCheck(t: Task, p: KernIpcPerm): number {
  const euid = t.cred ? t.cred.euid : 0;
  return euid === p.cuid || euid === p.uid || euid === 0 ? 0 : -EPERM;
}

/** The kern_ipc_perm half of IPC_STAT's answer (struct ipc64_perm). */
export interface IpcPermOut {
  key: number; uid: number; gid: number; cuid: number; cgid: number; mode: number; seq: number;
}

export function permOut(p: KernIpcPerm): IpcPermOut {
  return { key: p.key, uid: p.uid, gid: p.gid, cuid: p.cuid, cgid: p.cgid, mode: p.mode, seq: p.seq };
}

/** ipc_update_perm: IPC_SET's uid, gid and permission bits. */
export function updatePerm(p: KernIpcPerm, v: { uid?: number; gid?: number; mode?: number } | null | undefined): number {
  if (v === null || typeof v !== 'object') return -EINVAL;
  if (v.uid !== undefined) p.uid = v.uid;
  if (v.gid !== undefined) p.gid = v.gid;
  if (v.mode !== undefined) p.mode = (p.mode & ~S_IRWXUGO) | (v.mode & S_IRWXUGO);
  return 0;
}

/** A new object's permission bits from the get call's flags. */
export function modeOf(flg: number): number {
  return flg & S_IRWXUGO;
}

/** Seconds since the epoch as the IPC times keep them (the virtual clock's seconds). */
export function ipcSeconds(nowNs: number): number {
  return Math.floor(nowNs / 1e9);
}
