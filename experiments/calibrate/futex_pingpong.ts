/**
 * futex_pingpong.ts — the probe's pinned futex ping-pong (probe.c futex_pingpong, b_futex_same)
 * on the simulated kernel, with no thread library: main stores 1 and wakes its partner, then
 * waits while the word is 1; the partner waits while it is 0, stores 0 and wakes main; n round
 * trips on one CPU. What it reports is how often main was preempted (its involuntary switches
 * per round trip), the figure the probe calls wake_preempt_ratio.
 *
 * calibrate derives `wakePreempt` from it. The lab spreads the fraction `wakePreempt` of the
 * wake-ups that could preempt evenly over a run; how many of them do in a given program depends
 * on the program (a preempted waker finds its partner's answer already there and does not wait,
 * which changes which later wake-ups count), so the fraction that makes this very loop preempt as
 * often as the host's did is found by simulating it, not read off the measurement.
 */

import {
  Kernel, spawnProgram, sys, uaccess, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD,
  CLONE_SYSVSEM, FUTEX_WAIT, FUTEX_WAKE, type CostModel, type Sim,
} from '../../kernel/index.js';

const FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

/** probe.c futex_b: wait while the word is 0, store 0, wake main; n times. */
function* partner(a: { w: number; n: number }): Sim<number> {
  for (let i = 0; i < a.n; i++) {
    while (uaccess.uload(a.w) === 0) yield sys.futex(a.w, FUTEX_WAIT, 0);
    uaccess.ustore(a.w, 0);
    yield sys.futex(a.w, FUTEX_WAKE, 1);
  }
  yield sys.exit(0);
  return 0;
}

/** probe.c futex_pingpong: main's side; writes its involuntary switches per round trip into `out`. */
function* pingpong(k: Kernel, n: number, out: { ratio: number }): Sim<number> {
  const w = uaccess.umalloc(1);
  const r = (yield sys.clone({ flags: FLAGS, fn: partner, arg: { w, n }, ptid: 0, ctid: 0 })) as number;
  if (r < 0) throw new Error(`futex ping-pong: clone failed (${r})`);
  const self = k.current!;
  const iv0 = self.nivcsw;
  for (let i = 0; i < n; i++) {
    uaccess.ustore(w, 1);
    yield sys.futex(w, FUTEX_WAKE, 1);
    while (uaccess.uload(w) === 1) yield sys.futex(w, FUTEX_WAIT, 1);
  }
  out.ratio = (self.nivcsw - iv0) / n;
  return 0;
}

/** The fraction of round trips in which main's wake-up preempted it, on one CPU under `costs`. */
export function simulateWakePreemptRatio(costs: CostModel, n = 1000): number {
  const k = new Kernel({ costs, cpus: 1, seed: 1 });
  const out = { ratio: NaN };
  spawnProgram(k, () => pingpong(k, n, out), null, 'probe');
  k.run();
  if (!Number.isFinite(out.ratio)) throw new Error('calibrate: the simulated futex ping-pong did not finish');
  return out.ratio;
}

/**
 * The fraction `wakePreempt` (a multiple of 0.05) whose simulated ping-pong preempts main in the
 * share of round trips closest to `measured`; on a tie, the smaller fraction.
 */
export function fitWakePreempt(costs: CostModel, measured: number): { value: number; simulated: number } {
  let best = { value: 0, simulated: simulateWakePreemptRatio({ ...costs, wakePreempt: 0 }) };
  for (let i = 1; i <= 20; i++) {
    const value = i / 20;
    const simulated = simulateWakePreemptRatio({ ...costs, wakePreempt: value });
    if (Math.abs(simulated - measured) < Math.abs(best.simulated - measured)) best = { value, simulated };
  }
  return best;
}
