/**
 * setjmp.ts — setjmp/longjmp from C (and _setjmp, sigsetjmp, __sigsetjmp, _longjmp,
 * siglongjmp: clib/runtime/setjmp.c, which saves and restores the mask as glibc does).
 *
 * Models: glibc 2.36's __sigsetjmp and __libc_siglongjmp (setjmp/sigjmp.c, longjmp.c): the
 * jmp_buf keeps the registers at the call; longjmp puts them back, so the function that called
 * setjmp returns from it again, with `val` (1 for 0). Here the "registers" of a C thread are
 * its Asyncify data: setjmp unwinds the calling activation's C stack (as any lab call does,
 * activation.ts), keeps a copy of that data — every frame from the activation's entry down to
 * setjmp, with its locals as they are at the call — and the stack pointer, then rewinds,
 * returning 0. longjmp unwinds too, puts the copy back in the buffer and rewinds it, so setjmp
 * returns `val`; fork.ts rewinds a copy of a thread's data the same way. Locals that live in
 * WebAssembly locals (a non-volatile int at -O2) come back with their values at setjmp, those
 * in memory (volatile, address-taken) keep their latest: what C allows (C11 7.13.2.1: a
 * non-volatile local changed after setjmp is indeterminate) and what gcc -O2 prints.
 *
 * Leaving a signal handler. The target may be in an activation below the one that jumps — the
 * thread's own code interrupted by the handler (or a handler below a nested one). Then the jump
 * is an exception (LongJmp, a kernel HandlerExit): it leaves the handler's activation, the
 * library's handler frame (the kernel drops it without sigreturn: the mask stays the handler's
 * unless siglongjmp restored a saved one), and the library call the target was suspended in,
 * and lands in the target activation's driver (activation.ts), which rewinds the copy.
 *
 * Undefined behaviour made a clear error (the process ends with SIGABRT, as glibc's
 * _FORTIFY_SOURCE longjmp check ends it, and one line says why): a jmp_buf that no setjmp of an
 * activation still running on this thread filled (its function or handler returned, or it was
 * never set), one set by another thread, or one whose frame is above where that activation's
 * stack now is (its function returned). Not caught: a function with no stack frame of its own
 * that called setjmp and returned, when the longjmp comes from as deep or deeper (TLPI's
 * bad_longjmp.c) — Asyncify's data does not say where one frame ends, so the lab cannot tell;
 * the copy is rewound, and the program loops as it does on Linux (differently).
 *
 * jmp_buf (setjmp.h): word 0 is the setjmp's number here (the key of its record), then the
 * mask's flag and the mask, which setjmp.c fills and reads.
 */

import type { Sim } from '../../libs/api.js';
import { LongJmp, SIGABRT } from '../../libs/api.js';
import type { Activation } from './activation.js';
import { suspend } from './activation.js';
import type { CProcess } from './process.js';
import { CFault } from './traps.js';

/**
 * One setjmp (or saved ucontext_t, ucontext.ts): its activation, its Asyncify data and stack
 * pointer at the call, and the export and stack limit the activation then ran with (a
 * makecontext'd context enters C by its own export, on its own stack). `fresh`: not started
 * yet (makecontext) — resuming it calls the export anew rather than rewinding.
 */
export interface JumpState {
  act: Activation;
  id: number;
  data: Uint8Array;
  sp: number;
  entry: string;
  args: number[];
  limit: number;
  fresh: boolean;
}

/** The record of activation `a` as it is suspended now (its C frames unwound into its buffer). */
export function saveState(p: CProcess, a: Activation, id: number): JumpState {
  const data = p.u8().slice(a.buf + 8, p.loadU32(a.buf));
  return { act: a, id, data, sp: a.sp, entry: a.entry, args: a.args, limit: a.limit, fresh: false };
}

/** setjmp(env): keep the unwound frames, answer 0. */
function* opSetjmp(p: CProcess, a: Activation): Sim<number> {
  const env = a.a0 >>> 0;
  const id = ++p.run.jumps;
  (a.jumps ??= new Map()).set(env, saveState(p, a, id));
  p.store32(env, id);
  return 0;
}

const UB = 'undefined behaviour in C; the lab ends the process';

/** The record `env` names on this thread, or the one-line reason the jump cannot be made. */
function findJump(p: CProcess, a: Activation, env: number): JumpState | string {
  const id = p.loadU32(env);
  for (let x: Activation | null = a; x !== null; x = x.parent) {
    const st = x.jumps?.get(env);
    if (st === undefined || st.id !== id) continue;
    if (x.sp > st.sp) break; // the stack is now above the setjmp's frame: its function returned
    return st;
  }
  for (const th of p.threads.values()) {
    if (th === a.thread) continue;
    for (let x = th.top; x !== null; x = x.parent) {
      if (x.jumps?.get(env)?.id === id) return `longjmp to a jmp_buf another thread's setjmp filled (${UB})`;
    }
  }
  return `longjmp to a jmp_buf whose setjmp is no longer active — the function or signal handler that called it has returned, or it was never set (${UB})`;
}

/**
 * Put `st`'s frames back as `a`'s Asyncify data and stack pointer: rewinding `a` now returns
 * from that setjmp (or getcontext/swapcontext; a fresh makecontext'd context is entered anew).
 * Whatever `a` was suspended in (a library call, a fault) is forgotten.
 */
export function restoreJump(p: CProcess, a: Activation, st: JumpState): void {
  p.u8().set(st.data, a.buf + 8);
  p.store32(a.buf, a.buf + 8 + st.data.length);
  p.store32(a.buf + 4, a.bufEnd);
  a.sp = st.sp;
  a.setEntry(st.entry, st.args);
  a.limit = st.limit;
  a.started = !st.fresh;
  a.atPoint = false;
  a.post = null;
  a.obj = null;
  a.pend = null;
  a.pendReq = null;
  a.pendNext = null;
  a.leftInline = false;
  a.thread.spin = null;
  p.last = null; // enter() sets the stack pointer again
}

/** The landing of a jump thrown at activation `a`'s driver: true if `a` is its target (rewind it). */
export function landJump(p: CProcess, a: Activation, e: unknown): boolean {
  if (!(e instanceof LongJmp)) return false;
  const st = e.env as Partial<JumpState>;
  if (st.act !== a) return false;
  restoreJump(p, a, st as JumpState);
  a.result = e.val;
  return true;
}

/** longjmp(env, val): rewind this activation to its setjmp, or jump out to an activation below. */
function* opLongjmp(p: CProcess, a: Activation): Sim<number> {
  const st = findJump(p, a, a.a0 >>> 0);
  if (typeof st === 'string') throw new CFault(SIGABRT, st);
  const val = a.a1 === 0 ? 1 : a.a1;
  if (st.act !== a) throw new LongJmp(st, val);
  restoreJump(p, a, st);
  return val;
}

export function setjmpImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    setjmp: (env) => suspend(p, opSetjmp, env),
    longjmp: (env, val) => suspend(p, opLongjmp, env, val),
  };
}
