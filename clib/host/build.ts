/**
 * build.ts — from C sources to the module the lab runs: compile and link with Clang/LLD
 * (wasi-libc plus the lab's runtime and headers), check that nothing outside the lab slipped
 * in, count instructions (instrument.ts), make the lab's calls suspendable (asyncify.ts), and
 * cache the result.
 *
 * Pipeline, and why each step:
 *   1. the lab's runtime (clib/runtime/*.c) is compiled once per toolchain and cached;
 *   2. the user's files are compiled and linked against it in one clang run, with a link map
 *      (which functions are the user's: only those get preemption points) and --wrap for each
 *      wasi-libc function the runtime replaces (so wasi-libc's single-threaded stubs are never
 *      linked);
 *   3. checks (link_check.ts): only the lab's own imports, no single-threaded placeholder from
 *      wasi-libc (a pthread_* or sem_* the lab's headers do not declare, which the user
 *      declared by hand) — each a compile error naming the function;
 *   4. instrumentation and Asyncify over the linked module (binaryen), names kept.
 * Between 2 and 3: where clang's -Wformat finds a 4-byte printf conversion given a 64-bit
 * integer (`%ld` of a time_t, right on LP64 Linux), its fix-it is applied and step 2 runs again
 * (lp64_format.ts).
 * Errors come back as CCompileError carrying clang's own text (file:line:col, source line,
 * caret), which the front end prints unchanged.
 */

import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runClang, labRoot, readTree, addToTree, getFromTree, clangPath, toolchainVersions, type Tree } from './toolchain.js';
import { sha256, cacheRead, cacheWrite } from './cache.js';
import { checkLinked, fsLinkProblem, missingMain, userFunctionsFromMap } from './link_check.js';
import { instrument } from './instrument.js';
import { asyncify } from './asyncify.js';
import { parseModule } from './wasm_binary.js';
import { TLS_FLAGS, tlsBlockFromMap } from './tls.js';
import { lp64FixIts, applyFixIts, withoutFixItLines } from './lp64_format.js';

/** Bump when anything in the pipeline changes what it produces (its sources are hashed too). */
export const PIPELINE_VERSION = 13;

/**
 * The pipeline's own code (this folder's build steps, as loaded: .ts from the sources or .js
 * from dist/), part of every cache key: a changed step never reuses an old result.
 */
function pipelineSources(): string[] {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return ['build', 'instrument', 'atomics', 'asyncify', 'link_check', 'wasm_binary', 'toolchain', 'lp64_format', 'tls'].map((n) => {
    try {
      return readFileSync(fileURLToPath(new URL(`./${n}${ext}`, import.meta.url)), 'utf8');
    } catch {
      return n;
    }
  });
}

/** The optimisation level programs are built with (a student's `cc -O2`); --cflags may add more. */
export const DEFAULT_OPT = '-O2';

const LAB = '/__threadlab__';
const TARGET = ['--target=wasm32-wasip1', '-isystem', `${LAB}/include`];
/**
 * What gcc on Linux predefines for the system, so that a program's `#ifdef __linux__` or
 * `#if defined(__unix__)` takes the path it takes on Linux (LTP's open_posix_testsuite, TLPI:
 * prctl, sysinfo, on_exit behind __linux__). The target, wasm32-wasip1, defines none of them.
 * The bare `linux` and `unix` of GNU modes are left out: they break programs naming a variable
 * so, and nothing portable tests them.
 */
const LINUX_MACROS = ['-D__linux__=1', '-D__linux=1', '-D__gnu_linux__=1', '-D__unix__=1', '-D__unix=1'];
/**
 * The user's code keeps its atomic operations as the threads proposal's instructions, which
 * instrument.ts rewrites with no preemption point inside (atomics.ts): without the feature
 * clang lowers them to a plain load and store, and a thread preempted between the two breaks
 * a test-and-set spin lock. Bulk memory is turned off and its memory.copy/fill part back on:
 * with atomics *and* bulk-memory clang would make a thread-local variable real wasm TLS
 * (relative to a __tls_base the lab never sets up) where tls.ts's section attribute does not
 * reach it; without the full feature it stays an ordinary global (which tls.ts switches), and
 * memcpy still compiles to memory.copy.
 */
const USER_ATOMICS = ['-matomics', '-mno-bulk-memory', '-mbulk-memory-opt'];

export class CCompileError extends Error {
  /** The compiler's messages, exactly as printed (ends with a newline). */
  constructor(readonly diagnostics: string) {
    super(diagnostics.split('\n')[0] || 'compile error');
    this.name = 'CCompileError';
  }
}

export interface CompileOptions {
  /** Extra compiler flags (e.g. ['-O0', '-Wall', '-DN=8']). */
  cflags?: string[];
}

export interface BuildMeta {
  pipeline: number;
  /** Compiler warnings of a successful build (shown again on every run). */
  warnings: string;
  /** Names of the user's own functions (preemption points go there only; reports name them). */
  userFunctions: string[];
  /** The program's thread-local variables: [address, size] of their block (tls.ts), absent if none. */
  tls?: [number, number];
}

