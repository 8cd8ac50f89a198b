/**
 * ucontext.ts — getcontext, setcontext, swapcontext, makecontext from C (clib/runtime/ucontext.c,
 * which saves and restores uc_sigmask as glibc does).
 *
 * Models: glibc 2.36's x86-64 getcontext.S, setcontext.S, swapcontext.S, makecontext.c and
 * __start_context.S. A context is a thread's registers: here, as for setjmp (setjmp.ts), the C
 * frames of the calling activation, unwound into its Asyncify buffer, and its stack pointer.
 * getcontext and swapcontext keep a copy of them in a record (JumpState) of the activation,
 * keyed by the ucontext_t's address and numbered in it (uc_mcontext.__lab_ctx[0]); resuming it
 * puts the copy back and rewinds, so the call that saved it returns 0 again. makecontext makes
 * the record a fresh start: the activation enters C by __lab_start_context (the function, its
 * arguments and uc_link at the top of the context's stack), with its stack pointer below them
 * and the stack's bottom (ss_sp) as its limit — so switching contexts on one thread is the same
 * activation entering C by another export on another stack, and its Asyncify buffer holds the
 * frames of whichever context runs.
 *
 * A context saved by the code a signal handler interrupted, resumed from the handler
 * (setcontext), leaves the handler as siglongjmp does: a LongJmp landing in that activation
 * (setjmp.ts landJump). swapcontext from a handler to such a context would also have to keep
 * the handler's own context, to resume later on top of the other one's — which the lab's
 * activations, one nested run per handler, cannot do: the process ends with a line saying so.
 *
 * Undefined behaviour made a clear error (SIGABRT and one line, as setjmp.ts): a ucontext_t no
 * getcontext/swapcontext/makecontext of this thread filled (or of an activation that has ended:
 * a signal handler that returned), or another thread's.
 */

import type { Sim } from '../../libs/api.js';
import { LongJmp, SIGABRT } from '../../libs/api.js';
import type { Activation } from './activation.js';
import { current, suspend } from './activation.js';
import type { CProcess } from './process.js';
import { CFault } from './traps.js';
import { restoreJump, saveState, type JumpState } from './setjmp.js';

/** ucontext_t's uc_mcontext.__lab_ctx[0] (sys/ucontext.h, wasm32): the record's number. */
const CTX_ID = 216; // uc_flags, uc_link, uc_stack (12), padding to 24, gregs (184), fpregs, padding

const UB = 'undefined behaviour in C; the lab ends the process';

/** getcontext/swapcontext: ucp's record is activation `a` as suspended now. */
function save(p: CProcess, a: Activation, ucp: number): void {
  const id = ++p.run.jumps;
  (a.jumps ??= new Map()).set(ucp, saveState(p, a, id));
  p.store32(ucp + CTX_ID, id);
}

/** The context `ucp` names on this thread, or the one-line reason it cannot be resumed. */
function findContext(p: CProcess, a: Activation, ucp: number, what: string): JumpState | string {
  const id = p.loadU32(ucp + CTX_ID);
  for (let x: Activation | null = a; x !== null; x = x.parent) {
    const st = x.jumps?.get(ucp);
    if (st !== undefined && st.id === id) return st;
  }
  for (const th of p.threads.values()) {
    if (th === a.thread) continue;
    for (let x = th.top; x !== null; x = x.parent) {
      if (x.jumps?.get(ucp)?.id === id) return `${what} to a ucontext_t another thread saved or made (${UB})`;
    }
  }
  return `${what} to a ucontext_t that no getcontext, swapcontext or makecontext of this thread filled, or saved in a signal handler that has since returned (${UB})`;
}

/** Resume `st` from activation `a`: here, or (from a signal handler) in the activation below. */
function resume(p: CProcess, a: Activation, st: JumpState): number {
  if (st.act !== a) throw new LongJmp(st, 0);
  restoreJump(p, a, st);
  return 0;
}

function* opGetcontext(p: CProcess, a: Activation): Sim<number> {
  save(p, a, a.a0 >>> 0);
  return 0;
}

function* opSetcontext(p: CProcess, a: Activation): Sim<number> {
  const st = findContext(p, a, a.a0 >>> 0, 'setcontext');
  if (typeof st === 'string') throw new CFault(SIGABRT, st);
  return resume(p, a, st);
}

function* opSwapcontext(p: CProcess, a: Activation): Sim<number> {
  const st = findContext(p, a, a.a1 >>> 0, 'swapcontext');
  if (typeof st === 'string' && a.a0 !== a.a1) throw new CFault(SIGABRT, st);
  if (typeof st !== 'string' && st.act !== a) {
    throw new CFault(SIGABRT, 'swapcontext in a signal handler to a context saved outside it (preemptive user threads switched from a handler): not supported in the lab, which cannot keep the handler\'s context to resume later — use setcontext to leave the handler for good, or switch outside the handler');
  }
  save(p, a, a.a0 >>> 0);
  return resume(p, a, typeof st === 'string' ? a.jumps!.get(a.a0 >>> 0)! : st);
}

/**
 * makecontext: ucp becomes a fresh start of __lab_start_context(block) on the stack below
 * `block` (ucontext.c put it at the top of uc_stack), limited by ss_sp. Answers func's shape
 * (process.ts), which __lab_start_context calls it by.
 */
function makecontext(p: CProcess, ucp: number, block: number, low: number): number {
  const a = current(p);
  const id = ++p.run.jumps;
  const st: JumpState = {
    act: a, id, data: new Uint8Array(0), sp: block & ~15, entry: '__lab_start_context', args: [block], limit: low, fresh: true,
  };
  (a.jumps ??= new Map()).set(ucp, st);
  p.store32(ucp + CTX_ID, id);
  return p.shape(p.loadU32(block));
}

export function ucontextImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    getcontext: (ucp) => suspend(p, opGetcontext, ucp),
    setcontext: (ucp) => suspend(p, opSetcontext, ucp),
    swapcontext: (oucp, ucp) => suspend(p, opSwapcontext, oucp, ucp),
  };
}

export function ucontextSyncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return { makecontext: (ucp, block, low) => makecontext(p, ucp >>> 0, block >>> 0, low >>> 0) };
}
