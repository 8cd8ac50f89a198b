/**
 * atomics.ts — C's atomic operations are indivisible in the lab, as a lock-prefixed
 * instruction is on x86: no other thread runs between the load and the store of a
 * test-and-set, a compare-and-swap or a fetch-and-add.
 *
 * Why this exists: wasm32 without the atomics feature is a single-threaded target, so clang
 * lowers `__sync_lock_test_and_set`, `__sync_val_compare_and_swap`, `atomic_fetch_add`, an
 * `_Atomic` counter's `++` ... to a plain load and a plain store — right for one thread, but
 * the lab preempts user code between any two stores (instrument.ts), so a thread could load
 * a spin lock's flag, lose the CPU, and store 1 after the holder released it: a lock held by
 * nobody, and every thread spinning for ever. User code is therefore compiled with the atomics
 * feature (build.ts), where each such operation is one instruction of the threads proposal,
 * and here each is rewritten into plain loads and stores with no preemption point inside.
 * The result keeps the instruction's meaning on a non-shared memory: an RMW returns the old
 * value (zero-extended for 8/16/32-bit forms), cmpxchg stores only when the old value equals
 * the expected one (both wrapped to the width), notify wakes no one (returns 0), wait traps,
 * and a fence orders nothing that needs ordering (tasks run one at a time).
 *
 * The "a store ran" flag (spin.ts) is set by an RMW or cmpxchg only when it changed memory:
 * a thread spinning on `while (__sync_lock_test_and_set(&f, 1)) ;` stores 1 over 1, which
 * changes nothing, so the spin detector can recognise the loop as waiting on another thread.
 *
 * Simplifies: a misaligned atomic access does not trap (on x86 it works, as a split lock);
 * the rewritten sequence is counted as the one instruction it replaces.
 */

import { Reader, sleb, uleb } from './wasm_binary.js';

/** Opcode prefix of the threads proposal's instructions. */
export const ATOMIC_PREFIX = 0xfe;

const NOTIFY = 0x00, WAIT32 = 0x01, WAIT64 = 0x02, FENCE = 0x03;
const LOAD_FIRST = 0x10, STORE_FIRST = 0x17, RMW_FIRST = 0x1e, CMPXCHG_FIRST = 0x48, LAST = 0x4e;

/**
 * Each group of loads, stores and RMW operations lists its seven forms in this order:
 * i32, i64, i32 8-bit, i32 16-bit, i64 8-bit, i64 16-bit, i64 32-bit.
 */
const FORMS: { i64: boolean; bits: number; load: number; store: number }[] = [
  { i64: false, bits: 32, load: 0x28, store: 0x36 },
  { i64: true, bits: 64, load: 0x29, store: 0x37 },
  { i64: false, bits: 8, load: 0x2d, store: 0x3a },
  { i64: false, bits: 16, load: 0x2f, store: 0x3b },
  { i64: true, bits: 8, load: 0x31, store: 0x3c },
  { i64: true, bits: 16, load: 0x33, store: 0x3d },
  { i64: true, bits: 32, load: 0x35, store: 0x3e },
];

/** The arithmetic of add, sub, and, or, xor (i32, i64); xchg (index 5) has none. */
const OPS: [number, number][] = [[0x6a, 0x7c], [0x6b, 0x7d], [0x71, 0x83], [0x72, 0x84], [0x73, 0x85]];

/** The sub-opcode of an atomic instruction starting at `start` (its 0xfe byte). */
export function atomicSub(b: Uint8Array, start: number): number {
  return new Reader(b, start + 1).u32();
}

/** Skip an atomic instruction's immediates (the reader is past the 0xfe byte). */
export function skipAtomicImmediates(r: Reader): void {
  const sub = r.u32();
  if (sub === FENCE) { r.byte(); return; }
  if (sub > LAST || (sub > FENCE && sub < LOAD_FIRST)) throw new Error(`instrument: unsupported atomic instruction 0xfe 0x${sub.toString(16)}`);
  const align = r.u32();
  if (align & 0x40) r.u32();
  r.u32();
}

/** Does the atomic instruction write memory (a store, an RMW, a cmpxchg)? */
export function atomicWrites(sub: number): boolean {
  return sub >= STORE_FIRST && sub <= LAST;
}

/** What the rewriting needs from instrument.ts. */
export interface AtomicCtx {
  /** The "a store ran" global, or -1 (library code: it is not tracked there). */
  stored: number;
  /** `if (addr < bound) fault` for the i32 on top of the stack, which stays there; [] for none. */
  nullCheck: (offset: number) => number[];
  /** Temporaries: an address, and value, old and new for each of i32 and i64. */
  addr: number;
  i32: [number, number, number];
  i64: [number, number, number];
}

