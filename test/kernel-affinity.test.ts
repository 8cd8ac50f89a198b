/**
 * kernel-affinity.test.ts — CPU affinity (kernel/sys_affinity.ts after kernel/sched/core.c's
 * sched_setaffinity, __set_cpus_allowed_ptr and sys_sched_getaffinity; cpumask.ts) and the
 * scheduler honouring a task's mask wherever it places or moves a task (sched.ts selectTaskRq,
 * findBusiestQueue/detachTask, kernel.ts pullTask, sched_pct.ts selectCpu, entry.ts's migration
 * of a running task).
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EINVAL, ESRCH, EFAULT, EPERM } from '../kernel/uapi.js';
import { EV_SCHED_SWITCH } from '../kernel/trace.js';
import type { Kernel } from '../kernel/kernel.js';
import { runMain, spawnThread, joinThread, me, wait } from './kernel-process-helpers.js';

const MS = 1e6;

/** CPUs each pid was switched in on, from the trace (sched_switch's next pid). */
function watchCpus(k: Kernel): Map<number, Set<number>> {
  const seen = new Map<number, Set<number>>();
  k.trace.subscribe([EV_SCHED_SWITCH], (_kind, _t, cpu, _prev, next) => {
    if (!seen.has(next)) seen.set(next, new Set());
    seen.get(next)!.add(cpu);
  });
  return seen;
}

function* getcpu(): Generator<any, number, any> {
  const c = { value: -1 };
  yield sys.getcpu(c, null);
  return c.value;
}

function* getmask(pid: number): Generator<any, bigint, any> {
  const out: { value?: bigint } = {};
  const r = (yield sys.sched_getaffinity(pid, 8, out)) as number;
  if (r !== 8) throw new Error(`sched_getaffinity: ${r}`);
  return out.value!;
}

/** A CPU-bound child: `n` bursts of 1 ms, recording the CPU after each. */
function* crunch(a: { n: number; cpus: Set<number> }): Generator<any, number, any> {
  for (let i = 0; i < a.n; i++) {
    yield sys.compute(1 * MS);
    a.cpus.add(yield* getcpu());
  }
  return 0;
}

describe('sched_setaffinity / sched_getaffinity / getcpu (sys_affinity.ts)', () => {
  it('a task starts allowed on every online CPU; getaffinity returns min(len, 8) bytes and checks len as Linux does', () => {
    const r: unknown[] = [];
    runMain(function* () {
      r.push(yield* getmask(0));
      const out: { value?: bigint } = {};
      r.push(yield sys.sched_getaffinity(0, 16, out), out.value);
      r.push(yield sys.sched_getaffinity(0, 4, out)); // not a multiple of sizeof(long)
      r.push(yield sys.sched_getaffinity(99999, 8, out));
      return 0;
    }, { cpus: 4 });
    expect(r).toEqual([0xfn, 8, 0xfn, -EINVAL, -ESRCH]);
  });

  it('EINVAL for a mask with no online CPU (changing nothing), ESRCH for an unknown pid, EFAULT for no mask; bits past len are not read', () => {
    const r: unknown[] = [];
    runMain(function* () {
      r.push(yield sys.sched_setaffinity(0, 8, 1n << 9n)); // CPU 9 of a 4-CPU machine
      r.push(yield* getmask(0));
      r.push(yield sys.sched_setaffinity(424242, 8, 1n));
      r.push(yield sys.sched_setaffinity(0, 8, null as unknown as bigint));
      r.push(yield sys.sched_setaffinity(0, 1, (1n << 8n) | 4n)); // len 1: only CPU 2's bit is read
      r.push(yield* getmask(0));
      r.push(yield sys.sched_setaffinity(0, 1, 1n << 8n)); // nothing in the first byte
      return 0;
    }, { cpus: 4 });
    expect(r).toEqual([-EINVAL, 0xfn, -ESRCH, -EFAULT, 0, 4n, -EINVAL]);
  });

  it('pid 0 pins the caller: it is moved off its CPU before it returns to user mode and stays on the allowed CPU', () => {
    const r: number[] = [];
    let seen = new Map<number, Set<number>>();
    runMain(function* (k) {
      seen = watchCpus(k);
      r.push(yield* getcpu());
      r.push((yield sys.sched_setaffinity(0, 8, 1n << 3n)) as number);
      r.push(yield* getcpu());
      for (let i = 0; i < 5; i++) { yield sys.compute(2 * MS); yield sys.nanosleep(1 * MS); }
      r.push(yield* getcpu());
      r.push(me(k).pid);
      return 0;
    }, { cpus: 4 });
    const pid = r.pop()!;
    expect(r).toEqual([0, 0, 3, 3]);
    expect([...seen.get(pid)!]).toEqual([3]); // every switch-in after the call is on CPU 3
  });

  it('a thread\'s tid sets that thread only; clone and fork inherit the mask', () => {
    const r: unknown[] = [];
    runMain(function* (k) {
      yield sys.sched_setaffinity(0, 8, 0b0110n);
      const th = yield* spawnThread(function* () {
        r.push(yield* getmask(0));                        // inherited by clone
        r.push(yield sys.sched_setaffinity(0, 8, 0b0100n));
        r.push(yield* getmask(0));
        return 0;
      });
      yield* joinThread(th);
      r.push(yield* getmask(0));                          // the thread's call left main alone
      const child = (yield sys.fork(function* () {
        const m = yield* getmask(0);
        return m === 0b0110n ? 7 : 1;
      })) as number;
      const [, st] = yield* wait(child);
      r.push((st >> 8) & 0xff);
      r.push(me(k).cpusMask);
      return 0;
    }, { cpus: 4 });
    expect(r).toEqual([0b0110n, 0, 0b0100n, 0b0110n, 7, 0b0110n]);
  });

  it('another task\'s mask set by pid; a mask naming every CPU is stored as "no mask" (the fast path); EPERM for another user\'s task', () => {
    const r: unknown[] = [];
    runMain(function* (k) {
      const child = (yield sys.fork(function* () { yield sys.nanosleep(5 * MS); return 0; })) as number;
      r.push(yield sys.sched_setaffinity(child, 8, 0b10n));
      r.push(yield* getmask(child));
      r.push(yield sys.sched_setaffinity(child, 8, 0xffn));
      r.push(k.findTask(child)!.cpusMask);
      yield sys.wait4(child, null, 0);
      r.push(yield sys.sched_setaffinity(1, 8, 1n)); // init is root's; the program runs as uid 1000
      return 0;
    }, { cpus: 2 });
    expect(r).toEqual([0, 0b10n, 0, null, -EPERM]);
  });
});

