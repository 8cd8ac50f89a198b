/**
 * shmem.ts — C's mmap/munmap, shm_open/shm_unlink, sem_open/sem_close/sem_unlink
 * and the process-shared attributes, over the chosen library.
 *
 * Models: <sys/mman.h> and <semaphore.h>. The runtime (clib/runtime/mman.c) takes the pages
 * from the program's own memory (page-aligned, zeroed) and passes them here with the call; the
 * library maps the kernel's side (libs: mmap), and a MAP_SHARED mapping becomes one of the
 * process's shared regions (process.ts: the range mirrors the kernel's shmem object and stays
 * coherent with every other process mapping it). A MAP_PRIVATE mapping of a /dev/shm file is
 * its content at the time of the call. A named semaphore is a sem_t the runtime allocates,
 * tagged for the library's object (objects.ts `named`, kept by fork's child as is).
 *
 * Simplifies: munmap takes whole mappings (from the address mmap returned; an address mmap did
 * not return is left alone and is not an error, as unmapping a hole is not); the address hint
 * is ignored, and MAP_FIXED only replaces a mapping at the address mmap gave it (mman.c);
 * protections are recorded nowhere. A mapping covers its last page whole, as Linux's: the
 * object's bytes past the length asked for (up to its end) show there.
 */

import type { Sim, sem_t } from '../../libs/api.js';
import { MAP_SHARED, MAP_ANONYMOUS } from '../../libs/api.js';
import { suspend, type Activation } from './activation.js';
import type { CProcess } from './process.js';
import { KIND_SEM, type LabObject } from './objects.js';

const PAGE = 4096;

/** mmap(pages, len, prot, flags, fd, offset): 0, or -1 with errno (the runtime frees the pages). */
function* opMmap(p: CProcess, a: Activation): Sim<number> {
  const addr = a.a0 >>> 0, len = a.a1 >>> 0, flags = a.a3;
  const pages = (len + PAGE - 1) & ~(PAGE - 1); // the whole last page is mapped (past EOF: zeros)
  const k = yield* p.libc.mmap(len, a.a2, flags, a.a4, a.a5);
  if (k < 0) { a.thread.errno = p.libc.errno; return -1; }
  p.mappings.set(addr, k);
  p.mappingLens.set(addr, len);
  if ((flags & 0xf) !== MAP_SHARED && (flags & MAP_ANONYMOUS) !== 0) p.privateAnon.add(addr);
  const m = p.libc.lab_mapping(k);
  if (m === null) return 0; // private and anonymous: the runtime's zeroed pages are all of it
  if ((flags & 0xf) === MAP_SHARED) {
    m.shm.sync(); // a mapping of it this process already has is written back first
    (p.shared ??= []).push({ addr, len: pages, kaddr: k, m });
    p.acquireShared(); // copies the object's content into the new range
  } else if ((flags & MAP_ANONYMOUS) === 0) {
    m.shm.sync();
    p.u8().set(m.shm.bytes.subarray(m.off, m.off + Math.min(pages, Math.max(0, m.shm.bytes.length - m.off))), addr);
  }
  return 0;
}

/** munmap(addr): 1 when it was a mapping (the runtime frees its pages), 0 when it was not. */
function* opMunmap(p: CProcess, a: Activation): Sim<number> {
  const addr = a.a0 >>> 0;
  const k = p.mappings.get(addr);
  if (k === undefined) return 0;
  const r = p.regionAt(addr);
  if (r !== null && r.addr === addr) {
    if (r.m.shm.holder === p.holder) r.m.shm.sync(); // its last stores reach the object
    const rest = p.shared!.filter((q) => q !== r);
    p.shared = rest.length ? rest : null;
  }
  p.mappings.delete(addr);
  p.mappingLens.delete(addr);
  p.privateAnon.delete(addr);
  yield* p.libc.munmap(k);
  return 1;
}

function* opShm(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  let r: number;
  if (a.a0 === 0) r = yield* l.shm_open(p.cString(a.a1), a.a2, a.a3);
  else r = yield* l.shm_unlink(p.cString(a.a1));
  if (r < 0) a.thread.errno = l.errno;
  return r;
}

/**
 * sem_open(sem, name, oflag, mode, value): `sem` is a fresh sem_t of the runtime's; its address
 * on success (tagged for the library's semaphore), 0 (SEM_FAILED) with errno otherwise.
 */
function* opSemOpen(p: CProcess, a: Activation): Sim<number> {
  const s = yield* p.libc.sem_open(p.cString(a.a1), a.a2, a.a3, a.a4 >>> 0);
  if (s === null) { a.thread.errno = p.libc.errno; return 0; }
  // The library's semaphore already open here (glibc keeps one mapping per file): its sem_t again.
  for (const o of p.objects.byId.values()) {
    if (o.named === true && o.obj === s) { o.opens = (o.opens ?? 1) + 1; return o.addr; }
  }
  const o = p.objects.reserve(p, a.a0, KIND_SEM, 0);
  o.obj = s;
  o.named = true;
  o.opens = 1;
  return a.a0;
}

/** sem_close(sem): 1 (its last close here: the runtime frees the sem_t), 0, or -1 with errno (EINVAL: not sem_open's). */
function* opSemClose(p: CProcess, a: Activation): Sim<number> {
  const o: LabObject | null = p.objects.find(p, a.a0, KIND_SEM);
  const r = yield* p.libc.sem_close((o !== null && o.named === true ? o.obj : null) as sem_t);
  if (r < 0) { a.thread.errno = p.libc.errno; return -1; }
  o!.opens = (o!.opens ?? 1) - 1;
  if (o!.opens > 0) return 0;
  p.objects.drop(p, a.a0, o!);
  return 1;
}

function* opSemUnlink(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.sem_unlink(p.cString(a.a0));
  if (r < 0) a.thread.errno = p.libc.errno;
  return r;
}

/** pthread_{mutex,cond,barrier}attr_setpshared (a0 = 0, 1, 2): the library's answer (0, EINVAL, ENOSYS). */
function opPshared(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  const attr = {};
  if (a.a0 === 0) return l.pthread_mutexattr_setpshared(attr, a.a1);
  if (a.a0 === 1) return l.pthread_condattr_setpshared(attr, a.a1);
  return l.pthread_barrierattr_setpshared(attr, a.a1);
}

export function shmemImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    mmap: (addr, len, prot, flags, fd, off) => suspend(p, opMmap, addr, len, prot, flags, fd, off),
    munmap: (addr) => suspend(p, opMunmap, addr),
    shm_open: (name, oflag, mode) => suspend(p, opShm, 0, name, oflag, mode),
    shm_unlink: (name) => suspend(p, opShm, 1, name),
    sem_open: (s, name, oflag, mode, value) => suspend(p, opSemOpen, s, name, oflag, mode, value),
    sem_close: (s) => suspend(p, opSemClose, s),
    sem_unlink: (name) => suspend(p, opSemUnlink, name),
    pshared: (kind, v) => suspend(p, opPshared, kind, v),
  };
}
