/**
 * activation.ts — running C code on a library thread: enter, suspend at a library call, resume.
 *
 * Models: the user/library boundary of a C thread. A thread's C code runs until it calls the
 * lab (an import). If the call needs the library (a Libc generator: it may block, burn CPU or
 * make system calls), the import records the operation and unwinds the whole C stack into the
 * activation's Asyncify buffer; the export the host called returns; the driver below then runs
 * the operation with yield* — this is where the thread may lose the CPU — and rewinds: the
 * same export is called again, Asyncify restores every frame, and the import returns the
 * operation's result. Calls that need no library call return at once without unwinding, and
 * so do calls whose library work the kernel can carry out on the spot (runInline: an
 * uncontended lock's atomic instruction), exactly as the unwound path would.
 *
 * An activation is one entry into C: a thread's start routine (or main), or a signal handler /
 * pthread_once routine run on top of a suspended one, on the same thread's stack just below
 * its saved stack pointer, with its own Asyncify buffer. Per-thread state the single-threaded
 * wasi-libc keeps in globals is switched here: the stack pointer and errno (the program's, in
 * Linux's numbers; wasi-libc's own, in WASI's, is folded into it on the way out).
 *
 * The driver is on the path of every request a C thread makes, so it is kept lean: the
 * thread's generator is runActivation itself, an operation may hand back the library's own
 * generator (with a `post` step) instead of wrapping it, and the instructions C ran are
 * charged once they add up to CHARGE_MIN rather than before every call.
 */

import type { Sim, Libc } from '../../libs/api.js';
import type { CProcess, CThread } from './process.js';
import { trapError, unwindOverflow, CFault } from './traps.js';
import { deliverFault } from './fault_signal.js';
import { FUEL_BUDGET } from './instrument.js';
import { fromWasi } from './errno.js';
import { switchTls } from './tls.js';
import { notePoint } from './spin.js';
import { landJump, type JumpState } from './setjmp.js';

/** A request library code yields (kernel/req.ts's Req, as Libc.run_now takes it). */
type Req = Parameters<Libc['run_now']>[0];

/**
 * Instructions below this are carried to the next library call rather than charged at once
 * (a CPU burst of 200 ns at modern-x86's cost): the total is exact, the timing off by at most
 * this much, and the simulator makes one event per call instead of two.
 */
export const CHARGE_MIN = 1000;

/**
 * runInline's switch (on; tests turn it off to show it changes no simulated figure) and the
 * number of times a C stack was unwound for a library call (what runInline saves).
 */
export const inlineOps = { on: true, unwinds: 0 };

/** An operation a suspended import asked for: runs on the thread, returns the import's result. */
export type Op = ((p: CProcess, a: Activation) => Sim<number>) & { preemptionPoint?: boolean; inline?: boolean };

export class Activation {
  /** Saved __stack_pointer (the initial one until it first runs). */
  sp: number;
  started = false;
  op: Op | null = null;
  /** The operation's arguments, as the import received them. */
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  a4 = 0;
  a5 = 0;
  /** What the suspended import returns when rewound. */
  result = 0;
  /** The activation this one runs on top of (null for a thread's own). */
  parent: Activation | null = null;
  /** User code stored to memory since its last preemption point (instrument.ts's flag). */
  stored = false;
  /**
   * It last left C at a preemption point (spin.ts has already counted that run in the epoch),
   * not at a library call (whose results the host may write into memory) or for the first time.
   */
  atPoint = false;
  /** What to do when the export returns (its result in, the activation's result out). */
  done: ((r: number) => number) | null = null;
  /** errno as it was when the activation last left C (enter writes it back only if changed). */
  errnoLeft = 0;
  /**
   * Set by an operation that returned the library's generator itself (one level less for its
   * requests to pass through): turns the library's result into the import's.
   */
  post: ((p: CProcess, a: Activation, v: number) => number) | null = null;
  /** What the operation passes to `post` (the object it used). */
  obj: unknown = null;
  /**
   * An operation begun inline (runInline) that has to yield after all: its generator, the
   * request it stopped at, and the operation still to run after it (when it was the charge).
   */
  pend: Sim<unknown> | null = null;
  pendReq: Req | null = null;
  pendNext: Op | null = null;
  /** runInline already did leave()'s work for this suspension (runC does only the rest). */
  leftInline = false;
  /** The setjmp calls made in this activation, by jmp_buf address (setjmp.ts); null: none. */
  jumps: Map<number, JumpState> | null = null;
  /** A C signal handler (signals.ts), which swapcontext may leave for a context below it (ucontext.ts). */
  handler = false;
  /**
   * Work to do before C is entered again, its result the import's (ucontext.ts: the switch a
   * signal handler's swapcontext asked for, made once the handler's frame is gone).
   */
  hook: Op | null = null;
  /** The operation it last ran (ucontext.ts runs it again: a call restarted after a handler). */
  running: Op | null = null;
  private fn: ((...a: number[]) => number) | null = null;

