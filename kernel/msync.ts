/**
 * msync.ts — msync(addr, len, flags): write a shared file mapping's stores back to the file.
 *
 * Mirrors: mm/msync.c sys_msync — an unknown flag, an address that is not page-aligned, or
 * MS_ASYNC together with MS_SYNC: EINVAL; the length rounded up to pages (an empty range: 0);
 * a range not wholly mapped: ENOMEM (the mapped parts are still synced); MS_INVALIDATE over
 * locked pages: EBUSY; MS_SYNC of a shared file mapping: vfs_fsync_range (filemap.ts).
 *
 * Simplifies: the page cache is the file (ramfs), so syncing writes nothing anywhere; what it
 * does here is stamp the mapping's stores on the file's times (filemap.ts fileSync), for MS_ASYNC
 * as for MS_SYNC.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Mm, Vma } from './mm.js';
import type { SyscallEntry } from './syscalls.js';
import { EBUSY, EINVAL, ENOMEM, EPERM, MS_ASYNC, MS_INVALIDATE, MS_SYNC } from './uapi.js';
import { rangeMapped, rangeLocked } from './mlock.js';
import { fileSync } from './filemap.js';

const PAGE = 4096;
export const NR_MSYNC = 26;

/** msync(addr, len, flags): 0 or -errno (see the header). */
export function sysMsync(k: Kernel, t: Task, addr: number, len: number, flags: number): number {
  const mm = t.mm;
  if (mm === null) return -EPERM;
  if (!Number.isInteger(flags) || flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -EINVAL;
  if (!Number.isInteger(addr) || addr < 0 || addr % PAGE !== 0) return -EINVAL;
  if (flags & MS_ASYNC && flags & MS_SYNC) return -EINVAL;
  if (!Number.isInteger(len) || len < 0) return -ENOMEM;
  const end = addr + Math.ceil(len / PAGE) * PAGE;
  if (end === addr) return 0;
  if (flags & MS_INVALIDATE && rangeLocked(mm, addr, end)) return -EBUSY;
  for (const v of mappingsIn(mm, addr, end)) if (flags & (MS_SYNC | MS_ASYNC)) fileSync(k, v);
  return rangeMapped(mm, addr, end) ? 0 : -ENOMEM;
}

/** The mappings overlapping [start, end). */
function mappingsIn(mm: Mm, start: number, end: number): Vma[] {
  const out: Vma[] = [];
  for (const v of mm.vmas.values()) if (v.start < end && v.start + v.len > start) out.push(v);
  return out;
}

export const MSYNC_SYSCALLS: SyscallEntry[] = [{ nr: NR_MSYNC, name: 'msync', fn: sysMsync }];
