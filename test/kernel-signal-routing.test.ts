/**
 * kernel-signal-routing.test.ts — where a signal goes (signal.ts, sys_signal.ts), on raw
 * CLONE_THREAD tasks: process- versus thread-directed sending (rule 12), the choice of thread
 * for a process-directed signal (rule 13), private-before-shared and the queueing of standard
 * versus real-time signals (rule 14), and retargeting a shared signal a thread starts to block
 * (rule 18); plus the bad-input table of the signal calls.
 *
 * "Which thread took it" is read from the trace's signal_deliver events and from handlers that
 * record gettid(). Each test would fail if its rule broke.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  SIGUSR1, SIGUSR2, SIGTERM, SIGKILL, SIGSTOP, EINVAL, ESRCH, SIG_BLOCK, SIG_IGN,
} from '../kernel/uapi.js';
import {
  run, thread, block, unblock, pending, catchSig, recorder, takers, sleep, pauseUntil, mask, MS,
} from './kernel-ipc-helpers.js';

const SIGRT2 = 34; // a real-time signal (SIGRTMIN_KERNEL + 2)
const SIGRT3 = 35;

describe('rule 12: process-directed versus thread-directed', () => {
  it('rule 12: kill() naming a non-leader thread puts the signal in shared pending; another thread takes it when the named one blocks it', () => {
    const log: [number, number][] = [];
    let a = 0;
    let main = 0;
    let aPending = -1n;
    const r = run(function* () {
      main = (yield sys.gettid()) as number;
      yield* catchSig(SIGUSR1, recorder(log));
      a = yield* thread(function* () {
        yield* block(SIGUSR1);
        yield* sleep(20 * MS);
        aPending = yield* pending();
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.kill(a, SIGUSR1);
      yield* sleep(30 * MS);
      return 0;
    });
    const gen = r.sig.filter((e) => e.kind === 'signal_generate' && e.a === SIGUSR1);
    expect(gen.map((e) => [e.pid, e.b])).toEqual([[a, 1]]); // b=1: shared pending
    expect(log).toEqual([[main, SIGUSR1]]);
    expect(aPending).toBe(0n); // nothing was left pending for A
  });

  it('rule 12: tgkill and tkill are thread-directed: the signal waits in the named thread\'s private set while it blocks it, though others could take it', () => {
    const log: [number, number][] = [];
    let a = 0;
    let aPending = 0n;
    const r = run(function* () {
      yield* catchSig(SIGUSR1, recorder(log));
      yield* catchSig(SIGUSR2, recorder(log));
      a = yield* thread(function* () {
        yield* block(SIGUSR1, SIGUSR2);
        yield* sleep(20 * MS);
        aPending = yield* pending();
        yield* unblock(SIGUSR1, SIGUSR2);
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.tgkill((yield sys.getpid()) as number, a, SIGUSR1);
      yield sys.tkill(a, SIGUSR2);
      yield* sleep(30 * MS);
      return 0;
    });
    expect(aPending).toBe(mask(SIGUSR1, SIGUSR2));
    // both taken by A once it unblocks (the later-dequeued handler's frame runs first, so the
    // handlers log in reverse; the trace gives the dequeue order)
    expect(takers(r, SIGUSR1)).toEqual([a]);
    expect(takers(r, SIGUSR2)).toEqual([a]);
    expect(log.map(([t]) => t)).toEqual([a, a]);
    const gen = r.sig.filter((e) => e.kind === 'signal_generate' && (e.a === SIGUSR1 || e.a === SIGUSR2));
    expect(gen.map((e) => [e.pid, e.a, e.b])).toEqual([[a, SIGUSR1, 0], [a, SIGUSR2, 0]]); // b=0: private
  });
});

describe('rule 13: choosing the thread for a process-directed signal', () => {
  it('rule 13: the named thread takes it when it can (not the sender, not the leader)', () => {
    const log: [number, number][] = [];
    const tids: number[] = [];
    let done = false;
    run(function* () {
      tids.push((yield sys.gettid()) as number);
      yield* catchSig(SIGUSR1, recorder(log));
      for (let i = 0; i < 2; i++) tids.push(yield* thread(function* () { yield* pauseUntil(() => done); return 0; }));
      yield* sleep(5 * MS);
      yield sys.kill(tids[2], SIGUSR1);
      yield* sleep(5 * MS);
      yield sys.kill(tids[1], SIGUSR1);
      yield* sleep(5 * MS);
      yield sys.kill(tids[0], SIGUSR1);
      done = true;
      yield sys.exit_group(0);
    });
    expect(log).toEqual([[tids[2], SIGUSR1], [tids[1], SIGUSR1], [tids[0], SIGUSR1]]);
  });

  it('rule 13: if the named thread blocks it, the first thread that can take it gets it, scanning round-robin from the last one chosen', () => {
    const log: [number, number][] = [];
    let b = 0;
    let c = 0;
    let done = false;
    run(function* () {
      yield* catchSig(SIGUSR1, recorder(log));
      yield* block(SIGUSR1); // the main thread (the sender) blocks it
      const a = yield* thread(function* () { yield* pauseUntil(() => done); return 0; });
      b = yield* thread(function* () {
        yield* unblock(SIGUSR1);
        yield sys.pause(); // takes signal 1
        yield* block(SIGUSR1); // blocks it while signal 2 is sent
        yield* sleep(10 * MS);
        yield* unblock(SIGUSR1); // could take signal 3 again
        yield* pauseUntil(() => done);
        return 0;
      });
      c = yield* thread(function* () {
        yield* unblock(SIGUSR1);
        yield* pauseUntil(() => done);
        return 0;
      });
      yield* sleep(5 * MS);
      yield sys.kill(a, SIGUSR1); // main, a block it → b (first that can, from the start)
      yield* sleep(5 * MS);
      yield sys.kill(a, SIGUSR1); // b blocks it now → c
      yield* sleep(20 * MS);
      yield sys.kill(a, SIGUSR1); // b and c both could: the scan starts at c, the last chosen
      yield* sleep(5 * MS);
      done = true;
      yield sys.exit_group(0);
    });
    expect(log).toEqual([[b, SIGUSR1], [c, SIGUSR1], [c, SIGUSR1]]);
  });

  it('rule 13: if every thread blocks it, it waits in shared pending; the first thread to unblock takes it', () => {
    const log: [number, number][] = [];
    let b = 0;
    let seenByA = 0n;
    let when = 0;
    run(function* () {
      yield* catchSig(SIGUSR1, function* () {
        log.push([(yield sys.gettid()) as number, SIGUSR1]);
        when = (yield sys.clock_gettime()) as number;
      });
      yield* block(SIGUSR1); // inherited by both threads
      yield* thread(function* () { yield* sleep(15 * MS); seenByA = yield* pending(); return 0; });
      b = yield* thread(function* () { yield* sleep(30 * MS); yield* unblock(SIGUSR1); return 0; });
      yield* sleep(5 * MS);
      yield sys.kill((yield sys.getpid()) as number, SIGUSR1);
      yield* sleep(40 * MS);
      return 0;
    });
    expect(seenByA).toBe(mask(SIGUSR1)); // visible to every thread: it is the group's
    expect(log).toEqual([[b, SIGUSR1]]);
    expect(when).toBeGreaterThanOrEqual(30 * MS);
  });

  it('rule 13: a thread that has exited is never chosen: kill() naming a zombie leader reaches a live thread', () => {
    const log: [number, number][] = [];
    let b = 0;
    let leader = 0;
    let leaderState = -1;
    run(function* (k) {
      leader = (yield sys.gettid()) as number;
      yield* catchSig(SIGUSR1, recorder(log));
      let done = false;
      yield* thread(function* () {
        yield* block(SIGUSR1);
        yield* sleep(10 * MS); // the leader has exited by now (a zombie: rule 9)
        leaderState = k.findTask(leader)!.exitState;
        yield sys.kill(leader, SIGUSR1);
        yield* sleep(10 * MS);
        done = true;
        yield sys.exit_group(0);
      });
      b = yield* thread(function* () { yield* pauseUntil(() => done); return 0; });
      return 0; // the leader exits alone
    });
    expect(leaderState).toBe(16); // EXIT_ZOMBIE
    expect(log).toEqual([[b, SIGUSR1]]);
  });
});

describe('rule 14: dequeue order and queueing', () => {
  it('rule 14: a thread takes its private signals before shared ones (a private SIGUSR2 before a shared SIGUSR1)', () => {
    let tid = 0;
    const r = run(function* () {
      tid = (yield sys.gettid()) as number;
      yield* catchSig(SIGUSR1, function* () {});
      yield* catchSig(SIGUSR2, function* () {});
      yield* block(SIGUSR1, SIGUSR2);
      const pid = (yield sys.getpid()) as number;
      yield sys.kill(pid, SIGUSR1); // shared
      yield sys.tgkill(pid, tid, SIGUSR2); // private
      yield* unblock(SIGUSR1, SIGUSR2);
      return 0;
    });
    const order = r.sig.filter((e) => e.kind === 'signal_deliver' && e.pid === tid).map((e) => e.a);
    expect(order).toEqual([SIGUSR2, SIGUSR1]);
  });

  it('rule 14: a standard signal sent twice while blocked is delivered once; a real-time one twice (both sets)', () => {
    let tid = 0;
    const r = run(function* () {
      tid = (yield sys.gettid()) as number;
      for (const s of [SIGUSR1, SIGUSR2, SIGRT2, SIGRT3]) yield* catchSig(s, function* () {});
      yield* block(SIGUSR1, SIGUSR2, SIGRT2, SIGRT3);
      const pid = (yield sys.getpid()) as number;
      for (let i = 0; i < 2; i++) {
        yield sys.kill(pid, SIGUSR1); // shared, standard
        yield sys.kill(pid, SIGRT2); // shared, real-time
        yield sys.tgkill(pid, tid, SIGUSR2); // private, standard
        yield sys.tgkill(pid, tid, SIGRT3); // private, real-time
      }
      yield* unblock(SIGUSR1, SIGUSR2, SIGRT2, SIGRT3);
      return 0;
    });
    const count = (s: number) => takers(r, s).length;
    expect([count(SIGUSR1), count(SIGUSR2), count(SIGRT2), count(SIGRT3)]).toEqual([1, 1, 2, 2]);
    const dropped = r.sig.filter((e) => e.kind === 'signal_generate' && e.b === 3).map((e) => e.a);
    expect(dropped).toEqual([SIGUSR1, SIGUSR2]); // b=3: merged with the pending instance
  });

  it('rule 14: real-time instances keep their values and come out in order (sigqueue + sigtimedwait)', () => {
    const vals: unknown[] = [];
    run(function* () {
      yield* block(SIGRT2);
      const pid = (yield sys.getpid()) as number;
      for (const v of ['first', 'second', 'third']) yield sys.sigqueue(pid, SIGRT2, v);
      for (let i = 0; i < 3; i++) {
        const info: { value?: { value?: unknown } } = {};
        const s = (yield sys.rt_sigtimedwait(mask(SIGRT2), info as any, 0)) as number;
        vals.push(s, (info.value as any)?.value);
      }
      return 0;
    });
    expect(vals).toEqual([SIGRT2, 'first', SIGRT2, 'second', SIGRT2, 'third']);
  });
});

describe('rule 18: retargeting', () => {
  it('rule 18: when a thread starts blocking a shared-pending signal it was chosen for (its handler\'s sa_mask), another thread is woken to take it', () => {
    let a = 0;
    let b = 0;
    let usr2At = 0;
    let done = false;
    const r = run(function* () {
      yield* block(SIGUSR1, SIGUSR2); // the main thread never takes them
      // SIGUSR1's handler blocks SIGUSR2 while it runs, and runs for 50 ms.
      yield* catchSig(SIGUSR1, function* () { yield* sleep(50 * MS); }, 0, mask(SIGUSR2));
      yield* catchSig(SIGUSR2, function* () { usr2At = (yield sys.clock_gettime()) as number; });
      a = yield* thread(function* () { yield* unblock(SIGUSR1, SIGUSR2); yield* pauseUntil(() => done); return 0; });
      b = yield* thread(function* () { yield* unblock(SIGUSR2); yield* pauseUntil(() => done); return 0; });
      yield* sleep(5 * MS);
      const pid = (yield sys.getpid()) as number;
      yield sys.kill(pid, SIGUSR2); // shared; a is the first that can take it → chosen, woken
      yield sys.tgkill(pid, a, SIGUSR1); // private to a: a takes it first (rule 14) and blocks SIGUSR2
      yield* sleep(100 * MS);
      done = true;
      yield sys.exit_group(0);
    });
    expect(takers(r, SIGUSR1)).toEqual([a]);
    expect(takers(r, SIGUSR2)).toEqual([b]); // not a, 50 ms later
    expect(usr2At).toBeLessThan(10 * MS);
  });
});

describe('bad input to the signal calls', () => {
  it('invalid signal numbers are EINVAL; unknown pids ESRCH; tgkill/tkill with tid or tgid <= 0 EINVAL', () => {
    const got: number[] = [];
    run(function* () {
      const pid = (yield sys.getpid()) as number;
      const tid = (yield sys.gettid()) as number;
      for (const s of [65, -1, 1.5, 1000]) got.push((yield sys.kill(pid, s)) as number);
      got.push((yield sys.kill(pid, 0)) as number); // 0: existence check
      got.push((yield sys.tgkill(pid, tid, 65)) as number, (yield sys.tkill(tid, 0.5)) as number);
      got.push((yield sys.rt_sigaction(0, { handler: SIG_IGN, flags: 0, mask: 0n }, null)) as number);
      got.push((yield sys.rt_sigaction(65, null, {})) as number);
      got.push((yield sys.rt_sigprocmask(7, 0n, null)) as number);
      got.push((yield sys.kill(99_999, SIGTERM)) as number, (yield sys.tkill(99_999, SIGTERM)) as number);
      got.push((yield sys.tgkill(pid, 99_999, SIGTERM)) as number, (yield sys.tgkill(pid + 1000, tid, SIGTERM)) as number);
      got.push((yield sys.tgkill(pid, 0, SIGTERM)) as number, (yield sys.tgkill(pid, -3, SIGTERM)) as number);
      got.push((yield sys.tgkill(0, tid, SIGTERM)) as number, (yield sys.tkill(0, SIGTERM)) as number);
      got.push((yield sys.rt_sigprocmask(SIG_BLOCK, 5 as any, null)) as number);
      return 0;
    });
    expect(got).toEqual([
      -EINVAL, -EINVAL, -EINVAL, -EINVAL, 0, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL,
      -ESRCH, -ESRCH, -ESRCH, -ESRCH, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL,
    ]);
  });
});

void SIGKILL; void SIGSTOP;
