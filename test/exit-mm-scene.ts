/**
 * exit-mm-scene.ts — one scene two suites use: a thread on CPU 1 ends while main, on CPU 0, is
 * inside a munmap that holds mmap_lock for writing (or, with `writer` false, is not), so the
 * thread's exit_mm must wait for the lock (kernel/mmap_lock.ts, exit.ts). The thread ends by
 * calling exit or by returning from its function (entry.ts frameReturned goes through exit too).
 */

import type { CostModel } from '../kernel/costs.js';
import { sys } from '../kernel/usys.js';
import { umalloc, ustore } from '../kernel/uaccess.js';
import { FUTEX_WAIT, FUTEX_WAKE } from '../kernel/uapi.js';
import { EV_EXIT, EV_SYS_ENTER } from '../kernel/trace.js';
import { NR } from '../kernel/syscalls.js';
import type { Sim } from '../kernel/req.js';
import { runMain, spawnThread, joinThread, task } from './kernel-process-helpers.js';

export interface ExitBehindMunmap {
  /** When the thread's exit event came, and when main's munmap returned (virtual ns). */
  died: number;
  munmapEnd: number;
  /** Exit system calls the thread entered, its system time at death, and its exit code. */
  exits: number;
  stime: number;
  code: number;
}

const pin = (cpu: number) => sys.sched_setaffinity(0, 8, 1n << BigInt(cpu));

/** The thread ends with status 3 (`how`) 10 µs after main starts its munmap of 8 MiB. */
export function exitBehindMunmap(costs: CostModel, how: 'return' | 'exit', writer: boolean): ExitBehindMunmap {
  const r = { died: 0, munmapEnd: 0, exits: 0, stime: 0, code: -1 };
  runMain(function* (k): Sim<number> {
    const go = umalloc(1);
    const theirs = (yield sys.mmap(8 << 20)) as number;
    const th = yield* spawnThread(function* (): Sim<number> {
      yield pin(1);
      yield sys.futex(go, FUTEX_WAIT, 0);
      yield sys.compute(10_000); // main is inside munmap now
      if (how === 'exit') yield sys.exit(3);
      return 3;
    });
    const t = task(k, th.tid);
    k.trace.subscribe([EV_EXIT], (_kind, time, _c, pid, code) => { if (pid === th.tid) { r.died = time; r.stime = t.stime; r.code = code; } });
    k.trace.subscribe([EV_SYS_ENTER], (_kind, _t, _c, pid, nr) => { if (pid === th.tid && nr === NR.exit) r.exits++; });
    yield pin(0); // after the spawn: the thread does not inherit it
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
