/**
 * index.ts — clib's public surface: compile C files into a lab Program.
 *
 * clib/ is a loader above libs/api.ts: it imports nothing of the lab but that file (and npm
 * packages), and the libraries never know a program was written in C. experiments/ imports
 * only this file.
 */

import { basename } from 'node:path';
import type { Program } from '../../libs/api.js';
import { compileC, CCompileError, DEFAULT_OPT, type CompileOptions, type CompiledC } from './build.js';
import { cImage, cProgram, runNotes } from './program.js';

export { runNotes };

export { compileC, CCompileError, DEFAULT_OPT, type CompileOptions, type CompiledC };

/** A file the lab compiles as C. */
export function isCSource(file: string): boolean {
  return /\.c$/i.test(file);
}

export interface LoadedC {
  program: Program;
  /** The name ps shows: the first file's base name without .c. */
  name: string;
  /** Compiler warnings (as clang printed them; empty if none). */
  warnings: string;
  compiled: CompiledC;
}

/** Compile (or fetch from the cache) and wrap as a Program. Throws CCompileError. */
export async function loadC(files: string[], opts: CompileOptions = {}): Promise<LoadedC> {
  const compiled = await compileC(files, opts);
  const name = basename(files[0]).replace(/\.c$/i, '');
  return { program: cProgram(cImage(compiled, name)), name, warnings: compiled.meta.warnings, compiled };
}
