/**
 * wasm_binary.ts — just enough of the WebAssembly binary format to read what the lab needs
 * from a linked program (imports, exports, globals, function bodies, the name section) and
 * from an object file (the symbols it leaves undefined), and to rebuild a module with some
 * sections replaced.
 *
 * Mirrors: the WebAssembly core specification's binary format (sections 1–12, LEB128) and the
 * tool conventions' "name" custom section (function names). Simplifies: reads only the fields
 * named here; everything else is kept as raw bytes.
 */

export const SEC_CUSTOM = 0, SEC_TYPE = 1, SEC_IMPORT = 2, SEC_FUNCTION = 3, SEC_GLOBAL = 6,
  SEC_EXPORT = 7, SEC_CODE = 10;
export const KIND_FUNC = 0, KIND_TABLE = 1, KIND_MEMORY = 2, KIND_GLOBAL = 3, KIND_TAG = 4;

export class Reader {
  pos: number;
  constructor(readonly b: Uint8Array, pos = 0) {
    this.pos = pos;
  }
  byte(): number {
    return this.b[this.pos++];
  }
  u32(): number {
    let r = 0, shift = 0, x: number;
    do {
      x = this.b[this.pos++];
      r += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80);
    return r;
  }
  /** Skip a signed LEB128 (any width). */
  skipLeb(): void {
    while (this.b[this.pos++] & 0x80);
  }
  s32(): number {
    let r = 0, shift = 0, x: number;
    do {
      x = this.b[this.pos++];
      r |= (x & 0x7f) << shift;
      shift += 7;
    } while (x & 0x80);
    return shift < 32 && (x & 0x40) ? r | (-1 << shift) : r;
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder().decode(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
}

export interface Section {
  id: number;
  /** Custom sections: their name. */
  name: string;
  /** Offset of the section id byte, of the payload, and the payload's end. */
  headerStart: number;
  start: number;
  end: number;
}

export interface WasmImport {
  module: string;
  name: string;
  kind: number;
}

export interface WasmExport {
  name: string;
  kind: number;
  index: number;
}

export interface FunctionBody {
  /** Offset of the body's size field, of its first byte (locals), and its end. */
  sizeAt: number;
  start: number;
  end: number;
}

export interface WasmModule {
  bytes: Uint8Array;
  sections: Section[];
  imports: WasmImport[];
  funcImports: number;
  globalImports: number;
  /** Type index of each defined function. */
  funcTypes: number[];
  /** Defined globals: value type byte and mutability. */
  globals: { type: number; mutable: boolean }[];
  exports: WasmExport[];
  bodies: FunctionBody[];
  /** Function index (imports first) to its name, from the name section. */
  names: Map<number, string>;
  /** Parameter count of each function type (type section). */
  typeParams: number[];
  /** Value type of each function type's first result (0x7f i32 ...), 0 for none. */
  typeResults: number[];
}

export function parseSections(b: Uint8Array): Section[] {
  if (b.length < 8 || b[0] !== 0 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) throw new Error('not a WebAssembly module');
  const r = new Reader(b, 8);
  const out: Section[] = [];
  while (r.pos < b.length) {
    const headerStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    let name = '';
    if (id === SEC_CUSTOM) name = new Reader(b, start).name();
    out.push({ id, name, headerStart, start, end: start + size });
    r.pos = start + size;
  }
  return out;
}

/** Parse the parts of a module the lab reads. */
export function parseModule(b: Uint8Array): WasmModule {
  const m: WasmModule = {
    bytes: b, sections: parseSections(b), imports: [], funcImports: 0, globalImports: 0,
    funcTypes: [], globals: [], exports: [], bodies: [], names: new Map(), typeParams: [], typeResults: [],
  };
  for (const s of m.sections) {
    const r = new Reader(b, s.start);
    if (s.id === SEC_TYPE) readTypes(r, m);
    else if (s.id === SEC_IMPORT) readImports(r, m);
    else if (s.id === SEC_FUNCTION) for (let n = r.u32(); n > 0; n--) m.funcTypes.push(r.u32());
    else if (s.id === SEC_GLOBAL) readGlobals(r, m);
    else if (s.id === SEC_EXPORT) for (let n = r.u32(); n > 0; n--) m.exports.push({ name: r.name(), kind: r.byte(), index: r.u32() });
    else if (s.id === SEC_CODE) readBodies(r, m);
    else if (s.id === SEC_CUSTOM && s.name === 'name') readNames(r, s, m);
  }
  return m;
}

/**
 * Function types (0x60 params results), as wasm-ld writes them. Another form (binaryen may
 * write recursion groups) ends the reading: typeParams is then left empty (only the
 * instrumentation of a linked module needs it).
 */
function readTypes(r: Reader, m: WasmModule): void {
  for (let n = r.u32(); n > 0; n--) {
    if (r.byte() !== 0x60) { m.typeParams.length = 0; m.typeResults.length = 0; return; }
    const params = r.u32();
    r.pos += params;
    const results = r.u32(); // (not `r.pos += r.u32()`: the read moves pos first)
    m.typeResults.push(results > 0 ? r.b[r.pos] : 0);
    r.pos += results;
    m.typeParams.push(params);
  }
}

function readImports(r: Reader, m: WasmModule): void {
  for (let n = r.u32(); n > 0; n--) {
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    if (kind === KIND_FUNC) { r.u32(); m.funcImports++; }
    else if (kind === KIND_TABLE) { r.byte(); skipLimits(r); }
    else if (kind === KIND_MEMORY) skipLimits(r);
    else if (kind === KIND_GLOBAL) { r.byte(); r.byte(); m.globalImports++; }
    else if (kind === KIND_TAG) { r.byte(); r.u32(); }
    m.imports.push({ module, name, kind });
  }
}

function skipLimits(r: Reader): void {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

function readGlobals(r: Reader, m: WasmModule): void {
  for (let n = r.u32(); n > 0; n--) {
    const type = r.byte();
    const mutable = r.byte() === 1;
    m.globals.push({ type, mutable });
    while (r.b[r.pos] !== 0x0b) skipInitInstr(r);
    r.pos++;
  }
}

/** Constant expressions: *.const, global.get, ref.null, ref.func. */
function skipInitInstr(r: Reader): void {
  const op = r.byte();
  if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2 || op === 0xd0) r.skipLeb();
  else if (op === 0x43) r.pos += 4;
  else if (op === 0x44) r.pos += 8;
  else throw new Error(`unsupported constant expression opcode 0x${op.toString(16)}`);
}

function readBodies(r: Reader, m: WasmModule): void {
  for (let n = r.u32(); n > 0; n--) {
    const sizeAt = r.pos;
    const size = r.u32();
    m.bodies.push({ sizeAt, start: r.pos, end: r.pos + size });
    r.pos += size;
  }
}

function readNames(r: Reader, s: Section, m: WasmModule): void {
  r.name(); // "name"
  while (r.pos < s.end) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        const idx = r.u32();
        m.names.set(idx, r.name());
      }
    }
    r.pos = end;
  }
}

