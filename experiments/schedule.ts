/**
 * schedule.ts — perturbed runs (kernel/sched_pct.ts) as the lab drives them: measuring k, the
 * number of steps (preemption points) an unperturbed run of the program takes, from which a
 * perturbed run draws its priority-change points.
 *
 * k is measured, not guessed: an unperturbed run with the policy counting steps only makes
 * exactly the decisions of an ordinary run, so the same program, library and options always
 * give the same k. That is what lets `threadlab run ... --schedule-seed S` replay, byte for
 * byte, a schedule `threadlab explore` found: both measure k the same way, then draw the same
 * change points from the same seed.
 */

import { runProgram, type RunOptions, type RunResult } from './runner.js';
import { DEFAULT_DEPTH } from '../kernel/index.js';

export { DEFAULT_DEPTH };

/**
 * Run `o` unperturbed, counting steps: returns k and the run itself (exactly the result of an
 * ordinary run, but for its `schedule` field).
 */
export function measureSteps(o: RunOptions): { steps: number; result: RunResult } {
  const { schedule: _s, trace: _t, psAt: _p, onStdout: _o, ...plain } = o;
  const result = runProgram({ ...plain, schedule: { seed: 0, steps: 1, perturb: false } });
  const steps = result.kernel.pct!.steps;
  delete result.schedule;
  return { steps, result };
}
