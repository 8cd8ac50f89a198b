/**
 * kernel-time.test.ts — nanosleep, alarm and setitimer (time.ts) on raw tasks: durations in
 * virtual time rounded to the jiffy grid, EINTR after a handler with the time left, restart
 * across a stop/continue, SIGALRM process-wide (rule 13 picks the thread), interval timers.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  EINTR, EINVAL, SIGALRM, SIGUSR1, SIGSTOP, SIGCONT, WIFSIGNALED, WTERMSIG, SIGVTALRM, SIGPROF,
  ITIMER_VIRTUAL, ITIMER_PROF,
} from '../kernel/uapi.js';
import { run, thread, catchSig, recorder, block, takers, MS, me, sleep } from './kernel-ipc-helpers.js';

describe('nanosleep', () => {
  it('sleeps the asked time in virtual time, rounded up to the next tick', () => {
    const got: number[] = [];
    const r = run(function* (k) {
      const t0 = (yield sys.clock_gettime()) as number;
      got.push((yield sys.nanosleep(10 * MS)) as number);
      const t1 = (yield sys.clock_gettime()) as number;
      got.push(t1 - t0, t1 % k.tickNs);
      return 0;
    });
    const tick = r.k.tickNs; // 4 ms at HZ=250
    expect(got[0]).toBe(0);
    expect(got[1]).toBeGreaterThanOrEqual(10 * MS);
    expect(got[1]).toBeLessThan(10 * MS + tick + 10_000);
    // woken on the tick grid (plus the cost of the clock_gettime call's entry)
    expect(got[2]).toBeLessThan(10_000);
  });

  it('nanosleep(0) returns at once', () => {
    const got: number[] = [];
    run(function* () {
      const t0 = (yield sys.clock_gettime()) as number;
      got.push((yield sys.nanosleep(0)) as number, (yield sys.clock_gettime()) as number - t0 < 10_000 ? 1 : 0);
      return 0;
    });
    expect(got).toEqual([0, 1]);
  });

  it('state S while sleeping, and a bad duration is EINVAL', () => {
    const got: (number | string)[] = [];
    run(function* (k) {
      const tid = yield* thread(function* () { yield sys.nanosleep(50 * MS); return 0; });
      yield* sleep(MS);
      got.push(k.findTask(tid)!.state);
      got.push((yield sys.nanosleep(-1)) as number, (yield sys.nanosleep(NaN)) as number, (yield sys.nanosleep('x' as any)) as number);
      yield* sleep(60 * MS);
      return 0;
    });
    expect(got).toEqual([1 /* TASK_INTERRUPTIBLE */, -EINVAL, -EINVAL, -EINVAL]);
  });

  it('a handler interrupts it: EINTR with the time left in rem, even with SA_RESTART', () => {
    const got: number[] = [];
    run(function* () {
      yield* catchSig(SIGALRM, function* () {}, 0x10000000 /* SA_RESTART */);
      const t0 = (yield sys.clock_gettime()) as number;
      yield sys.setitimer(20 * MS, 0);
      const rem: { value?: number } = {};
      got.push((yield sys.nanosleep(100 * MS, rem)) as number);
      const t1 = (yield sys.clock_gettime()) as number;
      got.push(Math.round((t1 - t0) / MS), Math.round((rem.value ?? -1) / MS));
      return 0;
    });
    // the timer fires on the first tick at or after 20 ms (HZ=250: a 4 ms grid)
    expect(got[0]).toBe(-EINTR);
    expect(got[1]).toBeGreaterThanOrEqual(20);
    expect(got[1]).toBeLessThanOrEqual(24);
    expect(got[1] + got[2]).toBeGreaterThanOrEqual(100);
    expect(got[1] + got[2]).toBeLessThanOrEqual(104);
  });

  it('a stop and continue (no handler) restarts it for the time left: it still ends on time', () => {
    const got: number[] = [];
    run(function* () {
      const t0 = (yield sys.clock_gettime()) as number;
      const child = (yield sys.fork(function* () {
        const a = (yield sys.clock_gettime()) as number;
        const r = (yield sys.nanosleep(100 * MS)) as number;
        const b = (yield sys.clock_gettime()) as number;
        return r === 0 ? Math.round((b - a) / MS) : 255;
      })) as number;
      yield* sleep(10 * MS);
      yield sys.kill(child, SIGSTOP);
      yield* sleep(30 * MS);
      yield sys.kill(child, SIGCONT);
      const st = { value: 0 };
      yield sys.wait4(child, st, 0);
      got.push((st.value >> 8) & 0xff, Math.round(((yield sys.clock_gettime()) as number - t0) / MS));
      return 0;
    });
    // the restarted sleep ends at the original expiry (restart_block), not 100 ms after SIGCONT
    expect(got[0]).toBeGreaterThanOrEqual(100);
    expect(got[0]).toBeLessThanOrEqual(104);
    expect(got[1]).toBeLessThanOrEqual(105);
  });
});

