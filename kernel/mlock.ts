/**
 * mlock.ts — mlock, munlock, mlockall, munlockall: pages kept in memory, counted against
 * RLIMIT_MEMLOCK.
 *
 * Mirrors: mm/mlock.c — can_do_mlock (a zero RLIMIT_MEMLOCK without CAP_IPC_LOCK: EPERM),
 * do_mlock (the range widened to whole pages; pages already locked in it are not counted twice;
 * past the limit: ENOMEM), apply_vma_lock_flags (a range not wholly mapped: ENOMEM; an empty one:
 * nothing), sys_mlockall (no flag, an unknown flag, or MCL_ONFAULT alone: EINVAL; EPERM as
 * above; MCL_CURRENT when the whole address space, total_vm, is over the limit: ENOMEM),
 * apply_mlockall_flags (MCL_FUTURE sets mm->def_flags so later mappings are locked; munlockall
 * clears both), mlock_future_ok (a locked new mapping past the limit: mmap's EAGAIN), and
 * dup_mmap / mm_init (a fork child inherits no locks and no MCL_FUTURE; exec's new mm has none).
 *
 * Simplifies: capabilities are effective uid 0 (sys_cred.ts capable); locked pages are a set of
 * page numbers per mm (no VMA split), so locked_vm is exact for any mix of calls; the data
 * segment [USER_BASE, brk) counts as one mapping; nothing is ever paged out, so locking changes
 * no cost but the call's; brk does not check a future lock (the C heap grows regardless).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Mm, Vma } from './mm.js';
import type { SyscallEntry } from './syscalls.js';
import type { Rlimit } from './sys_rlimit.js';
import { USER_BASE } from './mm.js';
import { capable } from './sys_cred.js';
import { mmapLock, mmapUnlockAfter } from './mmap_lock.js';
import { BLOCK } from './sched.js';
import { EINVAL, ENOMEM, EPERM, RLIMIT_MEMLOCK, MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT } from './uapi.js';

const PAGE_SHIFT = 12;
const PAGE = 1 << PAGE_SHIFT;
/** INIT_RLIMITS' RLIMIT_MEMLOCK (8 MiB), for a process that never touched its limits. */
const MLOCK_LIMIT_DEFAULT = 8 * 1024 * 1024;

/** x86-64 numbers (syscall_64.tbl; a test checks them against NR). */
export const NR_MLOCK = { mlock: 149, munlock: 150, mlockall: 151, munlockall: 152 } as const;

/** An mm's locked pages (locked_vm is their count) and whether MCL_FUTURE is in force. */
interface MlockState {
  pages: Set<number>;
  future: boolean;
}
const states = new WeakMap<Mm, MlockState>();

function stateOf(mm: Mm): MlockState {
  let s = states.get(mm);
  if (s === undefined) states.set(mm, (s = { pages: new Set(), future: false }));
  return s;
}

/** mm->locked_vm in pages. */
export function lockedVm(mm: Mm): number {
  return states.get(mm)?.pages.size ?? 0;
}

/** rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT. */
function lockLimitPages(t: Task): number {
  const r = t.signal?.rlim as Rlimit[] | null | undefined;
  const bytes = r ? r[RLIMIT_MEMLOCK].cur : MLOCK_LIMIT_DEFAULT;
  return bytes === Infinity ? Infinity : Math.floor(bytes / PAGE);
}

/** can_do_mlock: CAP_IPC_LOCK, or a RLIMIT_MEMLOCK that is not zero. */
export function canDoMlock(t: Task): boolean {
  return capable(t) || lockLimitPages(t) !== 0;
}

/** mlock_future_ok: may a new mapping of `len` bytes be locked (MAP_LOCKED or MCL_FUTURE)? */
export function mlockFutureOk(t: Task, len: number, mapLocked: boolean): boolean {
  const mm = t.mm;
  if (mm === null || (!mapLocked && !(states.get(mm)?.future ?? false)) || capable(t)) return true;
  return Math.ceil(len / PAGE) + lockedVm(mm) <= lockLimitPages(t);
}

/** A new mapping at `addr`: its pages are locked under MAP_LOCKED or MCL_FUTURE. */
export function mlockNewMapping(t: Task, addr: number, len: number, mapLocked: boolean): void {
  const s = t.mm === null ? undefined : states.get(t.mm);
  if (mapLocked || (s !== undefined && s.future)) lockRange(stateOf(t.mm!), addr, addr + len, true);
}

/** munmap: the mapping's pages are no longer locked. */
export function munlockMapping(mm: Mm, v: Vma): void {
  const s = states.get(mm);
  if (s !== undefined && s.pages.size > 0) lockRange(s, v.start, v.start + v.len, false);
}

/** Is any page of [start, end) locked (msync's MS_INVALIDATE: EBUSY)? */
export function rangeLocked(mm: Mm, start: number, end: number): boolean {
  const s = states.get(mm);
  if (s === undefined || s.pages.size === 0) return false;
  for (let p = Math.floor(start / PAGE); p < Math.ceil(end / PAGE); p++) if (s.pages.has(p)) return true;
  return false;
}

