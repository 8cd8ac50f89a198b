/**
 * sys_mmap.ts — mmap with flags: MAP_SHARED / MAP_PRIVATE, anonymous or of a /dev/shm file.
 *
 * Mirrors: mm/mmap.c do_mmap_pgoff (exactly one of MAP_SHARED and MAP_PRIVATE, else EINVAL; an
 * offset that is not page-aligned: EINVAL; a descriptor that is not open: EBADF; a file that
 * cannot be mapped: ENODEV; MAP_SHARED with PROT_WRITE of a descriptor not open for writing, or
 * any mapping of one not open for reading: EACCES), mm/shmem.c shmem_zero_setup (an anonymous
 * MAP_SHARED mapping is backed by a new unlinked shmem object, shared with fork's children), and
 * a private mapping of a file (its pages copied on write: here copied at mmap, see mm.ts).
 *
 * Simplifies: the address hint and MAP_FIXED are ignored (the kernel picks the address);
 * protections are recorded nowhere (sys_mm.ts); a mapping past the object's end reads zeros
 * instead of raising SIGBUS.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { fget } from './file.js';
import { EACCES, EBADF, EINVAL, ENODEV, ENOMEM, O_ACCMODE, O_RDONLY, O_WRONLY, PROT_WRITE, MAP_SHARED, MAP_PRIVATE, MAP_ANONYMOUS } from './uapi.js';
import { ShmemObject, shmemOf, shmemState, PAGE_SIZE, PSHARED_BASE, PSHARED_LEN } from './shmem.js';

const MAP_TYPE = 0xf;

export function mmapObject(k: Kernel, t: Task, len: number, prot: number, flags: number, fd: number, off: number): number {
  const type = flags & MAP_TYPE;
  if (type !== MAP_SHARED && type !== MAP_PRIVATE) return -EINVAL;
  if (!Number.isInteger(off) || off < 0 || off % PAGE_SIZE !== 0) return -EINVAL;
  const shared = type === MAP_SHARED;
  let shm: ShmemObject;
  if (flags & MAP_ANONYMOUS) {
    shm = new ShmemObject(len);
    off = 0;
  } else {
    const f = fget(t, fd);
    if (f === null) return -EBADF;
    const o = shmemOf(f);
    if (o === null) return -ENODEV;
    const acc = f.flags & O_ACCMODE;
    if (acc === O_WRONLY || (shared && prot & PROT_WRITE && acc === O_RDONLY)) return -EACCES;
    shm = shared ? o : copyOf(o);
  }
  k.extraCost += k.costs.mmapStack;
  const addr = t.mm!.mapObject(len, shm, off, shared);
  return addr < 0 ? -ENOMEM : addr;
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
