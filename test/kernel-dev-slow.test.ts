/**
 * kernel-dev-slow.test.ts — /dev/slow (dev_slow.ts) on raw tasks: a blocking read sleeps in D
 * state for deviceLatency ± deviceJitter (drawn from the seeded PRNG, so the same seed gives the
 * same latency), signals wait until it ends, and the non-blocking protocol (read → EAGAIN starts
 * the request, poll until POLLIN, read the data) never puts the caller in D.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import type { PollFd } from '../kernel/poll.js';
import {
  EAGAIN, EBADF, EFAULT, EINVAL, ENOENT, O_NONBLOCK, O_WRONLY, POLLIN, SIGUSR1,
} from '../kernel/uapi.js';
import { stateLetter } from '../kernel/ps.js';
import { slowDevOf } from '../kernel/dev_slow.js';
import { run, thread, catchSig, recorder, sleep, MS, now } from './kernel-ipc-helpers.js';
import type { Kernel } from '../kernel/kernel.js';


/** Sample the ps state letter of `pid` at virtual time `at`. */
function sampleState(k: Kernel, at: number, pid: () => number, out: string[]): void {
  k.addTimer(at, () => { const t = k.findTask(pid()); out.push(t ? stateLetter(t) : '?'); }, null);
}

describe('/dev/slow', () => {
  it('a blocking read sleeps in state D for deviceLatency ± deviceJitter, then returns the bytes', () => {
    const got: unknown[] = [];
    const states: string[] = [];
    let reader = 0;
    const r = run(function* (k) {
      const fd = (yield sys.open('/dev/slow')) as number;
      reader = (yield sys.gettid()) as number;
      sampleState(k, k.now + 3 * MS, () => reader, states);
      const t0 = yield* now();
      got.push(fd, yield sys.read(fd, 30), (yield* now()) - t0);
      got.push(yield sys.read(fd, 3)); // the device position moved on
      return 0;
    });
    const c = r.k.costs;
    expect(states).toEqual(['D']);
    expect(got[0]).toBe(3);
    expect(got[1]).toBe('abcdefghijklmnopqrstuvwxyzabcd');
    expect(got[2]).toBeGreaterThanOrEqual(c.deviceLatency - c.deviceJitter);
    expect(got[2]).toBeLessThanOrEqual(c.deviceLatency + c.deviceJitter + 10_000);
    expect(got[3]).toBe('efg');
  });

  it('latencies are drawn from the seeded PRNG: same seed, same latencies; they vary within the bounds', () => {
    const lat = (seed: number) => {
      const out: number[] = [];
      run(function* () {
        const fd = (yield sys.open('/dev/slow')) as number;
        for (let i = 0; i < 8; i++) {
          const t0 = yield* now();
          yield sys.read(fd, 1);
          out.push((yield* now()) - t0);
        }
        return 0;
      }, { seed });
      return out;
    };
    const a = lat(7);
    expect(lat(7)).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
    expect(lat(8)).not.toEqual(a);
    for (const x of a) {
      expect(x).toBeGreaterThanOrEqual(8 * MS); // modern-x86: 12 ms ± 4 ms
      expect(x).toBeLessThanOrEqual(16 * MS + 10_000);
    }
  });

  it('a signal does not interrupt the D-state read: the read returns its data, the handler runs after', () => {
    const got: unknown[] = [];
    const log: [number, number][] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, function* () {
        log.push([Math.round(((yield sys.clock_gettime()) as number) / MS), SIGUSR1]);
      });
      const fd = (yield sys.open('/dev/slow')) as number;
      const tid = (yield sys.gettid()) as number;
      const pid = (yield sys.getpid()) as number;
      yield* thread(function* () {
        yield* sleep(2 * MS);
        yield sys.tgkill(pid, tid, SIGUSR1);
        return 0;
      });
      got.push(yield sys.read(fd, 2), Math.round((yield* now()) / MS));
      return 0;
    });
    expect(got[0]).toBe('ab');
    expect(log).toHaveLength(1);
    expect(log[0][0]).toBeGreaterThanOrEqual((got[1] as number) - 1); // not at 2 ms: after the read
  });

  it('non-blocking protocol: read → EAGAIN starts the request, poll reports POLLIN when done, read gets the data; never D', () => {
    const got: unknown[] = [];
    const states: string[] = [];
    run(function* (k) {
      const fd = (yield sys.open('/dev/slow', O_NONBLOCK)) as number;
      const tid = (yield sys.gettid()) as number;
      const fds: PollFd[] = [{ fd, events: POLLIN }];
      got.push(yield sys.poll(fds, 0)); // nothing in flight: not ready
      got.push(yield sys.read(fd, 4)); // starts the request
      got.push(yield sys.read(fd, 4)); // still in flight
      got.push(yield sys.poll(fds, 0));
      sampleState(k, k.now + 3 * MS, () => tid, states);
      const t0 = yield* now();
      got.push(yield sys.poll(fds, -1), fds[0].revents, (yield* now()) - t0 > 4 * MS);
      got.push(yield sys.read(fd, 4), yield sys.poll(fds, 0));
      return 0;
    });
    expect(got).toEqual([0, -EAGAIN, -EAGAIN, 0, 1, POLLIN, true, 'abcd', 0]);
    expect(states).toEqual(['S']); // asleep in poll, interruptible — not D
  });

  it('a CPU-bound sibling thread keeps running while one thread is in D (1:1 threads)', () => {
    let progress = 0;
    let readDone = 0;
    run(function* () {
      const fd = (yield sys.open('/dev/slow')) as number;
      yield* thread(function* () {
        for (let i = 0; i < 30; i++) { yield sys.compute(MS); progress++; }
        return 0;
      });
      yield sys.read(fd, 1);
      readDone = progress;
      yield* sleep(40 * MS);
      return 0;
    });
    expect(readDone).toBeGreaterThanOrEqual(7); // ≥ 8 ms of latency with the CPU free
  });

  it('bad input: unknown paths are ENOENT, a non-string path EFAULT, a bad access mode EINVAL, write and write-only read EBADF', () => {
    const got: unknown[] = [];
    run(function* () {
      got.push(yield sys.open('/etc/no-such-file'), yield sys.open(42 as any), yield sys.open('/dev/slow', 3));
      const fd = (yield sys.open('/dev/slow')) as number;
      got.push(yield sys.write(fd, 'x'));
      const wfd = (yield sys.open('/dev/slow', O_WRONLY)) as number;
      got.push(yield sys.read(wfd, 1));
      got.push(yield sys.close(fd), yield sys.read(fd, 1));
      return 0;
    });
    expect(got).toEqual([-ENOENT, -EFAULT, -EINVAL, -EBADF, -EBADF, 0, -EBADF]);
  });

  it('closing the file with a request in flight cancels its completion timer', () => {
    let timer: { active: boolean } | null = null;
    let activeBefore = false;
    const r = run(function* (k) {
      const fd = (yield sys.open('/dev/slow', O_NONBLOCK)) as number;
      yield sys.read(fd, 1);
      timer = slowDevOf(k.current!.files!.fd[fd])!.inflight;
      activeBefore = timer!.active;
      yield sys.close(fd);
      return 0;
    });
    expect(r.h.status).toBe(0);
    expect(activeBefore).toBe(true);
    expect(timer!.active).toBe(false);
  });
});

void recorder; void EINVAL;
