/**
 * atomics_lowering.test.ts — clib/host/atomics.ts rewrites every atomic load, store, RMW and
 * cmpxchg of the threads proposal into plain instructions that mean the same: checked against
 * V8 running the atomic instruction itself (on an unshared memory, where it is valid), for all
 * 7 forms of each (i32, i64, 8/16/32-bit zero-extended), on values that exercise the wrap to
 * the width; and "a store ran" is set exactly when the memory changed (spin.ts relies on it).
 */

import { describe, it, expect } from 'vitest';
import { atomicCode, ATOMIC_TEMP_TYPES, type AtomicCtx } from '../../clib/host/atomics.js';
import { uleb, nameBytes } from '../../clib/host/wasm_binary.js';

const I32 = 0x7f, I64 = 0x7e;
const FORM_TYPES = [I32, I64, I32, I32, I64, I64, I64];
const FORM_BITS = [32, 64, 8, 16, 8, 16, 32];
const OFFSET = 8;
const ADDR = 64;

/** (kind, sub-opcode, form index) of every atomic memory instruction but notify/wait. */
function instructions(): { name: string; sub: number; form: number; operands: number }[] {
  const out: { name: string; sub: number; form: number; operands: number }[] = [];
  for (let f = 0; f < 7; f++) {
    out.push({ name: `load form ${f}`, sub: 0x10 + f, form: f, operands: 1 });
    out.push({ name: `store form ${f}`, sub: 0x17 + f, form: f, operands: 2 });
    ['add', 'sub', 'and', 'or', 'xor', 'xchg'].forEach((op, k) => out.push({ name: `rmw ${op} form ${f}`, sub: 0x1e + 7 * k + f, form: f, operands: 2 }));
    out.push({ name: `cmpxchg form ${f}`, sub: 0x48 + f, form: f, operands: 3 });
  }
  return out;
}

const sec = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/**
 * A module exporting `f(addr, x, y)` that runs the atomic instruction (or its rewriting) on
 * `operands` of (addr, x, y) and returns its result (0 for a store), a memory and the stored flag.
 */
function moduleFor(sub: number, form: number, operands: number, lowered: boolean): Uint8Array {
  const t = FORM_TYPES[form];
  const align = Math.log2(FORM_BITS[form] / 8);
  const instr = [0xfe, ...uleb(sub), ...uleb(align), ...uleb(OFFSET)];
  const ctx: AtomicCtx = { stored: 0, nullCheck: () => [], addr: 3, i32: [4, 5, 6], i64: [7, 8, 9] };
  const op = lowered ? atomicCode(Uint8Array.from(instr), 0, instr.length, ctx) : instr;
  const args = [0x20, 0, ...(operands > 1 ? [0x20, 1] : []), ...(operands > 2 ? [0x20, 2] : [])];
  const store = sub >= 0x17 && sub < 0x1e;
  const zero = t === I64 ? [0x42, 0] : [0x41, 0];
  const locals = [...uleb(1 + ATOMIC_TEMP_TYPES.length), 1, I32, ...ATOMIC_TEMP_TYPES.flatMap((x) => [1, x])];
  const body = [...locals, ...args, ...op, ...(store ? zero : []), 0x0b];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...sec(1, vec([[0x60, 3, I32, t, t, 1, t]])),
    ...sec(3, vec([[0]])),
    ...sec(5, vec([[0x00, 1]])),
    ...sec(6, vec([[I32, 1, 0x41, 0, 0x0b]])),
    ...sec(7, vec([[...nameBytes('f'), 0, 0], [...nameBytes('mem'), 2, 0], [...nameBytes('stored'), 3, 0]])),
    ...sec(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

interface Run { result: string; memory: string; changed: boolean; stored: number }

type Exports = { f: (...a: unknown[]) => unknown; mem: WebAssembly.Memory; stored: WebAssembly.Global };

function instance(wasm: Uint8Array): Exports {
  return new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as unknown as Exports;
}

function run(ex: Exports, before: bigint, x: bigint, y: bigint, i64: boolean): Run {
  const view = new DataView(ex.mem.buffer);
  for (let i = 0; i < 32; i += 8) view.setBigUint64(ADDR + i, 0n, true);
  view.setBigUint64(ADDR + OFFSET, before, true);
  view.setBigUint64(ADDR + OFFSET + 8, 0xdeadbeefcafef00dn, true);
  ex.stored.value = 0;
  const bytes = (): string => Buffer.from(new Uint8Array(ex.mem.buffer, ADDR, 32)).toString('hex');
  const initial = bytes();
  const arg = (v: bigint): unknown => (i64 ? BigInt.asIntN(64, v) : Number(BigInt.asIntN(32, v)));
  const result = String(ex.f(ADDR, arg(x), arg(y)));
  const memory = bytes();
  return { result, memory, changed: memory !== initial, stored: ex.stored.value as number };
}

const VALUES = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x1ffn, 0xffffn, 0x12345678n, 0xffffffffn, 0x8000000000000001n, 0xa5a5a5a5a5a5a5a5n, 0xffffffffffffffffn];

describe('atomics.ts: plain instructions that do what each atomic instruction does', () => {
  it.each(instructions())('$name matches V8\'s atomic instruction, and marks a store only when memory changed', ({ sub, form, operands }) => {
    const atomic = instance(moduleFor(sub, form, operands, false));
    const plain = instance(moduleFor(sub, form, operands, true));
    const i64 = FORM_TYPES[form] === I64;
    const cmpxchg = sub >= 0x48;
    let n = 0;
    for (const before of VALUES) {
      for (const x of VALUES) {
        // cmpxchg's (expected, replacement): another value, the one in memory, and one equal to it
        // only in the low 16 bits (a match for the 8- and 16-bit forms, which wrap it)
        const pairs = cmpxchg ? [[x, 0x42n], [before, x], [before ^ (1n << 20n), x]] : [[x, 5n]];
        for (const [a, b] of pairs) {
          const want = run(atomic, before, a, b, i64);
          const got = run(plain, before, a, b, i64);
          expect({ result: got.result, memory: got.memory }, `${before} ${a} ${b}`).toEqual({ result: want.result, memory: want.memory });
          const marks = sub >= 0x1e ? want.changed : sub >= 0x17;
          expect(got.stored, `stored after ${before} ${a} ${b}`).toBe(marks ? 1 : 0);
          if (cmpxchg && want.changed) n++;
        }
      }
    }
    if (cmpxchg) expect(n).toBeGreaterThan(10); // the successful exchanges were tried too
  });

  it('a fence is nothing, notify wakes no one (0), a wait traps: as on an unshared memory', () => {
    const ctx: AtomicCtx = { stored: 0, nullCheck: () => [], addr: 3, i32: [4, 5, 6], i64: [7, 8, 9] };
    expect(atomicCode(Uint8Array.from([0xfe, 0x03, 0x00]), 0, 3, ctx)).toEqual([]);
    expect(atomicCode(Uint8Array.from([0xfe, 0x00, 2, 0]), 0, 4, ctx)).toEqual([0x1a, 0x1a, 0x41, 0x00]);
    expect(atomicCode(Uint8Array.from([0xfe, 0x01, 2, 0]), 0, 4, ctx)).toEqual([0x00]);
  });
});
