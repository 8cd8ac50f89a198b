/**
 * kernel-posix-timers.test.ts — timer_create & co. (posix_timers.ts) on raw tasks:
 * SIGEV_SIGNAL | SIGEV_THREAD_ID reaches only the named thread, a CPU-time clock's timer
 * fires only once the process has used that much CPU, exec deletes the timers and a fork's
 * child has none, good_sigevent's EINVALs, and overruns counted arithmetically for a tiny period.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EINVAL, SIGUSR1, SIGUSR2, SI_TIMER } from '../kernel/uapi.js';
import { SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD, SIGEV_THREAD_ID } from '../kernel/posix_timers.js';
import { CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID } from '../kernel/posix_cpu_timers.js';
import { run, thread, catchSig, recorder, MS, sleep, block } from './kernel-ipc-helpers.js';
import type { SigInfo } from '../kernel/task.js';
import type { Sim } from '../kernel/req.js';

function* create(clock: number, ev: { notify: number; signo?: number; value?: unknown; tid?: number } | null): Sim<number> {
  const out = { value: -1 };
  const r = (yield sys.timer_create(clock, ev, out)) as number;
  return r < 0 ? r : out.value;
}

describe('POSIX timers', () => {
  it('SIGEV_THREAD_ID signals the named thread only, with SI_TIMER and the value', () => {
    const log: [number, number][] = [];
    const infos: SigInfo[] = [];
    let target = 0;
    run(function* () {
      const rec = recorder(log);
      yield* catchSig(SIGUSR1, function* (sig: number, info: SigInfo) { infos.push(info); yield* rec(sig); });
      target = yield* thread(function* () { yield* sleep(50 * MS); return 0; });
      const id = yield* create(CLOCK_MONOTONIC, { notify: SIGEV_SIGNAL | SIGEV_THREAD_ID, signo: SIGUSR1, value: 9, tid: target });
      yield sys.timer_settime(id, 0, 10 * MS, 0);
      yield* sleep(60 * MS);
      return 0;
    });
    expect(log).toEqual([[target, SIGUSR1]]);
    expect(infos[0]).toMatchObject({ code: SI_TIMER, value: 9, timerid: 0 });
  });

  it('a CPU-clock timer fires after that much CPU time, not wall time', () => {
    const at: number[] = [];
    run(function* () {
      yield* catchSig(SIGUSR2, function* () { at.push((yield sys.clock_gettime(CLOCK_PROCESS_CPUTIME_ID)) as number); });
      const id = yield* create(CLOCK_PROCESS_CPUTIME_ID, { notify: SIGEV_SIGNAL, signo: SIGUSR2 });
      yield sys.timer_settime(id, 0, 20 * MS, 0);
      yield* sleep(100 * MS); // asleep: no CPU time used, no signal
      at.push(-1);
      yield sys.compute(40 * MS);
      return 0;
    });
    expect(at[0]).toBe(-1);
    expect(at[1]).toBeGreaterThanOrEqual(20 * MS);
    expect(at[1]).toBeLessThan(30 * MS);
  });

  it('exec deletes the timers; a fork\'s child has none; bad sigevents are EINVAL', () => {
    const got: number[] = [];
    run(function* () {
      const id = yield* create(CLOCK_MONOTONIC, { notify: SIGEV_NONE });
      got.push(id);
      const child = (yield sys.fork(function* () {
        got.push((yield sys.timer_gettime(id, {})) as number);
        return 0;
      })) as number;
      yield sys.wait4(child, null, 0);
      got.push(yield* create(CLOCK_MONOTONIC, { notify: SIGEV_THREAD, signo: SIGUSR1 }));
      got.push(yield* create(CLOCK_MONOTONIC, { notify: SIGEV_SIGNAL | SIGEV_THREAD_ID, signo: SIGUSR1, tid: child }));
      got.push(yield* create(CLOCK_MONOTONIC, { notify: SIGEV_SIGNAL, signo: 0 }));
      got.push(yield* create(99, null));
      yield sys.execve(function* () {
        got.push((yield sys.timer_gettime(id, {})) as number);
        return 0;
      }, [], 'again');
      return 0;
    });
    expect(got).toEqual([0, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL]);
  });

  it('a 1 ns period while the signal is blocked: the overruns are the periods that passed', () => {
    const got: number[] = [];
    run(function* () {
      yield* block(SIGUSR1);
      const id = yield* create(CLOCK_MONOTONIC, { notify: SIGEV_SIGNAL, signo: SIGUSR1 });
      yield sys.timer_settime(id, 0, 2 * MS, 1);
      yield* sleep(10 * MS);
      const info: { value?: SigInfo } = {};
      got.push((yield sys.rt_sigtimedwait(1n << BigInt(SIGUSR1 - 1), info, 0)) as number);
      got.push((yield sys.timer_getoverrun(id)) as number, info.value?.overrun ?? -1);
      return 0;
    });
    expect(got[0]).toBe(SIGUSR1);
    expect(got[1]).toBe(got[2]);
    expect(got[1]).toBeGreaterThan(8 * MS - 1);
    expect(got[1]).toBeLessThan(12 * MS);
  });
});
