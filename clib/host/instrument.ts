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
 * real hardware. An atomic instruction (the user's code is compiled with the atomics feature)
 * is rewritten into plain ones with no check inside (atomics.ts), so `__sync_lock_test_and_set`
 * stays indivisible. wasi-libc's and the runtime's code is counted but never preempted (it is
 * not locked against it: stdio buffers, malloc).
 *
 * Two checks make C's silent memory errors the faults they are on Linux: every store to the
 * stack pointer is compared with the running thread's stack limit (a global the host sets: a
 * thread's stack block, or above the null page for the main thread), and every load and store
 * of user code with its effective address below NULL_PAGE (a null pointer, plus an offset) —
 * each calls the runtime's __lab_stack_fault / __lab_null_fault, which the host reports as
 * SIGSEGV naming the C function (traps.ts).
 *
 * Simplifies: an instruction is an instruction (a division costs what an add does); a
 * segment is charged whole even when a branch leaves it early; wasi-libc's loads and stores
 * are not checked for null (strlen(NULL) reads the zeroed null page).
 */

import {
  parseModule, Reader, uleb, sleb, section, rebuild, nameBytes,
  SEC_TYPE, SEC_FUNCTION, SEC_GLOBAL, SEC_EXPORT, SEC_CODE, KIND_FUNC, KIND_GLOBAL, type WasmModule,
} from './wasm_binary.js';
import { LAB_MODULE } from './abi.js';
import {
  ATOMIC_PREFIX, ATOMIC_TEMP_TYPES, atomicCode, atomicSub, atomicWrites, skipAtomicImmediates, type AtomicCtx,
} from './atomics.js';

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
  if (op === ATOMIC_PREFIX) { skipAtomicImmediates(r); return; }
  if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4)) return;
  throw new Error(`instrument: unsupported WebAssembly opcode 0x${op.toString(16)} (SIMD or exceptions?)`);
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
  (i.op >= 0x36 && i.op <= 0x3e) || (i.op === 0xfc && (b[i.start + 1] === 10 || b[i.start + 1] === 11)) ||
  (i.op === ATOMIC_PREFIX && atomicWrites(atomicSub(b, i.start)));

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

/** What instrumentBody needs to know about the module. */
interface Ctx {
  fuel: number;
  stored: number;
  limit: number;
  sp: number;
  preempt: number;
  stackFault: number;
  nullFault: number;
}

/** Addresses below this are the null page: never mapped for C (the main stack stops above it). */
export const NULL_PAGE = 4096;

/** Store opcodes and the type of the value they store (i32 0x7f, i64 0x7e, f32 0x7d, f64 0x7c). */
const STORE_TYPE: Record<number, number> = {
  0x36: 0x7f, 0x37: 0x7e, 0x38: 0x7d, 0x39: 0x7c, 0x3a: 0x7f, 0x3b: 0x7f, 0x3c: 0x7e, 0x3d: 0x7e, 0x3e: 0x7e,
};

/** The temporaries appended to a function's locals: an address and one per value type. */
const TEMP_TYPES = [0x7f, 0x7f, 0x7e, 0x7d, 0x7c];

/** `if (x < bound) call fault` for the i32 on top of the stack, which stays there. */
function below(tmp: number, bound: number[], fault: number, signed = false): number[] {
  return [0x22, ...uleb(tmp), 0x20, ...uleb(tmp), ...bound, signed ? 0x48 : 0x49, 0x04, 0x40, 0x10, ...uleb(fault), 0x0b];
}

/** Before a load or store of user code: a null-page check of its effective address. */
function nullCheck(b: Uint8Array, ins: Instr, ctx: Ctx, temp: (t: number) => number): number[] {
  const r = new Reader(b, ins.start + 1);
  const align = r.u32();
  if (align & 0x40) r.u32();
  const offset = r.u32();
  if (offset >= NULL_PAGE) return [];
  const bound = [0x41, ...sleb(NULL_PAGE - offset)];
  const vt = STORE_TYPE[ins.op];
  if (vt === undefined) return below(temp(0), bound, ctx.nullFault);
  const v = temp(TEMP_TYPES.indexOf(vt, 1));
  return [0x21, ...uleb(v), ...below(temp(0), bound, ctx.nullFault), 0x20, ...uleb(v)];
}

/**
 * What atomics.ts needs to rewrite a function's atomic instructions: the stored flag (user
 * code), the null check, and temporaries after TEMP_TYPES's.
 */
function atomicCtx(ctx: Ctx, user: boolean, temp: (t: number) => number): AtomicCtx {
  const n = TEMP_TYPES.length;
  const bound = (offset: number): number[] =>
    user && offset < NULL_PAGE ? below(temp(0), [0x41, ...sleb(NULL_PAGE - offset)], ctx.nullFault) : [];
  return {
    stored: user ? ctx.stored : -1, nullCheck: bound, addr: temp(1),
    i32: [temp(n), temp(n + 1), temp(n + 2)], i64: [temp(n + 3), temp(n + 4), temp(n + 5)],
  };
}

