/**
 * rlimit.ts — prlimit64 from C (clib/runtime/rlimit.c): the chosen library's prlimit, which is
 * the kernel's (kernel/sys_rlimit.ts).
 *
 * Models: struct rlimit as two 64-bit words; RLIM_INFINITY (all ones, read as -1 or any value
 * of 2^63 and above) is the API's Infinity, and Infinity is stored back as all ones.
 */

import type { Sim, Rlimit } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';

function load(p: CProcess, at: number): number {
  const v = p.loadI64(at);
  return v < 0 ? Infinity : v;
}

function store(p: CProcess, at: number, v: number): void {
  if (v === Infinity) p.storeI64(at, -1);
  else p.storeI64(at, v);
}

function* opPrlimit(p: CProcess, a: Activation): Sim<number> {
  const nv: Rlimit | null = a.a2 === 0 ? null : { cur: load(p, a.a2), max: load(p, a.a2 + 8) };
  const old: { value?: Rlimit } = {};
  const r = yield* p.libc.prlimit(a.a0, a.a1, nv, a.a3 === 0 ? null : old);
  if (r === -1) a.thread.errno = p.libc.errno;
  if (r === 0 && a.a3 !== 0 && old.value) {
    store(p, a.a3, old.value.cur);
    store(p, a.a3 + 8, old.value.max);
  }
  return r;
}

export function rlimitImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return { prlimit: (pid, res, nv, old) => suspend(p, opPrlimit, pid, res, nv, old) };
}
