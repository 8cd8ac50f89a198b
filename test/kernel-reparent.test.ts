/**
 * kernel-reparent.test.ts — an orphan adopted by init reports its death with SIGCHLD, whatever
 * exit signal it was cloned with (reparent_thread: "we don't want people slaying init"), so
 * init reaps it (rule 11). LinuxThreads' threads (exit signal SIGRT1) and manager (exit
 * signal 0) are such orphans when the main thread dies.
 */

import { describe, it, expect } from 'vitest';
import { Kernel } from '../kernel/kernel.js';
import { PRESETS } from '../kernel/costs.js';
import { spawnProgram } from '../kernel/shell.js';
import { sys } from '../kernel/usys.js';
import type { Sim } from '../kernel/req.js';
import { CLONE_VM, SIGCHLD } from '../kernel/uapi.js';
import { recordTrace, EV_SIGNAL_GENERATE } from '../kernel/trace.js';

function* child(): Sim<number> {
  yield sys.nanosleep(10_000_000);
  return 0;
}

function* quickChild(): Sim<number> {
  return 0;
}

/** main clones children with `sig` as exit signal, then exits before (or after) they die. */
function orphans(sig: number, fn: () => Sim<number>, linger: number): { k: Kernel; kids: number[] } {
  const kids: number[] = [];
  function* main(): Sim<number> {
    for (let i = 0; i < 2; i++) kids.push((yield sys.clone({ flags: CLONE_VM | sig, fn })) as number);
    yield sys.nanosleep(linger);
    return 0;
  }
  const k = new Kernel({ costs: PRESETS['modern-x86'], cpus: 1, seed: 1, kthreads: false });
  spawnProgram(k, main, null, 'prog');
  k.run();
  k.run(); // the shell reaped main: let the orphans finish
  return { k, kids };
}

describe('orphans adopted by init (rule 11, reparent_thread)', () => {
  for (const sig of [33, 0]) {
    it(`rule 11: orphans cloned with exit signal ${sig} are reaped by init after they die`, () => {
      const { k, kids } = orphans(sig, child, 1_000_000);
      for (const pid of kids) expect(k.findTask(pid)).toBeUndefined();
    });
    it(`rule 11: zombies with exit signal ${sig} that were never reaped are reaped by init when their parent dies`, () => {
      const { k, kids } = orphans(sig, quickChild, 5_000_000);
      for (const pid of kids) expect(k.findTask(pid)).toBeUndefined();
    });
  }

  it('rule 11: the adopted child\'s exit signal becomes SIGCHLD', () => {
    const k = new Kernel({ costs: PRESETS['modern-x86'], cpus: 1, seed: 1, kthreads: false });
    const rec = recordTrace(k.trace, [EV_SIGNAL_GENERATE]);
    let kid = 0;
    function* main(): Sim<number> {
      kid = (yield sys.clone({ flags: CLONE_VM | 33, fn: child })) as number;
      return 0;
    }
    let atExit = -2;
    k.onTaskExit = (t) => { if (t.pid === kid) atExit = t.exitSignal; };
    spawnProgram(k, main, null, 'prog');
    k.run(); // the shell reaps prog; its orphan runs on until it exits (shell.ts)
    expect(atExit).toBe(SIGCHLD);
    expect(rec.events.some((e) => e.pid === 1 && e.a === SIGCHLD)).toBe(true);
  });
});
