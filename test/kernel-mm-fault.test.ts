/**
 * kernel-mm-fault.test.ts — page faults as a cost, and the system calls a modern glibc makes
 * around a thread: first touch of an mmap'd page faults (do_anonymous_page) and charges
 * `pageFault` to the toucher; MADV_DONTNEED drops pages so the next touch faults again;
 * mprotect, clone3, rseq, set_robust_list and time; FUTEX_WAIT_BITSET woken by the kernel's
 * CLONE_CHILD_CLEARTID wake; waking a task onto an idle CPU costs ipi + idleWake.
 */

import { describe, it, expect } from 'vitest';
import { Mm } from '../kernel/mm.js';
import { PRESETS, loadCostModel } from '../kernel/costs.js';
import { sys } from '../kernel/usys.js';
import { touchPages, umalloc, uload } from '../kernel/uaccess.js';
import { NR } from '../kernel/syscalls.js';
import { NR_MM, MM_SYSCALLS } from '../kernel/sys_mm.js';
import {
  MADV_DONTNEED, PROT_NONE, PROT_READ, PROT_WRITE, ENOMEM, EINVAL, FUTEX_WAIT_BITSET,
  FUTEX_BITSET_MATCH_ANY, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, CLONE_VM, CLONE_FS, CLONE_FILES,
  CLONE_SIGHAND, CLONE_THREAD,
} from '../kernel/uapi.js';
import type { Sim } from '../kernel/req.js';
import { runMain, THREAD_FLAGS, spawnThread, joinThread, burn, wait, type Thread } from './kernel-process-helpers.js';

const PAGE = 4096;
const MiB = 1024 * 1024;

describe('page residency in the mm (mm/memory.c, mm/madvise.c)', () => {
  it('the first touch of each page faults once; MADV_DONTNEED makes the next touch fault again', () => {
    const mm = new Mm(16);
    const a = mm.mmap(8 * MiB, 'stack');
    expect(mm.touchPages(a, 8 * MiB - 2 * PAGE, 2 * PAGE)).toBe(2);
    expect(mm.touchPages(a, 8 * MiB - 2 * PAGE, 2 * PAGE)).toBe(0);
    expect(mm.touchPages(a, 8 * MiB - 3 * PAGE, PAGE + 1)).toBe(1); // one new page, one resident
    expect(mm.minFlt).toBe(3);
    expect(mm.dontneed(a, 8 * MiB - 2 * PAGE)).toBe(1); // the page below the top two
    expect(mm.touchPages(a, 8 * MiB - 3 * PAGE, 3 * PAGE)).toBe(1);
    expect(mm.dontneed(a, 8 * MiB)).toBe(3);
    expect(mm.touchPages(a, 8 * MiB - 2 * PAGE, 2 * PAGE)).toBe(2);
  });

  it('an munmap\'d and mapped-again range starts with no resident page; fork copies residency', () => {
    const mm = new Mm(16);
    const a = mm.mmap(MiB, 'stack');
    mm.touchPages(a, 0, MiB);
    const child = mm.dup();
    expect(child.touchPages(a, 0, MiB)).toBe(0);
    mm.munmap(a);
    expect(mm.mmap(MiB, 'stack')).toBe(a);
    expect(mm.touchPages(a, 0, PAGE)).toBe(1);
  });
});

