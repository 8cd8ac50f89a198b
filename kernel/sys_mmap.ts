/**
 * sys_mmap.ts — mmap with flags: MAP_SHARED / MAP_PRIVATE, anonymous, of a /dev/shm object or
 * of a regular file (filemap.ts).
 *
 * Mirrors, in Linux's order: arch/x86 sys_mmap (an offset that is not page-aligned: EINVAL),
 * mm/mmap.c ksys_mmap_pgoff (a descriptor that is not open: EBADF) and do_mmap (len 0: EINVAL;
 * more than the address space holds: ENOMEM; MAP_LOCKED without the right to lock: EPERM, past
 * RLIMIT_MEMLOCK: EAGAIN, as mlock_future_ok — and every mapping when mlockall(MCL_FUTURE) is in
 * force: mlock.ts; a file mapping MAP_SHARED with PROT_WRITE of a descriptor not open for
 * writing, or any mapping of one not open for reading: EACCES; a file without an mmap
 * operation (a pipe, a terminal, a directory, a device): ENODEV; a type that is neither
 * MAP_SHARED nor MAP_PRIVATE: EINVAL, 2.6's rule — MAP_SHARED_VALIDATE came in 4.15),
 * mm/shmem.c shmem_zero_setup (an anonymous MAP_SHARED mapping is backed by a new unlinked
 * shmem object, shared with fork's children — so is a shared mapping of /dev/zero, and a
 * private one is anonymous: mem.ts), and a private mapping of a file (its pages copied on
 * write: here copied at mmap).
 *
 * Simplifies: the address hint and MAP_FIXED are ignored (the kernel picks the address);
 * protections are recorded nowhere (sys_mm.ts); a mapping past the object's end reads zeros
 * instead of raising SIGBUS.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { fget, type File } from './file.js';
import {
  EACCES, EBADF, EINVAL, ENODEV, ENOMEM, EPERM, EAGAIN, O_ACCMODE, O_RDONLY, O_WRONLY, PROT_WRITE, MAP_SHARED, MAP_PRIVATE,
  MAP_ANONYMOUS, MAP_LOCKED,
} from './uapi.js';
import { ShmemObject, shmemOf, shmemState, PAGE_SIZE, PSHARED_BASE, PSHARED_LEN } from './shmem.js';
import { fileMapped, fileMmapPages } from './filemap.js';
import { canDoMlock, mlockFutureOk, mlockNewMapping } from './mlock.js';
import { mmapLock, mmapUnlockAfter } from './mmap_lock.js';
import { BLOCK } from './sched.js';
import { isDevZero } from './mem.js';

const MAP_TYPE = 0xf;
/** The most one mapping may take here (the address space's size, as get_unmapped_area checks). */
export const MMAP_MAX_LEN = 1 << 30;

/** mmap(len, prot, flags, fd, off) with flags: the address, or -errno (see the header). */
export function sysMmapPgoff(k: Kernel, t: Task, len: number, prot: number, flags: number, fd: number, off: number): number {
  if (!Number.isInteger(off) || off < 0 || off % PAGE_SIZE !== 0) return -EINVAL;
  let f: File | null = null;
  if (!(flags & MAP_ANONYMOUS)) {
    f = fget(t, fd);
    if (f === null) return -EBADF;
  }
  if (!Number.isInteger(len) || len <= 0) return -EINVAL;
  if (len > MMAP_MAX_LEN) return -ENOMEM;
  if (flags & MAP_LOCKED && !canDoMlock(t)) return -EPERM;
  if (!mlockFutureOk(t, len, (flags & MAP_LOCKED) !== 0)) return -EAGAIN;
  const type = flags & MAP_TYPE;
  const shared = type === MAP_SHARED;
  if (!shared && type !== MAP_PRIVATE) return -EINVAL;
  const o = f === null ? null : fileObject(k, f, prot, shared);
  if (typeof o === 'number') return o;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  const shm = o === null ? new ShmemObject(len) : shared ? o : copyOf(o);
  if (o === null) off = 0;
  k.extraCost += k.costs.mmapStack;
  const addr = t.mm!.mapObject(Math.ceil(len / PAGE_SIZE) * PAGE_SIZE, shm, off, shared); // PAGE_ALIGN(len)
  if (addr >= 0) {
    fileMapped(t.mm!.vmas.get(addr)!);
    mlockNewMapping(t, addr, len, (flags & MAP_LOCKED) !== 0);
  }
  mmapUnlockAfter(k, t, true);
  return addr < 0 ? -ENOMEM : addr;
}

/** do_mmap's file checks (EACCES before ENODEV), then the object to map. */
function fileObject(k: Kernel, f: File, prot: number, shared: boolean): ShmemObject | null | number {
  const acc = f.flags & O_ACCMODE;
  if (shared && prot & PROT_WRITE && acc === O_RDONLY) return -EACCES;
  if (acc === O_WRONLY) return -EACCES;
  if (isDevZero(f)) return null; // mmap_zero: anonymous (shared: shmem_zero_setup)
  return shmemOf(f) ?? fileMmapPages(k, f, prot, shared) ?? -ENODEV;
}

function copyOf(o: ShmemObject): ShmemObject {
  o.sync();
  const c = new ShmemObject(o.size);
  c.resize(o.bytes.length);
  c.bytes.set(o.bytes);
  c.resize(o.size);
  return c;
}

/**
 * The pshared arena in the current mm (shmem.ts): mapped at PSHARED_BASE on first use.
 * Returns the arena's state.
 */
export function mapArena(k: Kernel, t: Task): ReturnType<typeof shmemState> {
  const s = shmemState(k);
  const mm = t.mm ?? t.activeMm!;
  if (mm.vmas.get(PSHARED_BASE) === undefined) mm.mapObject(PSHARED_LEN, s.arena, 0, true, PSHARED_BASE);
  return s;
}
