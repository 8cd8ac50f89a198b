/**
 * raw_clone.ts — the probe's raw clone loop (probe.c b_clone, b_clone_cross) on the simulated
 * kernel, with no thread library: clone a CLONE_THREAD child that returns at once, wait for the
 * kernel to clear its tid word (CLONE_CHILD_CLEARTID + FUTEX_WAIT), n times.
 *
 * calibrate derives `remoteStart` from it: on two CPUs the child starts on the idle one, and
 * what the host's figure has beyond the simulated one (which pays cloneBase and the creator's
 * remoteFork, both IPIs and switches, and the exit, but no remote start) is what a new task's
 * first run away from its creator's CPU costs there. The loop is the probe's, so the comparison is like for like.
 *
 * The batched loop (probe.c b_clone_batch) clones BATCH children, then waits for each, pinned to
 * one CPU: the per-CPU cache of two freed kernel stacks cannot hold a batch, so most clones
 * vmalloc a stack and most exits vfree one. calibrate derives `kstackMiss` from it: what the
 * host's figure has beyond the simulated loop's without that cost, per simulated cache miss.
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

/** The probe's batch size for the batched loop (probe.c CLONE_BATCH). */
export const CLONE_BATCH = 8;

interface Out { ns: number; misses: number }

/**
 * n clones, `batch` at a time (clone them all, then wait for each to clear its tid word), after
 * a warm-up of 4 batches; writes ns per clone and kernel-stack cache misses per clone to `out`.
 */
function* rounds(batch: number, n: number, out: Out, k: Kernel): Sim<number> {
  const tids: number[] = [];
  for (let i = 0; i < batch; i++) tids.push(uaccess.umalloc(1));
  const once = function* (): Sim<void> {
    for (const tid of tids) {
      const r = (yield sys.clone({ flags: FLAGS, fn: child, arg: null, ptid: tid, ctid: tid })) as number;
      if (r < 0) throw new Error(`raw clone failed (${r})`);
    }
    for (const tid of tids) for (let v = uaccess.uload(tid); v !== 0; v = uaccess.uload(tid)) yield sys.futex(tid, FUTEX_WAIT, v);
  };
  for (let i = 0; i < 4; i++) yield* once();
  const t0 = (yield sys.clock_gettime()) as number;
  const m0 = k.kstackMisses;
  const batches = Math.max(1, Math.round(n / batch));
  for (let i = 0; i < batches; i++) yield* once();
  out.ns = ((yield sys.clock_gettime()) as number - t0) / (batches * batch);
  out.misses = (k.kstackMisses - m0) / (batches * batch);
  return 0;
}

function simulate(costs: CostModel, cpus: number, batch: number, n: number): Out {
  const k = new Kernel({ costs, cpus, seed: 1 });
  const out = { ns: NaN, misses: NaN };
  spawnProgram(k, () => rounds(batch, n, out, k), null, 'probe');
  k.run();
  if (!Number.isFinite(out.ns)) throw new Error('calibrate: the simulated raw clone loop did not finish');
  return out;
}

/** ns per raw clone+exit+wait round on `cpus` CPUs under `costs`. */
export function simulateRawClone(costs: CostModel, cpus: number, n = 200): number {
  return simulate(costs, cpus, 1, n).ns;
}

/**
 * The batched loop on one CPU: ns per clone, and kernel stacks per clone that missed the
 * per-CPU cache (a vmalloc at clone or a vfree at exit; fork_stack.ts).
 */
export function simulateRawCloneBatch(costs: CostModel, n = 400): { ns: number; missesPerClone: number } {
  const o = simulate(costs, 1, CLONE_BATCH, n);
  return { ns: o.ns, missesPerClone: o.misses };
}
