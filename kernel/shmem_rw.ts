/**
 * shmem_rw.ts — read, write, lseek and fstat on a /dev/shm descriptor (a tmpfs file).
 *
 * Mirrors: mm/shmem.c shmem_file_read_iter (from f_pos up to i_size), shmem_file_write_iter via
 * generic_perform_write (at f_pos, or i_size with O_APPEND; past i_size the file grows, a gap
 * reading as zeros), generic_file_llseek (SEEK_SET/CUR/END; a negative result is EINVAL) and
 * generic_fillattr (st_size is i_size, whole pages as 512-byte blocks). The bytes are the ones
 * every mapping of the object sees, so a write(2) is what a MAP_SHARED mapping holds.
 *
 * Simplifies: f_pos lives beside the open file (a WeakMap keyed by it), shared by dup and fork
 * as struct file's is; times are not kept (st_mtime is 0).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { File, Stat } from './file.js';
import type { ShmemObject } from './shmem.js';
import { EBADF, EINVAL, O_ACCMODE, O_APPEND, O_RDONLY, O_WRONLY, S_IFREG, SEEK_CUR, SEEK_END, SEEK_SET } from './uapi.js';

const positions = new WeakMap<File, number>();

function obj(f: File): ShmemObject {
  return f.priv as ShmemObject;
}

export function shmemRead(k: Kernel, _t: Task, f: File, n: number): string | number {
  if ((f.flags & O_ACCMODE) === O_WRONLY) return -EBADF;
  const o = obj(f);
  o.sync();
  const pos = positions.get(f) ?? 0;
  const end = Math.min(o.size, pos + n);
  let s = '';
  for (let i = pos; i < end; i++) s += String.fromCharCode(o.bytes[i]);
  positions.set(f, pos + s.length);
  k.extraCost += k.costs.pipeCopyPerByte * s.length; // copy_to_user
  return s;
}

export function shmemWrite(k: Kernel, _t: Task, f: File, data: string): number {
  if ((f.flags & O_ACCMODE) === O_RDONLY) return -EBADF;
  const o = obj(f);
  o.sync();
  const pos = f.flags & O_APPEND ? o.size : positions.get(f) ?? 0;
  if (pos + data.length > o.size) o.resize(pos + data.length);
  for (let i = 0; i < data.length; i++) o.bytes[pos + i] = data.charCodeAt(i);
  positions.set(f, pos + data.length);
  k.extraCost += k.costs.pipeCopyPerByte * data.length; // copy_from_user
  return data.length;
}

export function shmemLlseek(_k: Kernel, f: File, offset: number, whence: number): number {
  const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? positions.get(f) ?? 0 : whence === SEEK_END ? obj(f).size : NaN;
  const pos = base + offset;
  if (!Number.isInteger(pos) || pos < 0) return -EINVAL;
  positions.set(f, pos);
  return pos;
}

export function shmemStat(f: File): Stat {
  const o = obj(f);
  return {
    st_ino: o.ino, st_mode: S_IFREG | o.mode, st_blksize: 4096, st_nlink: o.name === null ? 0 : 1, st_uid: o.uid, st_gid: o.gid, st_size: o.size,
    st_blocks: Math.ceil(o.size / 4096) * 8,
  };
}
