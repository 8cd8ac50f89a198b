/**
 * process.ts — one simulated process running a C program: one WebAssembly instance (one
 * address space), its threads, and the state the host keeps for it.
 *
 * Models: a process image. The instance's linear memory is the program's memory (globals,
 * heap, every thread's C stack); `fork` copies it into a new instance (fork.ts). A C thread
 * (CThread) is a thread of the chosen library whose start routine drives C code; each entry
 * into C on that thread is an Activation (activation.ts): the thread's own code, or a signal
 * handler or pthread_once routine run on top of it.
 *
 * Simplifies: memory is the instance's, not the kernel's simulated mm (the kernel is told its
 * size: mm.ts).
 *
 * Shared mappings (mmap MAP_SHARED: shmem.ts). No instance can see another's memory, so a
 * shared mapping is a range of this instance's memory mirroring a kernel shmem object, kept
 * coherent by the object's single-holder rule (kernel/shmem.ts): before this process's C code
 * runs, and before the host reads or writes its memory, `acquireShared` takes every object it
 * maps — the previous holder's mirror is written back into the object, then copied in here —
 * and from then until another process takes it, this mirror is the object's current content.
 * Tasks run one at a time, so every store is seen by the next reader in any process. A process
 * that maps one object twice sees its two ranges agree only across a change of holder (a system
 * call that reads the object, another process taking it): the write-back merges what was stored
 * through each range.
 */

import type { Libc, pthread_mutex_t, pthread_t, SigInfo, SharedMapping, SharedMemory, ShmHolder } from '../../libs/api.js';
import type { LabExports } from './abi.js';
import { ASYNC_BUF, MAIN_ASYNC_BUF, NEST_BUF } from './abi.js';
import type { Activation } from './activation.js';
import { ObjectTable } from './objects.js';
import { NULL_PAGE } from './instrument.js';
import type { SpinNote, SpinState } from './spin.js';
import type { FutexShadows } from './futex.js';

/** The C spelling of a function's wasm name (clang renames main). */
export function cName(name: string): string {
  return name === '__original_main' || name === '__main_argc_argv' || name === '__main_void' ? 'main' : name;
}

/** WebAssembly value types (i32, i64, f32, f64) as start.c's result kinds. */
const RESULT_KINDS = new Map([[0x7f, 1], [0x7e, 2], [0x7d, 3], [0x7c, 4]]);

/** What every process of one program shares: the compiled module and its names. */
export interface CImage {
  module: WebAssembly.Module;
  /** The program's name (ps, messages). */
  name: string;
  /** Function index to name (the name section), for reports. */
  names: Map<number, string>;
  /** Names of the user's own functions, in the order preemption points number them. */
  userFunctions: string[];
  /** Each defined function's result type (wasm value type byte, 0: none), by index - funcImports. */
  results: number[];
  funcImports: number;
  /** The block of the program's thread-local variables, [address, size] (tls.ts), null if none. */
  tls: [number, number] | null;
}

/** A MAP_SHARED range of this instance's memory: [addr, addr + len) mirrors m.shm from m.off. */
export interface SharedRegion { addr: number; len: number; kaddr: number; m: SharedMapping }

/**
 * A tid word in private memory that the kernel writes (clone's SETTID / CHILD_CLEARTID): its
 * shadow (futex.ts) and the value last copied either way; `clear`: wait for the kernel's 0.
 */
export interface TidWord { shm: SharedMemory; off: number; last: number; clear: boolean }

/** A signal for a thread that had not entered C yet: its C handler, run when it does. */
export interface EarlySignal { fn: number; flags: number; sig: number; info: SigInfo }

/**
 * One run of a program: its processes (the first and every fork child) share the image and a
 * registry of live C threads by pthread_t. A signal handler finds its thread there; pthread_t
 * values repeat across processes after fork, and only then is the process asked its pid.
 */
