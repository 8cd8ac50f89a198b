/**
 * kernel-dup2-ioctl.test.ts — dup2 (fs/file.c do_dup2: newfd becomes a copy of oldfd, closing
 * what it was; equal descriptors are left alone; a bad oldfd or newfd is EBADF) and ioctl
 * TCGETS, which only the console answers (isatty): a pipe is ENOTTY, a closed descriptor EBADF,
 * and a request no driver knows is ENOTTY too (fs/ioctl.c vfs_ioctl: -ENOIOCTLCMD becomes -ENOTTY).
 * Then the same through Libc (dup, dup2, fcntl, isatty) on every library.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EBADF, ENOTTY, TCGETS, O_NONBLOCK, F_GETFL, F_SETFL } from '../kernel/uapi.js';
import { run } from './kernel-ipc-helpers.js';
import { runProgram } from '../experiments/runner.js';
import { libraryNames, type Libc } from '../libs/index.js';
import '../libs/all.js';

describe('dup2 and ioctl(TCGETS)', () => {
  it('dup2 copies a descriptor over another, closing the old one; same fd is a no-op; bad fds are EBADF', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = (yield sys.pipe(0)) as [number, number];
      got.push(yield sys.dup2(w, 9));               // 9 is now the pipe's write end
      got.push(yield sys.write(9, 'via 9'), yield sys.read(r, 10));
      got.push(yield sys.dup2(r, 9));               // 9 was the write end: closed, now the read end
      got.push(yield sys.write(w, 'x'), yield sys.read(9, 1));
      got.push(yield sys.dup2(9, 9), yield sys.dup2(77, 5), yield sys.dup2(r, -1), yield sys.dup2(r, 5000));
      return 0;
    });
    expect(got).toEqual([9, 5, 'via 9', 9, 1, 'x', 9, -EBADF, -EBADF, -EBADF]);
  });

  it('only the console is a terminal', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r] = (yield sys.pipe(0)) as [number, number];
      got.push(yield sys.ioctl(1, TCGETS), yield sys.ioctl(r, TCGETS), yield sys.ioctl(42, TCGETS), yield sys.ioctl(1, 0x1234));
      return 0;
    });
    expect(got).toEqual([0, -ENOTTY, -EBADF, -ENOTTY]);
  });
});

describe.each(libraryNames())('dup, dup2, fcntl, isatty through Libc on %s', (lib) => {
  it('behave as the system calls, with -1 and errno on failure', () => {
    const got: unknown[] = [];
    const r = runProgram({
      lib,
      program: function* (libc: Libc) {
        const p = yield* libc.pipe();
        if (p === -1) return 1;
        got.push(yield* libc.isatty(1), yield* libc.isatty(p[0]), libc.errno === ENOTTY);
        got.push(yield* libc.isatty(50), libc.errno === EBADF);
        const d = yield* libc.dup(p[1]);
        got.push(d > p[1], yield* libc.dup2(p[0], 20), yield* libc.dup2(99, 20), libc.errno === EBADF);
        got.push(yield* libc.fcntl(p[0], F_SETFL, O_NONBLOCK), (yield* libc.fcntl(20, F_GETFL)) & O_NONBLOCK);
        return 0;
      },
    });
    expect(r.exitCode).toBe(0);
    expect(got).toEqual([1, 0, true, 0, true, true, 20, -1, true, 0, O_NONBLOCK]);
  });
});
