/**
 * costs.ts — the cost model: what every simulated action costs in virtual nanoseconds.
 *
 * Models: the primitive costs an OS course quotes (lmbench's null syscall and context switch,
 * the NPTL announcement's thread-creation remarks). Every number in a preset says where it
 * comes from — a published measurement, or "estimate:" with its reasoning; a preset is built
 * from primitives of one machine and era, never fitted to an experiment's outcome. Presets are
 * named; a JSON file may hold a full model or `{ "base": "<preset>", ...overrides }`, and the
 * name `host` loads reports/host-costs.json written by `threadlab calibrate`. Unknown fields,
 * wrong types and negative numbers are rejected with a one-line error naming field and file.
 *
 * Simplifies: costs are constants (no caches, no contention on the memory bus); jitter exists
 * only for the slow device, drawn from the seeded PRNG.
 */

import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

export interface CostModel {
  /** Preset name, printed with every result. */
  name: string;
  /** One line: machine and era the numbers describe. */
  description: string;
  /** Entry + exit of a null system call (getpid), ns. */
  syscall: number;
  /** Context switch between two tasks sharing one mm (no TLB flush), ns. */
  ctxSwitch: number;
  /** Context switch across mm: CR3 reload and TLB refill, ns. */
  ctxSwitchMm: number;
  /** Switch to a kernel thread (lazy TLB: it borrows active_mm, no flush), ns. */
  ctxSwitchKthread: number;
  /** User-level context switch (setjmp/longjmp or swapcontext without sigprocmask), ns. */
  userSwitch: number;
  /** copy_process base cost: task_struct, kernel stack, pid, bookkeeping (no page copies), ns. */
  cloneBase: number;
  /** do_exit + release_task for one task, ns. */
  exitBase: number;
  /** fork: copying the page-table entries of one resident page, write-protecting it, ns. */
  forkPerPage: number;
  /** A copy-on-write fault: trap, allocate, copy 4 KiB, ns. */
  cowFault: number;
  /** mmap of a thread stack (VMA creation, no page touched), ns. */
  mmapStack: number;
  /** munmap of a thread stack including the TLB flush, ns. */
  munmapStack: number;
  /** Extra cost of a TLB shootdown IPI per other CPU running the same mm (the sender waits for each acknowledgement), ns. */
  tlbShootdown: number;
  /**
   * What a TLB-flush IPI costs the task it interrupts on another CPU: interrupt entry and exit,
   * the flush and the refills — on a VM the exit to the host and the injection, ns (sys_mm.ts
   * flushOtherCpus: charged as its system time before its next request).
   */
  tlbFlushIrq: number;
  /** Build a signal frame and enter the handler, ns. */
  signalDeliver: number;
  /** sigreturn: restore the frame, ns. */
  sigreturn: number;
  /** futex hash-bucket lookup and queue operation (on top of the syscall), ns. */
  futexHash: number;
  /** Pipe copy cost per byte (copy_from_user + copy_to_user), ns. */
  pipeCopyPerByte: number;
  /**
   * Wake-up preemption: the fraction (0–1) of wake-ups of a sleeper onto its waker's CPU after
   * which the waker is preempted when it returns to user mode and the woken task runs first
   * (CFS/EEVDF's check_preempt_wakeup / wakeup_preempt_fair; which ones, Linux decides by lag
   * and deadlines the lab does not keep, so they are spread evenly). 0: the woken task waits
   * for the waker's slice to end or for the waker to sleep (the lab's simplification of 2.6's
   * O(1) scheduler). sched.ts markWakee.
   */
  wakePreempt: number;
  /**
   * A new task's first run on a CPU other than its creator's: that CPU's caches and TLB hold
   * nothing the creator just wrote (the task_struct, kernel stack, the thread's descriptor and
   * stack top), so its first steps miss all the way, ns (sched.ts contextSwitch).
   */
  remoteStart: number;
  /**
   * The creator's side of placing a new task on another CPU: wake_up_new_task's fork balancing
   * (select_task_rq with SD_BALANCE_FORK looks for the idlest CPU), the enqueue on that CPU's
   * run queue and the IPI that wakes it, all inside the clone call, ns (fork.ts doFork).
   */
  remoteFork: number;
  /**
   * sysctl_sched_migration_cost: a CPU that just went idle pulls a queued task from a busier
   * CPU only if its idle periods average at least this long (avg_idle, Linux ≥ 2.6.35); the rest
   * wait for the periodic balance at the next tick, ns. 0: it always pulls (2.6's
   * load_balance_newidle). sched_newidle.ts.
   */
  migrationCost: number;
  /**
   * A new task stays on its creator's CPU, rather than go to the idle one, when that CPU went
   * idle less than this long ago and the creator runs there alone, ns; 0: the idle CPU always
   * (find_idlest_group's "most idle CPUs" rule). Measured on a 2-vCPU Linux 6.18 KVM guest,
   * not derived from mainline's source (sched_select_rq.ts).
   */
  forkPack: number;
  /**
   * 1: a woken task whose previous CPU is busy goes to an idle CPU if there is one
   * (select_idle_sibling's scan); 0: it stays on its previous CPU (the scan throttled, as a
   * host measured). sched_select_rq.ts.
   */
  wakeIdleScan: number;
  /**
   * 1: SCHED_OTHER tasks queue in virtual-runtime order, a new task placed at the front, a
   * woken sleeper with a bounded head start, and a woken task far enough ahead preempts the
   * running one (CFS/EEVDF, Linux ≥ 2.6.23; sched_fair.ts); 0: one round-robin queue, each
   * task to the tail (2.6's O(1) scheduler within one priority).
   */
  fairQueue: number;
  /**
   * RWSEM_WAIT_TIMEOUT: how long the first waiter for mmap_lock waits before it sets the
   * hand-off flag and nobody may steal the lock past it, ns; 0: 2.6's FIFO semaphore, where a
   * newcomer queues whenever anyone waits and no lock is ever stolen (mmap_lock.ts).
   */
  rwsemHandoff: number;
  /**
   * 1: a writer that finds mmap_lock held spins on it before it sleeps (rwsem_optimistic_spin,
   * Linux ≥ 3.16): while the owning writer runs on a CPU, or up to rwsem_rspin_threshold
   * (10–25 µs) on a reader-owned lock; 0: it sleeps at once, as 2.6's rwsem did (mmap_lock.ts).
   */
  rwsemSpin: number;
  /**
   * A kernel stack that misses the per-CPU cache of NR_CACHED_STACKS (2) freed stacks
   * (kernel/fork.c, CONFIG_VMAP_STACK, Linux ≥ 4.9): at clone, a creator whose CPU has none
   * cached vmallocs one (pages, page tables, memcg charge); at the dead task's last switch, a
   * stack its CPU has no room for goes to vfree through RCU. Each such event costs this, ns, on
   * the CPU where it happens (fork_stack.ts). 0: stacks come from the page allocator at a cost
   * inside cloneBase and exitBase, as 2.6's did.
   */
  kstackMiss: number;
  /** Waking a task on another CPU (reschedule IPI), ns. */
  ipi: number;
  /**
   * Waking a task onto an idle CPU costs, besides `ipi`, the CPU leaving its idle state: the
   * exit latency of a halted core (C-state), or on a VM the host scheduling the halted vCPU
   * again. ns, added to `ipi` when the woken task's CPU is idle (sched.ts activateTask).
   */
  idleWake: number;
  /** First touch of an anonymous page (or one dropped by MADV_DONTNEED): trap, zeroed page, PTE, ns. */
  pageFault: number;
  /** madvise(MADV_DONTNEED) of a thread stack's unused range: page-table walk, zap, TLB flush, ns. */
  madvise: number;
  /**
   * 1: two MADV_DONTNEED zaps of one mm that overlap in time force a full TLB flush on every
   * CPU running the mm, zapped pages or not (mm/mmu_gather.c tlb_finish_mmu's
   * mm_tlb_flush_nested, Linux ≥ 4.15: a zapper under the read side of mmap_lock cannot know
   * what the other has batched); 0: a zap flushes only what it cleared, as 2.6's did (sys_mm.ts).
   */
  tlbFlushNested: number;
  /** One timer interrupt (scheduler_tick), ns. */
  timerTick: number;
  /** Timer interrupts per second (jiffies clock). */
  hz: number;
  /** Scheduler time slice for a normal-priority task, ns. */
  timeslice: number;
  /** A locked read-modify-write in user space (the uncontended mutex fast path), ns. */
  atomicOp: number;
  /** One iteration of a user-space spin-wait loop, ns. */
  spinIteration: number;
  /** One WebAssembly instruction of a C program (clib/: counted, charged as user CPU time), ns. */
  instruction: number;
  /** Mean read latency of the simulated slow device (/dev/slow), ns. */
  deviceLatency: number;
  /** Uniform jitter around deviceLatency, ± ns. */
  deviceJitter: number;
  /** Page size, bytes. */
  pageSize: number;
  /**
   * Optional: the glibc this machine runs, as NPTL's era option (`2.3` or `2.36`). A run that
   * sets no `--lib-opt glibc=` gets NPTL in this era; the presets leave it out (NPTL's own
   * default, 2.3), `threadlab calibrate` writes `2.36` into the host model (see libs/nptl).
   */
  glibc?: string;
}

