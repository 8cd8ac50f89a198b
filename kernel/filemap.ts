/**
 * filemap.ts — mapping a regular file of the lab's file system (ramfs), and what msync does
 * for such a mapping.
 *
 * Mirrors: mm/filemap.c generic_file_mmap (file_accessed: mapping a file marks its atime; the
 * mapping's pages are the file's page cache, so read(2), write(2) and every MAP_SHARED mapping
 * of the file see one copy), mm/msync.c + fs/sync.c vfs_fsync_range (MS_SYNC of a shared file
 * mapping) and mm/memory.c's write fault on a shared file page (fault_dirty_shared_page →
 * file_update_time: a store through a MAP_SHARED mapping moves the file's mtime and ctime).
 *
 * Simplifies: the file's pages become a shmem object at its first mmap (fs_ramfs.ts Inode.pages)
 * and stay one; the lab cannot see a store as it happens (a C program's stores land in its own
 * memory: kernel/shmem.ts), so the time update of a store is made at the next msync of the
 * mapping (or its munmap), when the mapped bytes differ from those of the last msync — within
 * the interval POSIX allows ("between a write reference and the next msync with MS_ASYNC or
 * MS_SYNC"). A MAP_PRIVATE mapping is the file's content copied at mmap (sys_mmap.ts).
 */

import type { Kernel } from './kernel.js';
import type { File } from './file.js';
import type { Vma } from './mm.js';
import type { ShmemObject } from './shmem.js';
import { regFileOps, type Inode, type RegFile } from './fs_ramfs.js';
import { PROT_WRITE } from './uapi.js';

/** The inode behind each file's pages, and the mapped bytes each shared mapping last synced. */
const inodeOfPages = new WeakMap<ShmemObject, Inode>();
const synced = new WeakMap<Vma, Uint8Array>();

/**
 * generic_file_mmap: the pages of the regular file open as `f` (made at its first mmap), or null
 * when the file has no mmap operation (a pipe, a terminal, a directory, a device: ENODEV).
 */
export function fileMmapPages(k: Kernel, f: File, prot: number, shared: boolean): ShmemObject | null {
  if (f.ops !== regFileOps) return null;
  const ino = (f.priv as RegFile).inode;
  ino.atime = k.now; // file_accessed
  if (shared && prot & PROT_WRITE) ino.dirty = true; // --keep-files: stores may reach it
  const o = ino.pages();
  inodeOfPages.set(o, ino);
  return o;
}

/** A new shared mapping of a file: its bytes now are the clean state msync compares with. */
export function fileMapped(v: Vma): void {
  if (v.kind === 'shared' && v.shm !== undefined && inodeOfPages.has(v.shm)) synced.set(v, snapshot(v));
}

/**
 * msync (or munmap) of a shared file mapping: if its bytes changed since the last time, the
 * stores' file_update_time is made now (mtime and ctime).
 */
export function fileSync(k: Kernel, v: Vma): void {
  const ino = v.shm !== undefined ? inodeOfPages.get(v.shm) : undefined;
  if (v.kind !== 'shared' || ino === undefined) return;
  const now = snapshot(v);
  const before = synced.get(v);
  if (before !== undefined && equal(before, now)) return;
  synced.set(v, now);
  ino.mtime = ino.ctime = k.now;
  ino.dirty = true;
}

/** The mapping's bytes as the file has them now (a C process's mirror written back first). */
function snapshot(v: Vma): Uint8Array {
  const o = v.shm!;
  o.sync();
  const off = v.pgoff ?? 0;
  return o.bytes.slice(off, Math.min(o.bytes.length, off + v.len));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