/** The names of the functions an object file (clang -c) leaves undefined: its "env" imports. */
export function undefinedFunctions(object: Uint8Array): string[] {
  return parseModule(object).imports.filter((i) => i.kind === KIND_FUNC && i.module === 'env').map((i) => i.name);
}

// ---- writing ----

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let x = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) x |= 0x80;
    out.push(x);
  } while (n > 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const x = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (x & 0x40) === 0) || (n === -1 && (x & 0x40) !== 0)) { out.push(x); return out; }
    out.push(x | 0x80);
  }
}

export function nameBytes(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...uleb(b.length), ...b];
}

/** A section with id and payload, ready to concatenate. */
export function section(id: number, payload: Uint8Array | number[]): Uint8Array {
  const p = payload instanceof Uint8Array ? payload : Uint8Array.from(payload);
  const head = [id, ...uleb(p.length)];
  const out = new Uint8Array(head.length + p.length);
  out.set(head);
  out.set(p, head.length);
  return out;
}

/** Rebuild `m` with the sections in `replace` (by section index) swapped for new bytes. */
export function rebuild(m: WasmModule, replace: Map<number, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [m.bytes.subarray(0, 8)];
  m.sections.forEach((s, i) => parts.push(replace.get(i) ?? m.bytes.subarray(s.headerStart, s.end)));
  const len = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
