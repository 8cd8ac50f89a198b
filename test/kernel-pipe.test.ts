/**
 * kernel-pipe.test.ts — pipes (pipe.ts) on raw tasks: blocking and non-blocking reads and
 * writes, PIPE_BUF atomicity and partial writes, end of file, EPIPE with SIGPIPE to the writing
 * thread, EINTR and SA_RESTART for a reader blocked in read, the copy cost, and bad input.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  EAGAIN, EBADF, EINTR, EINVAL, EPIPE, O_NONBLOCK, SIGPIPE, SIGUSR1, SIG_IGN, SA_RESTART,
  WIFSIGNALED, WTERMSIG, F_SETFL,
} from '../kernel/uapi.js';
import { PIPE_SIZE } from '../kernel/pipe.js';
import { NR } from '../kernel/syscalls.js';
import { NR_IO, EXTRA_SYSCALLS } from '../kernel/syscalls_io.js';
import { run, thread, catchSig, recorder, takers, sleep, MS, pipe } from './kernel-ipc-helpers.js';


describe('pipe basics', () => {
  it('the system-call numbers of syscalls_io match NR', () => {
    for (const [name, nr] of Object.entries(NR_IO)) expect((NR as Record<string, number>)[name]).toBe(nr);
    expect(EXTRA_SYSCALLS.map((e) => e.nr).sort((a, b) => a - b)).toEqual(Object.values(NR_IO).sort((a, b) => a - b));
  });

  it('pipe returns two fds; data written come out in order; read returns what is there', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      got.push(r, w);
      got.push(yield sys.write(w, 'hello '), yield sys.write(w, 'world'));
      got.push(yield sys.read(r, 3), yield sys.read(r, 100), yield sys.read(r, 0));
      return 0;
    });
    expect(got).toEqual([3, 4, 6, 5, 'hel', 'lo world', '']);
  });

  it('a reader blocks on an empty pipe until a writer writes (state S meanwhile)', () => {
    const got: unknown[] = [];
    run(function* (k) {
      const [r, w] = yield* pipe();
      const tid = yield* thread(function* () {
        const t0 = (yield sys.clock_gettime()) as number;
        got.push(yield sys.read(r, 10));
        got.push(Math.round(((yield sys.clock_gettime()) as number - t0) / MS));
        return 0;
      });
      yield* sleep(20 * MS);
      got.push(k.findTask(tid)!.state);
      yield sys.write(w, 'ping');
      yield* sleep(5 * MS);
      return 0;
    });
    expect(got[0]).toBe(1); // TASK_INTERRUPTIBLE
    expect(got[1]).toBe('ping');
    expect(got[2]).toBeGreaterThanOrEqual(20);
    expect(got[2]).toBeLessThanOrEqual(25);
  });

  it('end of file: read returns "" once every write end is closed, and a blocked reader is woken by the close', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      yield sys.write(w, 'last');
      const child = (yield sys.fork(function* () {
        // the child holds copies of both ends; it closes them by exiting after 10 ms
        yield* sleep(10 * MS);
        return 0;
      })) as number;
      yield sys.close(w);
      got.push(yield sys.read(r, 100));
      const t0 = (yield sys.clock_gettime()) as number;
      got.push(yield sys.read(r, 100)); // blocks: the child still has a write end
      got.push(((yield sys.clock_gettime()) as number - t0) >= 5 * MS);
      got.push(yield sys.read(r, 100));
      yield sys.wait4(child, null, 0);
      return 0;
    });
    expect(got).toEqual(['last', '', true, '']);
  });

  it('O_NONBLOCK: an empty pipe reads EAGAIN, a full one writes EAGAIN (pipe2 flag and fcntl)', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe(O_NONBLOCK);
      got.push(yield sys.read(r, 1));
      got.push(yield sys.write(w, 'x'.repeat(PIPE_SIZE + 10)));
      got.push(yield sys.write(w, 'y'));
      const [r2, w2] = yield* pipe();
      yield sys.fcntl(r2, F_SETFL, O_NONBLOCK);
      got.push(yield sys.read(r2, 1));
      void w2;
      return 0;
    });
    expect(got).toEqual([-EAGAIN, PIPE_SIZE, -EAGAIN, -EAGAIN]);
  });
});

describe('PIPE_BUF atomicity and partial writes', () => {
  it('a write of at most PIPE_BUF bytes goes in whole or not at all; a larger one is split', () => {
    const got: unknown[] = [];
    run(function* () {
      const [, w] = yield* pipe(O_NONBLOCK);
      got.push(yield sys.write(w, 'a'.repeat(PIPE_SIZE - 100))); // 100 bytes of room left
      got.push(yield sys.write(w, 'b'.repeat(200))); // atomic: does not fit → EAGAIN, nothing written
      got.push(yield sys.write(w, 'c'.repeat(5000))); // > PIPE_BUF: partial, 100 bytes
      got.push(yield sys.write(w, 'd'));
      return 0;
    });
    expect(got).toEqual([PIPE_SIZE - 100, -EAGAIN, 100, -EAGAIN]);
  });

  it('a blocking write larger than the pipe completes as the reader drains it, and charges the copy per byte', () => {
    const got: number[] = [];
    let drained = '';
    run(function* (k) {
      const [r, w] = yield* pipe();
      yield* thread(function* () {
        yield* sleep(10 * MS);
        while (drained.length < 100_000) drained += (yield sys.read(r, 16_384)) as string;
        return 0;
      });
      const ru0: { stime?: number } = {};
      yield sys.getrusage(1 /* RUSAGE_THREAD */, ru0);
      const t0 = (yield sys.clock_gettime()) as number;
      got.push((yield sys.write(w, 'z'.repeat(100_000))) as number);
      const ru1: { stime?: number } = {};
      yield sys.getrusage(1 /* RUSAGE_THREAD */, ru1);
      got.push((yield sys.clock_gettime()) as number - t0, (ru1.stime ?? 0) - (ru0.stime ?? 0), k.costs.pipeCopyPerByte);
      yield* sleep(10 * MS);
      return 0;
    });
    expect(got[0]).toBe(100_000);
    expect(got[1]).toBeGreaterThanOrEqual(10 * MS); // it waited for the reader
    expect(got[2]).toBeGreaterThanOrEqual(100_000 * got[3]);
    expect(drained).toBe('z'.repeat(100_000));
  });

  it('two writers of PIPE_BUF-sized records never interleave within a record', () => {
    let out = '';
    run(function* () {
      const [r, w] = yield* pipe();
      for (const ch of ['A', 'B']) {
        yield* thread(function* () {
          for (let i = 0; i < 40; i++) yield sys.write(w, ch.repeat(4096));
          return 0;
        });
      }
      while (out.length < 2 * 40 * 4096) {
        yield* sleep(MS);
        out += (yield sys.read(r, 3000)) as string;
      }
      return 0;
    }, { cpus: 2 });
    for (let i = 0; i < out.length; i += 4096) expect(new Set(out.slice(i, i + 4096)).size).toBe(1);
  });
});

