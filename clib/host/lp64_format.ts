/**
 * lp64_format.ts — printf conversions written for Linux's LP64 `long`, kept right on wasm32.
 *
 * On x86-64 Linux `long` is 64 bits and time_t, clock_t, suseconds_t and off_t are `long`, so
 * a textbook's `printf("%ld.%06ld", tv.tv_sec, tv.tv_usec)` or `printf("%ld ticks", end - start)`
 * is correct there and gcc -Wall says nothing. On wasm32 `long` is 32 bits while wasi-libc's
 * time_t, clock_t, suseconds_t and off_t are `long long`: `%ld` reads half of an 8-byte
 * argument and every conversion after it reads the wrong bytes (the 2 s timestamp came out as
 * "946684800 clock 0 tv 307000.000000"). On x86-64 each variadic argument has its own 8-byte
 * slot, so even `%d` of a 64-bit value prints its low half and leaves the next one alone.
 *
 * Clang knows every argument's type and says so (-Wformat) with a fix-it. The pipeline compiles
 * with -fdiagnostics-parseable-fixits; where a 4-byte integer conversion (%d, %ld, %lu, %x ...)
 * meets a 64-bit integer argument, the fix-it's replacement (%lld, %llu ...) is applied to the
 * source text and the program compiled again — what LP64 prints, without touching the file.
 * Other fix-its (and every other warning) are left alone. Simplification: a 64-bit value
 * printed with `%d` prints all of it, not LP64's low 32 bits (they differ only past INT_MAX).
 */

export interface FixIt { file: string; line: number; col: number; endLine: number; endCol: number; text: string }

/** A 4-byte integer conversion clang names in "format specifies type '...'" (wasm32: int and long). */
const NARROW = new Set(['int', 'unsigned int', 'long', 'unsigned long', 'short', 'unsigned short']);
const WIDE = /^(unsigned )?long long$/;

const WARNING = /warning: format specifies type '([^']+)' but the argument has type '([^']+)'(?: \(aka '([^']+)'\))? \[-Wformat\]/;
const FIXIT = /^fix-it:"((?:[^"\\]|\\.)*)":\{(\d+):(\d+)-(\d+):(\d+)\}:"((?:[^"\\]|\\.)*)"$/;

/** The fix-its that widen a narrow printf conversion for a 64-bit integer argument. */
export function lp64FixIts(stderr: string): FixIt[] {
  const out: FixIt[] = [];
  let wanted = false;
  for (const line of stderr.split('\n')) {
    const w = WARNING.exec(line);
    if (w) { wanted = NARROW.has(w[1]) && WIDE.test(w[3] ?? w[2]); continue; }
    if (/: (warning|error|note): /.test(line)) { wanted = false; continue; }
    const f = FIXIT.exec(line);
    if (f && wanted && /^%[-+ #0-9.*]*ll[diouxX]$/.test(unescape(f[6]))) {
      out.push({ file: unescape(f[1]), line: +f[2], col: +f[3], endLine: +f[4], endCol: +f[5], text: unescape(f[6]) });
    }
  }
  return out;
}

/** Clang's escaping in parseable fix-its (backslash before '"' and '\'). */
function unescape(s: string): string { return s.replace(/\\(.)/g, '$1'); }

/** `text` with the fix-its for `file` applied (columns are 1-based bytes; ranges on one line). */
export function applyFixIts(text: string, file: string, fixes: FixIt[]): string {
  const mine = fixes.filter((f) => f.file === file && f.line === f.endLine);
  if (mine.length === 0) return text;
  const lines = text.split('\n');
  const byLine = new Map<number, FixIt[]>();
  for (const f of mine) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  for (const [n, fs] of byLine) {
    let bytes = Buffer.from(lines[n - 1] ?? '', 'utf8');
    for (const f of fs.sort((a, b) => b.col - a.col)) {
      bytes = Buffer.concat([bytes.subarray(0, f.col - 1), Buffer.from(f.text, 'utf8'), bytes.subarray(f.endCol - 1)]);
    }
    lines[n - 1] = bytes.toString('utf8');
  }
  return lines.join('\n');
}

/** Clang's messages without the machine-readable fix-it lines (the user sees what clang printed). */
export function withoutFixItLines(stderr: string): string {
  return stderr.split('\n').filter((l) => !l.startsWith('fix-it:')).join('\n');
}