export interface CompiledC {
  key: string;
  wasm: Uint8Array;
  meta: BuildMeta;
  /** It came from the cache (no compiler ran). */
  cached: boolean;
}

interface Source {
  path: string;
  text: string;
}

/**
 * The user's files plus every "..." header they include that exists next to them (or in a -I
 * directory), and every <...> header found in a -I directory (LTP's <posixtest.h>). A "..."
 * header is also put where clang's virtual file system will look for it, next to the including
 * file as clang sees it: "util.h" included by a program typed as "p.c" is "util.h", not its
 * absolute path; and that file system skips '..' segments instead of going up, so
 * "/t/fork/../testfrmw/x.h" is read as "/t/fork/testfrmw/x.h".
 */
function gatherSources(files: string[], cflags: string[]): Source[] {
  const incDirs = cflags.filter((f) => f.startsWith('-I') && f.length > 2).map((f) => f.slice(2));
  const seen = new Map<string, Source>();
  const visit = (file: string, path: string): void => {
    if (seen.has(path)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(path, { path, text });
    for (const m of text.matchAll(/^\s*#\s*include\s*(?:"([^"]+)"|<([^>]+)>)/gm)) {
      if (m[2] !== undefined) { // <name>: only the -I directories (the lab's and wasi-libc's headers are clang's own)
        const h = incDirs.map((d) => resolve(d, m[2])).find((f) => existsSync(f));
        if (h !== undefined) visit(h, clangPath(h));
        continue;
      }
      const next = resolve(dirname(file), m[1]);
      if (existsSync(next)) { visit(next, clangPath(next)); visit(next, dotdotSkipped(path, m[1])); continue; }
      for (const d of incDirs) {
        const h = resolve(d, m[1]);
        if (existsSync(h)) { visit(h, clangPath(h)); break; }
      }
    }
  };
  for (const f of files) visit(f, clangPath(f));
  return [...seen.values()];
}

/** Where clang's virtual file system finds `name` included from `from`: '..' and '.' skipped. */
function dotdotSkipped(from: string, name: string): string {
  const parts = [...from.split('/').slice(0, -1), ...name.split('/')].filter((p) => p !== '' && p !== '.' && p !== '..');
  return (from.startsWith('/') ? '/' : '') + parts.join('/');
}

function labFiles(): { include: [string, string][]; runtime: [string, string][] } {
  const root = labRoot();
  return { include: readTree(join(root, 'clib', 'include')), runtime: readTree(join(root, 'clib', 'runtime')) };
}

/** --wrap=NAME for every __wrap_NAME the runtime defines. */
function wrapFlags(runtime: [string, string][]): string[] {
  const names = new Set<string>();
  for (const [, text] of runtime) for (const m of text.matchAll(/\b__wrap_(\w+)\s*\(/g)) names.add(m[1]);
  return [...names].sort().map((n) => `-Wl,--wrap=${n}`);
}

function labTree(lab: ReturnType<typeof labFiles>): Tree {
  const tree: Tree = {};
  for (const [p, t] of lab.include) addToTree(tree, `${LAB}/include/${p}`, t);
  for (const [p, t] of lab.runtime) addToTree(tree, `${LAB}/runtime/${p}`, t);
  return tree;
}

/** The runtime's objects, compiled once per (runtime, headers, toolchain) and cached. */
async function runtimeObjects(lab: ReturnType<typeof labFiles>, versions: string): Promise<[string, Uint8Array][]> {
  const cfiles = lab.runtime.filter(([p]) => p.endsWith('.c')).map(([p]) => p);
  const key = sha256(['runtime', String(PIPELINE_VERSION), ...pipelineSources(), versions, ...lab.include.flat(), ...lab.runtime.flat()]);
  const cached = cacheRead(`rt-${key}.json`);
  if (cached) {
    const j = JSON.parse(cached.toString('utf8')) as Record<string, string>;
    return Object.entries(j).map(([n, b64]) => [n, new Uint8Array(Buffer.from(b64, 'base64'))]);
  }
  const tree = labTree(lab);
  const args = [...TARGET, DEFAULT_OPT, '-Wall', '-Werror', '-c', ...cfiles.map((p) => `${LAB}/runtime/${p}`)];
  const run = await runClang(args, tree);
  if (!run.ok) throw new Error(`the lab's C runtime does not compile:\n${run.stderr}`);
  const objs: [string, Uint8Array][] = cfiles.map((p) => {
    const o = p.replace(/\.c$/, '.o');
    const b = getFromTree(run.files, o);
    if (!(b instanceof Uint8Array)) throw new Error(`the runtime's ${o} is missing`);
    return [o, b];
  });
  cacheWrite(`rt-${key}.json`, JSON.stringify(Object.fromEntries(objs.map(([n, b]) => [n, Buffer.from(b).toString('base64')]))));
  return objs;
}

/**
 * Diagnostics name files as the user typed them: a path outside the working directory was
 * given to clang as an absolute one (its file system's root is '/'), so put the typed one back.
 */
function asTyped(text: string, files: string[]): string {
  for (const f of files) {
    const seen = clangPath(f);
    if (seen !== f) text = text.split(`${seen}:`).join(`${f}:`);
  }
  return text;
}

/** Compile, link, check, instrument and asyncify `files`; cached by content. */
export async function compileC(files: string[], opts: CompileOptions = {}): Promise<CompiledC> {
  const cflags = opts.cflags ?? [];
  const sources = gatherSources(files, cflags);
  const lab = labFiles();
  const versions = toolchainVersions();
  const key = sha256([
    'program', String(PIPELINE_VERSION), ...pipelineSources(), versions, JSON.stringify(cflags),
    ...files, ...sources.flatMap((s) => [s.path, s.text]), ...lab.include.flat(), ...lab.runtime.flat(),
  ]);
  const wasm = cacheRead(`c-${key}.wasm`);
  const metaBytes = cacheRead(`c-${key}.json`);
  if (wasm && metaBytes) return { key, wasm: new Uint8Array(wasm), meta: JSON.parse(metaBytes.toString('utf8')) as BuildMeta, cached: true };

  const rt = await runtimeObjects(lab, versions);
  const tree = labTree(lab);
  for (const s of sources) addToTree(tree, s.path, s.text);
  for (const [n, b] of rt) addToTree(tree, `${LAB}/rt/${n}`, b);
  const args = [
    // An int passed where a pointer goes (e.g. a number as wasi-libc's pointer clockid_t, LTP's
    // timer_create/16-1) is a warning, as in gcc 12 (clang 15+ makes it an error; so does gcc 14);
    // so is a call to an undeclared function (a forgotten #include: clang takes a library
    // function's real type; an unknown one fails at link, named, as gcc's undefined reference).
    ...TARGET, ...LINUX_MACROS, ...USER_ATOMICS, DEFAULT_OPT, ...cflags, '-Wno-error=implicit-function-declaration', '-Wno-error=int-conversion', ...TLS_FLAGS,
    ...files.map(clangPath), ...rt.map(([n]) => `${LAB}/rt/${n}`),
    '-o', `${LAB}/prog.wasm`, `-Wl,-Map=${LAB}/prog.map`,
    // Function pointers start at 3: 0, 1 and 2 are SIG_DFL, SIG_IGN and SIG_HOLD, never a handler.
    '-Wl,--export=__stack_pointer', '-Wl,--export-table', '-Wl,-z,stack-size=1048576', '-Wl,--table-base=3',
    ...wrapFlags(lab.runtime), '-fdiagnostics-parseable-fixits',
  ];
  let run = await runClang(args, tree);
  // printf's %ld of a time_t/clock_t/off_t, right on LP64 Linux, widened for wasm32 (lp64_format.ts).
  const fixes = lp64FixIts(run.stderr);
  if (fixes.length > 0) {
    for (const s of sources) addToTree(tree, s.path, applyFixIts(s.text, s.path, fixes));
    run = await runClang(args, tree);
  }
  run.stderr = asTyped(withoutFixItLines(run.stderr), files);
  const fsProblem = run.ok ? null : fsLinkProblem(run.stderr);
  if (fsProblem !== null) throw new CCompileError(`${files[0]}: error: ${fsProblem}\n`);
  if (!run.ok) throw new CCompileError(run.stderr || 'clang failed without a message\n');
  const linked = getFromTree(run.files, `${LAB}/prog.wasm`);
  const map = getFromTree(run.files, `${LAB}/prog.map`);
  if (!(linked instanceof Uint8Array) || map === undefined) throw new Error('clang produced no program');
  const mapText = typeof map === 'string' ? map : map instanceof Uint8Array ? Buffer.from(map).toString('utf8') : '';
  const problems = checkLinked(linked, mapText);
  if (problems.length > 0) throw new CCompileError(problems.map((p) => `${files[0]}: error: ${p}\n`).join(''));
  const userFunctions = userFunctionsFromMap(linked, mapText, `${LAB}/rt/`);
  const names = parseModule(linked).names;
  const noMain = missingMain(userFunctions.map((i) => names.get(i) ?? ''));
  if (noMain !== null) throw new CCompileError(`${files[0]}: error: ${noMain}\n`);
  const instrumented = instrument(linked, userFunctions);
  if (process.env['THREADLAB_DUMP_WASM']) writeFileSync(process.env['THREADLAB_DUMP_WASM'], instrumented);
  const final = await asyncify(instrumented);
  const tls = tlsBlockFromMap(mapText);
  const meta: BuildMeta = {
    pipeline: PIPELINE_VERSION, warnings: run.stderr, userFunctions: userFunctions.map((i) => names.get(i) ?? `#${i}`),
    ...(tls === null ? {} : { tls }),
  };
  cacheWrite(`c-${key}.wasm`, final);
  cacheWrite(`c-${key}.json`, JSON.stringify(meta));
  return { key, wasm: final, meta, cached: false };
}
