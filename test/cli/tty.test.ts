/**
 * tty.test.ts — whether the program's console is a terminal (kernel/file.ts ConsoleTty):
 * `threadlab run` gives the program what a shell gives a native program — its own streams, a
 * terminal or a pipe each — and --tty/--no-tty decide outright; compare's console is a terminal
 * unless --no-tty (its output is a report). `printf("hello\n"); fork();` shows it: once on a
 * terminal, twice into a pipe, as `./a.out` and `./a.out | cat` natively.
 */

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { main } from '../../experiments/cli.js';
import type { Io } from '../../experiments/commands/registry.js';
import '../../libs/all.js';

const PROG = 'test/cli/fixtures/fork_twice.ts';
const ONCE = 'hello\nchild\nparent\n';
const TWICE = 'hello\nchild\nhello\nparent\n';

async function cli(tty: Io['tty'], ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; }, tty });
  return { code, out, err };
}

const PIPES = { stdin: false, stdout: false, stderr: false };
const TERMINAL = { stdin: true, stdout: true, stderr: true };

describe('the console: a terminal or pipes', () => {
  it('run follows its own stdout: a pipe fully buffers, a terminal line-buffers', async () => {
    expect((await cli(PIPES, 'run', '-q', PROG, '--no-watchdog')).out).toBe(TWICE);
    expect((await cli(TERMINAL, 'run', '-q', PROG, '--no-watchdog')).out).toBe(ONCE);
    expect((await cli({ ...TERMINAL, stdout: false }, 'run', '-q', PROG, '--no-watchdog')).out).toBe(TWICE);
    expect((await cli(undefined, 'run', '-q', PROG, '--no-watchdog')).out).toBe(ONCE); // no host streams given: a terminal
  });

  it('--tty and --no-tty decide whatever the command\'s own streams are', async () => {
    expect((await cli(PIPES, 'run', '-q', '--tty', PROG, '--no-watchdog')).out).toBe(ONCE);
    expect((await cli(TERMINAL, 'run', '-q', '--no-tty', PROG, '--no-watchdog')).out).toBe(TWICE);
  });

  it('compare: a terminal unless --no-tty, whatever its own output is', async () => {
    const plain = JSON.parse((await cli(PIPES, 'compare', PROG, '--json')).out) as { runs: { stdout: string }[] };
    const piped = JSON.parse((await cli(PIPES, 'compare', PROG, '--json', '--no-tty')).out) as { runs: { stdout: string }[] };
    expect(plain.runs.map((r) => r.stdout)).toEqual(plain.runs.map(() => ONCE));
    expect(piped.runs.map((r) => r.stdout)).toEqual(piped.runs.map(() => TWICE));
  });

  it('the real command into a pipe (spawned: its stdout is a pipe) prints the line twice; --help names the options', () => {
    const args = ['--import', 'tsx', 'experiments/cli.ts'];
    const r = spawnSync(process.execPath, [...args, 'run', '-q', PROG], { encoding: 'utf8' });
    expect(r.stdout).toBe(TWICE);
    const help = spawnSync(process.execPath, [...args, 'run', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('--tty');
    expect(help.stdout).toContain('--no-tty');
  });
});
