/**
 * kernel-timerfd.test.ts — timerfd.ts (fs/timerfd.c) on raw tasks: a read waits for the first
 * expiry; a periodic timer counts every period that passed; settime clears the count and gives
 * the old setting; closing the descriptor stops the timer; EINVAL and EPERM.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EAGAIN, EINVAL, TFD_NONBLOCK, TFD_TIMER_ABSTIME } from '../kernel/uapi.js';
import { bytesToU64 } from '../kernel/eventfd.js';
import { run, sleep, MS, now } from './kernel-ipc-helpers.js';


describe('timerfd', () => {
  it('the first expiry wakes a read; a period counts every expiry that passed; settime clears the count', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = (yield sys.timerfd_create(1, 0)) as number;
      const t0 = yield* now();
      yield sys.timerfd_settime(fd, 0, 10 * MS, 4 * MS);
      got.push(bytesToU64((yield sys.read(fd, 8)) as string), Math.round(((yield* now()) - t0) / MS));
      yield* sleep(18 * MS);
      got.push(bytesToU64((yield sys.read(fd, 8)) as string));
      const old: { value?: number; interval?: number } = {};
      got.push(yield sys.timerfd_settime(fd, 0, 0, 0, old), old.interval);
      const nb = (yield sys.timerfd_create(0, TFD_NONBLOCK)) as number;
      got.push(yield sys.read(nb, 8));
      yield sys.timerfd_settime(nb, TFD_TIMER_ABSTIME, (yield* now()) + 5 * MS, 0);
      yield* sleep(10 * MS);
      got.push(bytesToU64((yield sys.read(nb, 8)) as string));
      return 0;
    });
    // 10 ms on the 4 ms jiffy grid: read at 12; then 18 ms of sleep to 30: the expiries at 14, 18, 22, 26, 30
    expect(got).toEqual([1n, 12, 5n, 0, 4 * MS, -EAGAIN, 1n]);
  });

  it('EINVAL for a bad clock, flags or descriptor; a closed timerfd\'s timer no longer fires', () => {
    const got: unknown[] = [];
    run(function* () {
      got.push(yield sys.timerfd_create(99, 0), yield sys.timerfd_create(1, 0x10));
      const fd = (yield sys.timerfd_create(1, 0)) as number;
      got.push(yield sys.timerfd_settime(0, 0, MS, 0), yield sys.timerfd_settime(fd, 4, MS, 0), yield sys.read(fd, 4));
      yield sys.timerfd_settime(fd, 0, 5 * MS, 5 * MS);
      yield sys.close(fd);
      yield* sleep(30 * MS);
      return 0;
    });
    expect(got).toEqual([-EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL]);
  });
});