/** `user` is the function's place in the user-function list, or -1 for library code. */
function instrumentBody(m: WasmModule, i: number, ctx: Ctx, which: number): number[] {
  const user = which >= 0;
  const b = m.bytes;
  const body = m.bodies[i];
  const r = new Reader(b, body.start);
  const groups = r.u32();
  const groupsStart = r.pos;
  let locals = m.typeParams[m.funcTypes[i]];
  if (locals === undefined) throw new Error('instrument: the module\'s type section was not read');
  for (let n = groups; n > 0; n--) { locals += r.u32(); r.byte(); }
  const localsEnd = r.pos;
  const temp = (t: number): number => locals + t;
  const code = decode(b, localsEnd, body.end);
  const starts = segmentStarts(code, b, user);
  const check = user ? checkCode(ctx.fuel, ctx.preempt, which) : [];
  const at = [...starts].sort((x, y) => x - y);
  const segLen = new Map<number, number>();
  at.forEach((k, j) => segLen.set(k, (j + 1 < at.length ? at[j + 1] : code.length) - k));
  const atomic = code.some((ins) => ins.op === ATOMIC_PREFIX) ? atomicCtx(ctx, user, temp) : null;
  const temps = atomic === null ? TEMP_TYPES : [...TEMP_TYPES, ...ATOMIC_TEMP_TYPES];
  const out: number[] = [...uleb(groups + temps.length), ...b.subarray(groupsStart, localsEnd)];
  for (const t of temps) out.push(1, t);
  code.forEach((ins, k) => {
    const n = segLen.get(k);
    if (n !== undefined) out.push(...charge(ctx.fuel, n, check));
    if (atomic !== null && ins.op === ATOMIC_PREFIX) { out.push(...atomicCode(b, ins.start, ins.end, atomic)); return; }
    if (user && isStore(ins, b)) out.push(...markStore(ctx.stored));
    if (user && ins.op >= 0x28 && ins.op <= 0x3e) out.push(...nullCheck(b, ins, ctx, temp));
    if (ins.op === 0x24 && new Reader(b, ins.start + 1).u32() === ctx.sp) {
      // Signed: a frame larger than what is left below the stack wraps the pointer past 0,
      // which an unsigned compare would take for a high address (the main thread's stack ends at 0).
      out.push(...below(temp(0), [0x23, ...uleb(ctx.limit)], ctx.stackFault, true));
    }
    for (let p = ins.start; p < ins.end; p++) out.push(b[p]);
  });
  return [...uleb(out.length), ...out];
}

/** The global section with three more `(global (mut i32) (i32.const 0))`: fuel, stored, limit. */
function globalSection(m: WasmModule): number[] {
  const s = m.sections.find((x) => x.id === SEC_GLOBAL)!;
  const r = new Reader(m.bytes, s.start);
  const count = r.u32();
  const g = [0x7f, 0x01, 0x41, 0x00, 0x0b];
  return [...uleb(count + 3), ...m.bytes.subarray(r.pos, s.end), ...g, ...g, ...g];
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

/** The bodies of __lab_get_regs(ptr) and __lab_set_regs(sp, fuel, limit). */
function regsBodies(sp: number, fuel: number): number[][] {
  const store = (g: number, off: number): number[] => [0x20, 0x00, 0x23, ...uleb(g), 0x36, 0x02, ...uleb(off)];
  const get = [0x00, ...store(sp, 0), ...store(fuel, 4), ...store(fuel + 1, 8), 0x0b];
  const set = [0x00, 0x20, 0x00, 0x24, ...uleb(sp), 0x20, 0x01, 0x24, ...uleb(fuel), 0x41, 0x00, 0x24, ...uleb(fuel + 1),
    0x20, 0x02, 0x24, ...uleb(fuel + 2), 0x0b];
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
  const exported = (name: string): number => {
    const e = m.exports.find((x) => x.kind === KIND_FUNC && x.name === name);
    if (e === undefined) throw new Error(`instrument: the runtime does not export ${name}`);
    return e.index;
  };
  const ctx: Ctx = {
    fuel, stored: fuel + 1, limit: fuel + 2, sp, preempt,
    stackFault: exported('__lab_stack_fault'), nullFault: exported('__lab_null_fault'),
  };
  const which = new Map(userFunctions.map((f, k) => [f, k]));
  const bodies: number[] = [];
  m.bodies.forEach((_, i) => bodies.push(...instrumentBody(m, i, ctx, which.get(m.funcImports + i) ?? -1)));
  bodies.push(...regsBodies(sp, fuel).flat());
  const types = typeCount(m);
  const getRegs = m.funcImports + m.bodies.length;
  const replace = new Map<number, Uint8Array>();
  m.sections.forEach((s, idx) => {
    if (s.id === SEC_TYPE) replace.set(idx, section(SEC_TYPE, appendVector(m, SEC_TYPE, [[0x60, 1, 0x7f, 0], [0x60, 3, 0x7f, 0x7f, 0x7f, 0]])));
    if (s.id === SEC_FUNCTION) replace.set(idx, section(SEC_FUNCTION, appendVector(m, SEC_FUNCTION, [uleb(types), uleb(types + 1)])));
    if (s.id === SEC_GLOBAL) replace.set(idx, section(SEC_GLOBAL, globalSection(m)));
    if (s.id === SEC_EXPORT) replace.set(idx, section(SEC_EXPORT, exportSection(m, fuel, getRegs)));
    if (s.id === SEC_CODE) replace.set(idx, section(SEC_CODE, [...uleb(m.bodies.length + 2), ...bodies]));
  });
  return rebuild(m, replace);
}