export class CRun {
  readonly threads = new Map<pthread_t, CThread[]>();
  /** Signals whose handler reached a thread before its C code started (signals.ts), by pthread_t. */
  private readonly early = new Map<pthread_t, EarlySignal[]>();
  /** pthread_t values whose C thread has ended and not been reused: their late signals are dropped. */
  readonly ended = new Set<pthread_t>();
  /** Threads spinning in a loop with no library call right now (spin.ts). */
  readonly spinning = new Map<CThread, SpinNote>();
  /** The C threads of live CLONE_VM clone() children, by kernel tid (signals.ts), null: none. */
  clones: Map<number, CThread> | null = null;
  /** Moves with the epoch of every process that has MAP_SHARED mappings (CProcess.moved). */
  sharedEpoch = 0;
  /** setjmp calls numbered so far (setjmp.ts: a jmp_buf's word 0). */
  jumps = 0;
  constructor(readonly image: CImage) {}

  /** A standard signal is pending once: a second instance before the thread starts is lost. */
  deferSignal(self: pthread_t, e: EarlySignal): void {
    const l = this.early.get(self);
    if (l === undefined) this.early.set(self, [e]);
    else if (!l.some((x) => x.sig === e.sig) || e.sig >= 32) l.push(e);
  }

  takeEarly(self: pthread_t): EarlySignal[] {
    const l = this.early.get(self);
    if (l === undefined) return [];
    this.early.delete(self);
    return l;
  }

  add(t: CThread): void {
    this.ended.delete(t.self);
    const l = this.threads.get(t.self);
    if (l === undefined) this.threads.set(t.self, [t]);
    else l.push(t);
  }

  remove(t: CThread): void {
    this.ended.add(t.self);
    this.early.delete(t.self);
    const l = this.threads.get(t.self);
    if (l === undefined) return;
    const i = l.indexOf(t);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 0) this.threads.delete(t.self);
  }
}

/** How much of a region the object's bytes hold (a mapping may run past its end: zeros there). */
function span(o: SharedMemory, q: SharedRegion): number {
  return Math.max(0, Math.min(q.len, o.bytes.length - q.m.off));
}

export class CThread {
  errno = 0;
  /** Its thread-local variables while another thread's are in memory (tls.ts); null: the initial values. */
  tls: Uint8Array | null = null;
  /** Instructions executed and not yet charged as CPU time. */
  insns = 0;
  /** The C function of the thread's last preemption point (its place in image.userFunctions). */
  lastFunction = -1;
  /** Its alternate signal stack (sigaltstack), where SA_ONSTACK handlers run: [lo, hi). */
  altstack: { lo: number; hi: number } | null = null;
  /** Its state at its last preemption point, if no library call came since (spin.ts). */
  spin: SpinState | null = null;
  /** Detached (created so, or pthread_detach'ed): what pthread_getattr_np reports. */
  detached = false;
  /** The task of a clone() child (clone.ts): it shares its creator's library state. */
  cloned = false;
  /** The innermost activation on this thread (running or suspended), null before it starts. */
  top: Activation | null = null;
  /** Room for nested activations' Asyncify buffers, [nestLo, nestTop) free (0: none; abi.ts NEST_BUF). */
  nestLo = 0;
  nestTop = 0;
  constructor(
    readonly proc: CProcess,
    /** pthread_self() as the library handed it out. */
    readonly self: pthread_t,
    /** Top of the thread's C stack (16-byte aligned). */
    readonly stackTop: number,
    /** Its Asyncify buffer: [buf, bufEnd). */
    readonly buf: number,
    readonly bufEnd: number,
    /** The malloc'ed block holding stack and buffer (0 for the main thread: static). */
    readonly block: number,
    /** The stack's lowest address when it is not the block's (pthread_attr_setstack). */
    stackLow = 0,
  ) {
    this.limit = stackLow !== 0 ? stackLow : block !== 0 ? block : NULL_PAGE;
  }
  /** The lowest address its stack may reach (instrument.ts's check): a stack overflow below. */
  readonly limit: number;

  /** Where a new activation on this thread may start using the stack. */
  stackPointer(): number {
    return this.top !== null ? this.top.sp : this.stackTop;
  }

