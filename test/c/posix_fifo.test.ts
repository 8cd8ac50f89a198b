/**
 * posix_fifo.test.ts — named pipes from C on every library (kernel/fifo.ts after fs/pipe.c's
 * fifo_open and do_mknodat). The expected text is what gcc + glibc print on Linux for
 * test/c/posix/fifo.c run as an unprivileged user (the lab's programs run as `student`).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/fifo.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: mkfifo and FIFO opens', (lib) => {
  it('behaves as Linux: opens wait for the other end, O_NONBLOCK rules, the data flows', async () => {
    const r = await runC(PROG, lib);
    expect(r.streams.stdout).toBe(
      'mkfifo 0\n' +
      'again -1 File exists\n' +
      'S_ISFIFO 1 mode 644\n' +
      'nonblock writer, no reader: -1 No such device or address\n' +
      'nonblock reader: ok 1, read 0 (no writer: EOF)\n' +
      'fstat S_ISFIFO 1\n' +
      'read: hello through a fifo\n' +
      'O_RDWR: self\n' +
      "mknod /dev/null's 1:3 as a user: -1 Operation not permitted\n" +
      'mknod 0:0 (a whiteout): 0 S_ISCHR 1, open -1 No such device or address\n' +
      'unlink 0\n');
    expect(r.exitCode).toBe(0);
  }, 180_000);
});
