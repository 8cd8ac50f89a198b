/**
 * raw_clone.ts — the probe's raw clone loop (probe.c b_clone, b_clone_cross) on the simulated
 * kernel, with no thread library: clone a CLONE_THREAD child that returns at once, wait for the
 * kernel to clear its tid word (CLONE_CHILD_CLEARTID + FUTEX_WAIT), n times.
 *
 * calibrate derives `remoteStart` from it: on two CPUs the child starts on the idle one, and
 * what the host's figure has beyond the simulated one (which pays cloneBase and the creator's
 * remoteFork, both IPIs and switches, and the exit, but no remote start) is what a new task's
 * first run away from its creator's CPU costs there. The loop is the probe's, so the comparison is like for like.
 */

import {
  Kernel, spawnProgram, sys, uaccess, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD,
  CLONE_SYSVSEM, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, FUTEX_WAIT, type CostModel, type Sim,
} from '../../kernel/index.js';

const FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
  CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

/** Returns at once: glibc's clone() then makes the exit system call. */
function* child(): Sim<number> {
  yield sys.exit(0);
  return 0;
}

/** n clone+exit+wait rounds after a warm-up of 4; writes ns per round into `out`. */
function* rounds(n: number, out: { ns: number }): Sim<number> {
  const tid = uaccess.umalloc(1);
  const once = function* (): Sim<void> {
    const r = (yield sys.clone({ flags: FLAGS, fn: child, arg: null, ptid: tid, ctid: tid })) as number;
    if (r < 0) throw new Error(`raw clone failed (${r})`);
    for (let v = uaccess.uload(tid); v !== 0; v = uaccess.uload(tid)) yield sys.futex(tid, FUTEX_WAIT, v);
  };
  for (let i = 0; i < 4; i++) yield* once();
  const t0 = (yield sys.clock_gettime()) as number;
  for (let i = 0; i < n; i++) yield* once();
  out.ns = ((yield sys.clock_gettime()) as number - t0) / n;
  return 0;
}

/** ns per raw clone+exit+wait round on `cpus` CPUs under `costs`. */
export function simulateRawClone(costs: CostModel, cpus: number, n = 200): number {
  const k = new Kernel({ costs, cpus, seed: 1 });
  const out = { ns: NaN };
  spawnProgram(k, () => rounds(n, out), null, 'probe');
  k.run();
  if (!Number.isFinite(out.ns)) throw new Error('calibrate: the simulated raw clone loop did not finish');
  return out.ns;
}
