// Tests of atomic writes and output-directory checks.

import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWritableDir, writeFileAtomic } from '../experiments/report/atomic.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'report-atomic-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function* failingWriter(): Generator<string> {
  yield 'first part\n';
  yield 'second part\n';
  throw new Error('writer died');
}

describe('writeFileAtomic', () => {
  it('writes strings, bytes and chunk iterables', () => {
    writeFileAtomic(join(dir, 'a.txt'), 'hello');
    writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
    writeFileAtomic(join(dir, 'c.txt'), ['x', new TextEncoder().encode('y'), 'z']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello');
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([1, 2, 3]);
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('xyz');
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.bin', 'c.txt']);
  });

  it('leaves no partial file when the writer throws mid-way', () => {
    const path = join(dir, 'out.txt');
    expect(() => writeFileAtomic(path, failingWriter())).toThrow('writer died');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the old content when an overwrite fails', () => {
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'old');
    expect(() => writeFileAtomic(path, failingWriter())).toThrow('writer died');
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});

describe('ensureWritableDir', () => {
  it('creates nested directories', () => {
    const nested = join(dir, 'a', 'b', 'c');
    ensureWritableDir(nested);
    expect(existsSync(nested)).toBe(true);
    expect(readdirSync(nested)).toEqual([]); // the write probe is cleaned up
  });

  it('fails with a one-line message naming the directory and the cause', () => {
    const file = join(dir, 'file');
    writeFileSync(file, '');
    const target = join(file, 'sub');
    let message = '';
    try {
      ensureWritableDir(target);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`cannot write to output directory ${target}: ENOTDIR`);
  });
});
