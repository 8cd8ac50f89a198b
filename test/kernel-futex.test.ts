/**
 * kernel-futex.test.ts — FUTEX_WAIT / FUTEX_WAKE (futex.ts), rule 19, on raw CLONE_THREAD
 * tasks sharing an mm: a wait on a changed word is EAGAIN without sleeping; the compare and the
 * sleep are atomic with respect to a wake (no lost wake-up across many hand-offs on 2 CPUs); a
 * wake wakes at most n and returns how many; plus timeouts, signals, requeue and bad input.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { umalloc, ustore, uload } from '../kernel/uaccess.js';
import { recordTrace, EV_BLOCK, EV_FUTEX_WAIT } from '../kernel/trace.js';
import {
  FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_PRIVATE_FLAG, EAGAIN, EINVAL,
  ENOSYS, ETIMEDOUT, EINTR, SIGUSR1,
} from '../kernel/uapi.js';
import { run, thread, catchSig, sleep, MS } from './kernel-ipc-helpers.js';

describe('rule 19: futex', () => {
  it('rule 19: FUTEX_WAIT on a word that differs from the expected value returns EAGAIN at once, without sleeping', () => {
    const got: number[] = [];
    let tid = 0;
    const r = run(function* (k) {
      const rec = recordTrace(k.trace, [EV_BLOCK, EV_FUTEX_WAIT]);
      tid = (yield sys.gettid()) as number;
      const w = umalloc(1);
      ustore(w, 5);
      const t0 = (yield sys.clock_gettime()) as number;
      got.push((yield sys.futex(w, FUTEX_WAIT, 4)) as number);
      got.push((yield sys.futex(w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 1_000 * MS)) as number);
      got.push((yield sys.clock_gettime()) as number - t0 < 10_000 ? 1 : 0);
      rec.stop();
      got.push(rec.events.filter((e) => e.kind === 'block' && e.pid === tid).length);
      got.push(...rec.events.filter((e) => e.kind === 'futex_wait').map((e) => e.b));
      return 0;
    });
    expect(got).toEqual([-EAGAIN, -EAGAIN, 1, 0, -EAGAIN, -EAGAIN]);
    void r;
  });

  it('rule 19: FUTEX_WAKE wakes at most n waiters and returns how many; the others keep sleeping', () => {
    const woke: number[] = [];
    const got: number[] = [];
    let tids: number[] = [];
    run(function* (k) {
      const w = umalloc(1);
      for (let i = 0; i < 4; i++) {
        tids.push(yield* thread(function* () {
          const r = (yield sys.futex(w, FUTEX_WAIT, 0)) as number;
          if (r === 0) woke.push((yield sys.gettid()) as number);
          return 0;
        }));
      }
      yield* sleep(5 * MS); // all four are asleep on w
      got.push((yield sys.futex(w, FUTEX_WAKE, 3)) as number);
      yield* sleep(5 * MS);
      got.push(woke.length, tids.filter((t) => k.findTask(t)?.state === 1).length);
      got.push((yield sys.futex(w, FUTEX_WAKE, 10)) as number);
      got.push((yield sys.futex(w, FUTEX_WAKE, 10)) as number); // nobody left
      got.push((yield sys.futex(umalloc(1), FUTEX_WAKE, 1)) as number); // a word nobody waits on
      yield* sleep(5 * MS);
      got.push(woke.length);
      return 0;
    });
    expect(got).toEqual([3, 3, 1, 1, 0, 0, 4]);
  });

  it('rule 19: compare-and-sleep is atomic with FUTEX_WAKE: 2,000 hand-offs between two threads on 2 CPUs never lose a wake-up', () => {
    let rounds = 0;
    const r = run(function* () {
      const turn = umalloc(1); // 0: main's turn, 1: the thread's turn
      const N = 1000;
      const passer = (me: number) => function* () {
        for (let i = 0; i < N; i++) {
          while (uload(turn) !== me) yield sys.futex(turn, FUTEX_WAIT, 1 - me);
          yield sys.compute(200);
          ustore(turn, 1 - me);
          yield sys.futex(turn, FUTEX_WAKE, 1);
          rounds++;
        }
        return 0;
      };
      const other = yield* thread(passer(1));
      yield* passer(0)();
      void other;
      yield* sleep(MS);
      return 0;
    }, { cpus: 2 });
    expect(r.h.status).toBe(0);
    expect(rounds).toBe(2000);
  });

  it('rule 19: a timed wait times out with ETIMEDOUT; a signal wake-up with a handler ends it with EINTR', () => {
    const got: number[] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, function* () {});
      const w = umalloc(1);
      const t0 = (yield sys.clock_gettime()) as number;
      got.push((yield sys.futex(w, FUTEX_WAIT, 0, 3 * MS)) as number);
      got.push(Math.round(((yield sys.clock_gettime()) as number - t0) / MS));
      const me = (yield sys.gettid()) as number;
      const pid = (yield sys.getpid()) as number;
      yield* thread(function* () { yield* sleep(2 * MS); yield sys.tgkill(pid, me, SIGUSR1); return 0; });
      got.push((yield sys.futex(w, FUTEX_WAIT, 0)) as number);
      return 0;
    });
    expect(got).toEqual([-ETIMEDOUT, 3, -EINTR]);
  });

  it('rule 19: FUTEX_REQUEUE moves waiters without waking them; FUTEX_CMP_REQUEUE checks the word first', () => {
    const got: number[] = [];
    const woke: number[] = [];
    run(function* () {
      const a = umalloc(1);
      const b = umalloc(1);
      for (let i = 0; i < 3; i++) {
        yield* thread(function* () {
          if ((yield sys.futex(a, FUTEX_WAIT, 0)) === 0) woke.push(i);
          return 0;
        });
      }
      yield* sleep(5 * MS);
      got.push((yield sys.futex(a, FUTEX_CMP_REQUEUE, 1, 1, b, 99)) as number); // *a != 99
      got.push((yield sys.futex(a, FUTEX_REQUEUE, 1, 5, b)) as number); // wake 1, move 2
      yield* sleep(MS);
      got.push(woke.length, (yield sys.futex(a, FUTEX_WAKE, 10)) as number);
      got.push((yield sys.futex(b, FUTEX_WAKE, 10)) as number);
      yield* sleep(MS);
      got.push(woke.length);
      return 0;
    });
    expect(got).toEqual([-EAGAIN, 3, 1, 0, 2, 3]);
  });

  it('bad input: an unknown op is ENOSYS; an unaligned or null address and a negative timeout are EINVAL', () => {
    const got: number[] = [];
    run(function* () {
      const w = umalloc(1);
      got.push((yield sys.futex(w, 99, 0)) as number, (yield sys.futex(w, 2 /* FUTEX_FD */, 0)) as number);
      got.push((yield sys.futex(w + 1, FUTEX_WAKE, 1)) as number, (yield sys.futex(0, FUTEX_WAKE, 1)) as number);
      got.push((yield sys.futex(w, FUTEX_WAIT, 0, -1)) as number);
      return 0;
    });
    expect(got).toEqual([-ENOSYS, -ENOSYS, -EINVAL, -EINVAL, -EINVAL]);
  });
});
