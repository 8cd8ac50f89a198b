/**
 * composites.ts — the probe's validation composites, written again as Libc programs.
 *
 * `threadlab validate` compares what probe.c measures on this host with what the simulator
 * predicts for the same program under the `host` cost model. So each program here is the C
 * composite's twin, loop for loop (see probe.c, "composites for validation"):
 *
 *   pthread_create_join   b_create_join: create a thread that returns at once, join it; n times
 *   condvar_pingpong_rtt  b_condvar: main and one thread hand `turn` back and forth under one
 *                         mutex and one condition variable; the clock runs after the create and
 *                         stops before the join; per round trip
 *   create_sweep_T<t>_C<c> b_sweep: T top-level threads share n creations (n / T each), each
 *                         keeping at most C children alive in a ring (join the oldest, create
 *                         anew); the clock covers creating and joining the top-level threads
 *
 * Like median_n in probe.c, every program first runs a pilot of the minimum count (which
 * also warms the stack cache), then the timed run of the probe's own iteration count
 * (`<key>_iters` in its output). The probe takes the median of several timed runs; the
 * simulator is deterministic, so validate takes the median of five runs at counts around the
 * probe's (twinCounts). Times come from the program's own clock_gettime, as the
 * probe's come from CLOCK_MONOTONIC. Runs under NPTL (the host's library) on the probe's CPU
 * count.
 *
 * Simplifies: the probe's unpinned threads go where Linux puts them; here where the
 * simulated scheduler does. Nothing in here reads a composite's measured value.
 */

import type { CostModel } from '../../kernel/index.js';
import type { Libc, Sim, pthread_cond_t, pthread_mutex_t, pthread_t } from '../../libs/index.js';
import { runProgram } from '../runner.js';

/** One composite: the probe's key, a label for the table, and its simulated twin. */
export interface Composite {
  key: string;
  label: string;
  /** Simulate `iters` timed iterations (after the pilot); ns per operation. */
  program(iters: number, out: Out): (libc: Libc) => Sim<number>;
}

export interface Out { ns: number; error: string }

function* noop(): Sim<number> {
  return 0;
}

/** b_create_join(n): ns per create+join. */
function* createJoin(libc: Libc, n: number, out: Out): Sim<number> {
  const t0 = yield* libc.clock_gettime();
  for (let i = 0; i < n; i++) {
    const t = yield* libc.pthread_create(noop, null);
    if (t < 0) { out.error = `pthread_create failed (${-t})`; return NaN; }
    yield* libc.pthread_join(t, null);
  }
  return ((yield* libc.clock_gettime()) - t0) / n;
}

interface Pingpong { mu: pthread_mutex_t; cv: pthread_cond_t; turn: number }

/** cv_b: wait for turn 1, give turn 0 back, n times. */
function* cvB(libc: Libc, a: { pp: Pingpong; n: number }): Sim<number> {
  const pp = a.pp;
  for (let i = 0; i < a.n; i++) {
    yield* libc.pthread_mutex_lock(pp.mu);
    while (pp.turn !== 1) yield* libc.pthread_cond_wait(pp.cv, pp.mu);
    pp.turn = 0;
    yield* libc.pthread_cond_signal(pp.cv);
    yield* libc.pthread_mutex_unlock(pp.mu);
  }
  return 0;
}

/** b_condvar(n): ns per round trip, timed between the create and the join. */
function* condvar(libc: Libc, pp: Pingpong, n: number, out: Out): Sim<number> {
  pp.turn = 0;
  const t = yield* libc.pthread_create(cvB, { pp, n });
  if (t < 0) { out.error = `pthread_create failed (${-t})`; return NaN; }
  const t0 = yield* libc.clock_gettime();
  for (let i = 0; i < n; i++) {
    yield* libc.pthread_mutex_lock(pp.mu);
    pp.turn = 1;
    yield* libc.pthread_cond_signal(pp.cv);
    while (pp.turn !== 0) yield* libc.pthread_cond_wait(pp.cv, pp.mu);
    yield* libc.pthread_mutex_unlock(pp.mu);
  }
  const v = ((yield* libc.clock_gettime()) - t0) / n;
  yield* libc.pthread_join(t, null);
  return v;
}

interface TopArg { per: number; c: number; out: Out }