/*
 * Sources cited below (short tags):
 *  [LM03]  lmbench 2.0 on a 790 MHz Pentium III (i686), Linux 2.5.67: A. Marathe, "[BENCHMARK]
 *          Lmbench performance 2.5.67", linux-kernel, 8 Apr 2003 (null call 0.44 µs, 2p/0K ctxsw
 *          0.94 µs, sig hndl 3.86 µs, page fault 4–5 µs, pipe bandwidth ≈ 600 MB/s).
 *  [LM02]  lmbench 2.0 on a 2.4 GHz Pentium 4, Linux 2.4.18 and 2.5.40: P. Mau, "Re: LMbench
 *          results for 2.5.40", linux-kernel, 2 Oct 2002 (null call 0.67 µs, 2p/0K 0.73–0.86 µs).
 *  [GOOCH] R. Gooch, "Linux scheduler benchmark results", 30 Sep 1998: PPro 180, Linux 2.1.123,
 *          process switch 1.9–2.0 µs vs thread switch 1.0 µs.
 *  [NPTL]  U. Drepper, "[ANNOUNCE] Native POSIX Thread Library 0.1", linux-kernel, 19 Sep 2002:
 *          100,000 threads created and destroyed in 2.3 s on a dual 450 MHz PII Xeon. A composite:
 *          used to validate the simulator, never as an input here.
 *  [O1]    Linux 2.6 O(1) scheduler: 100 ms timeslice for a nice-0 task; i386 HZ = 1000 from 2.5
 *          on (2.4: HZ = 100).
 *  [KUT]   R. Sites, clearlinux/distribution#3168 (2024): getpid 250–252 ns per call, Linux
 *          6.6.36 on an i3-7100 (Kaby Lake, Meltdown-affected, so KPTI on by default).
 *  [UAB]   travisdowns/uarch-bench#34 (2018): syscall(getpid) ≈ 728 unhalted cycles, Skylake.
 *  [CRAC]  M. Cracauer, "Microbenchmarking the page table isolation patches" (Jan 2018), Xeon
 *          W3580, Linux 4.14: getrusage 217 ns (nopti) / 542 ns (pti); mmap+munmap 3.7 µs.
 *  [PIPE]  "Context switch overhead", ddumbying.vercel.app/experiments/ctx-switch-overhead:
 *          Linux 6.6, Intel 11th-gen i7, pinned pipe ping-pong: 1,070 ns per switch between
 *          threads, 2,410 ns between processes, each including one 1-byte write and read.
 *  [REDIS] Redis docs, "Diagnosing latency issues": fork of 6.9 GB RSS in 62 ms on a physical
 *          Xeon 2.27 GHz (9 ms per GB).
 *  [ARACH] RAMCloud wiki, "Arachne Performance" (Aug 2016): yield between two user threads on
 *          one core, median 56 ns.
 *  [SKL]   Intel 64 and IA-32 Optimization Reference Manual, "Pause latency in Skylake
 *          microarchitecture": PAUSE takes up to ~140 cycles (about 10 before).
 *  [LLVM]  LLVM commit "[X86][Btver2] Fix latency and throughput of CMPXCHG instructions" (Aug
 *          2019): a locked CMPXCHG costs ~17 cycles on AMD Jaguar.
 *  [EEVDF] Linux 6.6+ kernel/sched/fair.c: sysctl_sched_base_slice = 0.75 ms × (1 + ilog2(min(
 *          ncpus, 8))) = 3 ms on 8+ CPUs; kernel/Kconfig.hz defaults to HZ_250.
 *  [DISK]  estimate for /dev/slow, the same mechanics in both eras: a 7200 rpm disk read is an
 *          average seek (~8 ms) plus half a rotation (4.2 ms); jitter ± half a rotation.
 */

