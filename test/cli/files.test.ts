/**
 * files.test.ts — the run's files (experiments/files.ts): `--file HOST[:SIMPATH]` puts a host
 * file's bytes into the simulated file system (run, compare — every library the same bytes —
 * and explore, and through the watchdog's worker), `--keep-files DIR` writes back what the run
 * created or changed, and a missing host file is one line on stderr with status 2.
 */

import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../experiments/cli.js';
import { parseFileSpec } from '../../experiments/files.js';
import '../../libs/all.js';

const tmp = mkdtempSync(join(tmpdir(), 'threadlab-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const PROG = 'test/cli/fixtures/file_summary.ts';
const input = join(tmp, 'input.txt');
writeFileSync(input, 'one\ntwo\nthree\n\xe9\n', 'latin1');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('--file and --keep-files', () => {
  it('HOST[:SIMPATH]: an explicit name, a relative path kept as typed, an absolute or climbing one by its base name', () => {
    expect(parseFileSpec('/x/data.txt:in.txt')).toEqual({ host: '/x/data.txt', sim: 'in.txt' });
    expect(parseFileSpec('data/in.txt')).toEqual({ host: 'data/in.txt', sim: 'data/in.txt' });
    expect(parseFileSpec('/x/in.txt')).toEqual({ host: '/x/in.txt', sim: 'in.txt' });
    expect(parseFileSpec('../in.txt')).toEqual({ host: '../in.txt', sim: 'in.txt' });
  });

  it('run --file puts the bytes in the cwd; --keep-files writes the new file; the same inputs give the same output', async () => {
    const keep = join(tmp, 'kept');
    const r = await cli('run', PROG, '--file', `${input}:in.txt`, '--keep-files', keep, '--no-watchdog', '--quiet');
    expect(r.err).toBe('');
    expect(r.out).toBe('4 lines, 16 bytes\n');
    expect(r.code).toBe(0);
    expect(readFileSync(join(keep, 'out/summary.txt'), 'utf8')).toBe('lines=4\nbytes=16\n');
    expect(existsSync(join(keep, 'in.txt'))).toBe(false); // read, not changed: not written back
    const again = await cli('run', PROG, '--file', `${input}:in.txt`, '--no-watchdog');
    const first = await cli('run', PROG, '--file', `${input}:in.txt`, '--no-watchdog');
    expect(again.out).toBe(first.out);
  });

  it('without the file the program sees ENOENT; a missing host file is one line on stderr, status 2', async () => {
    const none = await cli('run', PROG, '--no-watchdog', '--quiet');
    expect(none.out).toBe('in.txt: No such file or directory\n');
    expect(none.code).toBe(1);
    const missing = join(tmp, 'nope.txt');
    const bad = await cli('run', PROG, '--file', missing, '--no-watchdog');
    expect(bad).toEqual({ code: 2, out: '', err: `threadlab: cannot read --file '${missing}': ENOENT\n` });
    const dir = await cli('compare', PROG, '--file', `${input}:/tmp`);
    expect(dir).toEqual({ code: 2, out: '', err: "threadlab: --file: '/tmp' is a directory in the simulated file system\n" });
    const expl = await cli('explore', PROG, '--file', missing, '--runs', '1', '--jobs', '0');
    expect(expl.err).toBe(`threadlab: cannot read --file '${missing}': ENOENT\n`);
    expect(expl.code).toBe(2);
  });

  it('compare gives every library the same files and keeps each library\'s under DIR/<library>', async () => {
    const keep = join(tmp, 'cmp');
    const r = await cli('compare', PROG, '--file', `${input}:in.txt`, '--keep-files', keep);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no observable difference');
    for (const lib of ['nptl', 'linuxthreads', 'ngpt', 'green']) {
      expect(readFileSync(join(keep, lib, 'out/summary.txt'), 'utf8'), lib).toBe('lines=4\nbytes=16\n');
    }
  });

  it('compare names a library whose written files differ from the first one\'s', async () => {
    const r = await cli('compare', 'test/cli/fixtures/file_lib.ts', '--libs', 'nptl,green');
    expect(r.out).toContain("green: the files it created or changed differ from nptl's");
  });

  it('explore gives every run the files, and its replay command names them', async () => {
    const r = await cli('explore', PROG, '--lib', 'nptl', '--file', `${input}:in.txt`, '--runs', '3', '--jobs', '0', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { libraries: { outcomes: { stdout: string; replay: string }[] }[] };
    expect(j.libraries[0].outcomes.map((o) => o.stdout)).toEqual(['4 lines, 16 bytes\n']);
    expect(j.libraries[0].outcomes[0].replay).toContain(` --file ${input}:in.txt`);
  });

  it('the watchdog\'s worker gets the files and keeps them too', async () => {
    const keep = join(tmp, 'watched');
    const r = await cli('run', PROG, '--file', `${input}:in.txt`, '--keep-files', keep, '--quiet');
    expect(r.out).toBe('4 lines, 16 bytes\n');
    expect(readFileSync(join(keep, 'out/summary.txt'), 'utf8')).toBe('lines=4\nbytes=16\n');
  });
});
