/**
 * posix_argv0.test.ts — a program started as a shell starts `./prog` (experiments/runner.ts,
 * kernel/shell.ts): argv[0] is the word typed, "./prog", as ps's command line already said;
 * the thread's name (comm, exec's basename) stays "prog". Usage messages that print argv[0]
 * then read as natively. Expected output: gcc 12 -O2 + glibc 2.36, run as ./argv0 by uid 1000.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import type { Libc } from '../../libs/api.js';
import '../../libs/all.js';
import { runProgram } from '../../experiments/runner.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/argv0.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('argv[0] on %s', (lib) => {
  it('C: argv[0] "./argv0", program_invocation_short_name and comm "argv0"', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe('argc 1 argv[0] ./argv0\nprogram_invocation_name ./argv0 short argv0\ncomm argv0\n');
    expect(r.streams.stderr).toBe('usage: ./argv0 file\n');
    expect(r.psRows.some((row) => /^\.\/argv0\b/.test(row.cmd))).toBe(true); // ps -ef's CMD: the command line
  }, 180_000);

  it('TypeScript: main gets ["./name", ...args]', () => {
    let got: string[] = [];
    const r = runProgram({ lib, name: 'prog', argv: ['x'], *program(_libc: Libc, argv: string[]) { got = argv; return 0; } });
    expect(r.exitCode).toBe(0);
    expect(got).toEqual(['./prog', 'x']);
  });
});