/** ~2020s x86-64 server/desktop, Linux 5.x/6.x, Meltdown mitigations (KPTI with PCID) on. */
const MODERN_X86: CostModel = {
  name: 'modern-x86',
  description: '~2020s x86-64 (Skylake-class, ~3.5 GHz), Linux 5.x/6.x with KPTI, CFS/EEVDF, HZ=250',
  syscall: 250, // [KUT] getpid 250 ns with KPTI; [UAB] ~728 cycles ≈ 210 ns at 3.5 GHz
  ctxSwitch: 600, // [PIPE] 1,070 ns/switch minus its write+read (2 × 250 ns syscall) ≈ 570
  ctxSwitchMm: 1900, // [PIPE] 2,410 ns/switch minus the same 500 ns of pipe syscalls
  ctxSwitchKthread: 500, // estimate: a thread switch minus the user FPU/TLS restore; no CR3 write
  userSwitch: 56, // [ARACH] median user-thread yield on one core
  cloneBase: 3000, // estimate: copy_process for CLONE_VM ≈ 10k cycles (slab task_struct, vmapped stack, pid, cgroup/audit/perf hooks)
  exitBase: 2500, // estimate: do_exit + release_task ≈ 8k cycles (exit_mm/files/fs refcounts, exit_notify, RCU free)
  forkPerPage: 34, // [REDIS] 9 ms per GB of RSS = 9e6 ns / 262,144 pages
  cowFault: 1500, // estimate: fault entry/exit with KPTI ~1 µs + 4 KiB copy at ~20 GB/s (0.2 µs) + rmap/LRU
  mmapStack: 1500, // [CRAC] 3.7 µs for mmap+munmap untouched; split estimate: mmap is the cheaper half
  munmapStack: 2500, // [CRAC] the other part, plus zapping a few touched stack pages and the TLB flush (estimate)
  tlbShootdown: 2000, // estimate: synchronous flush IPI round trip to a busy CPU, sender waits for the ack
  tlbFlushIrq: 0, // simplification kept for the preset's published figures: inside tlbShootdown's estimate (calibrate measures a host's; on a 2-vCPU KVM guest 6.5–8.3 µs)
  signalDeliver: 1200, // estimate: setup_rt_frame with XSAVE of AVX state (~1 KiB) + kernel exit with KPTI
  sigreturn: 600, // estimate: one syscall (250) + XRSTOR and frame checks
  futexHash: 100, // estimate: private futex key (no page lookup since 2.6.22) + jhash + bucket spinlock + plist op
  pipeCopyPerByte: 0.15, // estimate: two cache-resident copies (copy_from_user, copy_to_user) at ~13 GB/s each
  wakePreempt: 0, // simplification kept for the preset's published figures: CFS/EEVDF do preempt a waker for its sleeper (calibrate measures it; the host model has it)
  remoteStart: 0, // estimate: within cloneBase and the IPI on one socket's shared L3; calibrate measures a host's (a VM's cores may not share one)
  remoteFork: 0, // estimate: within cloneBase and the IPI on bare metal; calibrate measures a host's (on a VM the IPI is a VM exit)
  migrationCost: 0, // simplification kept for the preset's published figures: Linux ≥ 2.6.35 skips the newly idle balance below avg_idle 500 µs (the host model has it)
  forkPack: 0, // mainline's find_idlest_group sends a new task to an idle CPU however recently it went idle; the window was seen on a KVM guest only (the host model has it)
  wakeIdleScan: 1, // select_idle_sibling scans the LLC for an idle CPU (SIS_UTIL stops the scan only on a busy LLC)
  fairQueue: 0, // simplification kept for the preset's published figures: CFS/EEVDF order the queue by vruntime (the host model has it)
  rwsemHandoff: 4_000_000, // kernel/locking/rwsem.c RWSEM_WAIT_TIMEOUT = DIV_ROUND_UP(HZ, 250) jiffies: 4 ms (lock stealing 5.11+, hand-off 5.3+)
  rwsemSpin: 1, // kernel/locking/rwsem.c rwsem_optimistic_spin (CONFIG_RWSEM_SPIN_ON_OWNER, default y on x86; 3.16+; writers only since 5.12)
  kstackMiss: 0, // simplification kept for the preset's one-at-a-time figures: cloneBase and exitBase are a cached stack's; calibrate measures a host's miss (a batched raw clone loop)
  ipi: 1000, // estimate: x2APIC ICR write, remote interrupt entry and scheduler_ipi with KPTI
  idleWake: 0, // estimate: an idle core in C1 (HLT/MWAIT) leaves it within the IPI's own figure; deeper C-states and a VM's halted vCPU are the host's business (calibrate measures them)
  pageFault: 1000, // estimate: fault entry/exit with KPTI ~0.7 µs + clearing 4 KiB (~0.1 µs) + page allocation, PTE and LRU (cowFault minus its copy)
  madvise: 1500, // estimate: one syscall + zap_page_range over 8 MiB of page tables (4 PTE pages, 2,048 entries, mostly empty) + a local TLB flush
  tlbFlushNested: 1, // mm/mmu_gather.c tlb_finish_mmu: mm_tlb_flush_nested forces a full flush (Linux ≥ 4.15, commit 99baac21e458)
  timerTick: 1000, // estimate: local APIC timer interrupt + tick_sched_timer + scheduler_tick
  hz: 250, // [EEVDF] Kconfig default HZ_250 (distributions vary: 250 or 1000)
  timeslice: 3_000_000, // [EEVDF] base slice 3 ms on 8+ CPUs
  atomicOp: 6, // [LLVM] ~17–20 cycles for lock cmpxchg ≈ 6 ns at 3.5 GHz (estimate for Skylake)
  spinIteration: 40, // [SKL] PAUSE ~140 cycles at 3.5 GHz
  instruction: 0.2, // estimate: one -O2 WebAssembly instruction ≈ one x86-64 instruction once compiled (local.get/set become registers; bounds and stack-pointer updates add some), retired at ~1.4 per cycle on integer code at 3.5 GHz
  deviceLatency: 12_000_000, // [DISK]
  deviceJitter: 4_000_000, // [DISK]
  pageSize: 4096, // x86-64 base page
};

