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
 * From a signal handler. A context saved by the code the handler interrupted, resumed with
 * setcontext, leaves the handler as siglongjmp does: a LongJmp landing in that activation
 * (setjmp.ts landJump), no sigreturn. swapcontext from a handler (the preemptive user-thread
 * library of OS courses: a SIGALRM handler switching threads) saves what glibc's does, the
 * handler's frames and, beneath them on the same stack, the interrupted code with the signal
 * frame that its return (rt_sigreturn) restores. Here the handler's frames are its
 * activation's Asyncify data (a HandlerContext's `handler`); its activation then ends as if the
 * handler had returned, so the library's handler frame returns and the kernel does the
 * sigreturn — the mask from the frame, the interrupted call finished (its result, EINTR, the
 * rest of a cut CPU burst) — and the thread's own activation, before it runs C again, keeps
 * that code (`below`: its frames, the call's answer, the mask) in the same record and switches
 * to the target with the target's uc_sigmask (afterSigreturn). A call the frame would restart
 * (SA_RESTART) is not restarted then: the handler's swapcontext asks the kernel to make it
 * fail with EINTR instead (Libc.lab_sigframe_norestart), and `below` keeps the call itself,
 * made again when the context is resumed — where Linux restarts it, since its frame is on
 * the saved context's stack. Resuming
 * the record later — from another context, from another handler invocation (which does the
 * same first), with setcontext or swapcontext — runs the rest of the handler as a nested
 * activation with its frames put back (the swapcontext in it returns 0, the signal still
 * blocked: its mask is the one swapcontext saved), then does what its sigreturn would: the
 * frame's mask, and the interrupted code's call returns its answer or is made again
 * (resumeBase). A record
 * saved in a handler is resumed once (its interrupted code runs on); a context saved outside
 * any handler, many times, as before.
 *
 * A handler nested in another (a second signal, or one a switch unblocked, taken inside the
 * first handler's swapcontext) leaves the same way, one level at a time: each handler below
 * the one that switched ends when its call is finished (leaveLevel), kept as a level of the
 * record (`below.mid`); resuming the record rewinds the levels bottom up, each running the
 * one above it before its own call answers (runLevel, climb), as the sigreturns would.
 *
 * What differs from Linux: the switch happens after the handler's frame is gone rather than
 * at its swapcontext — a signal delivered between the sigreturn and the switch (the rest of a
 * cut CPU burst) runs its handler there, and if that one switches too the process ends with
 * one line; a library call that retries EINTR itself (a futex wait in a lock) waits again
 * there, before the switch. Also a line, not supported: swapcontext from a fault's handler
 * (SIGSEGV, whose activation below is in no call) to a context outside it.
 *
 * Undefined behaviour made a clear error (SIGABRT and one line, as setjmp.ts): a ucontext_t no
 * getcontext/swapcontext/makecontext of this thread filled (or of an activation that has ended:
 * a signal handler that returned), or another thread's.
 */

import type { Sim } from '../../libs/api.js';
import { LongJmp, SIGABRT, SIG_BLOCK, SIG_SETMASK } from '../../libs/api.js';
import type { Activation, Op } from './activation.js';
import { current, suspend, rerunnable, HANDLER_LEFT, FAULTING } from './activation.js';
import type { CProcess, CThread } from './process.js';
import { CFault } from './traps.js';
import { restoreJump, saveState, type JumpState } from './setjmp.js';
import { runNested } from './threads.js';
import { SIGINFO_SIZE } from './signals.js';

/** ucontext_t's uc_mcontext.__lab_ctx[0] (sys/ucontext.h, wasm32): the record's number. */
const CTX_ID = 216; // uc_flags, uc_link, uc_stack (12), padding to 24, gregs (184), fpregs, padding
/** ucontext_t's uc_sigmask (after __lab_ctx[8]). */
const SIGMASK = 280;

const UB = 'undefined behaviour in C; the lab ends the process';

/**
 * A context a signal handler saved (swapcontext in it to a context below it): the handler's
 * frames, and the code it interrupted as the handler's return (sigreturn) left it — `below`:
 * its frames, the result of the library call it was in, its signal mask (null until the
 * handler's frame is gone). Kept in the thread's own activation (`act`), resumed once.
 */
interface HandlerContext extends JumpState {
  handler: JumpState;
  below: Below | null;
}

/**
 * An activation suspended in a library call, as a handler's sigreturn left it: its frames, its
 * call's answer and mask, or (`redo`) the call to make again — one the frame would restart.
 */
interface Level {
  st: JumpState;
  result: number;
  mask: bigint;
  redo: { op: Op; args: number[] } | null;
}

/**
 * The code a handler interrupted: the thread's own activation (this Level), and `mid`, the
 * handlers between it and the one that switched (one nested in another), bottom first.
 */
interface Below extends Level {
  mid: Level[];
}

function isHandlerContext(st: JumpState): st is HandlerContext {
  return (st as Partial<HandlerContext>).handler !== undefined;
}

/** A switch a handler asked for, made by its thread's activation after the handler returned. */
interface Switch {
  rec: HandlerContext | null;
  target: JumpState;
  mask: bigint | null;
  /** The frame of the handler last left would have restarted the call below it (now EINTR). */
  restart: boolean;
  /** The handlers below the one that switched, as each was left: top first. */
  levels: Level[];
}

/** A handler rest's level (runLevel), while the rests above it run (it has not rewound yet). */
const restLevels = new WeakMap<Activation, Level>();

/** Activations running the rest of a handler (runRest): no kernel frame of their own. */
const rests = new WeakSet<Activation>();

const switches = new WeakMap<Activation, Switch>();

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
  return `${what} to a ucontext_t that no getcontext, swapcontext or makecontext of this thread filled, saved in a signal handler that has since returned, or saved in a handler and already resumed once (${UB})`;
}

/**
 * The handler activation `a` may leave for a context of the thread's own activation below it:
 * a C signal handler run directly on it (not one nested in another handler, not a fault's).
 * Returns that activation, or throws the line saying what the lab cannot do.
 */
function handlerBase(a: Activation, what: string): Activation {
  let base = a;
  for (; base.parent !== null; base = base.parent) {
    if (!base.handler || base.parent.running === FAULTING) {
      throw new CFault(SIGABRT, `${what} from a fault's signal handler (or one run inside pthread_once) to a context outside it: not supported in the lab, which switches contexts from signal handlers only`);
    }
  }
  if (switches.has(base)) {
    throw new CFault(SIGABRT, `${what} from a signal handler that ran before the switch another handler asked for was made: not supported in the lab`);
  }
  return base;
}

function* currentMask(p: CProcess): Sim<bigint> {
  const ref = { value: 0n };
  yield* p.libc.sigprocmask(SIG_BLOCK, null, ref);
  return ref.value;
}

/**
 * Resume `st` in the thread's own activation `base` (as a library call's answer). A context a
 * handler saved runs the rest of that handler first (a nested activation, its frames put
 * back: the swapcontext in it returns 0), then, as its sigreturn would, the mask and the code
 * it interrupted, whose library call answers what it answered before the handler ran. When
 * the rest of the handler switches again, that switch is made here.
 */
function* resumeBase(p: CProcess, base: Activation, st: JumpState): Sim<number> {
  for (;;) {
    if (!isHandlerContext(st)) {
      restoreJump(p, base, st);
      return 0;
    }
    const below = st.below!;
    for (const [k, v] of base.jumps!) if (v === st) base.jumps!.delete(k); // resumed once
    restoreJump(p, base, below.st);
    yield* runLevel(p, base.thread, below.mid, st.handler, 0);
    const sw = switches.get(base);
    if (sw === undefined) {
      yield* p.libc.sigprocmask(SIG_SETMASK, below.mask, null);
      restoreJump(p, base, below.st);
      if (below.redo === null) return below.result;
      [base.a0, base.a1, base.a2, base.a3, base.a4, base.a5] = below.redo.args;
      return yield* below.redo.op(p, base); // the restart its sigreturn would have made
    }
    switches.delete(base);
    if (sw.rec !== null) sw.rec.below = { ...below, mid: sw.levels.reverse() };
    if (sw.mask !== null) yield* p.libc.sigprocmask(SIG_SETMASK, sw.mask, null);
    st = sw.target;
  }
}

/**
 * The rest of a handler: its saved frames rewound on top of the code it interrupted — level
 * `i` of `mid` (a handler another one interrupted: that one's rest runs first, on top of it,
 * then this one's call answers, as that one's sigreturn would make it), or `top`.
 */
function* runLevel(p: CProcess, th: CThread, mid: Level[], top: JumpState, i: number): Sim<number> {
  const lv = i < mid.length ? mid[i] : null;
  const h = lv !== null ? lv.st : top;
  return yield* runNested(p, th, h.entry, () => h.args, SIGINFO_SIZE, undefined, null, (act) => {
    act.handler = true;
    rests.add(act);
    restoreJump(p, act, h);
    act.result = 0;
    if (lv !== null) {
      restLevels.set(act, lv);
      act.hook = (p2, a2) => climb(p2, a2, mid, top, i + 1, lv);
    }
  });
}

/** Run the handler above level `lv` (activation `a`), then give `a` its call's answer. */
function* climb(p: CProcess, a: Activation, mid: Level[], top: JumpState, i: number, lv: Level): Sim<number> {
  yield* runLevel(p, a.thread, mid, top, i);
  if (switches.has(handlerBottom(a))) return lv.result; // that handler switched: `a` is left too (leaveLevel)
  restLevels.delete(a);
  yield* p.libc.sigprocmask(SIG_SETMASK, lv.mask, null);
  if (lv.redo === null) return lv.result;
  [a.a0, a.a1, a.a2, a.a3, a.a4, a.a5] = lv.redo.args;
  return yield* lv.redo.op(p, a);
}

function handlerBottom(a: Activation): Activation {
  let x = a;
  while (x.parent !== null) x = x.parent;
  return x;
}

/** `a` as a handler's sigreturn leaves it: suspended in a call (its answer, or the call again). */
function* levelOf(p: CProcess, a: Activation, restart: boolean): Sim<Level> {
  const op = a.running;
  const redo = restart && rerunnable(op) ? { op, args: [a.a0, a.a1, a.a2, a.a3, a.a4, a.a5] } : null;
  return { st: saveState(p, a, 0), result: a.result, mask: yield* currentMask(p), redo };
}

/**
 * After the handler that switched (or one more above it) was left: leave `a` too — the
 * handler it runs, which that one interrupted — keeping it as one of the switch's levels.
 */
function* leaveLevel(p: CProcess, a: Activation): Sim<number> {
  const sw = switches.get(handlerBottom(a))!;
  sw.levels.push(restLevels.get(a) ?? (yield* levelOf(p, a, sw.restart)));
  restLevels.delete(a);
  sw.restart = !rests.has(a) && (yield* p.libc.lab_sigframe_norestart()) === 1;
  leaveNext(a);
  throw HANDLER_LEFT;
}

/** What runs once handler activation `a` has ended: the one below leaves too, or the switch is made. */
function leaveNext(a: Activation): void {
  const below = a.parent!;
  if (below.parent !== null) below.hook = leaveLevel;
  else if (!rests.has(a)) below.hook = afterSigreturn; // (a rest's resumeBase makes the switch itself)
}

/**
 * The switch a handler's swapcontext asked for, once the handler's frame is gone (sigreturn
 * restored the interrupted code's mask and finished its library call): the handler's context
 * gets that code as its `below`, then the target runs with its own mask.
 */
function* afterSigreturn(p: CProcess, base: Activation): Sim<number> {
  const sw = switches.get(base)!;
  switches.delete(base);
  if (sw.rec !== null) {
    sw.rec.below = { ...(yield* levelOf(p, base, sw.restart)), mid: sw.levels.reverse() };
  }
  if (sw.mask !== null) yield* p.libc.sigprocmask(SIG_SETMASK, sw.mask, null);
  return yield* resumeBase(p, base, sw.target);
}

/**
 * swapcontext in signal handler `a` to `target`, a context of the thread's own activation:
 * oucp becomes the handler's context; the handler's activation ends (its frame returns:
 * sigreturn), and its thread's activation switches to `target` before running C again.
 */
function* leaveHandler(p: CProcess, a: Activation, oucp: number, target: JumpState, mask: bigint): Sim<never> {
  const base = handlerBase(a, 'swapcontext');
  const restart = !rests.has(a) && (yield* p.libc.lab_sigframe_norestart()) === 1;
  const id = ++p.run.jumps;
  const rec: HandlerContext = { ...saveState(p, a, id), act: base, handler: saveState(p, a, id), below: null };
  (base.jumps ??= new Map()).set(oucp, rec);
  p.store32(oucp + CTX_ID, id);
  switches.set(base, { rec, target, mask, restart, levels: [] });
  leaveNext(a);
  throw HANDLER_LEFT;
}

/** Resume `st` from activation `a`: here, or (from a signal handler) in the activation below. */
function* resume(p: CProcess, a: Activation, st: JumpState): Sim<number> {
  if (st.act === a) {
    if (isHandlerContext(st)) return yield* resumeBase(p, a, st);
    restoreJump(p, a, st);
    return 0;
  }
  if (isHandlerContext(st)) { // leave this handler (as siglongjmp) for one saved in another
    const base = handlerBase(a, 'setcontext');
    switches.set(base, { rec: null, target: st, mask: null, restart: false, levels: [] });
    base.hook = afterSigreturn;
  }
  throw new LongJmp(st, 0);
}

function* opGetcontext(p: CProcess, a: Activation): Sim<number> {
  save(p, a, a.a0 >>> 0);
  return 0;
}

function* opSetcontext(p: CProcess, a: Activation): Sim<number> {
  const st = findContext(p, a, a.a0 >>> 0, 'setcontext');
  if (typeof st === 'string') throw new CFault(SIGABRT, st);
  return yield* resume(p, a, st);
}

function* opSwapcontext(p: CProcess, a: Activation): Sim<number> {
  const oucp = a.a0 >>> 0;
  const ucp = a.a1 >>> 0;
  const st = findContext(p, a, ucp, 'swapcontext');
  if (typeof st === 'string' && oucp !== ucp) throw new CFault(SIGABRT, st);
  if (typeof st !== 'string' && st.act !== a) return yield* leaveHandler(p, a, oucp, st, p.loadSigset(ucp + SIGMASK));
  save(p, a, oucp);
  return yield* resume(p, a, typeof st === 'string' ? a.jumps!.get(oucp)! : st);
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