  constructor(
    readonly thread: CThread,
    /**
     * The export that enters C, and its arguments (called again, the same, to rewind). A
     * context switch (ucontext.ts) may change them: setEntry.
     */
    public entry: string,
    public args: number[],
    /** The Asyncify data structure: [buf] = next free byte, [buf+4] = end. */
    readonly buf: number,
    readonly bufEnd: number,
    sp: number,
  ) {
    this.sp = sp;
    this.limit = thread.limitFor(sp);
  }
  /** The lowest its stack pointer may go (a thread's stack, an alternate signal stack, a context's). */
  limit: number;

  /** Enter C by another export from now on (a makecontext'd context's, or back to its own). */
  setEntry(entry: string, args: number[]): void {
    if (entry !== this.entry) this.fn = null;
    this.entry = entry;
    this.args = args;
  }

  call(p: CProcess): number {
    const f = (this.fn ??= p.ex[this.entry] as (...a: number[]) => number);
    const a = this.args;
    switch (a.length) {
      case 0: return f() ?? 0;
      case 1: return f(a[0]) ?? 0;
      case 2: return f(a[0], a[1]) ?? 0;
      default: return f(...a) ?? 0;
    }
  }
}

/**
 * Run an activation to completion on the calling library thread; returns the export's result
 * (through `act.done`, if set). `first` may instead be a generator that sets the activation
 * up (a thread's first library calls): every request of the thread passes through this
 * function, so it is the thread's generator itself, not one more level below it.
 */
export function* runActivation(p: CProcess, first: Activation | (() => Sim<Activation>)): Sim<number> {
  const act = typeof first === 'function' ? yield* first() : first;
  const th = act.thread;
  act.parent = th.top;
  th.top = act;
  for (;;) {
    if (act.hook !== null) {
      const h = act.hook;
      act.hook = null;
      let v: number;
      try {
        v = yield* h(p, act);
      } catch (e) {
        if (e === HANDLER_LEFT) return yield* endEarly(p, act);
        if (landJump(p, act, e)) continue;
        throw left(th, act, e);
      }
      settle(p, act, v);
      continue;
    }
    let r: number;
    try {
      r = runC(p, act);
    } catch (e) {
      if (!(e instanceof CFault) || !e.trapped) throw left(th, act, e);
      let fatal: unknown;
      act.running = FAULTING;
      try {
        fatal = yield* deliverFault(p, act, e, /stack overflow/.test(e.message));
      } catch (j) {
        fatal = j; // its handler jumped (siglongjmp): here, or to an activation below
      }
      if (landJump(p, act, fatal)) continue;
      throw left(th, act, fatal);
    }
    const op = act.op;
    if (op === null) {
      act.jumps = null; // its frames are gone: a longjmp to them now is an error (setjmp.ts)
      if (th.insns > 0) yield* charge(p, th);
      th.top = act.parent;
      return act.done === null ? r : act.done(r);
    }
    act.op = null;
    let v: number;
    try {
      if (th.insns >= CHARGE_MIN || op.preemptionPoint === true) yield* charge(p, th);
      if (p.grown > 0) yield* tellKernel(p);
      act.running = op;
      v = yield* op(p, act);
    } catch (e) {
      if (e === HANDLER_LEFT) return yield* endEarly(p, act);
      // longjmp: the operation's own (setjmp.ts), or one out of a signal handler that ran
      // while this activation was suspended — here if its setjmp was made here
      if (landJump(p, act, e)) continue;
      throw left(th, act, e);
    }
    settle(p, act, v);
  }
}