/** The NPTL white paper's era: Pentium III class, Linux 2.5/2.6 with the O(1) scheduler. */
const I386_2003: CostModel = {
  name: 'i386-2003',
  description: '2003 IA-32 (Pentium III 790 MHz class), Linux 2.5/2.6, O(1) scheduler, HZ=1000',
  syscall: 440, // [LM03] null call 0.44 µs (int 0x80); [LM02] 0.67 µs on a 2.4 GHz P4
  ctxSwitch: 500, // [LM03] 0.94 µs process switch × [GOOCH] thread/process ratio 1.0/1.9 ≈ 0.49 µs
  ctxSwitchMm: 940, // [LM03] lat_ctx 2p/0K (pipe overhead already subtracted by lmbench)
  ctxSwitchKthread: 450, // estimate: a thread switch minus the user segment/FPU restore; lazy TLB, no CR3 load
  userSwitch: 150, // estimate: [ARACH]'s ~150-cycle yield path at 790 MHz with P6's lower IPC ≈ 0.15–0.2 µs
  cloneBase: 7500, // estimate: copy_process without mm copy ≈ 6k cycles; [LM03] small syscalls (sig inst 1.23 µs) run ~1k
  exitBase: 5000, // estimate: do_exit + release_task ≈ 4k cycles at 790 MHz
  forkPerPage: 100, // estimate: one PTE copy + write-protect + page count + 2.5's rmap pte_chain ≈ 80 cycles
  cowFault: 8000, // [LM03] page fault 4.5 µs + 4 KiB cached copy at ~1.2 GB/s (pipe bw 600 MB/s = two copies) 3.4 µs
  mmapStack: 3000, // estimate: ~2.5× [LM03] sig inst (1.23 µs); 2.4/2.5 get_unmapped_area walks the VMA list
  munmapStack: 5000, // estimate: unmap + flush_tlb_mm (CR3 reload, full flush on P6) + refills after it
  tlbShootdown: 4000, // estimate: P6 serial APIC bus IPI, remote flush and ack (flush_tlb_others)
  tlbFlushIrq: 0, // estimate: the receiver's interrupt and flush are inside tlbShootdown's round trip
  signalDeliver: 2200, // [LM03] sig hndl 3.86 µs − kill entry 0.44 µs = 3.4 µs; estimate: ~2/3 is delivery
  sigreturn: 1200, // [LM03] the remaining ~1/3 of 3.4 µs: a syscall plus restoring the frame
  futexHash: 600, // estimate: 2.5's futex pins the page (get_user_pages) to form the key, then hashes
  pipeCopyPerByte: 1.7, // [LM03] pipe bandwidth ≈ 600 MB/s end to end
  wakePreempt: 0, // simplification: the O(1) scheduler preempted for a woken task of better dynamic priority (TASK_PREEMPTS_CURR, often an interactive sleeper); not modelled
  remoteStart: 0, // estimate: a dual P6 refills a few cache lines over the front-side bus, within cloneBase's estimate
  remoteFork: 0, // estimate: 2.6's sched_balance_exec/fork placement and the APIC-bus IPI are within cloneBase's and ipi's estimates
  migrationCost: 0, // 2.6.0–2.6.34: schedule() balanced on every newly idle CPU (idle_balance → load_balance_newidle)
  forkPack: 0, // 2.6's sched_balance_fork → find_idlest_group took the idle CPU (lowest load) whenever there was one
  wakeIdleScan: 1, // 2.6's try_to_wake_up: wake_affine/SD_WAKE_BALANCE, then wake_idle's search for an idle sibling
  fairQueue: 0, // [O1] 2.6's O(1) scheduler: a task that used its slice goes to the tail of its priority's list (expired array)
  rwsemHandoff: 0, // 2.6's rwsem (lib/rwsem.c, rwsem-spinlock.c): strictly FIFO, readers granted up to the first writer
  rwsemSpin: 0, // 2.6's rwsem never spins: optimistic spinning on the owner arrived in 3.16
  kstackMiss: 0, // 2.6's alloc_thread_info took 8 KiB from the page allocator on every fork (no per-CPU cache, no vmalloc): within cloneBase and exitBase
  ipi: 2000, // estimate: P6 APIC-bus IPI delivery (~1 µs) + interrupt entry/exit
  idleWake: 0, // estimate: a P6 core idles in HLT and leaves it within a microsecond, inside the IPI's figure
  pageFault: 4500, // [LM03] page fault 4–5 µs: the fault path; a zero-fill fault clears the page instead of finding it in the page cache
  madvise: 3000, // estimate: like mmapStack, a VMA-range walk (zap_page_range over the stack's page tables) + flush_tlb_mm on P6
  tlbFlushNested: 0, // 2.6's zap_page_range flushed only what its own mmu_gather cleared (tlb_flush_pending came with 3.x's NUMA balancing)
  timerTick: 2000, // estimate: IRQ0 entry/exit (~1 µs at 790 MHz) + do_timer + scheduler_tick
  hz: 1000, // [O1] i386 HZ in 2.5/2.6
  timeslice: 100_000_000, // [O1] 100 ms for a nice-0 task
  atomicOp: 25, // estimate: ~20 cycles for a cache-hit lock cmpxchg on P6 at 790 MHz
  spinIteration: 10, // estimate: load + compare + branch + rep;nop (a plain NOP on P6) ≈ 8 cycles
  instruction: 1.6, // estimate: one x86 instruction per WebAssembly instruction (as modern-x86) at ~0.8 per cycle, a P6's typical integer IPC, at 790 MHz
  deviceLatency: 12_000_000, // [DISK]
  deviceJitter: 4_000_000, // [DISK]
  pageSize: 4096, // IA-32 base page
};

