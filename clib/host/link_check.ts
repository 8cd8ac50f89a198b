/**
 * link_check.ts — what a linked program may contain, and which of its functions are the user's.
 *
 * The lab's rule: a call the lab cannot carry out fails when the program is built, never a
 * silent no-op. A call to an undeclared function is a warning, as in gcc 12 (build.ts), and one
 * defined nowhere is wasm-ld's undefined-symbol error; three holes remain, closed here:
 *   - a function the user declared (or called undeclared) that wasi-libc implements as a single-threaded
 *     placeholder (pthread_mutex_timedlock, thrd_create ...): found in the link
 *     map as a wasi-libc member and reported by name;
 *   - a WASI call the lab does not implement (a socket, a directory read): the module's
 *     imports may come only from the lab and from the WASI calls in abi.ts;
 *   - a file-system function the lab's runtime does not define (readlink, utime ...), which
 *     pulls in the wasi-libc member whose other functions the runtime defines (clib/runtime/
 *     fs.c): wasm-ld's duplicate-symbol errors become one line saying what the lab's file
 *     system has (fsLinkProblem, called by build.ts).
 * The link map (wasm-ld -Map) also says which functions came from the user's own objects:
 * those get preemption points (instrument.ts); wasi-libc and the runtime are counted only.
 */

import { parseModule, KIND_FUNC, SEC_CODE } from './wasm_binary.js';
import { LAB_MODULE, LAB_SYNC_MODULE, WASI_MODULE, WASI_SUSPENDING, WASI_IMMEDIATE } from './abi.js';

/** wasi-libc's threads API is a placeholder in its single-threaded build. */
const PLACEHOLDER = /^(pthread_|sem_|thrd_|mtx_|cnd_|tss_|call_once$)/;

const WASI_HINTS: [RegExp, string][] = [
  [/^(path_|fd_prestat|fd_readdir|fd_filestat|fd_pread|fd_pwrite|fd_allocate|fd_advise|fd_datasync|fd_sync|fd_renumber|fd_tell|fd_fdstat_set_rights)/,
    'the lab\'s file system has regular files and directories by name (open, fopen, stat, unlink, rename, mkdir, '
      + 'opendir, chmod ...), no links or file times to set'],
  [/^sock_/, 'the lab has no network'],
];

interface MapSection {
  input: string;
  /** File offset of the function body (hex column "Off"). */
  offset: number;
  symbols: string[];
}

/** The CODE part of a wasm-ld map: each input function with its aliases. */
export function codeSections(map: string): MapSection[] {
  const out: MapSection[] = [];
  let inCode = false;
  for (const line of map.split('\n')) {
    const m = /^\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)(\s+)(.*)$/.exec(line);
    if (!m) continue;
    const indent = m[4].length;
    const what = m[5];
    if (indent <= 1) { inCode = what === 'CODE'; continue; }
    if (!inCode) continue;
    const sec = /^(.*):\((.*)\)$/.exec(what);
    if (sec && indent < 16) out.push({ input: sec[1], offset: parseInt(m[2], 16), symbols: [] });
    else if (out.length > 0) out[out.length - 1].symbols.push(what.trim());
  }
  return out;
}

function libcMember(input: string): string | null {
  const m = /\blibc\.a\(([^)]+)\)$/.exec(input);
  return m ? m[1] : null;
}

/** Problems that make a linked program unacceptable, one line each (empty: fine). */
export function checkLinked(wasm: Uint8Array, map: string): string[] {
  const problems: string[] = [];
  for (const s of codeSections(map)) {
    if (libcMember(s.input) === null) continue;
    for (const name of s.symbols) {
      if (PLACEHOLDER.test(name)) {
        problems.push(`'${name}' is not part of the lab's C library (its headers declare everything it implements; `
          + 'wasi-libc has only a single-threaded placeholder for this one)');
      }
    }
  }
  const known = new Set([...WASI_SUSPENDING, ...WASI_IMMEDIATE]);
  for (const imp of parseModule(wasm).imports) {
    if (imp.kind !== KIND_FUNC) continue;
    if (imp.module === LAB_MODULE || imp.module === LAB_SYNC_MODULE) continue;
    if (imp.module === WASI_MODULE && known.has(imp.name)) continue;
    if (imp.module === WASI_MODULE) {
      const hint = WASI_HINTS.find(([re]) => re.test(imp.name))?.[1] ?? 'the lab does not implement it';
      problems.push(`the program needs the WASI call '${imp.name}': ${hint}`);
    } else {
      problems.push(`undefined function '${imp.name}' (module '${imp.module}'): the lab's C library does not provide it`);
    }
  }
  return [...new Set(problems)];
}

/**
 * A program must define main, as with gcc (`undefined reference to 'main'`): wasi-libc's start
 * code calls it through a weak reference, so a link without one succeeds and the program
 * traps at its first instruction. `userNames` are the names of the user's own functions; on
 * WebAssembly clang names `int main(int, char **)` __main_argc_argv and `int main(void)`
 * __original_main (with a `main` that calls it).
 */
export function missingMain(userNames: string[]): string | null {
  if (userNames.some((n) => n === 'main' || n === '__main_argc_argv' || n === '__original_main')) return null;
  return "undefined reference to 'main': the program has no main function (a program is one or more .c files, one of which defines main)";
}

/**
 * wasi-libc's members for files by name that the runtime replaces (clib/runtime/fs.c defines
 * open, stat, unlink, rename, opendir ... itself). A program that calls one of their other
 * functions (link, symlink, readlink, utime, statvfs, the *at forms of those) pulls the
 * member in, and wasm-ld reports the runtime's definitions as duplicates: say what is missing.
 */
const FS_MEMBERS = /duplicate symbol: \S+\s*\n>>> defined in [^\n]*\n>>> defined in [^\n]*libc\.a\((posix|at_fdcwd|preopens|chdir|getcwd|fstat|lseek|unlinkat)\.c\.obj\)/;

/** A failed link's message for a file-system call the lab does not have, or null. */
export function fsLinkProblem(stderr: string): string | null {
  if (!FS_MEMBERS.test(stderr)) return null;
  return 'the program calls a file-system function the lab does not implement: the lab\'s file system has regular files '
    + 'and directories by name (open, fopen, stat, access, chmod, unlink, remove, rename, mkdir, rmdir, opendir, readdir, '
    + 'scandir, chdir, getcwd, mkstemp, tmpfile), but no links (link, symlink, readlink), utime or statvfs';
}

/**
 * Function indices of the user's own code: functions from objects other than wasi-libc, the
 * crt files and the lab's runtime (whose objects live under `runtimePrefix`).
 */
export function userFunctionsFromMap(wasm: Uint8Array, map: string, runtimePrefix: string): number[] {
  const m = parseModule(wasm);
  // wasm-ld's map gives a body's offset as if the code section's header (id and size) were
  // not there: the payload start minus the header's length is its origin.
  const code = m.sections.find((s) => s.id === SEC_CODE);
  const shift = code ? code.start - code.headerStart : 0;
  const byOffset = new Map<number, number>();
  m.bodies.forEach((b, i) => byOffset.set(b.sizeAt - shift, m.funcImports + i));
  const out: number[] = [];
  for (const s of codeSections(map)) {
    if (s.input.startsWith(runtimePrefix) || s.input.startsWith('<') || /\.a\(|crt1[^/]*\.o$/.test(s.input)) continue;
    const idx = byOffset.get(s.offset);
    if (idx !== undefined) out.push(idx);
  }
  return out.sort((a, b) => a - b);
}
