/**
 * kernel-af-unix.test.ts — af_unix.ts (net/unix/af_unix.c) on raw tasks: a datagram pair's
 * writer waits while its unread bytes reach SO_SNDBUF and a read wakes it; a stream reader
 * sees end of file when the peer closes; a signal ends a waiting write with EINTR; the checks.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  EAFNOSUPPORT, EINTR, EINVAL, EPROTONOSUPPORT, ESOCKTNOSUPPORT, ENOTSOCK, SIGUSR1, AF_UNIX, SOCK_DGRAM, SOCK_STREAM,
  SOL_SOCKET, SO_SNDBUF,
} from '../kernel/uapi.js';
import { run, thread, sleep, catchSig, MS } from './kernel-ipc-helpers.js';

const HALF = 212992 / 2;

describe('AF_UNIX socketpair', () => {
  it('the third half-buffer datagram waits for a read; one datagram per read', () => {
    const got: unknown[] = [];
    run(function* () {
      const [a, b] = (yield sys.socketpair(AF_UNIX, SOCK_DGRAM, 0)) as number[];
      const big = 'x'.repeat(HALF);
      yield* thread(function* () {
        yield* sleep(5 * MS);
        got.push(((yield sys.read(b, HALF + 10)) as string).length);
        return 0;
      });
      got.push(yield sys.write(a, big), yield sys.write(a, big));
      got.push(yield sys.write(a, 'tail')); // waits for the thread's read
      got.push(((yield sys.read(b, 100)) as string).length, yield sys.read(b, 2));
      return 0;
    });
    expect(got).toEqual([HALF, HALF, HALF, 4, 100, 'ta']); // the thread's read, then main's: 100 of the second, 2 of 'tail'
  });

  it('a stream reader sees end of file after the peer closes; a signal ends a waiting write with EINTR', () => {
    const got: unknown[] = [];
    run(function* () {
      const [a, b] = (yield sys.socketpair(AF_UNIX, SOCK_STREAM, 0)) as number[];
      yield sys.write(a, 'abc');
      yield sys.close(a);
      got.push(yield sys.read(b, 10), yield sys.read(b, 10));
      const [c] = (yield sys.socketpair(AF_UNIX, SOCK_DGRAM, 0)) as number[];
      yield* catchSig(SIGUSR1, function* () {});
      const me = (yield sys.gettid()) as number;
      yield* thread(function* () { yield* sleep(5 * MS); yield sys.tkill(me, SIGUSR1); return 0; });
      const big = 'y'.repeat(HALF);
      yield sys.write(c, big); yield sys.write(c, big);
      got.push(yield sys.write(c, big));
      return 0;
    });
    expect(got).toEqual(['abc', '', -EINTR]);
  });

  it('checks family, type, protocol and flags; options only on sockets', () => {
    const got: unknown[] = [];
    run(function* () {
      got.push(yield sys.socketpair(99, SOCK_STREAM, 0), yield sys.socketpair(AF_UNIX, 4, 0));
      got.push(yield sys.socketpair(AF_UNIX, SOCK_STREAM, 7), yield sys.socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0));
      const out = { value: 0 };
      got.push(yield sys.getsockopt(0, SOL_SOCKET, SO_SNDBUF, out));
      return 0;
    });
    expect(got).toEqual([-EAFNOSUPPORT, -ESOCKTNOSUPPORT, -EPROTONOSUPPORT, -EINVAL, -ENOTSOCK]);
  });
});