/** Named presets; `host` is not one of them: it is loaded from reports/host-costs.json. */
export const PRESETS: Record<string, CostModel> = {
  'modern-x86': MODERN_X86,
  'i386-2003': I386_2003,
};

export const DEFAULT_PRESET = 'modern-x86';

/** Where `threadlab calibrate` writes the measured model, relative to the working directory. */
export const HOST_COSTS_FILE = 'reports/host-costs.json';

/** A rejected cost model: one line that names the field and the file. */
export class CostModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostModelError';
  }
}

/** Every field and its JSON type; the Record type makes the compiler check it is complete. */
const FIELD_TYPES: Record<keyof CostModel, 'string' | 'number'> = {
  name: 'string', description: 'string', syscall: 'number', ctxSwitch: 'number',
  ctxSwitchMm: 'number', ctxSwitchKthread: 'number', userSwitch: 'number', cloneBase: 'number',
  exitBase: 'number', forkPerPage: 'number', cowFault: 'number', mmapStack: 'number',
  munmapStack: 'number', tlbShootdown: 'number', tlbFlushIrq: 'number', signalDeliver: 'number', sigreturn: 'number',
  futexHash: 'number', pipeCopyPerByte: 'number', wakePreempt: 'number', remoteStart: 'number', remoteFork: 'number', migrationCost: 'number', forkPack: 'number', wakeIdleScan: 'number', fairQueue: 'number', rwsemHandoff: 'number', rwsemSpin: 'number', kstackMiss: 'number', ipi: 'number', idleWake: 'number', pageFault: 'number',
  madvise: 'number', tlbFlushNested: 'number', timerTick: 'number', hz: 'number',
  timeslice: 'number', atomicOp: 'number', spinIteration: 'number', instruction: 'number', deviceLatency: 'number',
  deviceJitter: 'number', pageSize: 'number', glibc: 'string',
};
const FIELDS = Object.keys(FIELD_TYPES) as (keyof CostModel)[];
/** Fields that divide or schedule: zero would stall the simulation. */
const MUST_BE_POSITIVE = new Set<string>(['hz', 'timeslice', 'pageSize']);
/** Keys a file may carry besides the fields: `base` for overrides, `_meta` (ignored). */
const EXTRA_KEYS = new Set(['base', '_meta']);