/**
 * Thrown by an operation of a signal handler's activation that left it for another context
 * (ucontext.ts): the activation ends as if its export had returned, so the library's handler
 * frame returns (sigreturn) — its C frames live on in the context that saved them.
 */
export const HANDLER_LEFT = new Error('threadlab: a signal handler left by swapcontext');

function* endEarly(p: CProcess, act: Activation): Sim<number> {
  const th = act.thread;
  act.jumps = null;
  if (th.insns > 0) yield* charge(p, th);
  th.top = act.parent;
  p.last = null;
  return act.done === null ? 0 : act.done(0);
}

/** An exception leaves `act` (a fault, or a jump to an activation below): the thread's top is its parent again. */
function left(th: CThread, act: Activation, e: unknown): unknown {
  th.top = act.parent;
  return e;
}

/**
 * Enter C for `act` — its first entry, or a rewind into the import it was suspended in — and
 * run until it returns or suspends again (act.op set). A trap becomes the fault it stands for.
 */
function runC(p: CProcess, act: Activation): number {
  if (p.shared !== null) p.acquireShared();
  if (p.tids !== null) p.syncTids();
  enter(p, act);
  let r: number;
  try {
    if (act.started) {
      p.rewinding = true;
      p.startRewind(act.buf);
    }
    act.started = true;
    r = act.call(p);
  } catch (e) {
    p.cur = null;
    const rewinding = p.rewinding;
    p.rewinding = false;
    const err = trapError(p, act, e);
    // A trap of running C code (not one met while rewinding) may go to the program's handler.
    if (err instanceof CFault && !rewinding) err.trapped = true;
    throw err;
  }
  if (act.op !== null) {
    try {
      p.stopUnwind();
    } catch {
      p.cur = null;
      const f = unwindOverflow(p, act);
      f.trapped = unwindReset(p, act); // a stack overflow, which a handler on an alternate stack may take
      throw f;
    }
  }
  if (act.leftInline) leaveAgain(p, act);
  else leave(p, act);
  return r;
}

/**
 * After an unwind that overflowed its buffer: end the unwind with the buffer emptied, so that
 * C code can run again on this instance (a handler). True if Asyncify is back to normal.
 */
function unwindReset(p: CProcess, act: Activation): boolean {
  p.store32(act.buf, act.buf + 8);
  p.words[(act.buf >>> 2) + 1] = act.bufEnd;
  try {
    p.stopUnwind();
    return true;
  } catch {
    return false;
  }
}

/**
 * Make `act` the running activation. When it is the one that ran last (a thread making one
 * library call after another), the stack pointer and errno are still in place and the fuel
 * counts on; otherwise they are restored, and — unless it resumes from a preemption point,
 * whose run leave() has already counted — the process's epoch moves (spin.ts).
 */
function enter(p: CProcess, act: Activation): void {
  p.cur = act;
  if (p.last !== act) {
    p.last = act;
    if (!act.atPoint) p.moved();
    if (p.image.tls !== null && p.tlsOwner !== act.thread) switchTls(p, act.thread);
    p.setRegs(act.sp, (p.fuelMark = FUEL_BUDGET), act.limit);
    p.store32(p.errnoAddr, act.thread.errno);
    return;
  }
  if (p.fuelMark <= 0) p.setRegs(act.sp, (p.fuelMark = FUEL_BUDGET), act.limit);
  if (act.thread.errno !== act.errnoLeft) p.store32(p.errnoAddr, act.thread.errno);
  // (words are fresh: nothing ran C code since this activation's leave())
}

