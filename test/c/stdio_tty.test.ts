/**
 * stdio_tty.test.ts — a C program's standard streams are a terminal or pipes, as the run says
 * (RunOptions.tty; `threadlab run` follows its own streams, --tty/--no-tty decide), and stdio
 * buffers stdout as glibc does for each: line-buffered on a terminal, fully buffered in
 * st_blksize (4096) bytes into a pipe, split where glibc's _IO_new_file_xsputn splits
 * (clib/runtime/stdio.c). stderr stays unbuffered. Expected output: gcc 12 -O2 + glibc 2.36 on
 * this Linux as uid 1000, run as `./prog | cat` (stdout a pipe; `: | ./prog 2>&1 | cat` for all
 * three) and on a pseudo-terminal.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const FORK = 'test/c/programs/stdio_tty_fork.c';
const KIND = 'test/c/programs/console_kind.c';
const BLOCKS = 'test/c/programs/stdio_blocks.c';

beforeAll(async () => { await Promise.all([cprog(FORK), cprog(KIND), cprog(BLOCKS)]); }, 600_000);

/** glibc into a pipe: whole 4096-byte blocks written, the rest copied by fork into both processes. */
function blocksOutput(lines: number): string {
  const all = `${'a'.repeat(99)}\n`.repeat(lines);
  const kept = all.length % 4096;
  const tail = all.slice(all.length - kept);
  return all.slice(0, all.length - kept) + tail + 'child\n' + tail + 'parent\n';
}

describe.each(LIBS)('C on %s: stdout a terminal or a pipe', (lib) => {
  it('printf then fork into a pipe prints the line twice (full buffering), as ./a.out | cat', async () => {
    const r = await runC(FORK, lib, [], { tty: false });
    expect(r.streams.stdout).toBe('hello\nchild\nhello\nparent\n');
    expect(r.streams.stderr).toBe('stderr: unbuffered, out at once\n');
    // 2>&1 | cat: stderr is out at once, stdout only at each process's exit
    expect(r.stdout).toBe('stderr: unbuffered, out at once\nhello\nchild\nhello\nparent\n');
    expect(r.exitCode).toBe(0);
  }, 180_000);

  it('on a terminal the line is written before the fork, once', async () => {
    const r = await runC(FORK, lib, [], { tty: true });
    expect(r.stdout).toBe('hello\nstderr: unbuffered, out at once\nchild\nparent\n');
    const dflt = await runC(FORK, lib); // a run's default: the console is a terminal
    expect(dflt.stdout).toBe(r.stdout);
  });

  it('isatty, fstat and BUFSIZ: pipes (ENOTTY, FIFO, 4096) or a pty (character device, 1024)', async () => {
    const pipes = await runC(KIND, lib, [], { tty: false });
    expect(pipes.streams.stdout).toBe(
      'fd 0: isatty 0 Inappropriate ioctl for device, pipe, st_blksize 4096\n' +
      'fd 1: isatty 0 Inappropriate ioctl for device, pipe, st_blksize 4096\n' +
      'fd 2: isatty 0 Inappropriate ioctl for device, pipe, st_blksize 4096\n' +
      'BUFSIZ 8192\n');
    const tty = await runC(KIND, lib, [], { tty: true });
    expect(tty.streams.stdout).toBe(
      'fd 0: isatty 1, character device, st_blksize 1024\n' +
      'fd 1: isatty 1, character device, st_blksize 1024\n' +
      'fd 2: isatty 1, character device, st_blksize 1024\n' +
      'BUFSIZ 8192\n');
    const mixed = await runC(KIND, lib, [], { tty: { stdin: true, stdout: false, stderr: true } }); // ./prog | cat at a terminal
    expect(mixed.streams.stdout.split('\n').map((l) => l.slice(0, 14))).toEqual(['fd 0: isatty 1', 'fd 1: isatty 0', 'fd 2: isatty 1', 'BUFSIZ 8192', '']);
  });

  it('a full buffer is written in 4096-byte blocks and fork copies the rest, as glibc splits it', async () => {
    for (const n of [20, 41, 85]) {
      const r = await runC(BLOCKS, lib, [String(n)], { tty: false });
      expect(r.streams.stdout).toBe(blocksOutput(n));
    }
  });
});
