/**
 * helpers.ts — running programs for the conformance suite, and `check`, which declares one
 * check of one library and consults deviations.ts (see there for what an entry does).
 */

import { it, expect } from 'vitest';
import { runProgram, type RunOptions, type RunResult } from '../../experiments/runner.js';
import type { Program } from '../../libs/index.js';
import { deviation } from './deviations.js';
import { resolve } from 'node:path';
import { loadC } from '../../clib/host/index.js';

/** Run a program on a library (1 CPU, seed 1, modern-x86 unless overridden). */
export function run(lib: string, program: Program, o: Partial<RunOptions> = {}): RunResult {
  return runProgram({ program, lib, name: o.name ?? 'conform', timeLimit: 20e9, ...o });
}

const cPrograms = new Map<string, Promise<Program>>();

/** A C example, compiled once per test file (the compiler's cache is shared). */
function cExample(file: string): Promise<Program> {
  let p = cPrograms.get(file);
  if (p === undefined) {
    cPrograms.set(file, (p = loadC([resolve(import.meta.dirname, '../../examples', file)]).then((c) => c.program)));
  }
  return p;
}

/** Run an example by file name (examples/<file>): a .ts module or a .c program. */
export async function runExample(lib: string, file: string, o: Partial<RunOptions> = {}): Promise<RunResult> {
  if (file.endsWith('.c')) return run(lib, await cExample(file), { name: file.replace(/\.c$/, ''), ...o });
  const mod = (await import(`../../examples/${file}`)) as { default: Program };
  return run(lib, mod.default, { name: file.replace(/\.ts$/, ''), ...o });
}

/** What the run printed, as lines (without the final empty one). */
export function lines(r: RunResult): string[] {
  const ls = r.stdout.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/**
 * Declare a check: `title` names the rule key; `fn` asserts. With a deviation entry the check
 * is skipped or must fail, and the title says why.
 */
export function check(lib: string, rule: number | string, title: string, fn: () => void | Promise<void>): void {
  const key = typeof rule === 'number' ? `rule ${rule}` : rule;
  const d = deviation(lib, rule);
  if (d?.expect === 'skip') {
    it.skip(`${key}: ${title} — not applicable: ${d.reason}`, () => {});
  } else if (d) {
    it(`${key}: ${title} — differs by design: ${d.reason}`, async () => {
      let failed = false;
      try { await fn(); } catch { failed = true; }
      expect(failed, `${lib} now passes '${key}': remove its entry from test/conformance/deviations.ts`).toBe(true);
    });
  } else {
    it(`${key}: ${title}`, fn);
  }
}