/**
 * A preset name, `host` (reports/host-costs.json under `cwd`), or a JSON file holding a full
 * model or `{ "base": "<preset>", ...overrides }`. Returns a fresh object; throws CostModelError.
 */
export function loadCostModel(nameOrFile: string, cwd: string = process.cwd()): CostModel {
  const preset = PRESETS[nameOrFile];
  if (preset) return { ...preset };
  if (nameOrFile === 'host') {
    const file = resolve(cwd, HOST_COSTS_FILE);
    if (!existsSync(file)) {
      throw new CostModelError(`cost model 'host': ${HOST_COSTS_FILE} not found in ${cwd} — run \`threadlab calibrate\` first`);
    }
    try {
      return loadCostFile(file, cwd);
    } catch (e) {
      // A host model written before the cost model gained a field: say how to refresh it.
      if (e instanceof CostModelError && / is missing /.test(e.message)) {
        throw new CostModelError(`${e.message.split(' (')[0]} — written by an older threadlab: run \`threadlab calibrate\` again`);
      }
      throw e;
    }
  }
  const file = resolve(cwd, nameOrFile);
  if (!existsSync(file)) {
    const known = [...Object.keys(PRESETS), 'host'].join(', ');
    throw new CostModelError(`unknown cost model '${nameOrFile}': not a preset (${known}) and no such file`);
  }
  return loadCostFile(file, cwd);
}

