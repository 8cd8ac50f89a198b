/**
 * activation.ts — running C code on a library thread: enter, suspend at a library call, resume.
 *
 * Models: the user/library boundary of a C thread. A thread's C code runs until it calls the
 * lab (an import). If the call needs the library (a Libc generator: it may block, burn CPU or
 * make system calls), the import records the operation and unwinds the whole C stack into the
 * activation's Asyncify buffer; the export the host called returns; the driver below then runs
 * the operation with yield* — this is where the thread may lose the CPU — and rewinds: the
 * same export is called again, Asyncify restores every frame, and the import returns the
 * operation's result. Calls that need no library call return at once without unwinding.
 *
 * An activation is one entry into C: a thread's start routine (or main), or a signal handler /
 * pthread_once routine run on top of a suspended one, on the same thread's stack just below
 * its saved stack pointer, with its own Asyncify buffer. Per-thread state the single-threaded
 * wasi-libc keeps in globals is switched here: the stack pointer and errno.
 */

import type { Sim } from '../../libs/api.js';
import type { CProcess, CThread } from './process.js';
import { trapError } from './traps.js';
import { FUEL_BUDGET } from './instrument.js';

/** An operation a suspended import asked for: runs on the thread, returns the import's result. */
export type Op = ((p: CProcess, a: Activation) => Sim<number>) & { preemptionPoint?: boolean };

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
  /** User code stored to memory since it last entered (instrument.ts's flag, read on leaving). */
  stored = false;

  constructor(
    readonly thread: CThread,
    /** The export that enters C, and its arguments (called again, the same, to rewind). */
    readonly entry: string,
    readonly args: number[],
    /** The Asyncify data structure: [buf] = next free byte, [buf+4] = end. */
    readonly buf: number,
    readonly bufEnd: number,
    sp: number,
  ) {
    this.sp = sp;
  }

  call(p: CProcess): number {
    return (p.ex[this.entry] as (...a: number[]) => number)(...this.args) ?? 0;
  }
}

/** Run `act` to completion on the calling library thread; returns the export's result. */
export function* runActivation(p: CProcess, act: Activation): Sim<number> {
  const th = act.thread;
  act.parent = th.top;
  th.top = act;
  try {
    for (;;) {
      enter(p, act);
      let r: number;
      try {
        if (act.started) {
          p.rewinding = true;
          p.ex.asyncify_start_rewind(act.buf);
        }
        act.started = true;
        r = act.call(p);
      } catch (e) {
        p.cur = null;
        p.rewinding = false;
        throw trapError(p, act, e);
      }
      const op = act.op;
      if (op === null) {
        leave(p, act);
        if (th.insns > 0) yield* charge(p, th);
        return r;
      }
      p.ex.asyncify_stop_unwind();
      leave(p, act);
      act.op = null;
      if (th.insns > 0) yield* charge(p, th);
      act.result = yield* op(p, act);
    }
  } finally {
    th.top = act.parent;
  }
}

function enter(p: CProcess, act: Activation): void {
  p.cur = act;
  p.epoch++;
  p.ex.__stack_pointer.value = act.sp;
  p.fuel.value = FUEL_BUDGET;
  p.stored.value = 0;
  p.store32(p.errnoAddr, act.thread.errno);
}

function leave(p: CProcess, act: Activation): void {
  act.sp = p.ex.__stack_pointer.value;
  act.thread.insns += FUEL_BUDGET - p.fuel.value;
  act.stored = p.stored.value !== 0;
  act.thread.errno = p.load32(p.errnoAddr);
  p.cur = null;
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
    p.ex.asyncify_stop_rewind();
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
  p.store32(act.buf, act.buf + 8);
  p.store32(act.buf + 4, act.bufEnd);
  p.ex.asyncify_start_unwind(act.buf);
  return 0;
}

/** The activation running now (an import's caller). */
export function current(p: CProcess): Activation {
  const a = p.cur;
  if (a === null) throw new Error('threadlab: a lab call arrived with no C activation running');
  return a;
}

/** Set the calling thread's errno to a Linux error number (translated by the caller). */
export function setErrno(a: Activation, wasiErrno: number): void {
  a.thread.errno = wasiErrno;
}