describe('the system calls (sys_mm.ts)', () => {
  it('numbers are x86-64\'s and equal NR\'s', () => {
    for (const [name, nr] of Object.entries(NR_MM)) expect((NR as Record<string, number>)[name]).toBe(nr);
    expect(MM_SYSCALLS.map((e) => e.nr).sort((x, y) => x - y)).toEqual(Object.values(NR_MM).sort((x, y) => x - y));
  });

  it('a touch charges pageFault as system time; madvise costs madvise and drops the pages; mprotect needs a mapping', () => {
    const c = PRESETS['modern-x86'];
    const seen: number[] = [];
    const { k } = runMain(function* (k): Sim<number> {
      const a = (yield sys.mmap(8 * MiB, PROT_NONE)) as number;
      seen.push((yield sys.mprotect(a + PAGE, 8 * MiB - PAGE, PROT_READ | PROT_WRITE)) as number);
      seen.push((yield sys.mprotect(0x1000, PAGE, PROT_NONE)) as number);
      const t = k.current!;
      let s0 = t.stime;
      touchPages(a, 8 * MiB - 2 * PAGE, 2 * PAGE);
      yield sys.getpid();
      seen.push(t.stime - s0);
      s0 = t.stime;
      seen.push((yield sys.madvise(a, 8 * MiB - 4 * PAGE, MADV_DONTNEED)) as number);
      seen.push(t.stime - s0);
      seen.push(touchPages(a, 8 * MiB - 2 * PAGE, 2 * PAGE)); // above the advised range: still resident
      seen.push((yield sys.madvise(a, 8 * MiB, MADV_DONTNEED)) as number);
      seen.push(touchPages(a, 8 * MiB - 2 * PAGE, 2 * PAGE));
      seen.push((yield sys.madvise(0x1000, PAGE, MADV_DONTNEED)) as number);
      return 0;
    });
    expect(seen).toEqual([0, -ENOMEM, 2 * c.pageFault + c.syscall, 0, c.syscall + c.madvise, 0, 0, 2, -ENOMEM]);
    expect(k.tasks.size).toBeGreaterThan(0);
  });

  it('clone3 creates a thread like clone; rseq, set_robust_list and time return at once', () => {
    const got: number[] = [];
    const { k } = runMain(function* (k): Sim<number> {
      const tidw = umalloc(1);
      const flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
      const child = function* (): Sim<number> {
        got.push((yield sys.rseq(null, 32, 0, 0x53053053)) as number, (yield sys.set_robust_list(null, 24)) as number);
        return 0;
      };
      const tid = (yield sys.clone3({ flags, fn: child, ptid: tidw, ctid: tidw })) as number;
      got.push(tid > 0 && uload(tidw) === tid ? 1 : 0);
      // pthread_join of glibc ≥ 2.34: FUTEX_WAIT_BITSET on the tid word, woken by the kernel's clear.
      let v: number;
      while ((v = uload(tidw)) !== 0) yield sys.futex(tidw, FUTEX_WAIT_BITSET, v, null, 0, FUTEX_BITSET_MATCH_ANY);
      got.push((yield sys.futex(tidw, FUTEX_WAIT_BITSET, 0, null, 0, 0)) as number); // empty bitset
      got.push((yield sys.time()) as number);
      return k.syscallCount > 0 ? 0 : 1;
    });
    expect(got).toEqual([1, 0, 0, -EINVAL, 0]);
    expect(k.tasks.size).toBeGreaterThan(0);
    expect(THREAD_FLAGS & CLONE_THREAD).toBe(CLONE_THREAD);
  });
});

/**
 * madvise's TLB flush (mm/mmu_gather.c tlb_flush_mmu_tlbonly, arch/x86/mm/tlb.c
 * flush_tlb_mm_range): only a call that cleared a page table entry flushes, and only then do the
 * other CPUs running the same mm get the flush IPI, `tlbShootdown` each.
 */
describe('madvise flushes the TLB of the mm\'s other CPUs only when it dropped a page', () => {
  /** System time main's madvise took with a sibling spinning on the other CPU; `resident`: one page in range. */
  function madviseTime(resident: boolean, sibling: boolean): number {
    const costs = { ...PRESETS['modern-x86']!, tlbShootdown: 7_000 };
    let took = -1;
    runMain(function* (k): Sim<number> {
      const a = (yield sys.mmap(8 * MiB)) as number;
      const th = sibling ? yield* spawnThread(burn, 1_000_000) : undefined;
      yield sys.compute(20_000); // the sibling runs on CPU 1 now
      if (resident) touchPages(a, 0, PAGE);
      yield sys.getpid();
      const t = k.current!;
      const s0 = t.stime;
      yield sys.madvise(a, 8 * MiB - 16384, MADV_DONTNEED);
      took = t.stime - s0;
      if (th) yield* joinThread(th);
      return 0;
    }, { cpus: 2, costs });
    return took;
  }

  it('a madvise of untouched pages costs the call alone, sibling or not', () => {
    expect(madviseTime(false, true)).toBe(madviseTime(false, false));
  });

  it('dropping a resident page while a sibling runs on the other CPU adds one tlbShootdown', () => {
    expect(madviseTime(true, false)).toBe(madviseTime(false, false));
    expect(madviseTime(true, true) - madviseTime(true, false)).toBe(7_000);
  });

  /** The sibling's system time when main's madvise drops (`resident`) or keeps its pages. */
  function siblingStime(resident: boolean): number {
    const costs = { ...PRESETS['modern-x86']!, tlbShootdown: 7_000, tlbFlushIrq: 3_000 };
    let stime = -1;
    runMain(function* (k): Sim<number> {
      const a = (yield sys.mmap(8 * MiB)) as number;
      const th = yield* spawnThread(function* (): Sim<number> {
        yield sys.compute(1_000_000);
        yield sys.getpid();
        stime = k.current!.stime;
        return 0;
      });
      yield sys.compute(20_000);
      if (resident) touchPages(a, 0, PAGE);
      yield sys.madvise(a, 8 * MiB - 16384, MADV_DONTNEED);
      yield* joinThread(th);
      return 0;
    }, { cpus: 2, costs });
    return stime;
  }

  it('the flush IPI costs the interrupted sibling tlbFlushIrq of system time (flushOtherCpus)', () => {
    expect(siblingStime(true) - siblingStime(false)).toBe(3_000);
  });
});

