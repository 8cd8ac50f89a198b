/**
 * review-kernel.test.ts — regression tests for bugs found in a correctness review of the
 * kernel core (entry, sched, signal, exit, futex, pipe). Each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { umalloc } from '../kernel/uaccess.js';
import { FUTEX_WAIT, FUTEX_WAKE, SIGUSR1, SIGUSR2, SA_RESTART } from '../kernel/uapi.js';
import { run, thread, catchSig, sleep, mask, MS } from './kernel-ipc-helpers.js';

describe('review: kernel core', () => {
  it('a system call restarted after a handler (SA_RESTART) does not go to sleep with a signal pending that the handler had blocked', () => {
    // Linux: the restarted futex_wait/pipe_read sees signal_pending() and returns -ERESTARTSYS
    // (schedule() in TASK_INTERRUPTIBLE does not sleep with a signal pending), so the second
    // handler runs before the call sleeps again. Before the fix the call slept with SIGUSR2
    // pending, and its handler waited for the next unrelated wake-up (a lost wake-up).
    const log: number[] = [];
    let ret = 99;
    let seenBeforeWake = -1;
    run(function* () {
      const w = umalloc(1);
      const h = function* (sig: number) { log.push(sig); };
      yield* catchSig(SIGUSR1, h, SA_RESTART, mask(SIGUSR2)); // SIGUSR2 blocked while it runs
      yield* catchSig(SIGUSR2, h, SA_RESTART);
      const tgid = (yield sys.getpid()) as number;
      const tid = yield* thread(function* () {
        ret = (yield sys.futex(w, FUTEX_WAIT, 0)) as number;
        return 0;
      });
      yield* sleep(5 * MS); // the thread is asleep on w
      yield sys.tgkill(tgid, tid, SIGUSR1);
      yield sys.tgkill(tgid, tid, SIGUSR2);
      yield* sleep(5 * MS);
      seenBeforeWake = log.length;
      yield sys.futex(w, FUTEX_WAKE, 1);
      yield* sleep(5 * MS);
      return 0;
    });
    expect(seenBeforeWake).toBe(2);
    expect(log).toEqual([SIGUSR1, SIGUSR2]);
    expect(ret).toBe(0);
  });

  it('the same holds for a restarted pipe read', () => {
    const log: number[] = [];
    let got: unknown = null;
    let seenBeforeWrite = -1;
    run(function* () {
      const h = function* (sig: number) { log.push(sig); };
      yield* catchSig(SIGUSR1, h, SA_RESTART, mask(SIGUSR2));
      yield* catchSig(SIGUSR2, h, SA_RESTART);
      const fds = (yield sys.pipe()) as number[];
      const tgid = (yield sys.getpid()) as number;
      const tid = yield* thread(function* () {
        got = yield sys.read(fds[0], 10);
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.tgkill(tgid, tid, SIGUSR1);
      yield sys.tgkill(tgid, tid, SIGUSR2);
      yield* sleep(5 * MS);
      seenBeforeWrite = log.length;
      yield sys.write(fds[1], 'x');
      yield* sleep(5 * MS);
      return 0;
    });
    expect(seenBeforeWrite).toBe(2);
    expect(log).toEqual([SIGUSR1, SIGUSR2]);
    expect(got).toBe('x');
  });
});
