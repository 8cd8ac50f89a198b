/**
 * scaling.ts — how does throughput grow with threads and CPUs?
 *
 * N CPU-bound threads share a fixed amount of work (compute in 1 ms chunks) on P CPUs.
 * Throughput is work done per unit of elapsed time: 1.0 means one CPU's worth, P means
 * every CPU busy. A 1:1 library (NPTL, LinuxThreads) runs each thread on its own kernel
 * task, so the kernel can spread them; an M:N library only as far as it has natives
 * (NGPT's default: the CPU count, plus one above one CPU); a many-to-one library has one
 * kernel task and so one CPU, whatever P is. Libraries run with their default options.
 */

import type { Libc, Sim, pthread_t } from '../../libs/index.js';
import { lineChart } from '../report/specs.js';
import { LIB_ORDER, baseRow, libsIn, listText, pick, runJob, setText, sig } from './common.js';
import { lineStyles } from './chartfix.js';
import type { Experiment, Job, JobSpec, ParamSets, Row, RunContext } from './types.js';

interface ScalingParams { threads: number[]; cpus: number[]; workNs: number; chunkNs: number }

export const SCALING_PARAMS: ParamSets<ScalingParams> = {
  full: { threads: [1, 2, 4, 8, 16], cpus: [1, 2, 3, 4], workNs: 192_000_000, chunkNs: 1_000_000 },
  quick: { threads: [1, 4, 8], cpus: [1, 2, 4], workNs: 24_000_000, chunkNs: 1_000_000 },
};

interface Out { elapsedNs: number; chunks: number }

function* cruncher(libc: Libc, a: { chunks: number; chunkNs: number; out: Out }): Sim<number> {
  for (let i = 0; i < a.chunks; i++) {
    yield* libc.compute(a.chunkNs);
    a.out.chunks++;
  }
  return 0;
}

function scalingProgram(threads: number, workNs: number, chunkNs: number, out: Out) {
  return function* main(libc: Libc): Sim<number> {
    const total = Math.round(workNs / chunkNs);
    const t0 = yield* libc.clock_gettime();
    const ids: pthread_t[] = [];
    for (let i = 0; i < threads; i++) {
      const chunks = Math.floor(total / threads) + (i < total % threads ? 1 : 0);
      const t = yield* libc.pthread_create(cruncher, { chunks, chunkNs, out });
      if (t < 0) return 1;
      ids.push(t);
    }
    for (const t of ids) yield* libc.pthread_join(t, null);
    out.elapsedNs = (yield* libc.clock_gettime()) - t0;
    return 0;
  };
}

/** CPU counts to sweep: the preset list, or with --cpus N: 1, 2, 4, ... up to N, and N. */
function cpuList(ctx: RunContext, p: ScalingParams): number[] {
  if (ctx.cpus === null) return p.cpus;
  const list: number[] = [];
  for (let c = 1; c < ctx.cpus; c *= 2) list.push(c);
  list.push(ctx.cpus);
  return list;
}

function params(ctx: RunContext): ScalingParams {
  return ctx.quick ? SCALING_PARAMS.quick : SCALING_PARAMS.full;
}

function plan(ctx: RunContext): JobSpec[] {
  const p = params(ctx);
  return ctx.libs.flatMap((lib) => p.threads.flatMap((threads) => cpuList(ctx, p).map((cpus) => ({
    lib, libOptions: {}, seed: ctx.seed, costs: ctx.costs, cpus,
    params: { threads, work_ns: p.workNs, chunk_ns: p.chunkNs },
  }))));
}

function run(job: Job): Row[] {
  const { threads, work_ns: workNs, chunk_ns: chunkNs } = job.params as Record<string, number>;
  const out: Out = { elapsedNs: 0, chunks: 0 };
  const r = runJob(job, scalingProgram(threads, workNs, chunkNs, out));
  const ok = r.outcome === 'exited' && out.chunks * chunkNs === workNs;
  return [{
    ...baseRow(job, r),
    outcome: ok ? 'ok' : `${r.outcome}: ${r.statusText}`,
    elapsed_ns: Math.round(out.elapsedNs),
    throughput: ok ? sig(workNs / out.elapsedNs) : null,
    efficiency: ok ? sig(workNs / out.elapsedNs / Math.min(job.cpus, threads)) : null,
    peak_tasks: r.peakTasks,
  }];
}

