/**
 * kernel-cpu-clocks.test.ts — clock_gettime's CPU-time clocks (kernel/posix_cpu_timers.ts after
 * kernel/time/posix-cpu-timers.c): the clockid encoding, lookup_task's rules, and the values.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EINVAL } from '../kernel/uapi.js';
import {
  makeThreadCpuclock, makeProcessCpuclock, CLOCK_THREAD_CPUTIME_ID, CLOCK_PROCESS_CPUTIME_ID,
} from '../kernel/posix_cpu_timers.js';
import { runMain, spawnThread, joinThread, me } from './kernel-process-helpers.js';

const MS = 1e6;

describe('CPU-time clocks (posix_cpu_timers.ts)', () => {
  it('encodes clocks as Linux does (MAKE_THREAD_CPUCLOCK(tid, SCHED) = ~tid << 3 | 6)', () => {
    expect(makeThreadCpuclock(0)).toBe(-2);
    expect(makeThreadCpuclock(1234)).toBe((~1234 << 3) | 6);
    expect(makeProcessCpuclock(1234)).toBe((~1234 << 3) | 2);
  });

  it('a thread\'s clock from a sibling; the process clock sums the group; a foreign thread or process clock is EINVAL', () => {
    const r: number[] = [];
    runMain(function* (k) {
      let go = false;
      const th = yield* spawnThread(function* () { yield sys.compute(4 * MS); while (!go) yield sys.nanosleep(100_000); return 0; });
      yield sys.nanosleep(10 * MS);
      const t = (yield sys.clock_gettime(makeThreadCpuclock(th.tid))) as number;
      r.push(t >= 4 * MS && t < 4.2 * MS ? 1 : t);
      yield sys.compute(2 * MS);
      const self = (yield sys.clock_gettime(CLOCK_THREAD_CPUTIME_ID)) as number;
      const proc = (yield sys.clock_gettime(CLOCK_PROCESS_CPUTIME_ID)) as number;
      r.push(self >= 2 * MS && self < 2.5 * MS ? 1 : self, proc >= 6 * MS && proc < 6.6 * MS ? 1 : proc);
      const again = (yield sys.clock_gettime(makeProcessCpuclock(me(k).tgid))) as number;
      r.push(again >= proc && again < proc + 0.1 * MS ? 1 : 0); // the same clock, a system call later
      r.push((yield sys.clock_gettime(makeThreadCpuclock(1))) as number);  // init: not our group
      r.push((yield sys.clock_gettime(makeProcessCpuclock(th.tid))) as number); // not a group leader
      r.push((yield sys.clock_gettime(makeThreadCpuclock(4242))) as number);
      go = true;
      yield* joinThread(th);
      return 0;
    }, { cpus: 2 });
    expect(r).toEqual([1, 1, 1, 1, -EINVAL, -EINVAL, -EINVAL]);
  });
});