/**
 * `act` stops running C code: save what enter restores, and count the instructions it ran.
 * The stored flag is read (and cleared, by the next setRegs) at preemption points only, where
 * spin.ts notes the thread's state; a run that ends in a library call (or ends) may have
 * changed memory, so it moves the epoch.
 */
function leave(p: CProcess, act: Activation): void {
  const r = takeRegs(p, act);
  const w = p.words;
  const fuel = p.fuelMark;
  if (act.op !== null && act.op.preemptionPoint === true) {
    act.stored = w[r + 2] !== 0;
    p.setRegs(act.sp, fuel, act.limit);
    act.atPoint = true;
    notePoint(p, act);
  } else {
    act.atPoint = false;
    p.moved();
  }
  act.thread.errno = act.errnoLeft = leftErrno(p, w);
  p.cur = null;
}

/**
 * After runInline gave up and the stack unwound: leave() has been done (and the operation
 * begun, which may have set the thread's errno); only the registers as unwinding left them.
 */
function leaveAgain(p: CProcess, act: Activation): void {
  act.leftInline = false;
  takeRegs(p, act);
  p.cur = null;
}

/**
 * Read the registers C left (instrument.ts's __lab_get_regs): the stack pointer into act.sp,
 * the instructions run since the fuel was last read into the thread's count. Returns the
 * register block's index in p.words (the stored flag is at +2).
 */
function takeRegs(p: CProcess, act: Activation): number {
  p.getRegs(p.regs);
  p.fresh();
  const w = p.words;
  const r = p.regs >>> 2;
  act.sp = w[r];
  const fuel = w[r + 1];
  act.thread.insns += p.fuelMark - fuel;
  p.fuelMark = fuel;
  return r;
}

/** What C sees of an operation (or a hook): its value, through its post-processing if it has one. */
function settle(p: CProcess, act: Activation, v: number): void {
  const post = act.post;
  if (post === null) act.result = v;
  else { act.post = null; act.result = post(p, act, v); }
}

/**
 * The program's errno as the thread leaves C: a number wasi-libc's own code left in its errno
 * (WASI's numbering) is newer than the program's, so it moves there, translated, and wasi-libc's
 * is emptied (clib/runtime/errno.c does the same when C reads errno).
 */
function leftErrno(p: CProcess, w: Int32Array): number {
  const wasi = w[p.wasiErrnoAddr >>> 2];
  if (wasi === 0) return w[p.errnoAddr >>> 2];
  const e = fromWasi(wasi);
  p.store32(p.wasiErrnoAddr, 0);
  p.store32(p.errnoAddr, e);
  return e;
}

/** The C code grew its memory (malloc): the kernel's mm grows its data segment as much (brk). */
export function* tellKernel(p: CProcess): Sim<void> {
  const g = p.grown;
  p.grown = 0;
  if ((yield* p.libc.sbrk(g)) !== -1) p.accounted += g;
}

/** Charge the thread's counted instructions as CPU time (the scheduler may preempt it here). */
function* charge(p: CProcess, th: CThread): Sim<void> {
  const n = th.insns;
  th.insns = 0;
  yield* p.libc.compute_instructions(n);
}

/**
 * Called by an import that needs the library: on the way down, record `op` and unwind; on the
 * way back (rewinding), stop the rewind and return the operation's result.
 */
