/**
 * mlock.ts — C's msync, mprotect, madvise, mlock, munlock, mlockall and munlockall, over the
 * chosen library.
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
 * madvise(MADV_DONTNEED) of a private anonymous mapping zeroes its pages in C memory, as the
 * next touch of a dropped page faults in a zeroed one.
 *
 * Simplifies: a range that starts in a mapping is judged as that mapping's (a range running
 * from a mapping into the memory beyond it is cut at the mapping's end by the kernel: ENOMEM).
 * mprotect's protection is not enforced. MADV_DONTNEED leaves the heap, globals and stacks as
 * they are (on Linux the heap and .bss read zeros after it, .data its file's bytes), and a
 * private file mapping keeps its private changes (Linux re-reads the file).
 */

import type { Sim } from '../../libs/api.js';
import { USER_BASE, MADV_DONTNEED } from '../../libs/api.js';
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

/** The C range [addr, addr + len) of a private anonymous mapping mmap made, clipped to it, or null. */
function privateAnonymous(p: CProcess, addr: number, len: number): [number, number] | null {
  for (const c of p.mappings.keys()) {
    const n = ((p.mappingLens.get(c) ?? 0) + PAGE - 1) & ~(PAGE - 1);
    if (addr < c || addr >= c + n) continue;
    return p.privateAnon.has(c) ? [addr, Math.min(c + n, addr + ((len + PAGE - 1) & ~(PAGE - 1)))] : null;
  }
  return null;
}

/** mprotect (a0 = 0) or madvise (a0 = 1) of [a1, a1 + a2) with prot or advice a3. */
function* opProtect(p: CProcess, a: Activation): Sim<number> {
  const addr = a.a1 >>> 0, len = a.a2 >>> 0, k = kernelAddress(p, addr, len);
  const r = a.a0 === 0 ? yield* p.libc.mprotect(k, len, a.a3) : yield* p.libc.madvise(k, len, a.a3);
  if (r < 0) { a.thread.errno = p.libc.errno; return -1; }
  if (a.a0 === 1 && a.a3 === MADV_DONTNEED) {
    const z = privateAnonymous(p, addr, len);
    if (z !== null) p.u8().fill(0, z[0], z[1]);
  }
  return r;
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
    mprotect: (op, addr, len, arg) => suspend(p, opProtect, op, addr, len, arg),
    mlock: (op, addr, len, flags) => suspend(p, opMlock, op, addr, len, flags),
  };
}