/** The local types atomicCode's temporaries need, after instrument.ts's own. */
export const ATOMIC_TEMP_TYPES = [0x7f, 0x7f, 0x7f, 0x7e, 0x7e, 0x7e];

const get = (l: number): number[] => [0x20, ...uleb(l)];
const set = (l: number): number[] => [0x21, ...uleb(l)];

/** `value & mask` for a narrow form (nothing for a full-width one). */
function wrap(f: (typeof FORMS)[number]): number[] {
  if (f.bits === 32 && !f.i64) return [];
  if (f.bits === 64) return [];
  const mask = 2 ** f.bits - 1;
  return f.i64 ? [0x42, ...sleb64(BigInt(mask)), 0x83] : [0x41, ...sleb(mask), 0x71];
}

/** A signed LEB128 of a 64-bit constant (wasm_binary's sleb is for 32-bit ones). */
function sleb64(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const x = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (x & 0x40) === 0) || (n === -1n && (x & 0x40) !== 0)) { out.push(x); return out; }
    out.push(x | 0x80);
  }
}

/**
 * The plain instructions that do what the atomic instruction at `start` does. `memarg` is the
 * instruction's alignment and offset bytes, reused by the plain load and store.
 */
export function atomicCode(b: Uint8Array, start: number, end: number, ctx: AtomicCtx): number[] {
  const r = new Reader(b, start + 1);
  const sub = r.u32();
  if (sub === FENCE) return [];
  const memStart = r.pos;
  const align = r.u32();
  if (align & 0x40) r.u32();
  const offset = r.u32();
  const memarg = [...b.subarray(memStart, end)];
  const check = ctx.nullCheck(offset);
  if (sub === NOTIFY) return [0x1a, ...check, 0x1a, 0x41, 0x00]; // drop count; no waiter on an unshared memory
  if (sub === WAIT32 || sub === WAIT64) return [0x00]; // waiting on an unshared memory traps
  if (sub < STORE_FIRST) return [...check, FORMS[sub - LOAD_FIRST].load, ...memarg];
  if (sub < RMW_FIRST) {
    const f = FORMS[sub - STORE_FIRST];
    const [v] = f.i64 ? ctx.i64 : ctx.i32;
    const mark = ctx.stored >= 0 ? [0x41, 0x01, 0x24, ...uleb(ctx.stored)] : [];
    return [...set(v), ...check, ...get(v), ...mark, f.store, ...memarg];
  }
  if (sub < CMPXCHG_FIRST) return rmw(sub - RMW_FIRST, memarg, check, ctx);
  return cmpxchg(FORMS[sub - CMPXCHG_FIRST], memarg, check, ctx);
}

/** old = load; store(old OP v); old — with `stored` set if the value changed. */
function rmw(k: number, memarg: number[], check: number[], ctx: AtomicCtx): number[] {
  const f = FORMS[k % 7];
  const op = Math.floor(k / 7);
  const [v, old, nw] = f.i64 ? ctx.i64 : ctx.i32;
  const a = ctx.addr;
  const value = op === 5 ? [...get(v)] : [...get(old), ...get(v), OPS[op][f.i64 ? 1 : 0]];
  return [
    ...set(v), ...check, ...set(a),
    ...get(a), f.load, ...memarg, ...set(old),
    ...value, ...wrap(f), ...set(nw),
    ...get(a), ...get(nw), f.store, ...memarg,
    ...changed(f, old, nw, ctx), ...get(old),
  ];
}

/** old = load; store(old == expected ? replacement : old); old. */
function cmpxchg(f: (typeof FORMS)[number], memarg: number[], check: number[], ctx: AtomicCtx): number[] {
  const [expected, old, nw] = f.i64 ? ctx.i64 : ctx.i32;
  const a = ctx.addr;
  return [
    ...wrap(f), ...set(nw), ...wrap(f), ...set(expected), ...check, ...set(a),
    ...get(a), f.load, ...memarg, ...set(old),
    ...get(nw), ...get(old), ...get(old), ...get(expected), f.i64 ? 0x51 : 0x46, 0x1b, ...set(nw),
    ...get(a), ...get(nw), f.store, ...memarg,
    ...changed(f, old, nw, ctx), ...get(old),
  ];
}

/** `stored |= (new != old)` (user code only). */
function changed(f: (typeof FORMS)[number], old: number, nw: number, ctx: AtomicCtx): number[] {
  if (ctx.stored < 0) return [];
  const g = uleb(ctx.stored);
  return [0x23, ...g, ...get(nw), ...get(old), f.i64 ? 0x52 : 0x47, 0x72, 0x24, ...g];
}
