/**
 * kernel-exit-return.test.ts — a task whose function returns (a raw clone()d thread, a kernel
 * test's main) ends through the exit system call, as clone.S's `syscall(SYS_exit, ret)` after
 * the function (kernel/entry.ts frameReturned): the call is counted and traced, its entry cost
 * and exitBase are charged, and exit_mm waits for a sibling's munmap holding mmap_lock — the
 * same as a thread that calls exit itself.
 */

import { describe, it, expect } from 'vitest';
import { PRESETS } from '../kernel/costs.js';
import { sys } from '../kernel/usys.js';
import { umalloc, ustore } from '../kernel/uaccess.js';
import { FUTEX_WAIT, FUTEX_WAKE } from '../kernel/uapi.js';
import { EV_EXIT, EV_SYS_ENTER } from '../kernel/trace.js';
import { NR } from '../kernel/syscalls.js';
import type { Sim } from '../kernel/req.js';
import { runMain, spawnThread, joinThread, task } from './kernel-process-helpers.js';

const costs = { ...PRESETS['modern-x86']!, munmapStack: 100_000 };
const pin = (cpu: number) => sys.sched_setaffinity(0, 8, 1n << BigInt(cpu));

/** A thread on CPU 1 ends (returns, or calls exit) while main's munmap on CPU 0 holds mmap_lock. */
function endBehind(how: 'return' | 'exit', writer: boolean) {
  const r = { died: 0, munmapEnd: 0, exits: 0, stime: 0, code: -1 };
  runMain(function* (k): Sim<number> {
    const go = umalloc(1);
    const theirs = (yield sys.mmap(8 << 20)) as number;
    const th = yield* spawnThread(function* (): Sim<number> {
      yield pin(1);
      yield sys.futex(go, FUTEX_WAIT, 0);
      yield sys.compute(10_000);
      if (how === 'exit') yield sys.exit(3);
      return 3;
    });
    const t = task(k, th.tid);
    k.trace.subscribe([EV_EXIT], (_kind, time, _c, pid, code) => { if (pid === th.tid) { r.died = time; r.stime = t.stime; r.code = code; } });
    k.trace.subscribe([EV_SYS_ENTER], (_kind, _t, _c, pid, nr) => { if (pid === th.tid && nr === NR.exit) r.exits++; });
    yield pin(0);
    yield sys.compute(50_000);
    ustore(go, 1);
    yield sys.futex(go, FUTEX_WAKE, 1);
    if (writer) yield sys.munmap(theirs);
    r.munmapEnd = k.now;
    yield* joinThread(th);
    return 0;
  }, { cpus: 2, costs });
  return r;
}

describe('a function that returns ends through the exit system call', () => {
  it('traced and counted as exit, with its code, and dies when an explicit exit does', () => {
    const ret = endBehind('return', false), exit = endBehind('exit', false);
    expect(ret.exits).toBe(1);
    expect(ret.code).toBe(3 << 8);
    expect(ret.died).toBe(exit.died);
  });

  it("exit_mm waits for a sibling's munmap holding mmap_lock, as an explicit exit does", () => {
    const ret = endBehind('return', true), alone = endBehind('return', false);
    expect(ret.died).toBeGreaterThanOrEqual(ret.munmapEnd - 1);
    expect(ret.died - alone.died).toBeGreaterThan(costs.munmapStack - 30_000);
    expect(ret.died).toBe(endBehind('exit', true).died);
  });
});