const COLUMNS = [
  'library', 'threads', 'work_ns', 'chunk_ns', 'seed', 'costs', 'cpus', 'outcome', 'elapsed_ns', 'throughput',
  'efficiency', 'peak_tasks',
];

function setup(ctx: RunContext): string {
  const p = params(ctx);
  return `N CPU-bound threads, N ∈ ${setText(p.threads)}, share ${p.workNs / 1e6} ms of computation ` +
    `(in ${p.chunkNs / 1e6} ms chunks) on P CPUs, P ∈ ${setText(cpuList(ctx, p))}. Throughput = work ÷ elapsed ` +
    `virtual time, in CPUs' worth (1.0 = one CPU busy all the time); efficiency = throughput ÷ min(N, P). ` +
    `Cost preset ${ctx.costs}; libraries with their default options.`;
}

function reading(rows: Row[], ctx: RunContext, p: ScalingParams): string {
  const libs = libsIn(rows);
  const n = p.threads[p.threads.length - 1];
  const cpus = cpuList(ctx, p);
  const pMax = cpus[cpus.length - 1];
  const parts = libs.map((l) => [l, pick(rows, { library: l, threads: n, cpus: pMax }, 'throughput')] as const)
    .filter((x): x is readonly [string, number] => x[1] !== null);
  let text = `With ${n} threads on ${pMax} CPUs the throughput was ${listText(parts.map(([l, t]) => `${l} ${t.toFixed(2)}`))} CPUs' worth.`;
  const flat = parts.filter(([, t]) => t < 1.1).map(([l]) => l);
  const scaled = parts.filter(([, t]) => t >= 0.9 * Math.min(n, pMax)).map(([l]) => l);
  if (scaled.length) text += ` ${listText(scaled)} kept every CPU busy: the kernel schedules their kernel tasks on all CPUs.`;
  if (flat.length) text += ` ${listText(flat)} stayed at about one CPU: all ${n} threads share a single kernel task.`;
  const rest = parts.filter(([l]) => !flat.includes(l) && !scaled.includes(l));
  for (const [l] of rest) {
    const peak = pick(rows, { library: l, threads: n, cpus: pMax }, 'peak_tasks');
    text += ` ${l} reached part of it with ${peak} kernel tasks at peak.`;
  }
  return text;
}

export const scaling: Experiment = {
  name: 'scaling',
  question: 'How does throughput grow with threads and CPUs?',
  libraries: LIB_ORDER,
  measures: "throughput of N CPU-bound threads on P CPUs, in CPUs' worth of work per unit of time",
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows, ctx) {
    const p = params(ctx);
    const data = rows.filter((r) => r.throughput !== null);
    const cpus = cpuList(ctx, p);
    return {
      reading: reading(rows, ctx, p),
      table: {
        columns: ['library', ...cpus.map((c) => `${p.threads[p.threads.length - 1]} threads, ${c} CPU${c > 1 ? 's' : ''}`)],
        rows: libsIn(rows).map((l) => [l, ...cpus.map((c) => pick(rows, { library: l, threads: p.threads[p.threads.length - 1], cpus: c }, 'throughput') ?? '')]),
      },
      charts: [{
        id: 'scaling-throughput',
        title: "Scaling: throughput (CPUs' worth) by CPU count, one panel per thread count",
        spec: lineStyles(lineChart({
          title: 'throughput by CPUs', data, x: 'cpus', y: 'throughput', xTitle: 'CPUs', yTitle: "throughput (CPUs' worth)",
          column: 'threads', columnTitle: 'CPU-bound threads', colorDomain: libsIn(rows), width: 160, height: 200,
        }), libsIn(rows)),
      }],
    };
  },
};