describe('EPIPE and SIGPIPE', () => {
  it('no reader: write fails with EPIPE and SIGPIPE goes to the writing thread (private), not another', () => {
    const log: [number, number][] = [];
    const got: number[] = [];
    let writer = 0;
    const r = run(function* () {
      yield* catchSig(SIGPIPE, recorder(log));
      const [rfd, w] = yield* pipe();
      yield sys.close(rfd);
      writer = yield* thread(function* () {
        got.push((yield sys.write(w, 'x')) as number);
        return 0;
      });
      yield* sleep(5 * MS);
      return 0;
    });
    expect(got).toEqual([-EPIPE]);
    expect(log).toEqual([[writer, SIGPIPE]]);
    const gen = r.sig.filter((e) => e.kind === 'signal_generate' && e.a === SIGPIPE);
    expect(gen.map((e) => [e.pid, e.b])).toEqual([[writer, 0]]); // b=0: private pending
  });

  it('a writer blocked on a full pipe gets EPIPE when the last reader closes; SIG_IGN leaves just EPIPE', () => {
    const got: number[] = [];
    run(function* () {
      yield sys.rt_sigaction(SIGPIPE, { handler: SIG_IGN, flags: 0, mask: 0n }, null);
      const [rfd, w] = yield* pipe();
      yield sys.write(w, 'f'.repeat(PIPE_SIZE));
      yield* thread(function* () {
        got.push((yield sys.write(w, 'more')) as number);
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.close(rfd);
      yield* sleep(5 * MS);
      return 0;
    });
    expect(got).toEqual([-EPIPE]);
  });

  it('uncaught SIGPIPE kills the process', () => {
    const r = run(function* () {
      const [rfd, w] = yield* pipe();
      yield sys.close(rfd);
      yield sys.write(w, 'x');
      return 0;
    });
    expect(WIFSIGNALED(r.h.status) && WTERMSIG(r.h.status)).toBe(SIGPIPE);
  });
});

describe('signals and a reader blocked in read', () => {
  it('a handler without SA_RESTART makes the blocked read fail with EINTR', () => {
    const got: unknown[] = [];
    const log: [number, number][] = [];
    let reader = 0;
    run(function* () {
      yield* catchSig(SIGUSR1, recorder(log));
      const [r, w] = yield* pipe();
      reader = yield* thread(function* () {
        got.push(yield sys.read(r, 10));
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.tgkill((yield sys.getpid()) as number, reader, SIGUSR1);
      yield* sleep(5 * MS);
      yield sys.write(w, 'late');
      return 0;
    });
    expect(got).toEqual([-EINTR]);
    expect(log).toEqual([[reader, SIGUSR1]]);
  });

  it('with SA_RESTART the handler runs and the read restarts and returns the data', () => {
    const got: unknown[] = [];
    const log: [number, number][] = [];
    let reader = 0;
    run(function* () {
      yield* catchSig(SIGUSR1, recorder(log), SA_RESTART);
      const [r, w] = yield* pipe();
      reader = yield* thread(function* () {
        got.push(yield sys.read(r, 10));
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.tgkill((yield sys.getpid()) as number, reader, SIGUSR1);
      yield* sleep(5 * MS);
      yield sys.write(w, 'data');
      yield* sleep(5 * MS);
      return 0;
    });
    expect(log).toEqual([[reader, SIGUSR1]]);
    expect(got).toEqual(['data']);
  });

  it('a blocking write interrupted after a partial transfer returns the count written', () => {
    const got: number[] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, function* () {}, SA_RESTART);
      const [r, w] = yield* pipe();
      const tid = yield* thread(function* () {
        got.push((yield sys.write(w, 'p'.repeat(PIPE_SIZE + 5000))) as number);
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.tgkill((yield sys.getpid()) as number, tid, SIGUSR1);
      yield* sleep(5 * MS);
      void r;
      return 0;
    });
    expect(got).toEqual([PIPE_SIZE]);
  });
});

describe('bad input', () => {
  it('bad fds are EBADF; reading a write end or writing a read end is EBADF; bad pipe2 flags are EINVAL', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      got.push(yield sys.read(99, 1), yield sys.write(-1, 'x'), yield sys.close(1000), yield sys.read(1.5, 1));
      got.push(yield sys.read(w, 1), yield sys.write(r, 'x'));
      got.push(yield sys.pipe(0x40), yield sys.pipe(-1));
      yield sys.close(r);
      got.push(yield sys.close(r), yield sys.read(r, 1));
      return 0;
    });
    expect(got).toEqual([-EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EBADF, -EINVAL, -EINVAL, -EBADF, -EBADF]);
  });
});

void takers;
