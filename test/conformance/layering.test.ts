/**
 * layering.test.ts — DESIGN.md section 1: arrows point down, through public surfaces only.
 *
 * Scans the import lines (static `import`/`export ... from`, side-effect imports, dynamic
 * `import('...')`) of every .ts file and resolves each relative specifier:
 *   - libs/ may import from kernel/ only kernel/index.ts;
 *   - experiments/ may import from kernel/ only kernel/index.ts, and from libs/ only its
 *     public surfaces (libs/index.ts, libs/all.ts, libs/api.ts);
 *   - kernel/ imports nothing above it;
 *   - examples/ programs import only libs/api.ts, and kernel modules (*.module.ts) only
 *     kernel/index.ts;
 *   - clib/ (C programs: DESIGN.md 5a) is a loader above libs/api.ts: it imports nothing of
 *     the lab but libs/api.ts, and only experiments/ use it, through clib/host/index.ts.
 * Also: the C library's headers (libs/include.ts) agree with the kernel's uapi values.
 */

import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import * as include from '../../libs/include.js';
import * as kernel from '../../kernel/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  return readdirSync(abs).flatMap((f) => {
    const p = join(abs, f);
    if (statSync(p).isDirectory()) return tsFiles(join(dir, f));
    return f.endsWith('.ts') ? [join(dir, f)] : [];
  });
}

/** Relative import targets of a file, as repo paths with .ts (e.g. "kernel/index.ts"). */
export function importsOf(file: string): string[] {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...src.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gms),
    ...src.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, '.ts'));
}

function violations(dir: string, allowed: (target: string, file: string) => boolean): string[] {
  const bad: string[] = [];
  for (const f of tsFiles(dir)) for (const t of importsOf(f)) if (!allowed(t, f)) bad.push(`${f} imports ${t}`);
  return bad;
}

const LIBS_PUBLIC = new Set(['libs/index.ts', 'libs/all.ts', 'libs/api.ts']);

describe('layering (DESIGN.md section 1)', () => {
  it('libs/ imports nothing from kernel/ but kernel/index.ts', () => {
    expect(violations('libs', (t) => !t.startsWith('kernel/') || t === 'kernel/index.ts')).toEqual([]);
  });
  it('experiments/ uses only public surfaces of kernel/, libs/ and clib/', () => {
    expect(violations('experiments', (t) => (!t.startsWith('kernel/') || t === 'kernel/index.ts')
      && (!t.startsWith('libs/') || LIBS_PUBLIC.has(t)) && (!t.startsWith('clib/') || t === 'clib/host/index.ts'))).toEqual([]);
  });
  it('clib/ imports of the lab only libs/api.ts; kernel/ and libs/ never import clib/', () => {
    expect(violations('clib', (t) => t.startsWith('clib/') || t === 'libs/api.ts')).toEqual([]);
    expect(violations('libs', (t) => !t.startsWith('clib/'))).toEqual([]);
    expect(violations('kernel', (t) => !t.startsWith('clib/'))).toEqual([]);
  });
  it('determinism (DESIGN.md section 4): no Math.random or Date.now in kernel/, libs/ or clib/', () => {
    const bad: string[] = [];
    for (const f of [...tsFiles('kernel'), ...tsFiles('libs'), ...tsFiles('clib')]) {
      const code = readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of code.matchAll(/\b(Math\.random|Date\.now|new Date|performance\.now|process\.hrtime)\b/g)) bad.push(`${f}: ${m[1]}`);
    }
    expect(bad).toEqual([]);
  });

  it('kernel/ imports nothing from the layers above it', () => {
    expect(violations('kernel', (t) => t.startsWith('kernel/'))).toEqual([]);
  });
  it('example programs import only libs/api.ts; kernel modules only kernel/index.ts', () => {
    expect(violations('examples', (t, f) => (f.endsWith('.module.ts') ? t === 'kernel/index.ts' : t === 'libs/api.ts'))).toEqual([]);
  });
  it('the scanner sees multi-line, side-effect and dynamic imports', () => {
    expect(importsOf('experiments/cli.ts')).toEqual(expect.arrayContaining(['kernel/index.ts', 'experiments/commands/run.ts']));
    expect(importsOf('experiments/load.ts')).toEqual(expect.arrayContaining(['kernel/index.ts', 'libs/index.ts']));
  });
});

describe("the C library's headers (libs/include.ts) match the kernel's uapi", () => {
  const values = include as unknown as Record<string, unknown>;
  const k = kernel as unknown as Record<string, unknown>;
  const names = Object.keys(values).filter((n) => typeof values[n] === 'number');
  it('every numeric constant equals the kernel\'s', () => {
    const differ = names.filter((n) => k[n] !== values[n]).map((n) => `${n}: libc ${values[n]}, kernel ${k[n]}`);
    expect(names.length).toBeGreaterThan(60);
    expect(differ).toEqual([]);
  });
  it('the wait macros agree on every status', () => {
    for (const st of [0, 0x0300, 0x0009, 0x008b, 0x137f, 0xffff]) {
      for (const m of ['WIFEXITED', 'WEXITSTATUS', 'WIFSIGNALED', 'WTERMSIG', 'WIFSTOPPED', 'WSTOPSIG'] as const) {
        expect((values[m] as (s: number) => unknown)(st), `${m}(${st})`).toBe((k[m] as (s: number) => unknown)(st));
      }
    }
  });
  it('signame and strerror name things as the kernel does', () => {
    for (let s = 1; s <= 64; s++) expect(include.signame(s)).toBe(kernel.signalName(s));
    expect(include.errname(kernel.EDEADLK)).toBe('EDEADLK');
    expect(include.strerror(kernel.EDEADLK)).toBe('Resource deadlock avoided');
  });
});
