/**
 * lint.ts — the one mistake a student makes that the simulation cannot see: calling a C
 * library function without `yield*`. `libc.printf("hi")` alone only creates a generator and
 * throws it away — nothing is printed, no lock is taken, and the run gives no sign. So before
 * a run, the program's source is scanned for `libc.<call>(` (or `libc.<call>(` under another
 * parameter name used with `yield*` elsewhere in the file) that is not preceded by `yield*`,
 * and each one gets a warning line on stderr with its line number. Warnings never change the
 * run or its exit status; a call deliberately kept as a value can be silenced with a
 * `// threadlab: no-yield` comment on its line.
 */

/** Libc members that are not generator functions (calling them directly is right). */
const SYNC_MEMBERS = new Set(['pthread_equal', 'errno', 'info', 'SIGRTMIN']);

/** The names the program calls the C library by: `libc`, plus any `X` used as `yield* X.f(`. */
function libcNames(src: string): string[] {
  const names = new Set(['libc']);
  for (const m of src.matchAll(/yield\*\s*([A-Za-z_$][\w$]*)\.[A-Za-z_]\w*\s*\(/g)) {
    if (m[1] !== 'this') names.add(m[1]);
  }
  return [...names];
}

/** Strip comments and string/template contents, keeping line breaks (so line numbers stay). */
function codeOnly(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g,
    (m) => (m.startsWith('/') && m.includes('threadlab: no-yield') ? m : m.replace(/[^\n]/g, ' ')));
}

/** One warning per call of a libc generator function not preceded by yield*. */
export function missingYieldWarnings(file: string, src: string): string[] {
  const code = codeOnly(src);
  const lines = src.split('\n');
  const out: string[] = [];
  for (const name of libcNames(code)) {
    const re = new RegExp(`(yield\\*\\s*)?(?<![\\w$.])${name.replace('$', '\\$')}\\.([A-Za-z_]\\w*)\\s*\\(`, 'g');
    for (const m of code.matchAll(re)) {
      if (m[1] || SYNC_MEMBERS.has(m[2])) continue;
      const line = code.slice(0, m.index).split('\n').length;
      if (lines[line - 1]?.includes('threadlab: no-yield')) continue;
      out.push(`warning: ${file}:${line}: ${name}.${m[2]}(...) is called without yield*, so it does nothing; write yield* ${name}.${m[2]}(...)`);
    }
  }
  return out;
}
