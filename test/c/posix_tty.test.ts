/**
 * posix_tty.test.ts — the terminal's name from C on every library (clib/runtime/unistd.c: the
 * console is the shell's pts/0). The expected text is what gcc + glibc print on Linux for
 * test/c/posix/tty.c run on a pseudo-terminal.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/tty.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: ttyname, ctermid, sync', (lib) => {
  it('names pts/0 for the console and ENOTTY for a pipe, as Linux does', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe(
      'ttyname(0) /dev/pts/0\n' +
      'ttyname(pipe) NULL Inappropriate ioctl for device\n' +
      'ttyname_r small Numerical result out of range\n' +
      'ttyname_r bad fd Numerical result out of range\n' +
      'ctermid /dev/tty\n' +
      'syncfs 0, bad fd -1 Bad file descriptor\n');
    expect(r.exitCode).toBe(0);
  }, 180_000);
});
