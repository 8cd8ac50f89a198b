/**
 * uaccess.ts — user-space loads, stores, atomics and the thread pointer, for code running
 * as the current task (the thread libraries).
 *
 * Mirrors: what C code does without the kernel: read and write its own memory (with
 * lock-prefixed cmpxchg/xchg for atomics) and read its thread pointer (%gs:0). These cost no
 * system call; a library charges their CPU time with compute(costs.atomicOp). Each function
 * acts on the task the kernel is running right now (current.ts).
 */

import { CUR } from './current.js';
import { KernelPanic } from './panic.js';
import type { Mm } from './mm.js';
import { arenaAlloc, arenaFree, shmemState, PSHARED_BASE, type ShmemObject } from './shmem.js';
import { mapArena } from './sys_mmap.js';
import type { CostModel } from './costs.js';
import type { UserSchedPerturb } from './sched_pct.js';
import { EV_USER_SWITCH, EV_USER_DISPATCH, EV_USER_READY } from './trace.js';
import { computeNow as computeNowK } from './entry.js';

/**
 * A store that hit a write-protected page after fork takes a copy-on-write fault: its cost
 * is charged to the task as system time before its next request (entry.ts).
 */
function fault(m: Mm, addr: number, v: number): void {
  if (m.write(addr, v)) {
    const t = CUR.k!.current!;
    t.faultNs += CUR.k!.costs.cowFault;
  }
}

function mm(): Mm {
  const t = CUR.k?.current;
  const m = t ? (t.mm ?? t.activeMm) : null;
  if (!m) throw new KernelPanic('uaccess', 'user memory access with no current mm');
  return m;
}

/** Load a word of user memory. */
export function uload(addr: number): number {
  return mm().read(addr);
}

/** Store a word of user memory. */
export function ustore(addr: number, v: number): void {
  fault(mm(), addr, v);
}

/** lock cmpxchg: if *addr === expect, store v. Returns the old value. */
export function ucmpxchg(addr: number, expect: number, v: number): number {
  const m = mm();
  const old = m.read(addr);
  if (old === expect) fault(m, addr, v);
  return old;
}

/** lock xchg: store v, return the old value. */
export function uxchg(addr: number, v: number): number {
  const m = mm();
  const old = m.read(addr);
  fault(m, addr, v);
  return old;
}

/** lock xadd: add d, return the old value. */
export function uadd(addr: number, d: number): number {
  const m = mm();
  const old = m.read(addr);
  fault(m, addr, (old + d) | 0);
  return old;
}

/**
 * Touch [offset, offset + len) of the mapping that starts at `start` (a thread's first frames on
 * its stack, a descriptor written at the top of one): every page not yet resident takes a page
 * fault, charged like a copy-on-write fault (system time before the task's next request).
 * Returns the number of faults.
 */
export function touchPages(start: number, offset: number, len: number): number {
  const faults = mm().touchPages(start, offset, len);
  if (faults > 0) {
    const k = CUR.k!;
    k.current!.faultNs += faults * k.costs.pageFault;
  }
  return faults;
}

/** malloc for words: n zeroed words in the current mm. */
export function umalloc(n: number): number {
  return mm().alloc(n);
}

export function ufree(addr: number, n: number): void {
  mm().free(addr, n);
}

/**
 * n zeroed words of the pshared arena (shmem.ts), mapped into the current mm at its agreed
 * address on first use: where the libraries keep a process-shared object's words, so that the
 * same address names the same word in every process (futexes on it key on the arena).
 */
export function upsharedAlloc(n: number): number {
  const k = CUR.k!;
  const s = mapArena(k, k.current!);
  const off = arenaAlloc(s, n);
  if (off < 0) throw new KernelPanic('upsharedAlloc', 'the pshared arena is full');
  return PSHARED_BASE + off;
}

export function upsharedFree(addr: number, n: number): void {
  arenaFree(shmemState(CUR.k!), addr - PSHARED_BASE, n);
}

/**
 * The object behind the mapping (mmap with flags) holding `addr` in the current mm, the byte
 * offset of `addr` in it, and whether the mapping is MAP_SHARED; or null: how user space finds
 * an object placed in shared memory from any process that maps it (the C host's mirrors).
 */
export function mappingAt(addr: number): { shm: ShmemObject; off: number; shared: boolean } | null {
  const v = mm().backedVma(addr);
  if (v === null) return null;
  return { shm: v.shm!, off: v.pgoff! + addr - v.start, shared: v.kind === 'shared' };
}

/** The host did work that is progress of the simulation (Engine.pulse): the heartbeat moves. */
export function hostProgress(): void {
  CUR.k?.engine.pulse();
}

/** The thread pointer of the current task (what CLONE_SETTLS / arch_prctl set). */
export function getTls<T = unknown>(): T {
  const t = CUR.k?.current;
  if (!t) throw new KernelPanic('getTls', 'no current task');
  return t.tls as T;
}

/** The running kernel's cost model (a library charges its user-space work with it). */
export function costs(): CostModel {
  const k = CUR.k;
  if (!k) throw new KernelPanic('costs', 'no running kernel');
  return k.costs;
}

/** Virtual time now (the vDSO clock: no system call). */
export function vdsoNow(): number {
  return CUR.k ? CUR.k.now : 0;
}

/**
 * The vDSO's getcpu: the CPU the current task runs on, read without a system call (x86-64
 * keeps it in a per-CPU segment limit or TSC_AUX that rdtscp/rdpid returns). -1 outside a task.
 */
export function vdsoGetcpu(): number {
  const t = CUR.k?.current;
  return t ? t.cpu : -1;
}

/** The number of CPUs (sysconf(_SC_NPROCESSORS_ONLN), read from the vDSO/auxv here). */
export function nprocs(): number {
  return CUR.k ? CUR.k.cpus.length : 1;
}

/** Emit a user-level trace event (an M:N library's user-thread switch, for the trace view). */
export function traceUserSwitch(from: number, to: number): void {
  const k = CUR.k;
  if (k && k.current && k.trace.on[EV_USER_SWITCH]) k.trace.emit(EV_USER_SWITCH, k.now, k.current.cpu, k.current.pid, from, to, '');
}

/**
 * Emit which user thread the current native now runs (0: it is back in the library's
 * scheduler), for the timeline: unlike user_switch, every dispatch and every return to the
 * scheduler is logged, so a view knows at each instant what runs on each native.
 */
export function traceUserDispatch(id: number, left = 0): void {
  const k = CUR.k;
  if (k && k.current && k.trace.on[EV_USER_DISPATCH]) k.trace.emit(EV_USER_DISPATCH, k.now, k.current.cpu, k.current.pid, id, left, '');
}

/** Emit that user thread `id` was made ready (created or woken) by user thread `by` (0: the library). */
export function traceUserReady(id: number, by: () => number): void {
  const k = CUR.k;
  if (k && k.current && k.trace.on[EV_USER_READY]) k.trace.emit(EV_USER_READY, k.now, k.current.cpu, k.current.pid, id, by(), '');
}

/**
 * The running kernel's schedule perturbation, for a user-level scheduler to perturb its own
 * run queue the same way (sched_pct.ts), or null when the run is not perturbed (the default).
 */
export function schedPerturb(): UserSchedPerturb | null {
  return CUR.k ? CUR.k.pct : null;
}

/**
 * compute(ns) done now, without yielding it, when the CPU loop would do nothing else first
 * (entry.ts computeNow); false, nothing done, otherwise.
 */
export function computeNow(ns: number): boolean {
  return computeNowK(CUR.k!, ns);
}