/** toplevel: `per` creations, at most `c` children alive, a ring joined oldest first. */
function* toplevel(libc: Libc, a: TopArg): Sim<number> {
  const ring: pthread_t[] = [];
  for (let i = 0; i < a.per; i++) {
    if (ring.length === a.c) yield* libc.pthread_join(ring.shift()!, null);
    const t = yield* libc.pthread_create(noop, null);
    if (t < 0) { a.out.error = `pthread_create failed (${-t})`; break; }
    ring.push(t);
  }
  while (ring.length > 0) yield* libc.pthread_join(ring.shift()!, null);
  return 0;
}

/** b_sweep(n): T top-level threads, n / T creations each; ns per creation. */
function* sweep(libc: Libc, t: number, c: number, n: number, out: Out): Sim<number> {
  const per = Math.floor(n / t);
  const top: pthread_t[] = [];
  const t0 = yield* libc.clock_gettime();
  for (let i = 0; i < t; i++) {
    const id = yield* libc.pthread_create(toplevel, { per, c, out });
    if (id < 0) { out.error = `pthread_create failed (${-id})`; return NaN; }
    top.push(id);
  }
  for (const id of top) yield* libc.pthread_join(id, null);
  return ((yield* libc.clock_gettime()) - t0) / (per * t);
}

/** The sweep points probe.c measures: {T, C}. */
export const SWEEP_POINTS: readonly (readonly [number, number])[] = [[1, 1], [1, 10], [4, 4], [20, 10]];

export const COMPOSITES: readonly Composite[] = [
  {
    key: 'pthread_create_join', label: 'pthread_create + pthread_join, one thread at a time',
    program: (iters, out) => function* main(libc: Libc): Sim<number> {
      yield* createJoin(libc, 4, out);
      out.ns = yield* createJoin(libc, iters, out);
      return 0;
    },
  },
  {
    key: 'condvar_pingpong_rtt', label: 'mutex + condvar ping-pong, one round trip',
    program: (iters, out) => function* main(libc: Libc): Sim<number> {
      const pp: Pingpong = { mu: yield* libc.pthread_mutex_init(), cv: yield* libc.pthread_cond_init(), turn: 0 };
      yield* condvar(libc, pp, 4, out);
      out.ns = yield* condvar(libc, pp, iters, out);
      return 0;
    },
  },
  ...SWEEP_POINTS.map(([t, c]): Composite => ({
    key: `create_sweep_T${t}_C${c}`, label: `create sweep, T=${t} top-level, C=${c} children (per creation)`,
    program: (iters, out) => function* main(libc: Libc): Sim<number> {
      yield* sweep(libc, t, c, t * c * 2, out);
      out.ns = yield* sweep(libc, t, c, iters, out);
      return 0;
    },
  })),
];

/**
 * The counts a twin runs at: the probe's own and four neighbours 5 % and 10 % away. The probe's
 * figure is a median over runs whose schedules the machine's noise makes differ; the simulator
 * is deterministic, and with several CPUs and many threads its schedule settles into a phase
 * that depends on the count (host model, 2 CPUs, T20 C10: 19.7–21.1 µs per creation between
 * 1,800 and 2,200 creations). One count is one sample of those phases; the median of five
 * stands for the simulator as the probe's median stands for the machine.
 */
export function twinCounts(iters: number, quick = false): number[] {
  const n = Math.max(1, Math.round(iters));
  if (quick) return [n]; // a quick probe ran each figure once: one count, one schedule
  return [-0.1, -0.05, 0, 0.05, 0.1].map((f) => Math.max(1, Math.round(n * (1 + f))));
}

/** The median of the twin's runs at twinCounts(iters, quick): what validate and fidelity compare. */
export function simulateCompositeMedian(c: Composite, iters: number, costs: CostModel, cpus: number, quick = false): number {
  const ns = twinCounts(iters, quick).map((n) => simulateComposite(c, n, costs, cpus)).sort((a, b) => a - b);
  return ns[ns.length >> 1];
}

/** Run one composite's twin under NPTL with `costs` on `cpus` CPUs; ns per operation. */
export function simulateComposite(c: Composite, iters: number, costs: CostModel, cpus: number): number {
  const out: Out = { ns: NaN, error: '' };
  const r = runProgram({ program: c.program(iters, out), name: c.key, lib: 'nptl', costs, cpus, seed: 1, timeLimit: 600e9 });
  if (r.outcome !== 'exited' || out.error || !Number.isFinite(out.ns)) {
    throw new Error(`validate: simulating ${c.key} failed: ${out.error || `${r.outcome}: ${r.statusText}`}`);
  }
  return out.ns;
}
