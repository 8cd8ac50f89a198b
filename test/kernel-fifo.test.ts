/**
 * kernel-fifo.test.ts — named pipes (kernel/fifo.ts after fs/pipe.c fifo_open): an open waits
 * for the other end; a signal while waiting gives the count back (the open fails with EINTR
 * without SA_RESTART, and a later writer does not see a phantom reader); the buffer goes with
 * the last close. The C-level behaviour against Linux is test/c/posix_fifo.test.ts.
 */

import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EINTR, ENXIO, O_NONBLOCK, O_RDONLY, O_WRONLY, S_IFIFO, SIGUSR1 } from '../kernel/uapi.js';
import { run, thread, catchSig, recorder, sleep, MS } from './kernel-ipc-helpers.js';

describe('named pipes (fifo.ts)', () => {
  it('a reader\'s open waits for a writer; a signal without SA_RESTART ends the wait with EINTR and undoes the reader', () => {
    const got: unknown[] = [];
    const log: [number, number][] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, recorder(log));
      got.push(yield sys.mknodat(-100, 'f', S_IFIFO | 0o600));
      const reader = yield* thread(function* () {
        got.push(yield sys.open('f', O_RDONLY));
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.tgkill((yield sys.getpid()) as number, reader, SIGUSR1);
      yield* sleep(5 * MS);
      // the interrupted reader was given back: a non-blocking writer finds no reader
      got.push(yield sys.open('f', O_WRONLY | O_NONBLOCK));
      return 0;
    });
    expect(got).toEqual([0, -EINTR, -ENXIO]);
    expect(log.length).toBe(1);
  });

  it('a writer\'s open waits for a reader, then both proceed; data written and never read is gone with the last close', () => {
    const got: unknown[] = [];
    run(function* () {
      yield sys.mknodat(-100, 'f', S_IFIFO | 0o600);
      let at = 0;
      const writer = yield* thread(function* () {
        const fd = (yield sys.open('f', O_WRONLY)) as number;
        at = (yield sys.clock_gettime()) as number;
        yield sys.write(fd, 'lost');
        yield sys.close(fd);
        return 0;
      });
      yield* sleep(10 * MS);
      const before = (yield sys.clock_gettime()) as number;
      const r = (yield sys.open('f', O_RDONLY | O_NONBLOCK)) as number;
      yield* sleep(1 * MS);
      got.push(at >= before); // the writer's open returned only after the reader came
      yield sys.close(r); // both ends closed: the 4 bytes go with the pipe
      const r2 = (yield sys.open('f', O_RDONLY | O_NONBLOCK)) as number;
      got.push(yield sys.read(r2, 10));
      void writer;
      return 0;
    });
    expect(got).toEqual([true, '']);
  });
});
