/**
 * mlock.ts — C's msync, mlock, munlock, mlockall and munlockall, over the chosen library.
 *
 * Models: <sys/mman.h>'s calls that name a range of the program's memory. The kernel judges the
 * range (kernel/mlock.ts, kernel/msync.ts), so a C address becomes the kernel's: inside a
 * mapping mmap made, the mapping's kernel address plus the offset; elsewhere in the program's
 * memory (globals, heap, C stacks: the data segment), USER_BASE plus the address; outside the
 * memory or in its null page, an address in the kernel's first page, which nothing maps (so the
 * kernel answers ENOMEM after its own earlier checks, EPERM and EINVAL, as Linux orders them).
 * msync of a MAP_SHARED range has the kernel read the mapped bytes, which writes this process's
 * mirror back first (kernel/shmem.ts sync).
 *
 * Simplifies: a range that starts in a mapping is judged as that mapping's (a range running
 * from a mapping into the memory beyond it is cut at the mapping's end by the kernel: ENOMEM).
 */

import type { Sim } from '../../libs/api.js';
import { USER_BASE } from '../../libs/api.js';
import { suspend, type Activation } from './activation.js';
import type { CProcess } from './process.js';
import { NULL_PAGE } from './instrument.js';

const PAGE = 4096;

/** The kernel's address for C address `addr` (see the header). */
export function kernelAddress(p: CProcess, addr: number, len: number): number {
  for (const [c, k] of p.mappings) {
    const n = p.mappingLens.get(c) ?? 0;
    if (addr >= c && addr < c + n) return k + (addr - c);
  }
  if (addr >= NULL_PAGE && addr + len <= p.mem.buffer.byteLength) return USER_BASE + addr;
  return addr % PAGE;
}

function* opMsync(p: CProcess, a: Activation): Sim<number> {
  const addr = a.a0 >>> 0, len = a.a1 >>> 0;
  const r = yield* p.libc.msync(kernelAddress(p, addr, len), len, a.a2);
  if (r < 0) a.thread.errno = p.libc.errno;
  return r;
}

/** op 0 mlock, 1 munlock, 2 mlockall(flags), 3 munlockall. */
function* opMlock(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc, addr = a.a1 >>> 0, len = a.a2 >>> 0;
  let r: number;
  if (a.a0 === 0) r = yield* l.mlock(kernelAddress(p, addr, len), len);
  else if (a.a0 === 1) r = yield* l.munlock(kernelAddress(p, addr, len), len);
  else if (a.a0 === 2) r = yield* l.mlockall(a.a3);
  else r = yield* l.munlockall();
  if (r < 0) a.thread.errno = l.errno;
  return r;
}

export function mlockImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    msync: (addr, len, flags) => suspend(p, opMsync, addr, len, flags),
    mlock: (op, addr, len, flags) => suspend(p, opMlock, op, addr, len, flags),
  };
}
