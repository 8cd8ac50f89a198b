/**
 * instrument.ts — C code costs virtual time in proportion to the work it does, and the
 * scheduler can take the CPU from a C loop.
 *
 * Models: a CPU executing instructions, and the timer interrupt. Every function of the linked
 * module is rewritten (before Asyncify) so that each straight-line segment of code — from a
 * function's entry, a block, loop, if or else, the end of one, or a conditional branch's fall-
 * through, to the next such point — first subtracts its number of WebAssembly instructions
 * from a global fuel counter (`__lab_fuel`, exported). The host reads how much was used at
 * every library call and charges it as CPU time (Libc.compute_instructions: the cost model's
 * ns per instruction), so a busy loop shows up in the times.
 *
 * In the user's own functions (link_check.ts finds them) each segment also checks the fuel:
 * below zero, it calls the lab's `preempt` import, which charges the work done so far — a CPU
 * burst the scheduler may cut at the end of the time slice, letting another thread run before
 * this one continues. Stores start a segment too, so a thread can be preempted between the
 * load and the store of `counter++`: a race on an unprotected counter loses updates, as on
 * real hardware. wasi-libc's and the runtime's code is counted but never preempted (it is
 * not locked against it: stdio buffers, malloc).
 *
 * Simplifies: an instruction is an instruction (a division costs what an add does); a
 * segment is charged whole even when a branch leaves it early.
 */

import {
  parseModule, Reader, uleb, sleb, section, rebuild, nameBytes,
  SEC_TYPE, SEC_FUNCTION, SEC_GLOBAL, SEC_EXPORT, SEC_CODE, KIND_FUNC, KIND_GLOBAL, type WasmModule,
} from './wasm_binary.js';
import { LAB_MODULE } from './abi.js';

/**
 * The exported fuel global, the "a store ran" flag (set before each store of user code: a
 * loop that stores is never taken for a spin: see spin.ts), and the instructions a thread may
 * run between checks.
 */
export const FUEL_EXPORT = '__lab_fuel';
export const STORED_EXPORT = '__lab_stored';
/**
 * Two functions the host calls instead of touching WebAssembly.Global objects, whose `value`
 * is slow to read and write from JavaScript: __lab_get_regs(ptr) stores the stack pointer,
 * the fuel and the stored flag at ptr; __lab_set_regs(sp, fuel) sets the first two and clears
 * the flag.
 */
export const GET_REGS_EXPORT = '__lab_get_regs';
export const SET_REGS_EXPORT = '__lab_set_regs';
export const FUEL_BUDGET = 10_000;
const PREEMPT_IMPORT = 'preempt';

interface Instr {
  start: number;
  end: number;
  op: number;
}

/** Skip one instruction's immediates; throws for an opcode the lab does not expect. */
function skipImmediates(r: Reader, op: number): void {
  if (op === 0x02 || op === 0x03 || op === 0x04) { blockType(r); return; }
  if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0x12 || (op >= 0x20 && op <= 0x26) || op === 0xd2) { r.u32(); return; }
  if (op === 0x0e) { for (let n = r.u32(); n >= 0; n--) r.u32(); return; }
  if (op === 0x11 || op === 0x13) { r.u32(); r.u32(); return; }
  if (op === 0x1c) { for (let n = r.u32(); n > 0; n--) r.byte(); return; }
  if (op >= 0x28 && op <= 0x3e) { const align = r.u32(); if (align & 0x40) r.u32(); r.u32(); return; }
  if (op === 0x3f || op === 0x40) { r.u32(); return; }
  if (op === 0x41 || op === 0x42) { r.skipLeb(); return; }
  if (op === 0x43) { r.pos += 4; return; }
  if (op === 0x44) { r.pos += 8; return; }
  if (op === 0xd0) { r.skipLeb(); return; }
  if (op === 0xfc) { fcImmediates(r, r.u32()); return; }
  if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4)) return;
  throw new Error(`instrument: unsupported WebAssembly opcode 0x${op.toString(16)} (SIMD, atomics or exceptions?)`);
}

function blockType(r: Reader): void {
  const b = r.b[r.pos];
  if (b === 0x40 || b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c || b === 0x7b || b === 0x70 || b === 0x6f) r.pos++;
  else r.skipLeb();
}

