/**
 * c-helpers.ts — compile a C program once per test file (the cache is shared with the CLI's)
 * and run it on a library.
 */

import { resolve } from 'node:path';
import { loadC, type LoadedC } from '../../clib/host/index.js';
import { runProgram, type RunResult, type RunOptions } from '../../experiments/runner.js';

export const ROOT = resolve(import.meta.dirname, '../..');

const compiled = new Map<string, Promise<LoadedC>>();

/** The program at `file` (relative to the repository), compiled once per test file. */
export function cprog(file: string, cflags: string[] = []): Promise<LoadedC> {
  const key = `${file} ${cflags.join(' ')}`;
  let p = compiled.get(key);
  if (p === undefined) compiled.set(key, (p = loadC([resolve(ROOT, file)], { cflags })));
  return p;
}

/** Run a compiled C program (argv[1..] = args) on `lib`. */
export async function runC(file: string, lib: string, args: string[] = [], o: Partial<RunOptions> = {}): Promise<RunResult> {
  const c = await cprog(file);
  return runProgram({ program: c.program, name: c.name, lib, argv: args, timeLimit: 60e9, ...o });
}
