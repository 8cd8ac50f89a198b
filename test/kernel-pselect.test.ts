/**
 * kernel-pselect.test.ts — pselect6 (poll.ts sysPselect6, fs/select.c do_pselect +
 * poll_select_finish): the time left written back into the timeout (none for a zero one), the
 * signal mask swapped in for the wait and restored after it — unless a signal interrupted it,
 * when the handler runs with the wait's mask and the old one comes back at sigreturn — EBADF,
 * EINVAL, and a restart after a stop that waits for the time written back.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EBADF, EINTR, EINVAL, SIGUSR1, SIG_BLOCK } from '../kernel/uapi.js';
import { run, thread, catchSig, sleep, mask, pending, MS, pipe, now, stoppedWait } from './kernel-ipc-helpers.js';


describe('pselect6', () => {
  it('writes the time left back: all of it when ready at once, the rest after a wake-up, 0 after the timeout; a zero timeout stays 0', () => {
    const got: unknown[] = [];
    run(function* () {
      const [r, w] = yield* pipe();
      const [r2, w2] = yield* pipe();
      yield sys.write(w, 'x');
      let to = { ns: 50 * MS };
      got.push(yield sys.pselect6(8, new Set([r]), null, null, to, null), to.ns);
      yield* thread(function* () { yield* sleep(10 * MS); yield sys.write(w2, 'y'); return 0; });
      to = { ns: 50 * MS };
      const rd = new Set([r2]);
      got.push(yield sys.pselect6(8, rd, null, null, to, null), [...rd], Math.round(to.ns / MS) >= 37 && Math.round(to.ns / MS) <= 40);
      to = { ns: 7 * MS };
      const none = new Set([(yield* pipe())[0]]);
      got.push(yield sys.pselect6(8, none, null, null, to, null), [...none], to.ns);
      to = { ns: 0 };
      got.push(yield sys.pselect6(8, new Set([r]), null, null, to, null), to.ns);
      return 0;
    });
    expect(got).toEqual([1, 50 * MS, 1, [5], true, 0, [], 0, 1, 0]); // the writer's 10 ms sleep ends on a jiffy
  });

  it('the mask is the wait\'s: a blocked pending signal it unblocks runs its handler (EINTR), and the old mask is back afterwards', () => {
    const got: unknown[] = [];
    run(function* () {
      let handled = 0n;
      yield* catchSig(SIGUSR1, function* () {
        const cur = { value: 0n };
        yield sys.rt_sigprocmask(SIG_BLOCK, 0n, cur);
        handled = cur.value; // the mask while the handler runs
      });
      yield sys.rt_sigprocmask(SIG_BLOCK, mask(SIGUSR1), null);
      yield sys.kill((yield sys.getpid()) as number, SIGUSR1);
      const [r] = yield* pipe();
      const to = { ns: 100 * MS };
      const t0 = yield* now();
      got.push(yield sys.pselect6(8, new Set([r]), null, null, to, 0n), (yield* now()) - t0 < MS);
      const after = { value: 0n };
      yield sys.rt_sigprocmask(SIG_BLOCK, 0n, after);
      got.push(handled === mask(SIGUSR1), after.value === mask(SIGUSR1), yield* pending());
      // the same wait with SIGUSR1 left blocked: the timeout, the signal still pending
      yield sys.kill((yield sys.getpid()) as number, SIGUSR1);
      got.push(yield sys.pselect6(8, new Set([r]), null, null, { ns: 5 * MS }, mask(SIGUSR1)), (yield* pending()) === mask(SIGUSR1));
      return 0;
    });
    expect(got).toEqual([-EINTR, true, true, true, 0n, 0, true]);
  });

  it('EBADF for a descriptor not open (the mask untouched), EINVAL for a negative nfds or timeout', () => {
    const got: unknown[] = [];
    run(function* () {
      got.push(yield sys.pselect6(20, new Set([15]), null, null, null, mask(SIGUSR1)));
      const cur = { value: 1n };
      yield sys.rt_sigprocmask(SIG_BLOCK, 0n, cur);
      got.push(cur.value, yield sys.pselect6(-1, null, null, null, null, null), yield sys.pselect6(1, null, null, null, { ns: -1 }, null));
      return 0;
    });
    expect(got).toEqual([-EBADF, 0n, -EINVAL, -EINVAL]);
  });

  it('stopped and continued, the call restarts and waits for the time it had left when it stopped (the timeout written back; poll instead keeps its end time)', () => {
    const got: unknown[] = [];
    run(function* () {
      got.push(yield* stoppedWait(function* (r) {
        return (yield sys.pselect6(8, new Set([r]), null, null, { ns: 100 * MS }, null)) as number;
      }));
      return 0;
    });
    // about 10 ms before the stop, 20 ms stopped, then the ~90 ms written back (sleeps end on
    // jiffies): select's restart counts from the restart (Linux's too), where poll's
    // restart_block keeps the first end time (kernel-poll.test.ts: 100–104 ms)
    expect(got[0]).toBeGreaterThanOrEqual(115);
    expect(got[0]).toBeLessThanOrEqual(132);
  });
});