describe('alarm and setitimer', () => {
  it('alarm(1): SIGALRM after one second interrupts pause; alarm returns the seconds left', () => {
    const got: number[] = [];
    const r = run(function* () {
      yield* catchSig(SIGALRM, function* () {});
      got.push((yield sys.alarm(5)) as number);
      yield sys.nanosleep(1_300 * MS);
      got.push((yield sys.alarm(1)) as number); // 3.7 s left → 4
      const t0 = (yield sys.clock_gettime()) as number;
      got.push((yield sys.pause()) as number);
      got.push(Math.round(((yield sys.clock_gettime()) as number - t0) / MS));
      got.push((yield sys.alarm(0)) as number);
      return 0;
    });
    expect(got.slice(0, 3)).toEqual([0, 4, -EINTR]);
    expect(got[3]).toBeGreaterThanOrEqual(1000);
    expect(got[3]).toBeLessThanOrEqual(1004);
    expect(got[4]).toBe(0);
    expect(takers(r, SIGALRM)).toHaveLength(1);
  });

  it('alarm(0) cancels; an uncaught SIGALRM kills the process', () => {
    const r1 = run(function* () {
      yield sys.alarm(1);
      yield sys.alarm(0);
      yield* sleep(2_000 * MS);
      return 7;
    });
    expect(r1.h.status).toBe(7 << 8);
    const r2 = run(function* () {
      yield sys.alarm(1);
      yield* sleep(5_000 * MS);
      return 7;
    });
    expect(WIFSIGNALED(r2.h.status) && WTERMSIG(r2.h.status)).toBe(SIGALRM);
    expect(r2.h.endTime).toBeLessThan(1_100 * MS);
  });

  it('SIGALRM interrupts a long CPU burst at once, not when the burst ends', () => {
    const got: number[] = [];
    run(function* () {
      yield* catchSig(SIGALRM, function* () { got.push((yield sys.clock_gettime()) as number); });
      yield sys.setitimer(50 * MS, 0);
      yield sys.compute(2_000 * MS);
      got.push((yield sys.clock_gettime()) as number);
      return 0;
    });
    expect(got[0]).toBeLessThan(55 * MS); // 50 ms on the 4 ms tick grid, plus the delivery
    expect(got[1]).toBeGreaterThanOrEqual(2_000 * MS); // the burst still ran in full
  });

  it('rule 13: SIGALRM is process-directed: a thread that does not block it takes it', () => {
    const log: [number, number][] = [];
    let tid = 0;
    const r = run(function* () {
      yield* catchSig(SIGALRM, recorder(log));
      yield* block(SIGALRM);
      tid = yield* thread(function* () {
        yield* unblockAll();
        yield sys.pause();
        return 0;
      });
      yield sys.setitimer(10 * MS, 0);
      yield* sleep(30 * MS);
      return 0;
    });
    expect(log).toEqual([[tid, SIGALRM]]);
    expect(takers(r, SIGALRM)).toEqual([tid]);
  });

  it('an interval timer fires every period; getitimer reads what is left; setitimer returns the old value', () => {
    const times: number[] = [];
    const got: number[] = [];
    run(function* () {
      yield* catchSig(SIGALRM, function* () { times.push((yield sys.clock_gettime()) as number); });
      yield sys.setitimer(10 * MS, 20 * MS);
      while (times.length < 4) yield sys.pause();
      const cur: { value?: number; interval?: number } = {};
      yield sys.getitimer(cur);
      got.push(Math.round((cur.interval ?? 0) / MS), (cur.value ?? 0) > 0 ? 1 : 0);
      const old: { value?: number; interval?: number } = {};
      yield sys.setitimer(0, 0, old);
      got.push(Math.round((old.interval ?? 0) / MS));
      yield* sleep(100 * MS);
      got.push(times.length);
      got.push((yield sys.raw(38, 3, MS, 0, null)) as number); // no such timer
      return 0;
    });
    expect(times.map((t) => Math.round(t / MS) - Math.round(times[0] / MS))).toEqual([0, 20, 40, 60]);
    expect(got).toEqual([20, 1, 20, 4, -EINVAL]);
  });

  it('bad input: alarm with a negative or fractional count is EINVAL', () => {
    const got: number[] = [];
    run(function* () {
      got.push((yield sys.alarm(-1)) as number, (yield sys.alarm(1.5)) as number, (yield sys.setitimer(-5, 0)) as number);
      return 0;
    });
    expect(got).toEqual([-EINVAL, -EINVAL, -EINVAL]);
  });
});

