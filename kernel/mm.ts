/**
 * mm.ts — mm_struct: a simulated address space with word-addressable user memory.
 *
 * Mirrors: include/linux/mm_types.h (mm_struct: mm_users, mm_count, rss), kernel/fork.c
 * (dup_mm, copy of page tables write-protected), mm/memory.c (do_wp_page: copy-on-write) and
 * mm/mmap.c (mmap/munmap of thread stacks), mm/memory.c do_anonymous_page (the first touch of
 * an anonymous page faults it in) and mm/madvise.c (MADV_DONTNEED drops pages, so the next touch
 * faults again).
 *
 * Simplifies: memory is an array of 32-bit words addressed by byte address (word aligned), so
 * futex words, tid words and lock words have addresses the kernel can read, write and wait on.
 * Only the words a program actually uses are stored; "resident pages" is a count (the program's
 * footprint) plus one write-protect bit per page after fork. A VMA is just [start, length).
 *
 * Mappings a program asks for with mmap's flags (sys_mmap_pgoff) are backed by a shmem object
 * (shmem.ts): MAP_SHARED ones share it — fork's child maps the same object, a store in one
 * process is seen by the other, no copy-on-write (mm/shmem.c, copy_page_range skipping shared
 * VMAs' write-protection) — and MAP_PRIVATE ones own theirs, copied at fork, a store to each of
 * its pages after fork taking one copy-on-write fault (the copy is made eagerly, the fault
 * counted lazily). Thread stacks keep the cheap unbacked VMAs.
 */

import { ShmemObject, PAGE_SIZE } from './shmem.js';
import type { MmapLock } from './mmap_lock.js';

export const USER_BASE = 0x08048000;
/** mmap_base: the top of the mmap area, below the stack (i386 with a 3 GiB user space). */
export const MMAP_BASE = 0xb0000000;
const PAGE_SHIFT = 12;

let mmIds = 0;

export interface Vma {
  start: number;
  len: number;
  kind: 'heap' | 'stack' | 'anon' | 'shared';
  /** One byte per page: 1 when the page is resident (touched since the mmap or MADV_DONTNEED). */
  resident?: Uint8Array;
  /** The object whose bytes it maps (mmap with flags), and the byte offset of its start in it. */
  shm?: ShmemObject;
  pgoff?: number;
  /** A private backed mapping's pages still write-protected after fork (copy-on-write pending). */
  wp?: Uint8Array;
}

export class Mm {
  readonly id = ++mmIds;
  /** prctl(PR_SET_DUMPABLE): may a core be dumped (1) or not (0). */
  dumpable = 1;
  /** mm_users: tasks using this address space. */
  users = 1;
  /** mm_count: references to the struct (users count as one, plus lazy-TLB borrowers). */
  count = 1;
  released = false;
  /** Resident pages (the program image and data). */
  rss: number;
  /**
   * When the last MADV_DONTNEED zap now running in this mm leaves its TLB gather (engine
   * time, ns): tlb_flush_pending's view — a zap that starts before it overlaps one (sys_mm.ts).
   */
  tlbGatherEnd = 0;
  /** Word storage, indexed by (addr - USER_BASE) >> 2. */
  private words: Int32Array = new Int32Array(1024);
  /** Next free byte address for the user-space allocator (brk). */
  private brk = USER_BASE;
  /** malloc free lists by size in words. */
  private freeLists = new Map<number, number[]>();
  /** mmap areas (thread stacks) keyed by start. */
  vmas = new Map<number, Vma>();
  /** Lowest address of the mmap area, which grows down from mmap_base (2.6's top-down layout). */
  private mmapTop = MMAP_BASE;
  /** Unmapped gaps between mmapTop and MMAP_BASE, sorted by start, never adjacent. */
  private holes: { start: number; len: number }[] = [];
  /** Pages write-protected by fork (copy-on-write pending), by page number of the image. */
  private wp: Uint8Array | null = null;
  cowFaults = 0;
  /** Minor faults of first touches of mmap'd pages (getrusage's ru_minflt, for those pages). */
  minFlt = 0;
  /** Mappings backed by an object (shared or private), and the lowest address of any of them. */
  private backed: Vma[] | null = null;
  private backedLo = Infinity;
  /** The program break (brk): the end of the data segment, just past the image at first. */
  programBreak: number;
  /** The image's end: the break cannot go below it. */
  imageEnd: number;
  /** mmap_lock (mmap_lock.ts), made at the first memory call that takes it. */
  mmapLock: MmapLock | null = null;