describe('the scheduler honours the mask', () => {
  it('four CPU-bound processes pinned to CPU 0 of two: none is woken onto or pulled to CPU 1 (selectTaskRq, idle and periodic balancing)', () => {
    const kids = Array.from({ length: 4 }, () => ({ n: 20, cpus: new Set<number>() }));
    let seen = new Map<number, Set<number>>();
    const pids: number[] = [];
    runMain(function* (k) {
      seen = watchCpus(k);
      yield sys.sched_setaffinity(0, 8, 1n);
      for (const a of kids) pids.push((yield sys.fork(crunch, a)) as number);
      for (const p of pids) yield sys.wait4(p, null, 0);
      return 0;
    }, { cpus: 2 });
    for (const a of kids) expect([...a.cpus]).toEqual([0]);
    for (const p of pids) expect([...seen.get(p)!]).toEqual([0]);
  });

  it('without a mask the same processes spread over both CPUs (so the test above can fail)', () => {
    const kids = Array.from({ length: 4 }, () => ({ n: 20, cpus: new Set<number>() }));
    runMain(function* () {
      const pids: number[] = [];
      for (const a of kids) pids.push((yield sys.fork(crunch, a)) as number);
      for (const p of pids) yield sys.wait4(p, null, 0);
      return 0;
    }, { cpus: 2 });
    expect(new Set(kids.flatMap((a) => [...a.cpus]))).toEqual(new Set([0, 1]));
  });

  it('tasks pinned to CPU 1 are pulled by no CPU but 1, while an unpinned task can be pulled (detachTask skips the pinned)', () => {
    const pinned = Array.from({ length: 3 }, () => ({ n: 15, cpus: new Set<number>() }));
    const free = { n: 15, cpus: new Set<number>() };
    runMain(function* () {
      const pids: number[] = [];
      for (const a of pinned) {
        pids.push((yield sys.fork(function* (x: typeof a) {
          yield sys.sched_setaffinity(0, 8, 0b10n);
          return yield* crunch(x);
        }, a)) as number);
      }
      pids.push((yield sys.fork(crunch, free)) as number);
      for (const p of pids) yield sys.wait4(p, null, 0);
      return 0;
    }, { cpus: 3, check: true }); // the invariant checker: nothing queued outside its mask
    for (const a of pinned) expect([...a.cpus]).toEqual([1]);
  });

  it('a task running a long burst on a CPU its new mask excludes is moved at its next reschedule, by a caller on another CPU', () => {
    const r: number[] = [];
    runMain(function* () {
      const a = { n: 0, cpus: new Set<number>() };
      const child = (yield sys.fork(function* () {
        yield sys.sched_setaffinity(0, 8, 0b10n);   // start on CPU 1
        r.push(yield* getcpu());
        yield sys.compute(50 * MS);                 // running there when the parent calls
        r.push(yield* getcpu());
        return a.n;
      })) as number;
      yield sys.nanosleep(10 * MS);
      r.push((yield sys.sched_setaffinity(child, 8, 0b100n)) as number); // CPU 2 only
      yield sys.wait4(child, null, 0);
      return 0;
    }, { cpus: 3 });
    expect(r).toEqual([1, 0, 2]);
  });

  it('a task queued behind another is moved to an allowed CPU at once (move_queued_task)', () => {
    const r: number[] = [];
    runMain(function* (k) {
      yield sys.sched_setaffinity(0, 8, 1n);
      const a = { n: 3, cpus: new Set<number>() };
      const child = (yield sys.fork(crunch, a)) as number;  // queued behind us on CPU 0
      const t = k.findTask(child)!;
      r.push(t.onRq ? 1 : 0, t.cpu);
      r.push((yield sys.sched_setaffinity(child, 8, 0b10n)) as number);
      r.push(t.cpu);
      yield sys.compute(5 * MS);
      yield sys.wait4(child, null, 0);
      r.push(...a.cpus);
      return 0;
    }, { cpus: 2 });
    expect(r).toEqual([1, 0, 0, 1, 1]);
  });

  it('under schedule perturbation (sched_pct.ts selectCpu) pinned tasks still run only where allowed', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const kids = Array.from({ length: 3 }, () => ({ n: 8, cpus: new Set<number>() }));
      runMain(function* () {
        yield sys.sched_setaffinity(0, 8, 0b1010n);
        const pids: number[] = [];
        for (const a of kids) pids.push((yield sys.fork(crunch, a)) as number);
        for (const p of pids) yield sys.wait4(p, null, 0);
        return 0;
      }, { cpus: 4, schedule: { seed, steps: 200 }, check: true });
      for (const a of kids) for (const c of a.cpus) expect([1, 3]).toContain(c);
    }
  });
});