function lockRange(s: MlockState, start: number, end: number, on: boolean): void {
  for (let p = Math.floor(start / PAGE); p < Math.ceil(end / PAGE); p++) {
    if (on) s.pages.add(p);
    else s.pages.delete(p);
  }
}

/** The address space as sorted [start, end) ranges: the data segment, then every mapping. */
export function mappedRanges(mm: Mm): [number, number][] {
  const r: [number, number][] = [[USER_BASE, Math.ceil(mm.programBreak / PAGE) * PAGE]];
  for (const v of mm.vmas.values()) r.push([v.start, v.start + Math.ceil(v.len / PAGE) * PAGE]);
  return r.sort((a, b) => a[0] - b[0]);
}

/** apply_vma_lock_flags' walk: is [start, end) mapped with no hole? */
export function rangeMapped(mm: Mm, start: number, end: number): boolean {
  let at = start;
  for (const [s, e] of mappedRanges(mm)) {
    if (e <= at) continue;
    if (s > at) return false;
    at = e;
    if (at >= end) return true;
  }
  return at >= end;
}

/** total_vm in pages. */
function totalVm(mm: Mm): number {
  let n = 0;
  for (const [s, e] of mappedRanges(mm)) n += (e - s) / PAGE;
  return n;
}

/** The range as whole pages (do_mlock: len = PAGE_ALIGN(len + offset_in_page(start))), or null if malformed. */
function pageRange(addr: number, len: number): [number, number] | null {
  if (!Number.isInteger(addr) || !Number.isInteger(len) || addr < 0 || len < 0) return null;
  const start = Math.floor(addr / PAGE) * PAGE;
  return [start, Math.ceil((addr + len) / PAGE) * PAGE];
}

/** mlock(addr, len) — do_mlock. */
export function sysMlock(k: Kernel, t: Task, addr: number, len: number): number {
  const mm = t.mm;
  if (mm === null) return -EPERM;
  if (!canDoMlock(t)) return -EPERM;
  const r = pageRange(addr, len);
  if (r === null) return -EINVAL;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  const err = mlockLocked(t, mm, r[0], r[1]);
  mmapUnlockAfter(k, t, true);
  return err;
}

function mlockLocked(t: Task, mm: Mm, start: number, end: number): number {
  const s = stateOf(mm);
  let fresh = 0;
  for (let p = start / PAGE; p < end / PAGE; p++) if (!s.pages.has(p)) fresh++;
  if (lockedVm(mm) + fresh > lockLimitPages(t) && !capable(t)) return -ENOMEM;
  if (end === start) return 0;
  if (!rangeMapped(mm, start, end)) return -ENOMEM;
  lockRange(s, start, end, true);
  return 0;
}

/** munlock(addr, len): ENOMEM for a range not wholly mapped. */
export function sysMunlock(k: Kernel, t: Task, addr: number, len: number): number {
  const mm = t.mm;
  if (mm === null) return -EPERM;
  const r = pageRange(addr, len);
  if (r === null) return -EINVAL;
  if (r[1] === r[0]) return 0;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  const ok = rangeMapped(mm, r[0], r[1]);
  if (ok) lockRange(stateOf(mm), r[0], r[1], false);
  mmapUnlockAfter(k, t, true);
  return ok ? 0 : -ENOMEM;
}

/** mlockall(flags) — sys_mlockall. */
export function sysMlockall(k: Kernel, t: Task, flags: number): number {
  const mm = t.mm;
  if (mm === null) return -EPERM;
  const known = MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT;
  if (!Number.isInteger(flags) || flags === 0 || flags & ~known || flags === MCL_ONFAULT) return -EINVAL;
  if (!canDoMlock(t)) return -EPERM;
  if (flags & MCL_CURRENT && totalVm(mm) > lockLimitPages(t) && !capable(t)) return -ENOMEM;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  const s = stateOf(mm);
  s.future = (flags & MCL_FUTURE) !== 0;
  if (flags & MCL_CURRENT) for (const [a, b] of mappedRanges(mm)) lockRange(s, a, b, true);
  mmapUnlockAfter(k, t, true);
  return 0;
}

/** munlockall(): every page unlocked, MCL_FUTURE cleared; always 0. */
export function sysMunlockall(k: Kernel, t: Task): number {
  const mm = t.mm;
  if (mm === null) return -EPERM;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  states.delete(mm);
  mmapUnlockAfter(k, t, true);
  return 0;
}

export const MLOCK_SYSCALLS: SyscallEntry[] = [
  { nr: NR_MLOCK.mlock, name: 'mlock', fn: sysMlock },
  { nr: NR_MLOCK.munlock, name: 'munlock', fn: sysMunlock },
  { nr: NR_MLOCK.mlockall, name: 'mlockall', fn: sysMlockall },
  { nr: NR_MLOCK.munlockall, name: 'munlockall', fn: sysMunlockall },
];
