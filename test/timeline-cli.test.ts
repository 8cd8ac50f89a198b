/**
 * timeline-cli.test.ts — `run --html` and `compare --html` from the command line: the page is
 * written and named in the report, and a page that cannot be written is one line on stderr
 * with status 2 (bad input), the run's own report untouched.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../experiments/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'timeline-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('--html', () => {
  it('run writes the page and says where; --html-tasks opens it with task lanes', async () => {
    const file = join(tmp, 'hello.html');
    const r = await cli('run', 'examples/hello.ts', '--no-watchdog', '--html', file, '--html-tasks');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`timeline       ${file} (open it in a browser)`);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<title>threadlab run examples/hello.ts · nptl</title>');
    expect(html).toMatch(/"tasks":true/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('compare writes one row per library with the table', async () => {
    const file = join(tmp, 'cmp.html');
    const r = await cli('compare', 'examples/hello.ts', '--libs', 'nptl,green', '--html', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`timeline: ${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html.match(/<section class="row"/g)).toHaveLength(2);
    expect(html).toContain('<table class="summary">');
  });

  it('a page that cannot be written: one line on stderr, status 2', async () => {
    const bad = join(tmp, 'no-such-dir', 'x.html');
    for (const argv of [['run', 'examples/hello.ts', '--no-watchdog', '--html', bad], ['compare', 'examples/hello.ts', '--libs', 'nptl', '--html', bad]]) {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`threadlab: cannot write timeline file '${bad}': ENOENT\n`);
    }
  });
});