  /**
   * The stack limit of an activation whose stack starts at `sp`: the alternate stack's bottom
   * there; the bottom of the makecontext'd stack the activation below runs on (ucontext.ts),
   * when `sp` is on it — a signal handler runs below the interrupted code, on its stack.
   */
  limitFor(sp: number): number {
    const alt = this.altstack;
    if (alt !== null && sp > alt.lo && sp <= alt.hi) return alt.lo;
    const top = this.top;
    return top !== null && top.limit !== this.limit && sp > top.limit && sp <= top.sp ? top.limit : this.limit;
  }

  /** Where an SA_ONSTACK handler's C stack starts: the alternate stack's top (null: as usual). */
  handlerStack(onstack: boolean): number | null {
    const sp = this.stackPointer();
    const alt = this.altstack;
    if (!onstack || alt === null || (sp > alt.lo && sp <= alt.hi)) return null;
    return alt.hi;
  }
}

export class CProcess {
  instance!: WebAssembly.Instance;
  ex!: LabExports;
  mem!: WebAssembly.Memory;
  private buf8: Uint8Array = new Uint8Array(0);
  /**
   * The memory as 32-bit words, for the driver's hot path (activation.ts): valid after
   * fresh() — memory.grow in C code detaches the old buffer, and only C code grows it.
   */
  words: Int32Array = new Int32Array(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  /** The program's errno (Linux numbers), switched per thread by activation.ts. */
  errnoAddr = 0;
  /** wasi-libc's errno (WASI numbers): empty whenever C is not running (activation.ts's leave). */
  wasiErrnoAddr = 0;
  /**
   * What every library call uses, kept here: a WebAssembly exports object is frozen, and its
   * properties are slow to look up on every call.
   */
  startUnwind!: (data: number) => void;
  stopUnwind!: () => void;
  startRewind!: (data: number) => void;
  stopRewind!: () => void;
  /**
   * instrument.ts's register access: getRegs(regs) stores the stack pointer, the fuel (the
   * instruction budget, counting down) and the "a store ran" flag at `regs` (3 words);
   * setRegs(sp, fuel, limit) sets them, the stack limit too (and clears the flag).
   */
  getRegs!: (ptr: number) => void;
  setRegs!: (sp: number, fuel: number, limit: number) => void;
  regs = 0;
  /** activation.ts's runInline: what the generator it drives last gave (a request or its result). */
  driven: unknown = undefined;
  /** The thread whose thread-local variables are in memory now (tls.ts). */
  tlsOwner: CThread | null = null;
  /** The thread-local block's initial bytes, as the image's data gave them (tls.ts). */
  tlsInit: Uint8Array | null = null;
  /**
   * Moves whenever C code of this process may have changed memory: an activation enters C
   * afresh or after a library call, a run ends in a library call, or a run between two
   * preemption points stored or did not come back to the state it started from (spin.ts).
   */
  epoch = 0;

  /** C code of this process may have changed memory (see epoch); shared mappings' readers elsewhere too. */
  moved(): void {
    this.epoch++;
    if (this.shared !== null) this.run.sharedEpoch++;
  }

  /**
   * What a spinner here watches: this process's epoch, plus every sharing process's when this
   * one has shared mappings (another process's store reaches its mirror only when it runs C).
   */
  mark(): number {
    return this.shared === null ? this.epoch : this.epoch + this.run.sharedEpoch;
  }
  /** The activation running C code right now (null when none is), and the last one that ran. */
  cur: Activation | null = null;
  last: Activation | null = null;
  /** The fuel counter's value when it was last read (instructions run = mark − fuel). */
  fuelMark = 0;
  /** Set while an activation is being rewound; the import it was suspended in clears it. */
  rewinding = false;
  readonly threads = new Map<pthread_t, CThread>();
  /**
   * Threads pthread_create has made whose C code has not started yet (their CThread, built
   * ahead): pthread_getattr_np and pthread_detach find them here (threads.ts).
   */
  readonly unstarted = new Map<pthread_t, CThread>();
  /** Blocks of finished threads, [start, end), for the next pthread_create to free (reclaimBlock). */
  readonly deadBlocks: [number, number][] = [];
  readonly objects: ObjectTable;
  /** A recursive mutex serialising the lazy creation of library objects (objects.ts). */
  createLock: pthread_mutex_t | null = null;
  /** Streaming UTF-8 decoders for console descriptors (a character may span two writes). */
  readonly consoleDecoders = new Map<number, InstanceType<typeof TextDecoder>>();
  /** isatty answers by descriptor, until a dup2/close/open changes the table. */
  readonly ttyCache = new Map<number, boolean>();

  readonly image: CImage;
  /** The process id, when known without asking (a fork child's, from fork's return). */
  pid: number | null = null;
  /** Its shared mappings (null: none, the common case), and every mapping's kernel address by C address. */
  shared: SharedRegion[] | null = null;
  readonly mappings = new Map<number, number>();
  /** Each mapping's length by C address (msync and mlock find the mapping holding an address). */
  readonly mappingLens = new Map<number, number>();
  /** The mappings that are MAP_PRIVATE|MAP_ANONYMOUS, by C address (madvise's zero pages: mlock.ts). */
  readonly privateAnon = new Set<number>();
  /** syscall(SYS_futex)'s kernel words for private C words (futex.ts), null until the first. */
  futex: FutexShadows | null = null;
  /** Tid words the kernel writes, by C address (null: none, the common case). */
  tids: Map<number, TidWord> | null = null;

  /** Copy into C memory what the kernel stored in a tid word since (before C code runs again). */
  syncTids(): void {
    for (const [addr, t] of this.tids!) {
      const v = t.shm.read(t.off);
      if (v === t.last) continue;
      t.last = v;
      this.store32(addr, v);
      if (!t.clear || v === 0) this.tids!.delete(addr);
    }
    if (this.tids!.size === 0) this.tids = null;
  }
  /** This process as an object's holder (its mirror is the current content). */
  readonly holder: ShmHolder = { flush: (o) => this.flushShared(o) };

  constructor(readonly run: CRun, readonly libc: Libc, readonly argv: string[], objects?: ObjectTable) {
    this.image = run.image;
    this.objects = objects ?? new ObjectTable();
  }

  /** Instantiate the module with this process's import table. */
  instantiate(imports: WebAssembly.Imports): void {
    this.instance = new WebAssembly.Instance(this.image.module, imports);
    this.ex = this.instance.exports as unknown as LabExports;
    this.mem = this.ex.memory;
    this.startUnwind = this.ex.asyncify_start_unwind;
    this.stopUnwind = this.ex.asyncify_stop_unwind;
    this.startRewind = this.ex.asyncify_start_rewind;
    this.stopRewind = this.ex.asyncify_stop_rewind;
    this.getRegs = this.ex.__lab_get_regs;
    this.setRegs = this.ex.__lab_set_regs;
    this.regs = this.ex.__lab_regs();
    this.errnoAddr = this.ex.__lab_errno_location();
    this.wasiErrnoAddr = this.ex.__lab_wasi_errno_location();
  }

  // ---- memory ----

  /** The memory as bytes (views are remade when memory.grow detached the old buffer). */
  u8(): Uint8Array {
    if (this.buf8.byteLength === 0) this.remap();
    if (this.shared !== null) this.acquireShared();
    return this.buf8;
  }
  dv(): DataView {
    if (this.buf8.byteLength === 0) this.remap();
    if (this.shared !== null) this.acquireShared();
    return this.view;
  }
  /** Remake the views if C code grew the memory (a detached buffer has length 0). */
  fresh(): void {
    if (this.words.length === 0) this.remap();
    if (this.shared !== null) this.acquireShared();
  }

  /** Take every object this process maps (see the header): their mirrors here become current. */
  acquireShared(): void {
    const l = this.shared!;
    for (let i = 0; i < l.length; i++) {
      const o = l[i].m.shm;
      if (o.holder === this.holder) continue;
      o.sync();
      const mem = new Uint8Array(this.mem.buffer);
      for (const q of l) if (q.m.shm === o) mem.set(o.bytes.subarray(q.m.off, q.m.off + span(o, q)), q.addr);
      o.holder = this.holder;
    }
  }

  /** Write this process's mirrors of `o` back into it (another holder takes it, or the kernel reads it). */
  private flushShared(o: SharedMemory): void {
    const mem = new Uint8Array(this.mem.buffer);
    const l = (this.shared ?? []).filter((q) => q.m.shm === o);
    if (l.length === 1) { o.bytes.set(mem.subarray(l[0].addr, l[0].addr + span(o, l[0])), l[0].m.off); return; }
    // Mapped more than once: each range held the object's bytes when taken, so what differs
    // now is what was stored through it — merged, so a store through one is not undone by another.
    const base = o.bytes.slice();
    for (const q of l) {
      const n = span(o, q);
      for (let i = 0; i < n; i++) {
        const b = mem[q.addr + i];
        if (b !== base[q.m.off + i]) o.bytes[q.m.off + i] = b;
      }
    }
  }

  /** The shared region holding `addr`, if any. */
  regionAt(addr: number): SharedRegion | null {
    const l = this.shared;
    if (l === null) return null;
    for (const r of l) if (addr >= r.addr && addr < r.addr + r.len) return r;
    return null;
  }
  /**
   * Bytes of memory the kernel has been told about (brk), and growth not yet told: the driver
   * calls sbrk before the thread's next library call (activation.ts).
   */
  accounted = 0;
  grown = 0;
  /**
   * `n` bytes of the memory's growth are a thread block's (runtime/pthread.c __lab_thread_block):
   * counted as told, so the kernel never hears of them as brk.
   */
  keepFromBrk(n: number): void {
    if (this.buf8.byteLength === 0) this.remap(); // the growth itself is seen first
    this.accounted += n;
    this.grown = Math.max(0, this.grown - n);
  }
  private remap(): void {
    const size = this.mem.buffer.byteLength;
    if (size > this.accounted + this.grown) this.grown = size - this.accounted;
    this.buf8 = new Uint8Array(this.mem.buffer);
    this.words = new Int32Array(this.mem.buffer);
    this.view = new DataView(this.mem.buffer);
  }
  load32(a: number): number {
    if (this.buf8.byteLength === 0) this.remap();
    if (this.shared !== null) this.acquireShared();
    return (a & 3) === 0 ? this.words[a >>> 2] : this.view.getInt32(a, true);
  }
  loadU32(a: number): number { return this.load32(a) >>> 0; }
  store32(a: number, v: number): void {
    if (this.buf8.byteLength === 0) this.remap();
    if (this.shared !== null) this.acquireShared();
    if ((a & 3) === 0) this.words[a >>> 2] = v;
    else this.view.setInt32(a, v, true);
  }
  loadI64(a: number): number { return Number(this.dv().getBigInt64(a, true)); }
  storeI64(a: number, v: number): void { this.dv().setBigInt64(a, BigInt(Math.trunc(v)), true); }
  loadSigset(a: number): bigint { return this.dv().getBigUint64(a, true); }
  storeSigset(a: number, s: bigint): void { this.dv().setBigUint64(a, BigInt.asUintN(64, s), true); }

  /** A NUL-terminated string at `a` (UTF-8). */
  cString(a: number): string {
    const b = this.u8();
    let e = a;
    while (e < b.length && b[e] !== 0) e++;
    return Buffer.from(b.subarray(a, e)).toString('utf8');
  }

  bytes(a: number, n: number): Uint8Array {
    return this.u8().subarray(a, a + n);
  }

  /** The descriptor table changed (dup2, close, open): forget what isatty said. */
  forgetDescriptors(): void {
    this.ttyCache.clear();
  }

  // ---- threads ----

  /** The thread block layout of lab.h: stack below, Asyncify buffer at the top. */
  threadFromBlock(self: pthread_t, block: number, size: number): CThread {
    const bufEnd = block + size;
    const buf = (bufEnd - ASYNC_BUF + 15) & ~15;
    const nest = (buf - NEST_BUF) & ~15;
    const t = new CThread(this, self, nest, buf, bufEnd, block);
    t.nestLo = nest;
    t.nestTop = buf;
    return t;
  }

  /** A thread on the program's own stack [lo, hi) (pthread_attr_setstack); the block is its Asyncify buffer. */
  threadOnStack(self: pthread_t, block: number, size: number, lo: number, hi: number): CThread {
    const buf = (block + NEST_BUF + 15) & ~15;
    const t = new CThread(this, self, hi & ~15, buf, block + size, block, Math.max(lo, NULL_PAGE));
    t.nestLo = block;
    t.nestTop = buf;
    return t;
  }

  mainThread(self: pthread_t): CThread {
    const buf = this.ex.__lab_main_async_buf();
    return new CThread(this, self, this.ex.__stack_pointer.value, buf, buf + MAIN_ASYNC_BUF, 0);
  }

  /** A thread now runs C code in this process. */
  threadStarted(t: CThread): void {
    this.unstarted.delete(t.self);
    this.threads.set(t.self, t);
    this.run.add(t);
  }

  /** A thread's C code has ended for good: its block is free for the next pthread_create. */
  threadGone(t: CThread): void {
    if (this.threads.get(t.self) === t) this.threads.delete(t.self);
    this.run.remove(t);
    if (t.block !== 0) this.deadBlocks.push([t.block, t.bufEnd]);
  }

  /**
   * A finished thread's block for pthread_create to free (0: none left). Its thread is gone for
   * good by now (thread_gone is its C code's last call), so its bytes are zeroed first: an old
   * stack is nobody's data, and fork copies only the pages that are not all zero (fork.ts).
   */
  reclaimBlock(): number {
    const b = this.deadBlocks.pop();
    if (b === undefined) return 0;
    this.u8().fill(0, b[0], b[1]);
    return b[0];
  }

  /**
   * How many parameters the C function at table slot `fn` really has. A function defined with
   * an empty list — `void *start()`, `void handler()`, K&R style, common in old code and in
   * LTP — has none in WebAssembly, where calling it through a pointer of another type traps;
   * the runtime's entry points call it with the arguments it takes (as x86 ignores the rest).
   */
  arity(fn: number): number {
    let n = this.arities.get(fn);
    if (n === undefined) {
      const f = this.ex.__indirect_function_table.get(fn) as ((...a: unknown[]) => unknown) | null;
      n = f === null ? -1 : f.length;
      this.arities.set(fn, n);
    }
    return n;
  }
  private arities = new Map<number, number>();

  /**
   * How the runtime must call the C function at table slot `fn` (start.c __lab_call_as): its
   * parameter count, plus 16 times its result's kind (0 none, 1 int/pointer, 2 long long,
   * 3 float, 4 double). `void *init()` passed to pthread_once as `void (*)(void)` returns a
   * value WebAssembly will not drop on a call through the other type (it traps, where x86
   * ignores the difference); so does a `void start(void *)` given to pthread_create.
   */
  shape(fn: number): number {
    const n = this.arity(fn);
    if (n < 0) return n;
    const f = this.ex.__indirect_function_table.get(fn) as { name: string };
    const index = Number(f.name); // V8 names a WebAssembly function by its index
    const type = Number.isInteger(index) ? this.image.results[index - this.image.funcImports] ?? 0 : 0;
    return Math.min(n, 15) + 16 * (RESULT_KINDS.get(type) ?? 0);
  }

  /** Function name for a wasm function index (the name section). */
  functionName(index: number): string {
    return this.image.names.get(index) ?? `wasm-function[${index}]`;
  }

  /** The same, as C spells it (clang renames main). */
  cFunctionName(index: number): string {
    return cName(this.functionName(index));
  }

  /** A user function by its place in image.userFunctions (preemption points), as C spells it. */
  userFunctionName(which: number): string {
    return cName(this.image.userFunctions[which] ?? `function #${which}`);
  }
}
