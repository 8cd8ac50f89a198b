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
import { Activation, runActivation, tellKernel } from './activation.js';
import { importTable } from './imports.js';
import { tlsStart } from './tls.js';
import { parseModule } from './wasm_binary.js';
import type { CompiledC } from './build.js';

/** The image of a compiled program: module, names, the user's functions. */
export function cImage(c: CompiledC, name: string): CImage {
  const m = parseModule(c.wasm);
  const results = m.funcTypes.map((t) => m.typeResults[t] ?? 0);
  return {
    module: new WebAssembly.Module(c.wasm), name, names: m.names, userFunctions: c.meta.userFunctions, results,
    funcImports: m.funcImports, tls: c.meta.tls ?? null,
  };
}

/** Start the main thread of a new process of `run` (the shell's fork, then exec). */
export function startMain(run: CRun, libc: Libc, argv: string[]): Sim<number> {
  const p = new CProcess(run, libc, argv);
  p.instantiate(importTable(p));
  return runActivation(p, function* () {
    p.grown = p.mem.buffer.byteLength; // the image's data, stack and heap: the data segment
    yield* tellKernel(p);
    const th = p.mainThread(yield* libc.pthread_self());
    tlsStart(p, th);
    p.threadStarted(th);
    return new Activation(th, '__lab_start', [], th.buf, th.bufEnd, th.stackTop);
  });
}

const lastRun = new WeakMap<Program, CRun>();

/** The Program for an image: each call is one run (its processes share `CRun`). */
export function cProgram(image: CImage): Program {
  // Not a generator itself: it returns startMain's, one level less for every request to pass.
  const program = function cMain(libc: Libc, argv: string[]): Sim<number> {
    const run = new CRun(image);
    lastRun.set(program, run);
    return startMain(run, libc, argv);
  };
  return program;
}

/**
 * What the lab noticed about the last run of a C program, one line each: threads that were
 * spinning in a loop with no library call when it ended (spin.ts).
 */
export function runNotes(program: Program): string[] {
  const run = lastRun.get(program);
  if (run === undefined) return [];
  return [...run.spinning.values()].map((n) =>
    `thread ${n.thread.self} was spinning in C function ${n.function} from ${formatNs(n.since)} on, `
    + 'in a loop with no library call that no other thread ended');
}

function formatNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)} ms`;
  return `${+(ns / 1e3).toFixed(1)} µs`;
}
