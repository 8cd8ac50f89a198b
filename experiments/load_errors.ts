/**
 * load_errors.ts — where a program failed to load, as `file:line:col: message` followed by the
 * source line and a caret, the same for `.ts` and `.js` programs.
 *
 * - `.ts`/`.mts` syntax errors come from esbuild (through tsx), which names the position in
 *   its error (`errors[0].location`, or `path:line:col: ERROR: text` in the message).
 * - `.js`/`.mjs` syntax errors come from V8, whose SyntaxError carries no position when thrown
 *   by `import()`. On any load error of a .js file, the file is checked again with
 *   `node --input-type=module --check` (parse only, nothing runs; about 50 ms), whose report
 *   names the line and underlines the column; if it parses, the error was something else.
 * - An error thrown while the module's top level runs is located by the first stack frame in
 *   the file (for a .ts file compiled to CommonJS — one outside a "type": "module" package —
 *   tsx runs it from a data: URL and the frame cannot be traced back: no location then).
 * Anything else (a missing import, an error inside another module) keeps the loader's message.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Located { line: number; column: number; message: string }

/** One line saying what went wrong and where, then the source line with a caret under it. */
export function loadErrorMessage(file: string, e: unknown): string {
  const path = resolve(file);
  const source = readSource(path);
  const at = locate(path, source, e);
  if (!at) return plainMessage(e);
  const text = source?.split(/\r?\n/)[at.line - 1];
  const head = `${file}:${at.line}:${at.column}: ${at.message}`;
  if (text === undefined) return head;
  const gutter = String(at.line);
  const pad = text.slice(0, at.column - 1).replace(/[^\t]/g, ' ');
  return `${head}\n  ${gutter} | ${text}\n  ${' '.repeat(gutter.length)} | ${pad}^`;
}

function readSource(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}

function locate(path: string, source: string | undefined, e: unknown): Located | undefined {
  return esbuildLocation(path, e) ?? v8SyntaxLocation(path, source, e) ?? frameLocation(path, e);
}

/** esbuild's first error, when it is in this file. */
function esbuildLocation(path: string, e: unknown): Located | undefined {
  const errs = (e as { errors?: { text: string; location?: { file?: string; line: number; column: number } | null }[] }).errors;
  if (Array.isArray(errs) && errs[0]?.location) {
    const loc = errs[0].location;
    return { line: loc.line, column: loc.column + 1, message: errs[0].text };
  }
  const message = e instanceof Error ? e.message : String(e);
  for (const l of message.split('\n')) {
    const m = /^(.*):(\d+):(\d+): ERROR: (.*)$/.exec(l.trim());
    if (m && resolve(m[1]!) === path) return { line: Number(m[2]), column: Number(m[3]) + 1, message: m[4]! };
  }
  return undefined;
}

/**
 * V8's own verdict on a .js module that did not load: `node --check` names the position of a
 * syntax error (whichever loader saw it: Node's, or a test runner's, words it differently).
 */
function v8SyntaxLocation(path: string, source: string | undefined, e: unknown): Located | undefined {
  if (source === undefined || !/\.m?js$/.test(path)) return undefined;
  const r = spawnSync(process.execPath, ['--input-type=module', '--check'], { input: source, encoding: 'utf8', timeout: 20_000 });
  if (r.status === 0 || typeof r.stderr !== 'string') return undefined; // the error is in another module
  const lines = r.stderr.split('\n');
  const head = lines.findIndex((l) => /^\[stdin\]:\d+$/.test(l));
  const msg = lines.find((l) => /^SyntaxError: /.test(l));
  if (head < 0 || !msg) return undefined;
  const caret = lines[head + 2]?.indexOf('^') ?? -1;
  return { line: Number(lines[head]!.slice('[stdin]:'.length)), column: caret + 1 || 1, message: msg.slice('SyntaxError: '.length) };
}

/** The first stack frame in this file (an error thrown while the module's top level ran). */
function frameLocation(path: string, e: unknown): Located | undefined {
  if (!(e instanceof Error) || typeof e.stack !== 'string') return undefined;
  const url = pathToFileURL(path).href;
  for (const frame of e.stack.split('\n').slice(1)) {
    const m = /((?:file:\/\/)?[^\s()]+?)(?:\?[^\s():]*)?:(\d+):(\d+)\)?$/.exec(frame.trim());
    if (m && (m[1] === url || m[1] === path)) return { line: Number(m[2]), column: Number(m[3]), message: plainMessage(e) };
  }
  return undefined;
}

/** One line from a loader error that names no position in the file. */
export function plainMessage(e: unknown): string {
  const errs = (e as { errors?: { text: string }[] }).errors;
  if (Array.isArray(errs) && errs.length > 0) return errs[0]!.text;
  const lines = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return 'unknown error';
  return lines[0]!.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1]}` : lines[0]!;
}
