/**
 * traps.ts — a WebAssembly trap in C code becomes the hardware fault it stands for.
 *
 * Models: the CPU exception and the kernel's force_sig_fault. An out-of-bounds access, a call
 * through a bad function pointer or a stack overflow is SIGSEGV; a division by zero (or an
 * unrepresentable division or conversion) SIGFPE; `unreachable` (__builtin_trap, a path the
 * compiler proved impossible) SIGILL, as ud2 is on x86. The error carries `signo`, which the
 * kernel's fault path (kernel/entry.ts) turns into a fatal signal for the thread's process,
 * and a message naming the C function, read from the trap's stack trace (WebAssembly frames
 * carry the names of the module's name section).
 *
 * The program's handler for the signal runs as force_sig_fault would run it (fault_signal.ts);
 * when it returns, or when there is none, the fault is fatal.
 */

import { SIGSEGV, SIGFPE, SIGILL } from '../../libs/api.js';
import { cName, type CProcess } from './process.js';
import type { Activation } from './activation.js';

/** What the runtime's __lab_fault import throws (instrument.ts's checks), until trapError names it. */
export class LabTrap extends Error {
  constructor(readonly kind: 'stack overflow' | 'null pointer dereference') {
    super(kind);
    this.name = 'LabTrap';
  }
}

/** A fault the kernel delivers as `signo` to the faulting thread's process. */
export class CFault extends Error {
  /** Raised by running C code (a trap), so the program's handler may take it (fault_signal.ts). */
  trapped = false;
  constructor(readonly signo: number, message: string) {
    super(message);
    this.name = 'CFault';
  }
}

const KINDS: [RegExp, number, string][] = [
  [/out of bounds|stack overflow|null pointer|null function|signature mismatch|table index|illegal cast/i, SIGSEGV, 'segfault'],
  [/divide by zero|divide result|unrepresentable|integer overflow/i, SIGFPE, 'arithmetic fault'],
  [/unreachable/i, SIGILL, 'illegal instruction'],
];

/** The C functions on a trap's stack, innermost first (V8 writes "module.function"). */
export function wasmFrames(p: CProcess, e: unknown): string[] {
  const stack = e instanceof Error ? e.stack ?? '' : '';
  const out: string[] = [];
  for (const m of stack.matchAll(/at (?:(\S+) \()?wasm:\/\/wasm\/[^:]+:wasm-function\[(\d+)\]/g)) {
    out.push(p.cFunctionName(Number(m[2])));
  }
  return out;
}

/**
 * Asyncify found the thread's suspended frames larger than its buffer (a recursion too deep
 * to suspend at a library call or preemption point): the C stack is lost, a stack overflow.
 */
export function unwindOverflow(p: CProcess, act: Activation): CFault {
  const where = act.thread.lastFunction >= 0 ? ` in C function ${p.userFunctionName(act.thread.lastFunction)}` : ' in C code';
  return new CFault(SIGSEGV, `segfault${where}: stack overflow (a stack too deep to suspend: more than ${act.bufEnd - act.buf - 8} bytes of locals)`);
}

/** The error to throw for an exception raised while `act` ran C code. */
export function trapError(p: CProcess, act: Activation, e: unknown): unknown {
  if (e instanceof CFault) return e;
  const isTrap = e instanceof WebAssembly.RuntimeError || e instanceof LabTrap || (e instanceof RangeError && /call stack/i.test(e.message));
  if (!isTrap) return e;
  const msg = e instanceof LabTrap ? `${e.kind}` : (e as Error).message === 'Maximum call stack size exceeded' ? 'stack overflow (too deep a recursion)' : (e as Error).message;
  const kind = KINDS.find(([re]) => re.test(msg)) ?? [/./, SIGSEGV, 'fault'];
  const frames = wasmFrames(p, e).filter((f) => !f.startsWith('asyncify_') && !f.startsWith('__lab_') && !f.startsWith('__wrap_'));
  const users = new Set(p.image.userFunctions.map(cName));
  const user = frames.find((f) => users.has(f));
  const where = frames.length === 0 ? 'in C code'
    : `in C function ${frames[0]}${user !== undefined && user !== frames[0] ? ` (called from ${user})` : ''}`;
  return new CFault(kind[1], `${kind[2]} ${where}: ${msg}`);
}