export function suspend(p: CProcess, op: Op, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): number {
  const act = p.cur!;
  if (p.rewinding) {
    p.rewinding = false;
    p.stopRewind();
    return act.result;
  }
  if (op.preemptionPoint !== true) act.thread.spin = null;
  act.op = op;
  act.a0 = a0;
  act.a1 = a1;
  act.a2 = a2;
  act.a3 = a3;
  act.a4 = a4;
  act.a5 = a5;
  if (op.inline === true && p.shared === null && inlineOps.on && runInline(p, act)) {
    act.op = null;
    return act.result;
  }
  inlineOps.unwinds++;
  p.store32(act.buf, act.buf + 8); // checked: the C code may have grown the memory
  p.words[(act.buf >>> 2) + 1] = act.bufEnd;
  p.startUnwind(act.buf);
  return 0;
}

/** Whether `op` can run again from its start (not the rest of one begun inline). */
export function rerunnable(op: Op | null): op is Op {
  return op !== null && op !== resumeInline && op !== FAULTING;
}

/** Activation.running while a fault's handler runs on top of it (no call to finish: ucontext.ts). */
export const FAULTING: Op = function* () {
  return 0;
};

/** The activation running now (an import's caller). */
export function current(p: CProcess): Activation {
  const a = p.cur;
  if (a === null) throw new Error('threadlab: a lab call arrived with no C activation running');
  return a;
}

/**
 * Run the operation an import asked for (`act.op`, one marked `inline`: it never enters C
 * itself) without unwinding the C stack, for as long as the kernel can carry out its requests
 * on the spot (Libc.run_now: a burst nothing can cut, such as an uncontended lock's atomic
 * instruction). What runActivation would do is done in the same order with the same
 * figures — leave(), the charge of the instructions counted, the operation, its post step,
 * enter() — so the simulation cannot tell; only the host skips the unwind, the rewind and the
 * trips through the kernel's loop. true: finished, the answer in act.result. false: a request
 * needs the kernel's loop; act.op is then resumeInline, which yields it and goes on, and the
 * caller unwinds as usual.
 */
function runInline(p: CProcess, act: Activation): boolean {
  const th = act.thread;
  leave(p, act);
  const op = act.op!;
  if (p.grown > 0) { // leave() found the memory grown: the kernel hears of it first (tellKernel)
    act.leftInline = true;
    p.cur = act;
    return false;
  }
  if (th.insns >= CHARGE_MIN) {
    const n = th.insns;
    th.insns = 0;
    const g = p.libc.compute_instructions(n);
    if (!drive(p, g)) return giveUp(p, act, g, op);
  }
  const g = op(p, act);
  if (!drive(p, g)) return giveUp(p, act, g, null);
  settle(p, act, p.driven as number);
  if (p.tids !== null) p.syncTids(); // as runC does before C runs again
  enter(p, act);
  return true;
}

/**
 * Run g while the library can carry out its requests now. true: it returned (its value in
 * p.driven); false: p.driven is the request it stopped at.
 */
function drive(p: CProcess, g: Sim<unknown>): boolean {
  const l = p.libc;
  for (;;) {
    const r = g.next(undefined);
    p.driven = r.value;
    if (r.done === true) return true;
    if (!l.run_now(r.value)) return false;
  }
}

function giveUp(p: CProcess, act: Activation, g: Sim<unknown>, next: Op | null): false {
  act.pend = g;
  act.pendReq = p.driven as Req;
  act.pendNext = next;
  act.op = resumeInline;
  act.leftInline = true;
  p.cur = act;
  return false;
}

/**
 * What runInline began: the request it stopped at, the rest of that generator, then (when it
 * was the charge) what runActivation does after a charge: tellKernel if C grew the memory
 * meanwhile (another CPU's thread may have), and the operation.
 */
function* resumeInline(p: CProcess, act: Activation): Sim<number> {
  const g = act.pend!;
  const next = act.pendNext;
  let x: unknown = yield act.pendReq!;
  act.pend = null;
  act.pendReq = null;
  act.pendNext = null;
  for (;;) {
    const r = g.next(x);
    if (r.done === true) {
      if (next === null) return r.value as number;
      break;
    }
    x = yield r.value;
  }
  if (p.grown > 0) yield* tellKernel(p); // as runActivation checks between the charge and the operation
  return yield* next(p, act);
}
