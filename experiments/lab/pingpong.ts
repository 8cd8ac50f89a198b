/**
 * pingpong.ts — what does a thread switch cost?
 *
 * Sun's pingpong benchmark shape (the one used to compare Solaris' M:N and 1:1 libraries):
 * pairs of threads hand a token back and forth under a mutex and a condition variable. Ping
 * waits until the token is 0, sets it to 1 and signals; pong waits for 1, sets 0 and signals.
 * Every round trip forces two hand-offs, so its cost is dominated by how a library blocks and
 * wakes a thread: a futex sleep and a kernel context switch (NPTL), a sigsuspend and a restart
 * signal (LinuxThreads), or a user-level switch inside one kernel task (green, NGPT).
 * The row counts kernel context switches and user-level switches (EV_USER_SWITCH) per round trip.
 */

import { EV_USER_SWITCH } from '../../kernel/index.js';
import type { Libc, Sim, pthread_cond_t, pthread_mutex_t, pthread_t } from '../../libs/index.js';
import { lineChart } from '../report/specs.js';
import { LIB_ORDER, baseRow, cpusFor, fmtNs, fmtRatio, libsIn, listText, pick, runJob, setText, sig, syscallMix } from './common.js';
import { lineStyles, log10Axis, log2Axis } from './chartfix.js';
import type { Experiment, Job, JobSpec, ParamSets, Row, RunContext } from './types.js';

interface PingpongParams { pairs: number[]; rounds: number }

export const PINGPONG_PARAMS: ParamSets<PingpongParams> = {
  full: { pairs: [1, 2, 4, 8, 16], rounds: 10_000 },
  quick: { pairs: [1, 4], rounds: 300 },
};

const DEFAULT_CPUS = 1;

interface Pair { m: pthread_mutex_t; c: pthread_cond_t; token: number; rounds: number }
interface Out { elapsedNs: number; done: number }

/** Wait until the token is `want`, then hand it over (set it to 1 - want) and signal. */
function* player(libc: Libc, a: { pair: Pair; want: number }): Sim<number> {
  const p = a.pair;
  for (let i = 0; i < p.rounds; i++) {
    yield* libc.pthread_mutex_lock(p.m);
    while (p.token !== a.want) yield* libc.pthread_cond_wait(p.c, p.m);
    p.token = 1 - a.want;
    yield* libc.pthread_cond_signal(p.c);
    yield* libc.pthread_mutex_unlock(p.m);
  }
  return p.rounds;
}

function pingpongProgram(pairs: number, rounds: number, out: Out) {
  return function* main(libc: Libc): Sim<number> {
    const ps: Pair[] = [];
    for (let i = 0; i < pairs; i++) {
      ps.push({ m: yield* libc.pthread_mutex_init(), c: yield* libc.pthread_cond_init(), token: 0, rounds });
    }
    const t0 = yield* libc.clock_gettime();
    const ids: pthread_t[] = [];
    for (const pair of ps) {
      for (const want of [0, 1]) {
        const t = yield* libc.pthread_create(player, { pair, want });
        if (t < 0) return 1;
        ids.push(t);
      }
    }
    for (let i = 0; i < ids.length; i++) {
      const rv = { value: 0 as unknown };
      yield* libc.pthread_join(ids[i], rv);
      if (i % 2 === 0 && typeof rv.value === 'number') out.done += rv.value;
    }
    out.elapsedNs = (yield* libc.clock_gettime()) - t0;
    return 0;
  };
}

function params(ctx: RunContext): PingpongParams {
  return ctx.quick ? PINGPONG_PARAMS.quick : PINGPONG_PARAMS.full;
}

function plan(ctx: RunContext): JobSpec[] {
  const p = params(ctx);
  return ctx.libs.flatMap((lib) => p.pairs.map((pairs) => ({
    lib, libOptions: {}, seed: ctx.seed, costs: ctx.costs, cpus: cpusFor(ctx, DEFAULT_CPUS),
    params: { pairs, rounds: p.rounds },
  })));
}

function run(job: Job): Row[] {
  const { pairs, rounds } = job.params as Record<string, number>;
  const out: Out = { elapsedNs: 0, done: 0 };
  let userSwitches = 0;
  const r = runJob(job, pingpongProgram(pairs, rounds, out), {
    setup: (k) => { k.trace.subscribe([EV_USER_SWITCH], () => { userSwitches++; }); },
  });
  const trips = pairs * rounds;
  const ok = r.outcome === 'exited' && out.done === trips;
  const per = (n: number) => (ok ? sig(n / trips) : null);
  return [{
    ...baseRow(job, r),
    outcome: ok ? 'ok' : `${r.outcome}: ${r.statusText}`,
    round_trips: trips,
    elapsed_ns: Math.round(out.elapsedNs),
    ns_per_round_trip: per(out.elapsedNs),
    kernel_switches_per_round_trip: per(r.contextSwitches),
    user_switches_per_round_trip: per(userSwitches),
    syscalls_per_round_trip: per(r.syscallTotal),
    syscall_mix: syscallMix(r.syscalls, trips),
  }];
}

