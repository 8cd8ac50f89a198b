/**
 * affinity.ts — CPU affinity and the concurrency hint from C (clib/runtime/affinity.c), each
 * the chosen library's call.
 *
 * Models glibc's wrappers: sched_setaffinity reads the caller's `size` bytes of cpu_set_t (the
 * kernel reads no more than that); sched_getaffinity fails with EINVAL when `size` bytes
 * cannot hold every CPU (the kernel's len * 8 < nr_cpu_ids test; wasm32's 4-byte long makes
 * the kernel's multiple-of-sizeof(long) test meaningless here), else writes the mask and zeroes
 * the rest of the caller's set; the pthread_ variants return the error number; sched_getcpu is
 * the vDSO's. A set is little-endian bytes, CPU n at bit n % 8 of byte n / 8 (glibc's
 * unsigned long words on a little-endian machine), and the library's cpu set is a bigint.
 */

import type { Libc, Sim, Ref } from '../../libs/api.js';
import { EINVAL } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';

const AFF_SCHED_SET = 0, AFF_SCHED_GET = 1, AFF_PTHREAD_SET = 2, AFF_PTHREAD_GET = 3;

/** The first `size` bytes at `at` as a cpu set. */
export function loadCpuSet(p: CProcess, at: number, size: number): bigint {
  const u8 = p.u8();
  let m = 0n;
  for (let i = Math.min(size, 1 << 12) - 1; i >= 0; i--) m = (m << 8n) | BigInt(u8[at + i]);
  return m;
}

/** Store `m` in `size` bytes at `at` (zeroing what it does not reach, as glibc's memset). */
function storeCpuSet(p: CProcess, at: number, size: number, m: bigint): void {
  const u8 = p.u8();
  for (let i = 0; i < size; i++, m >>= 8n) u8[at + i] = Number(m & 0xffn);
}

function* opAffinity(p: CProcess, a: Activation): Sim<number> {
  const [op, who, size, at] = [a.a0, a.a1, a.a2 >>> 0, a.a3];
  const l: Libc = p.libc;
  const out: Ref<bigint> = { value: 0n };
  if (op === AFF_SCHED_SET || op === AFF_PTHREAD_SET) {
    const m = loadCpuSet(p, at, size);
    if (op === AFF_PTHREAD_SET) return yield* l.pthread_setaffinity_np(who >>> 0, m);
    return failed(p, a, yield* l.sched_setaffinity(who, m));
  }
  const tooSmall = size * 8 < (yield* l.get_nprocs());
  if (op === AFF_PTHREAD_GET) {
    const e = tooSmall ? EINVAL : yield* l.pthread_getaffinity_np(who >>> 0, out);
    if (e === 0) storeCpuSet(p, at, size, out.value);
    return e;
  }
  if (tooSmall) { a.thread.errno = EINVAL; return -1; }
  const r = yield* l.sched_getaffinity(who, out);
  if (r === 0) storeCpuSet(p, at, size, out.value);
  return failed(p, a, r);
}

/** A system-call wrapper's -1: the calling C thread's errno (Linux's numbers, as every lab call). */
function failed(p: CProcess, a: Activation, r: number): number {
  if (r === -1) a.thread.errno = p.libc.errno;
  return r;
}

function* opGetcpu(p: CProcess): Sim<number> {
  return yield* p.libc.sched_getcpu();
}

/** The run's CPUs (--cpus): glibc reads /sys/devices/system/cpu/online; the lab asks its kernel. */
function* opNprocs(p: CProcess): Sim<number> {
  return yield* p.libc.get_nprocs();
}

function* opConcurrency(p: CProcess, a: Activation): Sim<number> {
  if (a.a0 === 1) return yield* p.libc.pthread_getconcurrency();
  return yield* p.libc.pthread_setconcurrency(a.a1);
}

export function affinityImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    affinity: (op, who, size, set) => suspend(p, opAffinity, op, who, size, set),
    getcpu: () => suspend(p, opGetcpu),
    nprocs: () => suspend(p, opNprocs),
    concurrency: (op, level) => suspend(p, opConcurrency, op, level),
  };
}
