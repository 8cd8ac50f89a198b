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
 * instructions, a fraction of a millisecond), until memory may have changed — another
 * activation of the process enters C afresh or back from a library call, or runs C code that
 * stores or gets somewhere new (a thread that may set the flag, a signal handler on this
 * thread, or, when the process has MAP_SHARED mappings, C code of another process that has
 * some); another spinner going round its own loop does not count — and then resumes the loop
 * for real. The scheduler still preempts the spinning thread at the end of
 * its slice, so on one CPU a spin-wait costs its slices as it would on real hardware, and a
 * loop nothing can end reaches the time limit in seconds of host time, not hours. The run's
 * notes then name the spinning thread and its C function.
 *
 * Simplifies: a spinner notices another thread's write after its current chunk, not at once;
 * stores made by wasi-libc code inside the loop are not seen (a loop calling memset for ever
 * on the same bytes counts as a spin, and does not wake other spinners).
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

/** A thread's state at its last preemption point (CThread.spin). */
export interface SpinState {
  /** The activation it was noted for (a signal handler's run on the thread has its own). */
  act: Activation;
  state: Uint8Array;
  sp: number;
  function: number;
  since: number | null;
  /** The process's mark (CProcess.mark) after this run was counted. */
  epoch: number;
  /** At a fixpoint: the same state as at the previous point, and nothing may have changed memory since. */
  same: boolean;
}

/**
 * As the thread leaves C at a preemption point (activation.ts): note its state. The run since
 * its previous point was quiet if it stored nothing and came back to the same state — a spin,
 * which changed no memory; any other run may have, so it moves the process's epoch and every
 * spinner looks again. A quiet run with no epoch move since the previous point is a fixpoint.
 * Quiet runs of two spinners on two CPUs thus leave each other's fixpoints alone.
 */
export function notePoint(p: CProcess, a: Activation): void {
  const th = a.thread;
  th.lastFunction = a.a0;
  const state = stateOf(p, a);
  const s = th.spin;
  const quiet = s !== null && s.act === a && !a.stored && s.sp === a.sp && s.function === th.lastFunction && equal(s.state, state);
  if (!quiet) p.moved();
  const same = quiet && s!.epoch === p.mark();
  th.spin = { act: a, state: state.slice(), sp: a.sp, function: th.lastFunction, since: same ? s!.since : null, epoch: p.mark(), same };
}

/** A spinning thread's note for the run's report. */
export interface SpinNote {
  thread: CThread;
  function: string;
  /** Virtual time it started spinning (ns). */
  since: number;
}

/**
 * At a preemption point (the fuel ran out in user code), after the driver charged the work: if
 * the thread is spinning, charge its time without running it until memory may have changed.
 */
export function* preemptionPoint(p: CProcess, a: Activation): Sim<void> {
  const th = a.thread;
  const s = th.spin;
  if (s === null || s.act !== a || !s.same) return;
  const epoch = s.epoch;
  const since = s.since ?? (yield* p.libc.clock_gettime());
  s.since = since;
  p.run.spinning.set(th, { thread: th, function: p.userFunctionName(th.lastFunction), since });
  let chunk = FUEL_BUDGET;
  while (p.mark() === epoch) {
    yield* p.libc.compute_instructions(chunk);
    chunk = Math.min(chunk * 2, CHUNK_MAX);
  }
  p.run.spinning.delete(th);
}