  constructor(rssPages: number) {
    this.rss = rssPages;
    this.programBreak = this.imageEnd = USER_BASE + rssPages * (1 << PAGE_SHIFT);
  }

  /**
   * brk: move the program break to `addr` (not below the image's end). The data segment's pages
   * count as resident — the program asked for them to use them (a C program's heap): each new
   * one is a first-touch fault, as do_anonymous_page would take later. Returns the faults.
   */
  setBreak(addr: number): number {
    const page = (a: number): number => Math.ceil((a - USER_BASE) / (1 << PAGE_SHIFT));
    const to = Math.max(addr, this.imageEnd);
    const delta = page(to) - page(this.programBreak);
    this.programBreak = to;
    this.rss = Math.max(1, this.rss + delta);
    if (delta <= 0) return 0;
    this.minFlt += delta;
    return delta;
  }

  read(addr: number): number {
    if (addr >= this.backedLo) {
      const b = this.backedVma(addr);
      if (b !== null) return b.shm!.read(b.pgoff! + addr - b.start);
    }
    const i = (addr - USER_BASE) >> 2;
    return i < this.words.length ? this.words[i] : 0;
  }

  /** Store a word. Returns true if the store took a copy-on-write fault. */
  write(addr: number, v: number): boolean {
    if (addr >= this.backedLo) {
      const b = this.backedVma(addr);
      if (b !== null) return this.writeBacked(b, addr, v);
    }
    const i = (addr - USER_BASE) >> 2;
    if (i >= this.words.length) this.growTo(i + 1);
    this.words[i] = v;
    return this.touch(addr);
  }

  /** Allocate `n` words of zeroed user memory (malloc); returns the byte address. */
  alloc(n: number): number {
    const list = this.freeLists.get(n);
    if (list && list.length) {
      const a = list.pop()!;
      for (let k = 0; k < n; k++) this.write(a + 4 * k, 0);
      return a;
    }
    const addr = this.brk;
    this.brk += 4 * n;
    return addr;
  }

  free(addr: number, n: number): void {
    let list = this.freeLists.get(n);
    if (!list) this.freeLists.set(n, (list = []));
    list.push(addr);
  }

  /**
   * Reserve an address range (mmap); no page is touched. arch_get_unmapped_area_topdown: the
   * highest gap left by an munmap that fits, else below the lowest mapping. Returns -1 when
   * the range would run into the heap (the caller reports ENOMEM).
   */
  mmap(len: number, kind: Vma['kind']): number {
    let best = -1;
    for (let i = 0; i < this.holes.length; i++) if (this.holes[i].len >= len) best = i;
    let start: number;
    if (best >= 0) {
      const h = this.holes[best];
      start = h.start + h.len - len;
      h.len -= len;
      if (h.len === 0) this.holes.splice(best, 1);
    } else {
      if (this.mmapTop - len < this.brk) return -1;
      this.mmapTop -= len;
      start = this.mmapTop;
    }
    this.vmas.set(start, { start, len, kind });
    return start;
  }

  /** Unmap the area starting at `start`; its range becomes a gap mmap can reuse. */
  munmap(start: number): boolean {
    const v = this.vmas.get(start);
    if (v === undefined) return false;
    this.vmas.delete(start);
    if (v.shm !== undefined) this.unback(v);
    if (start < PSHARED_TOP) this.addHole(start, v.len);
    return true;
  }