/** Parse and validate one cost file (see loadCostModel). */
function loadCostFile(file: string, cwd: string): CostModel {
  const json = readJsonObject(file);
  for (const key of Object.keys(json)) checkKey(key, json[key], file);
  const base = json['base'];
  if (base === undefined) return fullModel(json, file);
  if (typeof base !== 'string' || (!(base in PRESETS) && base !== 'host')) {
    const known = [...Object.keys(PRESETS), 'host'].join(', ');
    throw new CostModelError(`${file}: field 'base' must name a preset (${known}), got ${JSON.stringify(base)}`);
  }
  const model: CostModel = loadCostModel(base, cwd);
  const changed = FIELDS.filter((f) => f in json && f !== 'name' && f !== 'description');
  Object.assign(model, pickFields(json));
  if (!('name' in json)) model.name = `${base}+${basename(file, '.json')}`;
  if (!('description' in json) && changed.length > 0) {
    model.description += ` (overrides: ${changed.join(', ')})`;
  }
  return model;
}

function readJsonObject(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new CostModelError(`${file}: not valid JSON (${why})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CostModelError(`${file}: a cost model must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Reject unknown keys, wrong types, non-finite or negative numbers. */
function checkKey(key: string, value: unknown, file: string): void {
  if (EXTRA_KEYS.has(key)) return;
  const type = FIELD_TYPES[key as keyof CostModel];
  if (type === undefined) {
    const hint = closestField(key);
    throw new CostModelError(`${file}: unknown field '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
  }
  if (typeof value !== type) {
    throw new CostModelError(`${file}: field '${key}' must be a ${type}, got ${JSON.stringify(value)}`);
  }
  if (type === 'number') {
    const n = value as number;
    if (!Number.isFinite(n) || n < 0) {
      throw new CostModelError(`${file}: field '${key}' must be a finite non-negative number, got ${n}`);
    }
    if (n === 0 && MUST_BE_POSITIVE.has(key)) {
      throw new CostModelError(`${file}: field '${key}' must be greater than 0`);
    }
  }
}

/** A file without `base` must give every numeric field; name and description may default. */
function fullModel(json: Record<string, unknown>, file: string): CostModel {
  const missing = FIELDS.filter((f) => FIELD_TYPES[f] === 'number' && !(f in json));
  if (missing.length > 0) {
    throw new CostModelError(`${file}: field '${missing[0]}' is missing (a full model needs every field, or give "base": "<preset>")`);
  }
  const model = pickFields(json) as CostModel;
  if (model.name === undefined) model.name = basename(file, '.json');
  if (model.description === undefined) model.description = `cost model from ${file}`;
  return model;
}

function pickFields(json: Record<string, unknown>): Partial<CostModel> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (f in json) out[f] = json[f];
  return out as Partial<CostModel>;
}

/** The known field nearest to a misspelt one (edit distance ≤ 3), for the error hint. */
function closestField(key: string): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const f of FIELDS) {
    const d = editDistance(key.toLowerCase(), f.toLowerCase());
    if (d < bestD) [best, bestD] = [f, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** ns → "250 ns", "1.9 µs", "3 ms". */
function fmtNs(ns: number): string {
  const short = (x: number) => String(Number(x.toPrecision(3)));
  if (ns >= 1e6) return `${short(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${short(ns / 1e3)} µs`;
  return `${short(ns)} ns`;
}

/** One line for result headers and `threadlab list`. */
export function describeCosts(c: CostModel): string {
  return `${c.name}: syscall ${fmtNs(c.syscall)}, switch ${fmtNs(c.ctxSwitch)} thread / `
    + `${fmtNs(c.ctxSwitchMm)} process / ${fmtNs(c.userSwitch)} user, clone ${fmtNs(c.cloneBase)}, `
    + `fork ${fmtNs(c.forkPerPage)}/page, HZ ${c.hz}, slice ${fmtNs(c.timeslice)}`;
}
