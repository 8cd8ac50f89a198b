/**
 * kernel-sched-balance.test.ts — idle balancing takes only what a CPU has to spare.
 *
 * Linux's idle_balance → load_balance_newidle (2.6 kernel/sched.c; newidle_balance →
 * sched_balance_rq in fair.c today) and the periodic load_balance move a task only from a run
 * queue whose nr_running, counting the task it runs, is above one (`if (busiest->nr_running >
 * 1)` before move_tasks). So a task woken onto an idle CPU waits for that CPU's IPI even when
 * the waker's CPU goes idle first: the cross-CPU wake-up is paid. sched.ts findBusiestQueue.
 */

import { describe, it, expect } from 'vitest';
import { loadCostModel } from '../kernel/costs.js';
import { sys } from '../kernel/usys.js';
import { umalloc } from '../kernel/uaccess.js';
import { CLONE_STOPPED, FUTEX_WAIT, FUTEX_WAKE } from '../kernel/uapi.js';
import type { Sim } from '../kernel/req.js';
import { WIFEXITED, WEXITSTATUS } from '../kernel/uapi.js';
import { runMain, spawnThread, joinThread, me } from './kernel-process-helpers.js';

const costs = loadCostModel('modern-x86');
const CROSS = costs.ipi + costs.idleWake;
/** Long enough for the shell that forked the program to go to sleep in wait4: both CPUs idle but main's. */
const SETTLE = 100_000;

describe('idle balancing pulls only from a queue with nr_running > 1 (load_balance_newidle)', () => {
  it('a task woken onto an idle CPU stays there when the waker blocks at once: the IPI is paid', () => {
    let sent = 0, ran = 0, mainCpu = -1, wokeCpu = -1, moved = -1;
    runMain(function* (k): Sim<number> {
      const w = umalloc(1);
      yield sys.compute(SETTLE);
      mainCpu = me(k).cpu;
      const m0 = k.migrations;
      const th = yield* spawnThread(function* (): Sim<number> {
        yield sys.futex(w, FUTEX_WAIT, 0);
        ran = k.now;
        wokeCpu = me(k).cpu;
        return 0;
      });
      yield sys.compute(200_000); // the thread runs on the other CPU, sleeps, and that CPU idles
      sent = k.now;
      yield sys.futex(w, FUTEX_WAKE, 1);
      yield* joinThread(th); // this CPU goes idle while the woken thread waits for its IPI
      moved = k.migrations - m0;
      return 0;
    }, { cpus: 2, costs });
    expect(wokeCpu).not.toBe(mainCpu);
    expect(ran - sent).toBeGreaterThanOrEqual(CROSS);
    expect(moved).toBe(0);
  });

  it('a task queued behind a running one is pulled by a CPU that goes idle', () => {
    let secondCpu = -1, mainCpu = -1, moved = -1;
    runMain(function* (k): Sim<number> {
      yield sys.compute(SETTLE);
      mainCpu = me(k).cpu;
      const m0 = k.migrations;
      const first = yield* spawnThread(function* (): Sim<number> { // the idle CPU takes it
        yield sys.compute(50_000);
        return 0;
      });
      const second = yield* spawnThread(function* (): Sim<number> { // no CPU idle: queued here
        secondCpu = me(k).cpu;
        return 0;
      });
      yield sys.compute(1_000_000); // keep this CPU: the other one pulls `second` when `first` ends
      yield* joinThread(first);
      yield* joinThread(second);
      moved = k.migrations - m0;
      return 0;
    }, { cpus: 2, costs });
    expect(secondCpu).not.toBe(mainCpu);
    expect(moved).toBe(1);
  });

  it('a stopped thread alone on an idle CPU still dies with its group (enqueueRunnable wakes that CPU)', () => {
    let stoppedCpu = -1, mainCpu = -1;
    const { h } = runMain(function* (k): Sim<number> {
      yield sys.compute(SETTLE);
      mainCpu = me(k).cpu;
      const creator = yield* spawnThread(function* (): Sim<number> {
        // Created stopped on this (the other) CPU; then this thread exits and the CPU idles.
        yield* spawnThread(function* (): Sim<number> { return 0; }, undefined, CLONE_STOPPED);
        stoppedCpu = me(k).cpu;
        return 0;
      });
      yield* joinThread(creator);
      yield sys.compute(100_000);
      yield sys.exit_group(7); // zap_other_threads: the stopped thread must run to die
      return 0;
    }, { cpus: 2, costs });
    expect(stoppedCpu).not.toBe(mainCpu);
    expect(h.done).toBe(true);
    expect(WIFEXITED(h.status) && WEXITSTATUS(h.status)).toBe(7);
  });
});