  /**
   * mmap backed by `shm` from byte `pgoff` (shared: MAP_SHARED; else a private mapping owning
   * it). At `fixed` when given (the pshared arena's agreed address), else where mmap puts it.
   */
  mapObject(len: number, shm: ShmemObject, pgoff: number, shared: boolean, fixed = -1): number {
    const start = fixed >= 0 ? fixed : this.mmap(len, shared ? 'shared' : 'anon');
    if (start < 0) return -1;
    const v: Vma = { start, len, kind: shared ? 'shared' : 'anon', shm, pgoff };
    this.vmas.set(start, v);
    this.back(v);
    return start;
  }

  /** The backed mapping holding `addr`, or null. */
  backedVma(addr: number): Vma | null {
    const l = this.backed;
    if (l === null) return null;
    for (let i = 0; i < l.length; i++) {
      const v = l[i];
      if (addr >= v.start && addr < v.start + v.len) return v;
    }
    return null;
  }

  private back(v: Vma): void {
    if (v.kind === 'shared') v.shm!.nattch++;
    (this.backed ??= []).push(v);
    if (v.start < this.backedLo) this.backedLo = v.start;
  }

  private unback(v: Vma): void {
    const l = this.backed!.filter((w) => w !== v);
    this.backed = l.length ? l : null;
    this.backedLo = l.reduce((lo, w) => Math.min(lo, w.start), Infinity);
    if (v.kind === 'shared') unmapShared(v.shm!);
  }

  /** A store into a backed mapping: a private one's first store to a page after fork faults. */
  private writeBacked(v: Vma, addr: number, val: number): boolean {
    v.shm!.write(v.pgoff! + addr - v.start, val);
    if (v.wp === undefined) return false;
    const p = (addr - v.start) >>> PAGE_SHIFT;
    if (v.wp[p] === 0) return false;
    v.wp[p] = 0;
    this.cowFaults++;
    return true;
  }

  /** munmap of every backed mapping (exit_mmap, exec_mmap): drop the shared objects' maps. */
  unmapAll(): void {
    const l = this.backed;
    this.backed = null;
    this.backedLo = Infinity;
    for (const v of l ?? []) if (v.kind === 'shared') unmapShared(v.shm!);
  }

  /** Insert a gap, merging it with its neighbours and with the unused space below mmapTop. */
  private addHole(start: number, len: number): void {
    const hs = this.holes;
    // No gaps and the range just below mmapTop (a thread's stack unmapped right after it was
    // mapped, as on every create+join): it goes back to the unused space, no gap made.
    if (hs.length === 0 && start === this.mmapTop) { this.mmapTop += len; return; }
    let i = 0;
    while (i < hs.length && hs[i].start < start) i++;
    hs.splice(i, 0, { start, len });
    if (i + 1 < hs.length && start + len === hs[i + 1].start) { hs[i].len += hs[i + 1].len; hs.splice(i + 1, 1); }
    if (i > 0 && hs[i - 1].start + hs[i - 1].len === start) { hs[i - 1].len += hs[i].len; hs.splice(i, 1); i--; }
    if (hs.length && hs[0].start === this.mmapTop) { this.mmapTop += hs[0].len; hs.shift(); }
  }

  /** The mapping holding `addr`: the one starting there, else a walk (find_vma). */
  findVma(addr: number): Vma | undefined {
    const v = this.vmas.get(addr);
    if (v !== undefined) return v;
    for (const w of this.vmas.values()) if (addr >= w.start && addr < w.start + w.len) return w;
    return undefined;
  }

