/**
 * stdin.test.ts — a program's standard input (experiments/stdin.ts, the console's read in
 * kernel/file.ts): `threadlab run` hands its own input to the program as the program reads it,
 * `--stdin FILE` gives a file's bytes, compare gives every library the same bytes, and without
 * any input a read is end of file at once.
 */

import { describe, it, expect, afterAll } from 'vitest';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../experiments/cli.js';
import { HostInput, textInput } from '../../experiments/stdin.js';
import '../../libs/all.js';

const tmp = mkdtempSync(join(tmpdir(), 'threadlab-stdin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const PROG = 'test/cli/fixtures/sum_input.ts';

async function cli(stdin: number | undefined, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; }, stdin });
  return { code, out, err };
}

function inputFile(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

describe('standard input', () => {
  it('run reads the command\'s own input as the program reads it: each read takes what it asks for', async () => {
    const fd = openSync(inputFile('in1', '1 2 3\n40 50\n'), 'r');
    try {
      const r = await cli(fd, 'run', PROG, '--no-watchdog');
      expect(r.code).toBe(0);
      expect(r.out).toContain('reads 4,4,4; 5 numbers; sum 96\n');
    } finally {
      closeSync(fd);
    }
  });

  it('--stdin FILE gives the file\'s bytes (on every library); an unreadable file is one line, status 2', async () => {
    const f = inputFile('in2', '7 8');
    for (const lib of ['nptl', 'linuxthreads', 'ngpt', 'green']) {
      const r = await cli(undefined, 'run', PROG, '--lib', lib, '--stdin', f, '--no-watchdog');
      expect(r.out, lib).toContain('reads 3; 2 numbers; sum 15\n');
    }
    const bad = await cli(undefined, 'run', PROG, '--stdin', join(tmp, 'nope'), '--no-watchdog');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(`threadlab: cannot read --stdin file '${join(tmp, 'nope')}': ENOENT\n`);
  });

  it('compare gives every library the same input from the start', async () => {
    const fd = openSync(inputFile('in3', '5 6 7'), 'r');
    try {
      const r = await cli(fd, 'compare', PROG, '--json');
      const j = JSON.parse(r.out) as { runs: { lib: string; stdout: string }[] };
      const outs = j.runs.map((x) => x.stdout);
      expect(outs).toHaveLength(4);
      for (const o of outs) expect(o).toBe('reads 4,1; 3 numbers; sum 18\n');
    } finally {
      closeSync(fd);
    }
  });

  it('explore --stdin gives every perturbed run the same input, and its replay command names it', async () => {
    const f = inputFile('in6', '2 3');
    const r = await cli(undefined, 'explore', PROG, '--runs', '4', '--libs', 'nptl,green', '--jobs', '0', '--stdin', f, '--json');
    const j = JSON.parse(r.out) as { libraries: { outcomes: { stdout: string; replay: string }[] }[] };
    for (const l of j.libraries) {
      expect(l.outcomes).toHaveLength(1);
      expect(l.outcomes[0]!.stdout).toBe('reads 3; 2 numbers; sum 5\n');
      expect(l.outcomes[0]!.replay).toContain(`--stdin ${f}`);
    }
  });

  it('without input a read is end of file at once (a command given no descriptor)', async () => {
    const r = await cli(undefined, 'run', PROG, '--no-watchdog');
    expect(r.out).toContain('reads ; 0 numbers; sum 0\n');
  });

  it('the spawned CLI passes a pipe through the watchdog\'s worker: `echo 1 2 | threadlab run`', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'experiments/cli.ts', 'run', PROG], { input: '1 2\n', encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('reads 4; 2 numbers; sum 3\n');
  });
});

describe('HostInput and textInput (experiments/stdin.ts)', () => {
  it('two readers of one host input each see it from the start; bytes pass one per character', () => {
    const fd = openSync(inputFile('in4', 'ab\u00e9cd'), 'r'); // é is two bytes in UTF-8
    try {
      const h = new HostInput(fd);
      const a = h.reader(), b = h.reader();
      expect(a.read(3)).toBe('ab\u00c3');
      expect(b.read(100)).toBe('ab\u00c3\u00a9cd');
      expect(a.read(100)).toBe('\u00a9cd');
      expect(a.read(1)).toBe('');
    } finally {
      closeSync(fd);
    }
    const t = textInput('xyz');
    expect([t.read(2), t.read(2), t.read(2)]).toEqual(['xy', 'z', '']);
  });
});