/**
 * tlb_finish_mmu's nested rule (mm/mmu_gather.c, Linux ≥ 4.15; cost field tlbFlushNested): a
 * MADV_DONTNEED that overlaps another zap of the same mm flushes every CPU running the mm,
 * though it dropped no page. Measured on Linux 6.18: two threads of one process in pinned
 * create+join loops on two CPUs took a remote flush IPI after 23 % of their dead threads'
 * madvise calls; one thread, or two processes, none.
 */
describe('two overlapping madvise zaps of one mm flush its other CPUs (tlbFlushNested)', () => {
  const ZAP = 50_000, SHOOT = 7_000;
  /** A zap of `a` after `delay` of CPU, then `stay` more of CPU (so the CPU keeps running this mm). */
  function* zapper(arg: { delay: number; stay: number }): Sim<number> {
    const a = (yield sys.mmap(8 * MiB)) as number;
    yield sys.compute(arg.delay);
    yield sys.madvise(a, 8 * MiB - 16384, MADV_DONTNEED);
    yield sys.compute(arg.stay);
    return 0;
  }
  /**
   * System time of main's madvise of untouched pages, 20 µs after it started `other` — a
   * thread ('thread'), a forked process ('process', with a spinning thread of main's on a third
   * CPU) — that zaps its own range 5 µs after it starts (or, 'late', 200 µs after).
   */
  function mainZap(other: 'thread' | 'late' | 'process', nested: number): number {
    const costs = { ...PRESETS['modern-x86']!, madvise: ZAP, tlbShootdown: SHOOT, tlbFlushNested: nested };
    let took = -1;
    runMain(function* (k): Sim<number> {
      const a = (yield sys.mmap(8 * MiB)) as number;
      const arg = { delay: other === 'late' ? 200_000 : 5_000, stay: 1_000_000 };
      let th: Thread | undefined, spin: Thread | undefined, pid = 0;
      if (other === 'process') {
        spin = yield* spawnThread(burn, 1_000_000);
        pid = (yield sys.fork(zapper, arg)) as number;
      } else th = yield* spawnThread(zapper, arg);
      yield sys.compute(20_000);
      const t = k.current!;
      const s0 = t.stime;
      yield sys.madvise(a, 8 * MiB - 16384, MADV_DONTNEED);
      took = t.stime - s0;
      if (th) yield* joinThread(th);
      if (spin) yield* joinThread(spin);
      if (pid > 0) yield* wait(pid);
      return 0;
    }, { cpus: 3, costs });
    return took;
  }

  it('a zap that starts inside a sibling thread\'s zap adds one tlbShootdown per other CPU running the mm', () => {
    const alone = mainZap('late', 1);
    expect(mainZap('thread', 1)).toBe(alone + SHOOT);
  });

  it('not with the 2.6 rule (tlbFlushNested 0), and not when the zaps do not overlap', () => {
    const alone = mainZap('late', 1);
    expect(mainZap('thread', 0)).toBe(alone);
    expect(mainZap('late', 0)).toBe(alone);
  });

  it('the rule is per mm: another process\'s zap at the same time flushes nothing here', () => {
    expect(mainZap('process', 1)).toBe(mainZap('late', 1));
  });
});

describe('waking a task onto an idle CPU costs ipi + idleWake (sched.ts activateTask)', () => {
  /** The time from a futex wake on CPU 0 to the woken thread running on idle CPU 1. */
  function wakeLatency(idleWake: number): number {
    const costs = { ...loadCostModel('modern-x86'), idleWake };
    let woke = 0, sent = 0, mainCpu = -1;
    runMain(function* (k): Sim<number> {
      const w = umalloc(1);
      const tidw = umalloc(1);
      mainCpu = k.current!.cpu;
      const waiter = function* (): Sim<number> {
        yield sys.futex(w, 0, 0);
        woke = k.current!.cpu !== mainCpu ? k.now : NaN;
        return 0;
      };
      yield sys.clone({ flags: THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, fn: waiter, ptid: tidw, ctid: tidw });
      yield sys.compute(200_000); // this CPU stays busy: the waiter runs on the other, sleeps, and that CPU idles
      sent = k.now;
      yield sys.futex(w, 1, 1);
      yield sys.compute(100_000); // stay busy, or this CPU would pull the woken thread (idle_balance)
      let v: number;
      while ((v = uload(tidw)) !== 0) yield sys.futex(tidw, 0, v);
      return 0;
    }, { cpus: 2, costs });
    return woke - sent;
  }

  it('the woken thread runs idleWake later when its CPU was idle', () => {
    const base = wakeLatency(0);
    expect(base).toBeGreaterThan(0);
    expect(wakeLatency(40_000) - base).toBe(40_000);
  });
});
