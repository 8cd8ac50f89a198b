/**
 * fresh.ts — a fresh copy of a program's module for every run, cheaply.
 *
 * A program may keep state at module level (`let handled = 0;` above main), as a C program
 * keeps globals; every run must start from the initial values, as a new process would, or the
 * second run of an exploration would see what the first left behind and a replay (a new
 * process) would not reproduce it. Importing the file again for each run (a new module
 * instance through tsx) costs tens of milliseconds and keeps every instance alive; instead the
 * program and the files it imports by relative path (libs/api.ts, a helper of the student's)
 * are bundled once with esbuild (the compiler tsx itself uses) into one CommonJS function body,
 * and each run calls that function again: all its top-level code runs afresh, in microseconds,
 * as a new process maps its program again. Packages and Node built-ins stay outside (required
 * once, shared). The bundle is plain text, so worker threads get it without compiling again.
 *
 * When a .ts or .js source cannot be bundled this way (import.meta, top-level await) the
 * factory hands out the one loaded instance and says why in `shared`. A program in another
 * language (a C program, compiled to WebAssembly) is its loader's business: its main starts a
 * new instance of the program for every process, so handing out the loaded one is right.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve, extname, dirname, basename } from 'node:path';
import type { Program } from '../libs/index.js';
import { loadProgram } from './load.js';

export interface ProgramFactory {
  /** A main of its own module instance (or the shared one, see `shared`). */
  fresh(): Program;
  name: string;
  /** Why every run shares one JavaScript module instance, or null when each gets its own. */
  shared: string | null;
  /** The bundle a worker thread can rebuild the factory from (null when shared). */
  compiled: CompiledProgram | null;
}

/** A program bundled to a CommonJS function body. */
export interface CompiledProgram {
  /** Absolute path of the program file (require() of packages resolves from there). */
  path: string;
  code: string;
}

const LOADERS: Record<string, 'ts' | 'js'> = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js' };

/** Bundle the program; a string says why it cannot be. */
async function compile(file: string): Promise<CompiledProgram | string> {
  const path = resolve(file);
  if (/\bimport\.meta\b/.test(readFileSync(path, 'utf8'))) return 'it uses import.meta';
  try {
    const esbuild = await import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [path], bundle: true, format: 'cjs', platform: 'node', target: 'es2022', packages: 'external',
      write: false, logLevel: 'silent',
    });
    return { path, code: out.outputFiles[0].text };
  } catch (e) {
    return `it cannot be bundled (${(e as Error).message.split('\n').slice(0, 2).join(' ')})`;
  }
}

/** The factory for a bundle (in a worker thread too: no compiler, no loader needed). */
export function factoryFromCompiled(c: CompiledProgram): ProgramFactory {
  const body = new Function('exports', 'require', 'module', '__filename', '__dirname', `"use strict";${c.code}`);
  const req = createRequire(c.path);
  const dir = dirname(c.path);
  const fresh = (): Program => {
    const module = { exports: {} as Record<string, unknown> };
    body(module.exports, req, module, c.path, dir);
    const d = module.exports['default'];
    if (typeof d !== 'function') throw new Error(`${basename(c.path)}: the bundled copy has no default export`);
    return d as Program;
  };
  return { fresh, name: basename(c.path).replace(/\.(m?[jt]s)$/, ''), shared: null, compiled: c };
}

/**
 * Load `file` once (with the checks and messages of loadProgram) and make fresh copies of it.
 * A C program needs no copies: each run of it instantiates its module anew (a new process
 * image), and a worker thread finds it in the compiler's cache.
 */
export async function programFactory(file: string): Promise<ProgramFactory> {
  const { program, name } = await loadProgram(file);
  if (LOADERS[extname(resolve(file))] === undefined) return { fresh: () => program, name, shared: null, compiled: null };
  const c = await compile(file);
  if (typeof c === 'string') return { fresh: () => program, name, shared: c, compiled: null };
  const f = factoryFromCompiled(c);
  try {
    f.fresh();
  } catch (e) {
    return { fresh: () => program, name, shared: `its bundled copy does not run (${(e as Error).message.split('\n')[0]})`, compiled: null };
  }
  return { ...f, name };
}