function fcImmediates(r: Reader, sub: number): void {
  if (sub <= 7) return;
  if (sub === 8 || sub === 10 || sub === 12 || sub === 14) { r.u32(); r.u32(); return; }
  if (sub === 9 || sub === 11 || sub === 13 || sub >= 15) { r.u32(); return; }
}

/** The instructions of a body (after its locals). */
function decode(b: Uint8Array, from: number, to: number): Instr[] {
  const r = new Reader(b, from);
  const out: Instr[] = [];
  while (r.pos < to) {
    const start = r.pos;
    const op = r.byte();
    skipImmediates(r, op);
    out.push({ start, end: r.pos, op });
  }
  return out;
}

const isStore = (i: Instr, b: Uint8Array): boolean =>
  (i.op >= 0x36 && i.op <= 0x3e) || (i.op === 0xfc && (b[i.start + 1] === 10 || b[i.start + 1] === 11));

/** Where new segments start: entry, after block/loop/if/else/end/br_if, and (user code) at stores. */
function segmentStarts(code: Instr[], b: Uint8Array, user: boolean): Set<number> {
  const starts = new Set<number>([0]);
  code.forEach((ins, i) => {
    if (i + 1 < code.length && [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0d].includes(ins.op)) starts.add(i + 1);
    if (user && isStore(ins, b)) starts.add(i);
  });
  return starts;
}

function charge(fuel: number, n: number, check: number[]): number[] {
  const g = uleb(fuel);
  return [0x23, ...g, 0x41, ...sleb(n), 0x6b, 0x24, ...g, ...check];
}

/** `stored = 1`. */
function markStore(stored: number): number[] {
  return [0x41, 0x01, 0x24, ...uleb(stored)];
}

/** `if (fuel < 0) preempt(which)`: `which` is the function's place in the user-function list. */
function checkCode(fuel: number, preempt: number, which: number): number[] {
  return [0x23, ...uleb(fuel), 0x41, 0x00, 0x48, 0x04, 0x40, 0x41, ...sleb(which), 0x10, ...uleb(preempt), 0x0b];
}

/** `user` is the function's place in the user-function list, or -1 for library code. */
function instrumentBody(m: WasmModule, i: number, fuel: number, preempt: number, which: number): number[] {
  const user = which >= 0;
  const stored = fuel + 1;
  const b = m.bytes;
  const body = m.bodies[i];
  const r = new Reader(b, body.start);
  for (let n = r.u32(); n > 0; n--) { r.u32(); r.byte(); }
  const localsEnd = r.pos;
  const code = decode(b, localsEnd, body.end);
  const starts = segmentStarts(code, b, user);
  const check = user ? checkCode(fuel, preempt, which) : [];
  const at = [...starts].sort((x, y) => x - y);
  const segLen = new Map<number, number>();
  at.forEach((k, j) => segLen.set(k, (j + 1 < at.length ? at[j + 1] : code.length) - k));
  const out: number[] = [...b.subarray(body.start, localsEnd)];
  code.forEach((ins, k) => {
    const n = segLen.get(k);
    if (n !== undefined) out.push(...charge(fuel, n, check));
    if (user && isStore(ins, b)) out.push(...markStore(stored));
    for (let p = ins.start; p < ins.end; p++) out.push(b[p]);
  });
  return [...uleb(out.length), ...out];
}

/** The global section with two more `(global (mut i32) (i32.const 0))`: fuel and stored. */
function globalSection(m: WasmModule): number[] {
  const s = m.sections.find((x) => x.id === SEC_GLOBAL)!;
  const r = new Reader(m.bytes, s.start);
  const count = r.u32();
  const g = [0x7f, 0x01, 0x41, 0x00, 0x0b];
  return [...uleb(count + 2), ...m.bytes.subarray(r.pos, s.end), ...g, ...g];
}

