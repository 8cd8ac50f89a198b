/**
 * program.ts — a compiled C program as an ordinary lab Program: `function* main(libc, argv)`.
 *
 * Models: exec of a C binary plus __libc_start_main. Each run gets a fresh instance (a new
 * process image: globals at their initial values); the main thread enters C through the
 * runtime's __lab_start (constructors, main(argc, argv), exit with its value), on the stack
 * the linker laid out. Because the result is a Program, everything that runs programs —
 * run, compare, the experiments, the watchdog worker, deadlock reports — runs C unchanged.
 */

import type { Libc, Program, Sim } from '../../libs/api.js';
import { CProcess, CRun, type CImage } from './process.js';
import { Activation, runActivation } from './activation.js';
import { importTable } from './imports.js';
import { parseModule } from './wasm_binary.js';
import type { CompiledC } from './build.js';

/** The image of a compiled program: module, names, the user's functions. */
export function cImage(c: CompiledC, name: string): CImage {
  const names = parseModule(c.wasm).names;
  return { module: new WebAssembly.Module(c.wasm), name, names, userFunctions: new Set(c.meta.userFunctions) };
}

/** Start the main thread of a new process of `run` (the shell's fork, then exec). */
export function* startMain(run: CRun, libc: Libc, argv: string[]): Sim<number> {
  const p = new CProcess(run, libc, argv);
  p.instantiate(importTable(p));
  const self = yield* libc.pthread_self();
  const th = p.mainThread(self);
  p.threadStarted(th);
  const act = new Activation(th, '__lab_start', [], th.buf, th.bufEnd, th.stackTop);
  yield* runActivation(p, act);
  return 0;
}

/** The Program for an image: each call is one run (its processes share `CRun`). */
export function cProgram(image: CImage): Program {
  return function* cMain(libc: Libc, argv: string[]): Sim<number> {
    return yield* startMain(new CRun(image), libc, argv);
  };
}
