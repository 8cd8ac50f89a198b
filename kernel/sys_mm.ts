/**
 * sys_mm.ts — the system calls a modern glibc makes around a thread that the 2003 kernel did
 * not need: mprotect (a stack's guard page), madvise (MADV_DONTNEED of a dead thread's stack),
 * clone3, rseq, set_robust_list, and time (NGPT's thread names).
 *
 * Mirrors: mm/mprotect.c (sys_mprotect: change the protection of a range of a mapping, splitting
 * the VMA), mm/madvise.c (madvise_dontneed → zap_page_range: the pages are dropped and the next
 * touch faults in zeroed ones), kernel/fork.c (sys_clone3: the same copy_process with its
 * arguments in a struct), kernel/rseq.c (sys_rseq: register the thread's rseq area),
 * set_robust_list/get_robust_list (kernel/futex/syscalls.c: futex_robust.ts holds them and the
 * exit-time walk), and
 * kernel/time.c (sys_time). The table entries are at the end; syscalls.ts adds them.
 *
 * Simplifies: a mapping's protection is not enforced (no program can reach a guard page);
 * mprotect costs what an mmap costs (a VMA split is a VMA creation); rseq's restart fix-ups on
 * preemption are not modelled, so rseq costs its entry and exit only.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import type { Mm } from './mm.js';
import type { SyscallEntry } from './syscalls.js';
import { EINVAL, ENOMEM, EPERM, MADV_DONTNEED } from './uapi.js';

/** The page size the range checks use (PAGE_SIZE; mm.ts keeps pages of the same size). */
const PAGE_SIZE = 4096;
import { sysClone, type CloneArgs } from './fork.js';
import { mmapLock, mmapUnlockAfter } from './mmap_lock.js';
import { BLOCK } from './sched.js';
import { sysSetRobustList, sysGetRobustList } from './futex_robust.js';

/** x86-64 numbers of the calls below (syscall_64.tbl; a test checks them against NR). */
export const NR_MM = {
  mprotect: 10, madvise: 28, time: 201, set_robust_list: 273, get_robust_list: 274, rseq: 334, clone3: 435,
} as const;

/** PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP: what arch_validate_prot lets by. */
const PROT_VALID = 0x1 | 0x2 | 0x4 | 0x01000000 | 0x02000000;

/**
 * madvise_behavior_valid (mm/madvise.c): the advice values Linux knows (MADV_NORMAL 0 …
 * MADV_COLLAPSE 25, MADV_HWPOISON 100, MADV_SOFT_OFFLINE 101); 5–7 were never assigned.
 */
function validAdvice(a: number): boolean {
  return (a >= 0 && a <= 4) || (a >= 8 && a <= 25) || a === 100 || a === 101;
}

/**
 * mprotect(addr, len, prot): do_mprotect_pkey's order — a misaligned address or an unknown
 * protection bit is EINVAL, an empty range 0, a range no mapping holds ENOMEM.
 */
export function sysMprotect(k: Kernel, t: Task, addr: number, len: number, prot: number): number {
  if (!t.mm) return -EPERM;
  if (!Number.isInteger(len) || len < 0 || typeof addr !== 'number' || addr % PAGE_SIZE !== 0) return -EINVAL;
  if ((prot & ~PROT_VALID) !== 0 || ((prot & 0x01000000) !== 0 && (prot & 0x02000000) !== 0)) return -EINVAL;
  if (len === 0) return 0;
  if (mmapLock(k, t, true) === BLOCK) return BLOCK;
  if (t.mm.findVma(addr) === undefined) { mmapUnlockAfter(k, t, true); return -ENOMEM; }
  k.extraCost += k.costs.mmapStack; // split_vma + change_protection: an mmap's worth of VMA work
  mmapUnlockAfter(k, t, true);
  return 0;
}

/**
 * madvise(addr, len, advice). MADV_DONTNEED zaps the range's resident pages. Only when it
 * cleared a page table entry does it flush the TLB (tlb_flush_mmu_tlbonly returns early
 * otherwise), and then on every other CPU running this mm too: an IPI and a wait for each
 * acknowledgement (flush_tlb_mm_range → on_each_cpu_cond_mask). A dead thread's madvise of a
 * stack range it never touched, the common case, flushes nothing — unless another zap of the
 * same mm is under way (nestedZap). Other advice is accepted and costs the call only. A
 * misaligned address or an unknown advice is EINVAL (madvise_behavior_valid).
 */