function exportSection(m: WasmModule, fuel: number, getRegs: number): number[] {
  const s = m.sections.find((x) => x.id === SEC_EXPORT)!;
  const r = new Reader(m.bytes, s.start);
  const count = r.u32();
  return [
    ...uleb(count + 4), ...m.bytes.subarray(r.pos, s.end),
    ...nameBytes(FUEL_EXPORT), KIND_GLOBAL, ...uleb(fuel), ...nameBytes(STORED_EXPORT), KIND_GLOBAL, ...uleb(fuel + 1),
    ...nameBytes(GET_REGS_EXPORT), KIND_FUNC, ...uleb(getRegs), ...nameBytes(SET_REGS_EXPORT), KIND_FUNC, ...uleb(getRegs + 1),
  ];
}

/** Append `extra` entries (already encoded) to a vector section. */
function appendVector(m: WasmModule, id: number, extra: number[][]): number[] {
  const s = m.sections.find((x) => x.id === id)!;
  const r = new Reader(m.bytes, s.start);
  const count = r.u32();
  return [...uleb(count + extra.length), ...m.bytes.subarray(r.pos, s.end), ...extra.flat()];
}

function typeCount(m: WasmModule): number {
  const s = m.sections.find((x) => x.id === SEC_TYPE)!;
  return new Reader(m.bytes, s.start).u32();
}

/** The bodies of __lab_get_regs(ptr) and __lab_set_regs(sp, fuel). */
function regsBodies(sp: number, fuel: number): number[][] {
  const store = (g: number, off: number): number[] => [0x20, 0x00, 0x23, ...uleb(g), 0x36, 0x02, ...uleb(off)];
  const get = [0x00, ...store(sp, 0), ...store(fuel, 4), ...store(fuel + 1, 8), 0x0b];
  const set = [0x00, 0x20, 0x00, 0x24, ...uleb(sp), 0x20, 0x01, 0x24, ...uleb(fuel), 0x41, 0x00, 0x24, ...uleb(fuel + 1), 0x0b];
  return [[...uleb(get.length), ...get], [...uleb(set.length), ...set]];
}

/**
 * Instrument a linked module; `userFunctions` are function indices of the user's code, and a
 * preemption point passes its function's place in that list (indices change in Asyncify).
 */
export function instrument(wasm: Uint8Array, userFunctions: number[]): Uint8Array {
  const m = parseModule(wasm);
  let preempt = -1;
  let fi = 0;
  for (const imp of m.imports) {
    if (imp.kind !== KIND_FUNC) continue;
    if (imp.module === LAB_MODULE && imp.name === PREEMPT_IMPORT) preempt = fi;
    fi++;
  }
  if (preempt < 0) throw new Error('instrument: the runtime does not import threadlab.preempt');
  const fuel = m.globalImports + m.globals.length;
  const sp = m.exports.find((e) => e.kind === KIND_GLOBAL && e.name === '__stack_pointer')?.index;
  if (sp === undefined) throw new Error('instrument: __stack_pointer is not exported');
  const which = new Map(userFunctions.map((f, k) => [f, k]));
  const bodies: number[] = [];
  m.bodies.forEach((_, i) => bodies.push(...instrumentBody(m, i, fuel, preempt, which.get(m.funcImports + i) ?? -1)));
  bodies.push(...regsBodies(sp, fuel).flat());
  const types = typeCount(m);
  const getRegs = m.funcImports + m.bodies.length;
  const replace = new Map<number, Uint8Array>();
  m.sections.forEach((s, idx) => {
    if (s.id === SEC_TYPE) replace.set(idx, section(SEC_TYPE, appendVector(m, SEC_TYPE, [[0x60, 1, 0x7f, 0], [0x60, 2, 0x7f, 0x7f, 0]])));
    if (s.id === SEC_FUNCTION) replace.set(idx, section(SEC_FUNCTION, appendVector(m, SEC_FUNCTION, [uleb(types), uleb(types + 1)])));
    if (s.id === SEC_GLOBAL) replace.set(idx, section(SEC_GLOBAL, globalSection(m)));
    if (s.id === SEC_EXPORT) replace.set(idx, section(SEC_EXPORT, exportSection(m, fuel, getRegs)));
    if (s.id === SEC_CODE) replace.set(idx, section(SEC_CODE, [...uleb(m.bodies.length + 2), ...bodies]));
  });
  return rebuild(m, replace);
}
