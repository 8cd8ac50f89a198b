/**
 * kernel-check.test.ts — the invariant checker (issue 9): it stays quiet on correct runs and
 * panics, naming the check and the task, when a structure is corrupted.
 */

import { describe, it, expect } from 'vitest';
import { Kernel } from '../kernel/kernel.js';
import { PRESETS } from '../kernel/costs.js';
import { spawnProgram } from '../kernel/shell.js';
import { sys } from '../kernel/usys.js';
import { KernelPanic } from '../kernel/panic.js';
import type { Sim } from '../kernel/req.js';
import { CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD } from '../kernel/uapi.js';

const THREAD = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;

function* worker(): Sim<number> {
  for (let i = 0; i < 5; i++) { yield sys.compute(10_000); yield sys.sched_yield(); }
  return 0;
}

/** Threads, a fork and a wait: enough traffic to exercise every check. */
function* busy(): Sim<number> {
  for (let i = 0; i < 4; i++) yield sys.clone({ flags: THREAD, fn: worker });
  const pid = (yield sys.fork(worker)) as number;
  yield sys.wait4(pid, null, 0);
  yield sys.compute(200_000);
  return 0;
}

function boot(check: boolean, cpus = 2): Kernel {
  return new Kernel({ costs: PRESETS['modern-x86'], cpus, seed: 7, check });
}

describe('invariant checker', () => {
  it('holds on a run with threads, fork and wait on 2 CPUs', () => {
    const k = boot(true);
    const h = spawnProgram(k, busy, null, 'busy');
    k.run();
    expect(h.done).toBe(true);
    expect(k.checker!.checks).toBeGreaterThan(50);
  });

  it('panics naming the refcount check and the task when mm_users is wrong', () => {
    const k = boot(true, 1);
    function* corrupt(): Sim<number> {
      yield sys.clone({ flags: THREAD, fn: worker });
      k.current!.mm!.users += 1; // a leaked reference
      yield sys.getpid();
      return 0;
    }
    spawnProgram(k, corrupt, null, 'corrupt');
    expect(() => k.run()).toThrow(KernelPanic);
    const k2 = boot(true, 1);
    function* corrupt2(): Sim<number> {
      k2.current!.mm!.users += 1;
      yield sys.getpid();
      return 0;
    }
    spawnProgram(k2, corrupt2, null, 'corrupt2');
    expect(() => k2.run()).toThrow(/invariant:refcount.*task \d+ \(corrupt2\).*mm_users/);
  });

  it('panics on a runnable task missing from every run queue', () => {
    const k = boot(true, 1);
    function* lose(): Sim<number> {
      const pid = (yield sys.clone({ flags: THREAD, fn: worker })) as number;
      const t = k.findTask(pid)!;
      k.cpus[t.cpu].rq.remove(t);
      yield sys.getpid();
      return 0;
    }
    spawnProgram(k, lose, null, 'lose');
    expect(() => k.run()).toThrow(/invariant:runqueue.*runnable but on 0 queues/);
  });

  it('panics on an invalid signal in a pending set', () => {
    const k = boot(true, 1);
    function* bad(): Sim<number> {
      k.current!.pending.list.push({ signo: 99, code: 0, pid: 0 });
      yield sys.getpid();
      return 0;
    }
    spawnProgram(k, bad, null, 'bad');
    expect(() => k.run()).toThrow(/invariant:pending.*signal 99/);
  });

  it('is off by default (no cost when not asked for)', () => {
    const k = boot(false);
    spawnProgram(k, busy, null, 'busy');
    k.run();
    expect(k.checker).toBeNull();
  });
});
