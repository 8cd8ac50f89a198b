// Tests of the CSV writer: fixed columns, boolean and number casting, missing-column errors,
// and atomicity (a failed write leaves no file, and no temp file, behind).

import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toCsv, writeCsv } from '../experiments/report/csv.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'report-csv-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('writeCsv', () => {
  it('writes exactly the declared columns, in order, ignoring extra keys', () => {
    const path = join(dir, 'out.csv');
    writeCsv(path, ['library', 'threads', 'ok'], [
      { ok: true, threads: 4, library: 'nptl', extra: 'dropped' },
      { library: 'linuxthreads', threads: 8, ok: false },
    ]);
    expect(readFileSync(path, 'utf8')).toBe('library,threads,ok\nnptl,4,true\nlinuxthreads,8,false\n');
  });

  it('casts booleans to true/false text and prints numbers deterministically', () => {
    const text = toCsv(['b', 'n', 'z', 'x', 'big', 'nil'], [
      { b: false, n: 0.1 + 0.2, z: -0, x: 1e21, big: 12n, nil: null },
    ]);
    expect(text).toBe('b,n,z,x,big,nil\nfalse,0.30000000000000004,0,1e+21,12,\n');
  });

  it('quotes fields that need it', () => {
    expect(toCsv(['s'], [{ s: 'a,"b"\nc' }])).toBe('s\n"a,""b""\nc"\n');
  });

  it('writes the header for an empty result', () => {
    expect(toCsv(['library', 'value'], [])).toBe('library,value\n');
  });

  it('names the missing column and leaves no file (or temp file) behind', () => {
    const path = join(dir, 'out.csv');
    // 600 rows so the failure comes after a first batch was already written to the temp file
    const rows: Record<string, unknown>[] = Array.from({ length: 600 }, (_, i) => ({ library: 'nptl', value: i }));
    delete rows[550]!.value;
    expect(() => writeCsv(path, ['library', 'value'], rows)).toThrow('CSV row 550 is missing column "value"');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the previous file intact when a rewrite fails', () => {
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'old\n');
    expect(() => writeCsv(path, ['a'], [{ a: 1 }, { a: undefined }])).toThrow(/missing column "a"/);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('rejects duplicate or empty column lists', () => {
    expect(() => toCsv([], [])).toThrow(/at least one column/);
    expect(() => toCsv(['a', 'a'], [])).toThrow(/declared twice/);
  });
});