  /**
   * Touch [offset, offset + len) of the mapping starting at `start` (a thread running on its
   * stack, a library writing its descriptor): each page not yet resident takes a fault
   * (do_anonymous_page) and becomes resident. Returns the number of faults.
   */
  touchPages(start: number, offset: number, len: number): number {
    const v = this.vmas.get(start);
    if (v === undefined || len <= 0) return 0;
    const pages = v.len >>> PAGE_SHIFT;
    const r = v.resident ?? (v.resident = new Uint8Array(pages));
    const last = Math.min(pages, Math.ceil((offset + len) / (1 << PAGE_SHIFT)));
    let faults = 0;
    for (let p = Math.max(0, offset >>> PAGE_SHIFT); p < last; p++) {
      if (r[p] === 0) { r[p] = 1; faults++; }
    }
    this.minFlt += faults;
    return faults;
  }

  /** madvise(MADV_DONTNEED) of [addr, addr + len): zap the resident pages; returns how many. */
  dontneed(addr: number, len: number): number {
    const v = this.findVma(addr);
    if (v === undefined || v.resident === undefined) return 0;
    const first = (addr - v.start) >>> PAGE_SHIFT;
    const last = Math.min(v.resident.length, Math.ceil((addr - v.start + len) / (1 << PAGE_SHIFT)));
    let zapped = 0;
    for (let p = first; p < last; p++) {
      if (v.resident[p] !== 0) { v.resident[p] = 0; zapped++; }
    }
    return zapped;
  }

  /** dup_mm: a copy for fork. Page tables are copied write-protected in both mms. */
  dup(): Mm {
    const child = new Mm(this.rss);
    child.programBreak = this.programBreak;
    child.imageEnd = this.imageEnd;
    child.words = this.words.slice();
    child.brk = this.brk;
    child.mmapTop = this.mmapTop;
    child.holes = this.holes.map((h) => ({ ...h }));
    for (const [k, v] of this.vmas) {
      const c: Vma = { ...v, resident: v.resident?.slice() };
      child.vmas.set(k, c);
      if (v.shm === undefined) continue;
      if (v.kind === 'anon') { // private: the child's own copy, every page write-protected on both sides
        c.shm = copyObject(v.shm);
        c.wp = new Uint8Array(Math.ceil(v.len / PAGE_SIZE)).fill(1);
        v.wp = new Uint8Array(c.wp.length).fill(1);
      }
      child.back(c);
    }
    for (const [k, v] of this.freeLists) child.freeLists.set(k, v.slice());
    this.wp = new Uint8Array(this.rss).fill(1);
    child.wp = new Uint8Array(this.rss).fill(1);
    return child;
  }

  /** A write to a write-protected image page faults once and un-protects it (do_wp_page). */
  private touch(addr: number): boolean {
    if (this.wp === null) return false;
    const page = ((addr - USER_BASE) >>> PAGE_SHIFT) % this.wp.length;
    if (this.wp[page] === 0) return false;
    this.wp[page] = 0;
    this.cowFaults++;
    return true;
  }

  /** Simulate the program writing to `pages` pages of its image (for fork/COW experiments). */
  dirtyPages(pages: number): number {
    if (this.wp === null) return 0;
    let faults = 0;
    for (let p = 0; p < Math.min(pages, this.wp.length); p++) {
      if (this.wp[p]) { this.wp[p] = 0; faults++; }
    }
    this.cowFaults += faults;
    return faults;
  }

  private growTo(n: number): void {
    let cap = this.words.length;
    while (cap < n) cap *= 2;
    const w = new Int32Array(cap);
    w.set(this.words);
    this.words = w;
  }
}

/** One shared mapping of `o` fewer (a System V segment hears of it: shm_close). */
function unmapShared(o: ShmemObject): void {
  o.nattch--;
  if (o.onUnmap !== null) o.onUnmap(o);
}

/** Where the pshared arena ends: mappings at or above PSHARED_BASE are not mmap's to reuse. */
const PSHARED_TOP = MMAP_BASE;

/** A private mapping's object copied for the fork child (the copy do_wp_page would make). */
function copyObject(o: ShmemObject): ShmemObject {
  o.sync();
  const c = new ShmemObject(o.size);
  if (c.bytes.length < o.bytes.length) c.resize(o.bytes.length);
  c.bytes.set(o.bytes);
  c.size = o.size;
  return c;
}
