/**
 * posix_tty.test.ts — the terminal's name and dup3 from C on every library (clib/runtime/unistd.c: the
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

const DUP3 = 'test/c/posix/dup3.c';

describe.each(LIBS)('C on %s: dup3', (lib) => {
  it('sets close-on-exec when asked and refuses what Linux refuses', async () => {
    const r = await runC(DUP3, lib);
    expect(r.streams.stdout).toBe(
      'dup3 O_CLOEXEC: 10, FD_CLOEXEC 1\n' +
      'dup3 0: 11, FD_CLOEXEC 0\n' +
      'dup3 same fd: -1 Invalid argument\n' +
      'dup3 O_NONBLOCK: -1 Invalid argument\n' +
      'dup3 bad fd: -1 Bad file descriptor\n' +
      'through the copy: x\n');
  }, 180_000);
});