const COLUMNS = [
  'library', 'pairs', 'rounds', 'seed', 'costs', 'cpus', 'outcome', 'round_trips', 'elapsed_ns', 'ns_per_round_trip',
  'kernel_switches_per_round_trip', 'user_switches_per_round_trip', 'syscalls_per_round_trip', 'syscall_mix',
];

function setup(ctx: RunContext): string {
  const p = params(ctx);
  return `Pairs of threads, pairs ∈ ${setText(p.pairs)}, hand a token back and forth ${p.rounds.toLocaleString('en-US')} times ` +
    `each under a mutex and a condition variable (Sun's pingpong shape). ${cpusFor(ctx, DEFAULT_CPUS)} CPU(s), ` +
    `cost preset ${ctx.costs}. Time per round trip is the program's own clock divided by all pairs' round trips.`;
}

function reading(rows: Row[], p: PingpongParams): string {
  const libs = libsIn(rows);
  const one = p.pairs[0];
  const at = (l: string, c: string) => pick(rows, { library: l, pairs: one }, c);
  const parts = libs.filter((l) => at(l, 'ns_per_round_trip') !== null).map((l) =>
    `${l} ${fmtNs(at(l, 'ns_per_round_trip')!)} (${at(l, 'kernel_switches_per_round_trip')!.toFixed(2)} kernel and ` +
    `${at(l, 'user_switches_per_round_trip')!.toFixed(2)} user-level switches, ${at(l, 'syscalls_per_round_trip')!.toFixed(2)} system calls)`);
  let text = `With ${one} pair, one round trip cost ${listText(parts)}.`;
  const ranked = libs.map((l) => [l, at(l, 'ns_per_round_trip')] as const)
    .filter((x): x is readonly [string, number] => x[1] !== null).sort((a, b) => a[1] - b[1]);
  if (ranked.length > 1) {
    const [cheap, dear] = [ranked[0], ranked[ranked.length - 1]];
    const tied = ranked.filter(([, v]) => v <= cheap[1] * 1.01).map(([l]) => l);
    const how = (at(cheap[0], 'kernel_switches_per_round_trip') ?? 0) < 0.5
      ? 'a hand-off that never enters the kernel scheduler' : 'a kernel-level hand-off';
    text += ` The cheapest ${tied.length > 1 ? `are ${listText(tied)} (within 1 %)` : `is ${cheap[0]}`}, ${how}; ` +
      `${dear[0]} costs ${fmtRatio(dear[1] / cheap[1])} as much.`;
  }
  return text;
}

export const pingpong: Experiment = {
  name: 'pingpong',
  question: 'What does a thread switch cost?',
  libraries: LIB_ORDER,
  measures: 'virtual ns per token round trip, with kernel and user-level switches and system calls per round trip',
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows, ctx) {
    const p = params(ctx);
    const data = rows.filter((r) => r.ns_per_round_trip !== null);
    return {
      reading: reading(rows, p),
      table: {
        columns: ['library', ...p.pairs.map((n) => `ns/round trip, ${n} pair${n > 1 ? 's' : ''}`), 'kernel switches/trip', 'user switches/trip'],
        rows: libsIn(rows).map((l) => [
          l, ...p.pairs.map((n) => pick(rows, { library: l, pairs: n }, 'ns_per_round_trip') ?? ''),
          pick(rows, { library: l, pairs: p.pairs[0] }, 'kernel_switches_per_round_trip') ?? '',
          pick(rows, { library: l, pairs: p.pairs[0] }, 'user_switches_per_round_trip') ?? '',
        ]),
      },
      charts: [{
        id: 'pingpong-time',
        title: 'Ping-pong: virtual ns per round trip by number of pairs',
        spec: lineStyles(log10Axis(log2Axis(lineChart({
          title: 'ns per token round trip', data, x: 'pairs', y: 'ns_per_round_trip',
          xTitle: 'pairs of threads', yTitle: 'ns per round trip (log scale)', colorDomain: libsIn(rows),
        }), 'x', p.pairs), 'y', data.map((r) => r.ns_per_round_trip as number)), libsIn(rows)),
      }],
    };
  },
};
