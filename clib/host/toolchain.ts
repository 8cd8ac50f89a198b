/**
 * toolchain.ts — Clang and LLD from npm (@yowasp/clang: LLVM built to WebAssembly, with
 * wasi-libc's sysroot), run in a virtual file system, and the lab's own C sources.
 *
 * The compiler loads once per process (about 4–6 s; later invocations about 1 s). Its
 * messages are captured byte for byte so a compile error reaches the user exactly as clang
 * printed it. Paths given to clang are the user's own (relative as typed, or absolute), so
 * diagnostics name the user's files.
 */

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** A virtual file tree as @yowasp/clang takes and returns it. */
export interface Tree {
  [name: string]: Tree | string | Uint8Array;
}

interface Yowasp {
  runClang(args: string[] | null, files?: Tree, options?: object): Promise<Tree>;
  runLLVM(args: string[] | null, files?: Tree, options?: object): Promise<Tree>;
}

let yowasp: Promise<Yowasp> | null = null;

/** Load the compiler (once per process), without its progress messages on stdout. */
async function compiler(): Promise<Yowasp> {
  yowasp ??= (async () => {
    const y = (await import('@yowasp/clang')) as unknown as Yowasp;
    await y.runLLVM(null, {}, { fetchProgress: () => {} });
    return y;
  })();
  return yowasp;
}

export interface ClangRun {
  ok: boolean;
  /** Everything clang (and wasm-ld) wrote to stderr, as written. */
  stderr: string;
  files: Tree;
}

/** Run `clang args...` over `files`; never throws for a failed compile. */
export async function runClang(args: string[], files: Tree): Promise<ClangRun> {
  const y = await compiler();
  const chunks: Uint8Array[] = [];
  const stderr = (b: Uint8Array | null): void => { if (b) chunks.push(Uint8Array.from(b)); };
  const text = (): string => Buffer.concat(chunks).toString('utf8');
  try {
    const out = await y.runClang(['clang', ...args], files, { stderr, stdout: stderr, decodeASCII: false });
    return { ok: true, stderr: text(), files: out };
  } catch (e) {
    const ex = e as { code?: number; files?: Tree };
    if (typeof ex.code === 'number') return { ok: false, stderr: text(), files: ex.files ?? {} };
    throw e;
  }
}

/** The installed versions that make a build: the compiler package and binaryen. */
export function toolchainVersions(): string {
  const req = createRequire(import.meta.url);
  const v = (pkg: string): string => {
    const main = req.resolve(pkg);
    for (let d = dirname(main); d !== dirname(d); d = dirname(d)) {
      const p = join(d, 'package.json');
      if (existsSync(p)) {
        const j = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (j.name === pkg) return `${pkg}@${j.version}`;
      }
    }
    return `${pkg}@?`;
  };
  return `${v('@yowasp/clang')} ${v('binaryen')}`;
}

/** The lab's folder (the one holding clib/), from the sources or from dist/. */
export function labRoot(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'clib', 'include', 'pthread.h'))) return d;
  }
  throw new Error('cannot find clib/include (the lab\'s C headers)');
}

/** Every file under a directory, as [relative path with '/', contents]. */
export function readTree(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else out.push([relative(dir, p).split(sep).join('/'), readFileSync(p, 'utf8')]);
    }
  };
  walk(dir);
  return out;
}

/** Put `content` at `path` ('a/b/c.h' or '/abs/c.h') in `tree`. */
export function addToTree(tree: Tree, path: string, content: string | Uint8Array): void {
  const parts = path.split('/').filter((p) => p !== '');
  let t = tree;
  for (const p of parts.slice(0, -1)) t = (t[p] ??= {}) as Tree;
  t[parts[parts.length - 1]] = content;
}

export function getFromTree(tree: Tree, path: string): Tree | string | Uint8Array | undefined {
  let t: Tree | string | Uint8Array | undefined = tree;
  for (const p of path.split('/').filter((x) => x !== '')) {
    if (t === undefined || typeof t === 'string' || t instanceof Uint8Array) return undefined;
    t = t[p];
  }
  return t;
}

/**
 * The path clang should see for a user's file: as typed when it is relative and stays inside
 * the working directory, else absolute (the virtual file system's root is '/').
 */
export function clangPath(file: string): string {
  if (!isAbsolute(file) && !relative('.', file).startsWith('..')) return relative('.', file).split(sep).join('/');
  return resolve(file).split(sep).join('/');
}