export function sysMadvise(k: Kernel, t: Task, addr: number, len: number, advice: number): number {
  if (!t.mm) return -EPERM;
  if (!Number.isInteger(len) || len < 0 || typeof addr !== 'number' || addr % PAGE_SIZE !== 0 || !validAdvice(advice)) return -EINVAL;
  if (len === 0) return 0;
  if (t.mm.findVma(addr) === undefined) return -ENOMEM;
  if (advice !== MADV_DONTNEED) return 0;
  if (mmapLock(k, t, false) === BLOCK) return BLOCK;
  const zapped = t.mm.dontneed(addr, len);
  k.extraCost += k.costs.madvise;
  const flush = zapped > 0 || nestedZap(k, t.mm);
  if (flush) flushOtherCpus(k, t);
  t.mm.tlbGatherEnd = Math.max(t.mm.tlbGatherEnd, k.engine.now + k.extraCost); // dec_tlb_flush_pending, after the flush
  mmapUnlockAfter(k, t, false);
  return 0;
}

/**
 * tlb_finish_mmu's nested rule (mm/mmu_gather.c, Linux ≥ 4.15; `tlbFlushNested`): every zap
 * holds mm->tlb_flush_pending up from tlb_gather_mmu to its end, and one that finishes while
 * another zap of the mm is still gathering cannot know what that one has cleared and not yet
 * flushed, so it flushes everything, on every CPU running the mm (fullmm, freed_tables: the
 * `pages:-1` flushes of tlb:tlb_flush). Two threads of one process that free dead threads'
 * stacks on two CPUs at once do this though neither zapped a page: measured on Linux 6.18
 * (2 vCPUs, two threads each in a pinned create+join loop), a remote flush IPI after 23 % of
 * the madvise calls — none with one thread, none with two processes. Of an overlapping pair
 * Linux's flusher is the zap that ends first; here it is the one that starts second (its cost
 * is still being counted): as many flushes, on the other CPU of the two.
 */
function nestedZap(k: Kernel, mm: Mm): boolean {
  return k.costs.tlbFlushNested !== 0 && k.engine.now < mm.tlbGatherEnd;
}

/**
 * flush_tlb_mm_range's IPIs: every other CPU running a task of t's mm must flush too. The
 * caller waits for each acknowledgement (`tlbShootdown` each, its system time); the task each
 * IPI interrupts pays `tlbFlushIrq` (interrupt entry, the flush, the refills — on a VM the exit
 * and the injection), charged as its system time before its next request, as a fault is.
 */
export function flushOtherCpus(k: Kernel, t: Task): void {
  for (const c of k.cpus) {
    const r = c.curr;
    if (c.id === t.cpu || r === null || r.mm !== t.mm) continue;
    k.extraCost += k.costs.tlbShootdown;
    r.faultNs += k.costs.tlbFlushIrq;
  }
}

/** clone3(args): clone with its arguments in a struct (what glibc ≥ 2.34 calls first). */
export function sysClone3(k: Kernel, t: Task, a: CloneArgs): number {
  return sysClone(k, t, a);
}

/** rseq(rseq, len, flags, sig): register the thread's restartable-sequence area. */
export function sysRseq(_k: Kernel, _t: Task): number {
  return 0;
}

/** time(NULL): whole seconds of the clock (i386's sys_time; x86-64 has it in the vDSO too). */
export function sysTime(k: Kernel): number {
  return Math.floor(k.now / 1e9);
}

export const MM_SYSCALLS: SyscallEntry[] = [
  { nr: NR_MM.mprotect, name: 'mprotect', fn: sysMprotect },
  { nr: NR_MM.madvise, name: 'madvise', fn: sysMadvise },
  { nr: NR_MM.time, name: 'time', fn: sysTime },
  { nr: NR_MM.set_robust_list, name: 'set_robust_list', fn: sysSetRobustList },
  { nr: NR_MM.get_robust_list, name: 'get_robust_list', fn: sysGetRobustList },
  { nr: NR_MM.rseq, name: 'rseq', fn: sysRseq },
  { nr: NR_MM.clone3, name: 'clone3', fn: sysClone3 },
];
