/**
 * spin.ts — a C thread stuck in a loop that makes no library call still burns virtual time,
 * and the user learns which thread and C function it was.
 *
 * Models: a CPU spinning. At each preemption point (instrument.ts) the thread's whole state is
 * in its Asyncify buffer (every frame's locals) and its stack pointer. If two preemption points
 * in a row find exactly the same state, with no library call and no store in between, the
 * thread is in a loop that can only end if another thread changes memory (`while (!flag);`,
 * `for (;;);`). Running it further would only repeat the same instructions, so the lab stops
 * executing them and charges their time instead, in growing chunks (up to CHUNK_MAX
 * instructions, a fraction of a millisecond), until some other activation of the process
 * runs C code — a thread that may set the flag, or a signal handler on this thread — and then
 * resumes the loop for real. The scheduler still preempts the spinning thread at the end of
 * its slice, so on one CPU a spin-wait costs its slices as it would on real hardware, and a
 * loop nothing can end reaches the time limit in seconds of host time, not hours. The run's
 * notes then name the spinning thread and its C function.
 *
 * Simplifies: a spinner notices another thread's write after its current chunk, not at once;
 * stores made by wasi-libc code inside the loop are not seen (a loop calling memset for ever
 * on the same bytes counts as a spin).
 */

import type { Sim } from '../../libs/api.js';
import type { Activation } from './activation.js';
import type { CProcess, CThread } from './process.js';
import { FUEL_BUDGET } from './instrument.js';

const CHUNK_MAX = 1 << 20;

/** The state a preemption point sees: the unwound frames and the stack pointer. */
function stateOf(p: CProcess, a: Activation): Uint8Array {
  const end = p.load32(a.buf);
  return p.bytes(a.buf + 8, Math.max(0, end - (a.buf + 8)));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/**
 * Is the thread at the same state as at its previous preemption point, with nothing between:
 * no library call, no store, and no other activation of the process entering C (which could
 * have changed memory the loop reads after the thread ran its last stretch)?
 */
function atFixpoint(p: CProcess, a: Activation, stored: boolean): boolean {
  const th = a.thread;
  const state = stateOf(p, a);
  const s = th.spin;
  const same = s !== null && !stored && s.epoch === p.epoch && s.sp === a.sp && s.function === th.lastFunction && equal(s.state, state);
  th.spin = { state: state.slice(), sp: a.sp, function: th.lastFunction, since: same ? s!.since : null, epoch: p.epoch };
  return same;
}

/** A spinning thread's note for the run's report. */
export interface SpinNote {
  thread: CThread;
  function: string;
  /** Virtual time it started spinning (ns). */
  since: number;
}

/**
 * At a preemption point (the fuel ran out in user code): if the thread is spinning, charge its
 * time without running it until another activation of the process has run.
 */
export function* preemptionPoint(p: CProcess, a: Activation, stored: boolean): Sim<void> {
  if (!atFixpoint(p, a, stored)) return;
  const th = a.thread;
  const epoch = p.epoch;
  const since = th.spin!.since ?? (yield* p.libc.clock_gettime());
  th.spin!.since = since;
  p.run.spinning.set(th, { thread: th, function: p.userFunctionName(th.lastFunction), since });
  let chunk = FUEL_BUDGET;
  while (p.epoch === epoch) {
    yield* p.libc.compute_instructions(chunk);
    chunk = Math.min(chunk * 2, CHUNK_MAX);
  }
  p.run.spinning.delete(th);
}