describe('CPU-time interval timers (itimer_cpu.ts)', () => {
  it('ITIMER_VIRTUAL counts the process\'s user time: SIGVTALRM every 10 ms of CPU, none while it sleeps; getitimer', () => {
    const cpu: number[] = [];
    const got: number[] = [];
    run(function* (k) {
      yield* catchSig(SIGVTALRM, function* () { cpu.push((yield sys.clock_gettime(2)) as number); });
      const t0 = (yield sys.clock_gettime()) as number;
      got.push((yield sys.setitimer(10 * MS, 10 * MS, null, ITIMER_VIRTUAL)) as number);
      yield* sleep(100 * MS); // no user time: no signal
      got.push(cpu.length);
      while (cpu.length < 3) yield sys.compute(MS);
      const cur: { value?: number; interval?: number } = {};
      yield sys.getitimer(cur, ITIMER_VIRTUAL);
      got.push(Math.round((cur.interval ?? 0) / MS), (cur.value ?? 0) > 0 && (cur.value ?? 0) <= 10 * MS ? 1 : 0);
      yield sys.setitimer(0, 0, null, ITIMER_VIRTUAL);
      const n = cpu.length;
      yield sys.compute(50 * MS);
      got.push(cpu.length - n, (yield sys.clock_gettime()) as number - t0 >= 130 * MS ? 1 : 0);
      void k;
      return 0;
    });
    expect(got).toEqual([0, 0, 12, 1, 0, 1]); // 10 ms rounds up to 3 ticks of 4 ms
    const steps = cpu.slice(1).map((c, i) => Math.round((c - cpu[i]) / MS));
    expect(steps).toEqual([12, 12]);
  });

  it('ITIMER_PROF counts user and system time (SIGPROF); a one-shot timer fires once', () => {
    let n = 0;
    run(function* () {
      yield* catchSig(SIGPROF, function* () { n++; });
      yield sys.setitimer(20 * MS, 0, null, ITIMER_PROF);
      for (let i = 0; i < 60; i++) yield sys.compute(MS);
      return 0;
    });
    expect(n).toBe(1);
  });
});

function* unblockAll() {
  yield sys.rt_sigprocmask(2, 0n, null);
}
void me; void SIGUSR1;
