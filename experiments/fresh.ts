/**
 * fresh.ts — a fresh copy of a program's module for every run, cheaply.
 *
 * A program may keep state at module level (`let handled = 0;` above main), as a C program
 * keeps globals; every run must start from the initial values, as a new process would, or the
 * second run of an exploration would see what the first left behind and a replay (a new
 * process) would not reproduce it. Importing the file again for each run (a new module
 * instance through tsx) costs tens of milliseconds and keeps every instance alive; instead the
 * source is compiled once with esbuild (the compiler tsx itself uses) to a CommonJS function
 * body, and each run calls that function again: its top-level code runs afresh, in microseconds.
 *
 * The program's imports are loaded once, the usual way (relative to the program file), and
 * shared by every copy — like shared libraries, which a new process maps again but which hold
 * no state of the program's. Only the program file itself is re-evaluated.
 *
 * When the source cannot be compiled this way (import.meta, top-level await, another language)
 * the factory hands out the one loaded instance and says why in `shared`.
 */

import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { resolve, extname, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Program } from '../libs/index.js';
import { loadProgram } from './load.js';

export interface ProgramFactory {
  /** A main of its own module instance (or the shared one, see `shared`). */
  fresh(): Program;
  name: string;
  /** Why every run shares one module instance, or null when each gets its own. */
  shared: string | null;
}

const LOADERS: Record<string, 'ts' | 'js'> = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js' };

/** Load `file` once (with the checks and messages of loadProgram) and make fresh copies of it. */
export async function programFactory(file: string): Promise<ProgramFactory> {
  const { program, name } = await loadProgram(file);
  const shared = (why: string): ProgramFactory => ({ fresh: () => program, name, shared: why });
  const path = resolve(file);
  const loader = LOADERS[extname(path)];
  if (loader === undefined) return shared(`not a .ts or .js module`);
  const source = readFileSync(path, 'utf8');
  if (/\bimport\.meta\b/.test(source)) return shared('it uses import.meta');
  let code: string;
  try {
    const esbuild = await import('esbuild');
    code = esbuild.transformSync(source, { loader, format: 'cjs', target: 'es2022', sourcefile: path }).code;
  } catch (e) {
    return shared(`it cannot be compiled to a function (${(e as Error).message.split('\n')[0]})`);
  }
  const deps = new Map<string, unknown>();
  const nodeRequire = createRequire(path);
  for (const m of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
    const spec = m[1];
    if (deps.has(spec)) continue;
    if (isBuiltin(spec)) { deps.set(spec, nodeRequire(spec)); continue; }
    const { tsImport } = await import('tsx/esm/api');
    const ns = (await tsImport(spec, pathToFileURL(path).href)) as Record<string, unknown>;
    deps.set(spec, { ...ns, __esModule: true });
  }
  const body = new Function('exports', 'require', 'module', '__filename', '__dirname', `"use strict";${code}`);
  const req = (spec: string): unknown => {
    if (!deps.has(spec)) throw new Error(`cannot require '${spec}' from ${file}`);
    return deps.get(spec);
  };
  const fresh = (): Program => {
    const module = { exports: {} as Record<string, unknown> };
    body(module.exports, req, module, path, dirname(path));
    return module.exports['default'] as Program;
  };
  if (typeof fresh() !== 'function') return shared('its compiled copy has no default export');
  return { fresh, name, shared: null };
}
