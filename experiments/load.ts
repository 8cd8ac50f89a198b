/**
 * load.ts — loading a student's program (and kernel modules) the way `threadlab run` does.
 *
 * A program is an ES module whose default export is a generator function main(libc, argv)
 * (DESIGN.md section 5). `.ts` files are loaded through tsx's `tsImport` (no build step for
 * the student), `.js`/`.mjs` files with a plain dynamic import. Every failure is a CliError
 * with one line that says what to fix: no such file, not a module we can load, a syntax or
 * import error (`file:line:col: message` and the source line, the same for .ts and .js:
 * load_errors.ts), no default export, a default export
 * that is not a generator function.
 *
 * A `.c` file (with more `.c` files of the same program, if any) is compiled by clib/ into a
 * Program (DESIGN.md section 5a); the compiler's errors are a raw CliError (printed exactly as
 * clang printed them, status 2) and its warnings come back as the load's warnings.
 */

import { existsSync, statSync, readdirSync, readFileSync } from 'node:fs';
import { resolve, extname, basename, dirname, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { isKernelModule, type KernelModule } from '../kernel/index.js';
import type { Program } from '../libs/index.js';
import { CliError } from './commands/registry.js';
import { missingYieldWarnings } from './lint.js';
import { loadC, isCSource, CCompileError } from '../clib/host/index.js';
import { loadErrorMessage } from './load_errors.js';

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;

/** Import a .ts/.mts (via tsx) or .js/.mjs module by path; CliError on failure. */
export async function importFile(file: string, what: string, instance?: number): Promise<Record<string, unknown>> {
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(`${what} '${file}' not found`);
  if (!statSync(path).isFile()) throw new CliError(`${what} '${file}' is not a file`);
  const ext = extname(path);
  if (!['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    throw new CliError(`${what} '${file}' must be a .ts or .js module${what === 'program' ? ' or a .c file' : ''} (got '${ext || 'no extension'}')`);
  }
  // A query string makes a separate module instance: module-level state starts afresh.
  const url = pathToFileURL(path).href + (instance === undefined ? '' : `?threadlab-instance=${instance}`);
  try {
    if (ext === '.ts' || ext === '.mts') {
      const { tsImport } = await import('tsx/esm/api');
      return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    }
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`cannot load ${what} '${file}': ${loadErrorMessage(file, e)}`);
  }
}

/** The default export of a module loaded through tsx may sit one level down (CJS interop). */
function defaultExport(mod: Record<string, unknown>): unknown {
  const d = mod['default'];
  // An ES module compiled to CommonJS (a .ts file outside a "type": "module" package) arrives
  // as {default: module.exports}; its own default export, if any, is module.exports.default.
  if (d && typeof d === 'object' && ('default' in (d as object) || (d as { __esModule?: boolean }).__esModule)) {
    return (d as Record<string, unknown>)['default'];
  }
  return d;
}

/** How a C program is built: its other source files and extra compiler flags (--cflags). */
export interface CLoadOptions {
  sources?: string[];
  cflags?: string[];
}

/** The files of a C program: `file`, then the leading `.c` arguments (the rest are argv). */
export function splitSources(file: string, args: string[]): { sources: string[]; args: string[] } {
  if (!isCSource(file)) return { sources: [], args };
  let i = 0;
  while (i < args.length && isCSource(args[i])) i++;
  return { sources: args.slice(0, i), args: args.slice(i) };
}

/** --cflags "-O0 -Wall": the words of the option's value. */
export function parseCflags(v: string | undefined): string[] {
  return v === undefined ? [] : v.split(/\s+/).filter(Boolean);
}

async function loadCProgram(file: string, c: CLoadOptions): Promise<{ program: Program; name: string; warnings: string[] }> {
  for (const f of [file, ...(c.sources ?? [])]) {
    if (!existsSync(f)) throw new CliError(`program '${f}' not found`);
    if (!statSync(f).isFile()) throw new CliError(`program '${f}' is not a file`);
  }
  try {
    const r = await loadC([file, ...(c.sources ?? [])], { cflags: c.cflags });
    return { program: r.program, name: r.name, warnings: r.warnings === '' ? [] : [r.warnings.replace(/\n$/, '')] };
  } catch (e) {
    if (e instanceof CCompileError) throw new CliError(e.diagnostics, 2, true);
    throw e;
  }
}

/**
 * Load a program file; returns main and the name ps shows (the file's base name). Give an
 * `instance` number to get a fresh copy of the module (compare runs each library on its own
 * copy, so a program's module-level variables start from their initial values every time,
 * as a C program's globals do in each new process). A C program is a fresh process image on
 * every run anyway.
 */
export async function loadProgram(file: string, instance?: number, c: CLoadOptions = {}): Promise<{ program: Program; name: string; warnings: string[] }> {
  if (isCSource(file)) return loadCProgram(file, c);
  const mod = await importFile(file, 'program', instance);
  const main = defaultExport(mod);
  if (main === undefined) {
    throw new CliError(`program '${file}' has no default export (write: export default function* main(libc, argv) { ... })`);
  }
  if (typeof main !== 'function' || !(main instanceof GeneratorFunction)) {
    throw new CliError(`program '${file}': the default export must be a generator function (function* main(libc, argv)), got ${describe(main)}`);
  }
  const name = basename(file).replace(/\.(m?[jt]s)$/, '');
  return { program: main as Program, name, warnings: missingYieldWarnings(file, readFileSync(resolve(file), 'utf8')) };
}

/** Load a kernel module file (default export: a KernelModule). */
export async function loadKernelModule(file: string): Promise<KernelModule> {
  const mod = await importFile(file, 'kernel module');
  const m = defaultExport(mod);
  if (!isKernelModule(m)) {
    throw new CliError(`kernel module '${file}': the default export must be { name, init(api), exit?(api) }`);
  }
  return m;
}

function describe(x: unknown): string {
  if (typeof x === 'function') {
    const name = x.name || 'anonymous';
    const kind = (x as { constructor?: { name?: string } }).constructor?.name;
    if (kind === 'AsyncGeneratorFunction') return `an async generator function '${name}' (remove async: a thread waits with yield*, not await)`;
    if (kind === 'AsyncFunction') return `an async function '${name}' (write function* and yield* instead of async and await)`;
    return `a plain function '${name}' (add the * of function*)`;
  }
  if (x === null) return 'null';
  return `a ${typeof x}`;
}

/** The directory holding threadlab's package.json (works from the sources and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'libs'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The example programs shipped in examples/, with the first-line comment of each. */
export function listExampleFiles(): { file: string; summary: string }[] {
  const dir = join(packageRoot(), 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.(ts|c)$/.test(f)).sort().map((f) => {
    const first = readFileSync(join(dir, f), 'utf8').split('\n')[0] ?? '';
    return { file: `examples/${f}`, summary: first.replace(/^\/\/\s?/, '') };
  });
}
