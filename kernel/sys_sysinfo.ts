/**
 * sys_sysinfo.ts — sysinfo(2): the machine's uptime, load averages, memory and task count.
 *
 * Mirrors: kernel/sys.c do_sysinfo (uptime from the boot-time clock, rounded up to the next
 * whole second as Linux rounds it; loads from avenrun; the task count nr_threads — every task,
 * threads included; mem_unit 1) and kernel/sched/loadavg.c (calc_global_load: every LOAD_FREQ,
 * 5 s and one tick, avenrun[i] = avenrun[i]·e + active·(1 − e) in FSHIFT-11 fixed point, with
 * EXP_1/EXP_5/EXP_15 = 1884/2014/2037 and active = running + uninterruptible tasks).
 *
 * The lab's machine: LAB_TOTALRAM of memory (2 GiB: what a 32-bit long, the C programs'
 * wasm32 `unsigned long`, can count in bytes with mem_unit 1), no swap, no high memory; free
 * memory is what the resident pages of every address space leave.
 *
 * Simplifies: the load averages are sampled when read, not by the tick: the LOAD_FREQ
 * boundaries crossed since the last read each take the count of active tasks at the read,
 * the reader left out (it runs only to read: a program that sleeps, then reads, sees what
 * Linux shows it).
 * bufferram is 0 (no block layer) and sharedram 0 (shmem pages are not counted apart).
 */

import type { Kernel } from './kernel.js';
import { TASK_RUNNING, TASK_UNINTERRUPTIBLE, type Task } from './task.js';
import type { Mm } from './mm.js';

/** The lab machine's memory, bytes. */
export const LAB_TOTALRAM = 2 * 1024 * 1024 * 1024;
const PAGE = 4096;
/** kernel/sched/loadavg.c: FSHIFT, FIXED_1, EXP_1, EXP_5, EXP_15. */
const FSHIFT = 11, FIXED_1 = 1 << FSHIFT;
const EXP = [1884, 2014, 2037];

/** What sysinfo(2) fills in (struct sysinfo; sizes in bytes, mem_unit 1). */
export interface KSysinfo {
  uptime?: number;
  loads?: number[];
  totalram?: number;
  freeram?: number;
  sharedram?: number;
  bufferram?: number;
  totalswap?: number;
  freeswap?: number;
  procs?: number;
  totalhigh?: number;
  freehigh?: number;
  memUnit?: number;
}

/** avenrun and the next LOAD_FREQ boundary (virtual ns). */
interface LoadAvg { avenrun: number[]; next: number }
const loadAvgs = new WeakMap<Kernel, LoadAvg>();

/** calc_load: one exponential step in fixed point (kernel/sched/loadavg.c). */
function calcLoad(load: number, exp: number, active: number): number {
  let newload = load * exp + active * (FIXED_1 - exp);
  if (active >= load) newload += FIXED_1 - 1;
  return Math.floor(newload / FIXED_1);
}

function activeTasks(k: Kernel, reader: Task | null): number {
  let n = 0;
  for (const t of k.tasks.values()) if (t !== reader && (t.state === TASK_RUNNING || t.state === TASK_UNINTERRUPTIBLE)) n++;
  return n;
}

/** calc_global_load for every LOAD_FREQ boundary up to now; avenrun in FSHIFT fixed point. */
export function avenrun(k: Kernel, reader: Task | null = null): number[] {
  const loadFreq = 5e9 + 1e9 / k.costs.hz;
  let la = loadAvgs.get(k);
  if (la === undefined) { la = { avenrun: [0, 0, 0], next: loadFreq }; loadAvgs.set(k, la); }
  if (k.now >= la.next) {
    const active = activeTasks(k, reader) * FIXED_1;
    for (; k.now >= la.next; la.next += loadFreq) la.avenrun = la.avenrun.map((l, i) => calcLoad(l, EXP[i]!, active));
  }
  return la.avenrun;
}

/** Bytes the address spaces hold resident (each mm once, however many tasks share it). */
function usedBytes(k: Kernel): number {
  const mms = new Set<Mm>();
  for (const t of k.tasks.values()) if (t.mm !== null) mms.add(t.mm);
  let used = 0;
  for (const mm of mms) used += mm.rss * PAGE;
  return used;
}

/** sysinfo(info). */
export function sysSysinfo(k: Kernel, t: Task, out: KSysinfo): number {
  const used = usedBytes(k);
  out.uptime = Math.ceil(k.now / 1e9);
  out.loads = avenrun(k, t).map((l) => l << (16 - FSHIFT)); // SI_LOAD_SHIFT 16
  out.totalram = LAB_TOTALRAM;
  out.freeram = Math.max(0, LAB_TOTALRAM - used);
  out.sharedram = 0;
  out.bufferram = 0;
  out.totalswap = 0;
  out.freeswap = 0;
  out.procs = Math.min(k.tasks.size, 0xffff);
  out.totalhigh = 0;
  out.freehigh = 0;
  out.memUnit = 1;
  return 0;
}
