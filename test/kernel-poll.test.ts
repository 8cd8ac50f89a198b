/**
 * kernel-poll.test.ts — poll and select (poll.ts) on raw tasks: readiness of pipes, timeouts
 * in virtual time (0 = do not sleep, < 0 = forever), waking on any of several files, POLLHUP,
 * POLLNVAL for bad fds, EINTR after a handler, and that a finished poll leaves no live entry on
 * the queues it slept on (a later write to one of them must not wake the task from something else).
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import type { PollFd } from '../kernel/poll.js';
import {
  EBADF, EINTR, EINVAL, EFAULT, POLLIN, POLLOUT, POLLHUP, POLLNVAL, POLLERR, SIGUSR1, SIGALRM,
  O_NONBLOCK,
} from '../kernel/uapi.js';
import { PIPE_SIZE } from '../kernel/pipe.js';
import { run, boot, thread, catchSig, sleep, MS, pipe, now, stoppedWait } from './kernel-ipc-helpers.js';
import { spawnProgram } from '../kernel/shell.js';
import { recordTrace, formatEvent } from '../kernel/trace.js';


describe('poll', () => {
  it('reports what is ready now without sleeping: POLLIN on a pipe with data, POLLOUT on a pipe with room', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      const [r2] = yield* pipe();
      yield sys.write(w, 'x');
      const fds: PollFd[] = [{ fd: r, events: POLLIN }, { fd: w, events: POLLOUT | POLLIN }, { fd: r2, events: POLLIN }];
      const t0 = yield* now();
      got.push(yield sys.poll(fds, -1));
      got.push(fds.map((p) => p.revents));
      got.push((yield* now()) - t0 < MS);
      return 0;
    });
    expect(got).toEqual([2, [POLLIN, POLLOUT, 0], true]);
  });

  it('timeout 0 never sleeps; a positive timeout returns 0 after that much virtual time', () => {
    const got: number[] = [];
    run(function* () {
      const [r] = yield* pipe();
      const fds: PollFd[] = [{ fd: r, events: POLLIN }];
      let t0 = yield* now();
      got.push((yield sys.poll(fds, 0)) as number, (yield* now()) - t0 < 10_000 ? 1 : 0);
      t0 = yield* now();
      got.push((yield sys.poll(fds, 2_000 * MS)) as number);
      got.push(Math.floor(((yield* now()) - t0) / MS));
      return 0;
    });
    expect(got.slice(0, 3)).toEqual([0, 1, 0]);
    expect(got[3]).toBeGreaterThanOrEqual(2000);
    expect(got[3]).toBeLessThanOrEqual(2004); // rounded up to the 4 ms tick grid
  });

  it('sleeps on every file and wakes when any one becomes ready (the second of two pipes)', () => {
    const got: unknown[] = [];
    run(function* (k) {
      const [r1] = yield* pipe();
      const [r2, w2] = yield* pipe();
      const tid = yield* thread(function* () {
        const fds: PollFd[] = [{ fd: r1, events: POLLIN }, { fd: r2, events: POLLIN }];
        const t0 = yield* now();
        got.push(yield sys.poll(fds, -1));
        got.push(fds.map((p) => p.revents), Math.round(((yield* now()) - t0) / MS));
        return 0;
      });
      yield* sleep(30 * MS);
      got.push(k.findTask(tid)!.state);
      yield sys.write(w2, 'y');
      yield* sleep(5 * MS);
      return 0;
    });
    expect(got[0]).toBe(1); // TASK_INTERRUPTIBLE while polling
    expect(got.slice(1, 3)).toEqual([1, [0, POLLIN]]);
    expect(got[3]).toBeGreaterThanOrEqual(30);
    expect(got[3]).toBeLessThanOrEqual(35);
  });

  it('POLLHUP when every writer has closed; POLLERR on a write end with no reader', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      const [r2, w2] = yield* pipe();
      yield* thread(function* () {
        yield* sleep(10 * MS);
        yield sys.close(w);
        yield sys.close(r2);
        return 0;
      });
      const fds: PollFd[] = [{ fd: r, events: POLLIN }];
      got.push(yield sys.poll(fds, -1), fds[0].revents);
      const fds2: PollFd[] = [{ fd: w2, events: POLLOUT }];
      got.push(yield sys.poll(fds2, 0), fds2[0].revents);
      return 0;
    });
    expect(got).toEqual([1, POLLHUP, 1, POLLOUT | POLLERR]);
  });

  it('POLLOUT waits for room: a full pipe becomes writable when a reader drains it', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      yield sys.write(w, 'f'.repeat(PIPE_SIZE));
      yield* thread(function* () {
        yield* sleep(10 * MS);
        yield sys.read(r, 8192);
        return 0;
      });
      const fds: PollFd[] = [{ fd: w, events: POLLOUT }];
      got.push(yield sys.poll(fds, 0), yield sys.poll(fds, -1), fds[0].revents);
      return 0;
    });
    expect(got).toEqual([0, 1, POLLOUT]);
  });

  it('bad fds: POLLNVAL in revents (counted, no sleep); negative fds are ignored', () => {
    const got: unknown[] = [];
    run(function* () {
      const fds: PollFd[] = [{ fd: 77, events: POLLIN }, { fd: -1, events: POLLIN }, { fd: 1, events: POLLOUT }];
      got.push(yield sys.poll(fds, -1), fds.map((p) => p.revents));
      got.push(yield sys.poll(null as any, 0), yield sys.poll([{ fd: 'x' } as any], 0), yield sys.poll([], NaN));
      return 0;
    });
    expect(got).toEqual([2, [POLLNVAL, 0, POLLOUT], -EFAULT, -EFAULT, -EINVAL]);
  });

  it('a handler interrupts a sleeping poll with EINTR; a stop/continue restarts it with the same end time', () => {
    const got: number[] = [];
    run(function* () {
      yield* catchSig(SIGALRM, function* () {});
      const [r] = yield* pipe();
      yield sys.setitimer(20 * MS, 0);
      got.push((yield sys.poll([{ fd: r, events: POLLIN }], 5_000 * MS)) as number);
      got.push(yield* stoppedWait(function* (cr) {
        return (yield sys.poll([{ fd: cr, events: POLLIN }], 100 * MS)) as number;
      }));
      return 0;
    });
    expect(got[0]).toBe(-EINTR);
    expect(got[1]).toBeGreaterThanOrEqual(100);
    expect(got[1]).toBeLessThanOrEqual(104);
  });

  it('a poll that ended leaves nothing armed: a later write to a polled pipe does not cut a nanosleep short', () => {
    const got: number[] = [];
    run(function* () {
      const [r1, w1] = yield* pipe();
      const [r2, w2] = yield* pipe();
      yield* thread(function* () {
        yield* sleep(5 * MS);
        yield sys.write(w1, 'a'); // ends the poll
        yield* sleep(10 * MS);
        yield sys.write(w2, 'b'); // must not touch the nanosleep below
        return 0;
      });
      got.push((yield sys.poll([{ fd: r1, events: POLLIN }, { fd: r2, events: POLLIN }], -1)) as number);
      const t0 = yield* now();
      got.push((yield sys.nanosleep(40 * MS)) as number, Math.floor(((yield* now()) - t0) / MS));
      return 0;
    });
    expect(got.slice(0, 2)).toEqual([1, 0]);
    expect(got[2]).toBeGreaterThanOrEqual(40);
  });

  it('two threads poll the same pipe; one write wakes both, the first reader gets the byte', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      for (let i = 0; i < 2; i++) {
        yield* thread(function* () {
          const n = (yield sys.poll([{ fd: r, events: POLLIN }], 50 * MS)) as number;
          got.push(n);
          return 0;
        });
      }
      yield* sleep(10 * MS);
      yield sys.write(w, 'q');
      yield* sleep(60 * MS);
      return 0;
    });
    expect(got).toEqual([1, 1]);
  });
});

describe('select', () => {
  it('is poll over fd sets: waits (null timeout), rewrites the sets in place, counts bits; EBADF and EINVAL', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      const [r2, w2] = yield* pipe();
      yield* thread(function* () {
        yield* sleep(10 * MS);
        yield sys.write(w2, 'z');
        return 0;
      });
      const t0 = yield* now();
      let rd = new Set([r, r2]);
      got.push(yield sys.select(8, rd, null, null, null), [...rd], (yield* now()) - t0 >= 10 * MS);
      rd = new Set([r, r2]);
      const wr = new Set([w]);
      got.push(yield sys.select(8, rd, wr, null, 0), [...rd], [...wr]);
      rd = new Set([r]);
      got.push(yield sys.select(8, rd, null, null, 0), [...rd]);
      got.push(yield sys.select(50, new Set([40]), null, null, 0));
      got.push(yield sys.select(-1, null, null, null, 0), yield sys.select(8, null, null, null, -5));
      return 0;
    });
    expect(got).toEqual([1, [5], true, 2, [5], [4], 0, [], -EBADF, -EINVAL, -EINVAL]);
  });
});

void SIGUSR1; void EINTR;

describe('determinism', () => {
  it('the same program and seed give a byte-identical event log (pipes, poll, timers, /dev/slow, signals)', () => {
    const once = (seed: number) => {
      const k = boot({ cpus: 2, seed });
      const rec = recordTrace(k.trace, 'all');
      spawnProgram(k, function* () {
        const [r, w] = yield* pipe();
        const fd = (yield sys.open('/dev/slow', O_NONBLOCK)) as number;
        yield* catchSig(SIGALRM, function* () {});
        yield sys.setitimer(3 * MS, 5 * MS);
        yield* thread(function* () {
          for (let i = 0; i < 5; i++) { yield sys.compute(700_000); yield sys.write(w, `m${i}`); }
          return 0;
        });
        yield sys.read(fd, 8);
        let got = '';
        let dev = 0;
        while (got.length < 10 || dev < 2) {
          const fds: PollFd[] = [{ fd: r, events: POLLIN }, { fd, events: POLLIN }];
          const n = (yield sys.poll(fds, 20 * MS)) as number;
          if (n > 0 && fds[0].revents) got += (yield sys.read(r, 100)) as string;
          if (n > 0 && fds[1].revents) { yield sys.read(fd, 8); if (++dev < 2) yield sys.read(fd, 8); }
        }
        yield sys.setitimer(0, 0);
        return 0;
      }, null, 'det');
      k.run();
      rec.stop();
      return rec.events.map(formatEvent).join('\n');
    };
    const a = once(3);
    expect(a.length).toBeGreaterThan(1000);
    expect(once(3)).toBe(a);
    expect(once(4)).not.toBe(a); // the device latency comes from the seeded PRNG
  });
});

