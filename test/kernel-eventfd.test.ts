/**
 * kernel-eventfd.test.ts — eventfd.ts (fs/eventfd.c) on raw tasks: a read waits for a count
 * and takes it all, a write that would overflow waits for a read, a signal's handler ends a
 * waiting read with EINTR, poll sees POLLIN/POLLOUT, and the flags are checked.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EAGAIN, EINTR, EINVAL, POLLIN, POLLOUT, SIGUSR1, EFD_NONBLOCK, EFD_SEMAPHORE } from '../kernel/uapi.js';
import { u64ToBytes, bytesToU64 } from '../kernel/eventfd.js';
import { run, thread, sleep, catchSig, MS } from './kernel-ipc-helpers.js';

describe('eventfd', () => {
  it('a read waits for a write and takes the whole count; a full counter makes a write wait for a read', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = (yield sys.eventfd2(0, 0)) as number;
      yield* thread(function* () {
        yield* sleep(5 * MS);
        yield sys.write(fd, u64ToBytes(2n));
        yield* sleep(5 * MS);
        yield sys.write(fd, u64ToBytes(0xfffffffffffffffcn)); // main took the 2: the count is 2^64 - 4
        yield* sleep(5 * MS);
        got.push(bytesToU64((yield sys.read(fd, 8)) as string)); // lets main's write in
        return 0;
      });
      got.push(bytesToU64((yield sys.read(fd, 8)) as string));
      yield* sleep(7 * MS);
      const fds = [{ fd, events: POLLIN | POLLOUT, revents: 0 }];
      yield sys.poll(fds, 0);
      got.push(fds[0].revents);
      got.push(yield sys.write(fd, u64ToBytes(5n))); // 2^64 - 4 + 5 would pass the limit: waits
      got.push(bytesToU64((yield sys.read(fd, 8)) as string));
      return 0;
    });
    expect(got).toEqual([2n, POLLIN | POLLOUT, 0xfffffffffffffffcn, 8, 5n]);
  });

  it('EINTR after a handler; EFD_SEMAPHORE takes 1; EAGAIN with EFD_NONBLOCK; EINVAL for bad flags and short buffers', () => {
    const got: unknown[] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, function* () {});
      const fd = (yield sys.eventfd2(0, 0)) as number;
      const me = (yield sys.gettid()) as number;
      yield* thread(function* () { yield* sleep(5 * MS); yield sys.tgkill(me, me, SIGUSR1); return 0; });
      got.push(yield sys.read(fd, 8));
      const sem = (yield sys.eventfd2(2, EFD_SEMAPHORE | EFD_NONBLOCK)) as number;
      got.push(bytesToU64((yield sys.read(sem, 8)) as string), bytesToU64((yield sys.read(sem, 8)) as string), yield sys.read(sem, 8));
      got.push(yield sys.eventfd2(0, 0x10), yield sys.read(sem, 4), yield sys.write(sem, 'abc'));
      return 0;
    });
    expect(got).toEqual([-EINTR, 1n, 1n, -EAGAIN, -EINVAL, -EINVAL, -EINVAL]);
  });
});
