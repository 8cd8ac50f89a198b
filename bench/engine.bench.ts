/**
 * engine.bench.ts — the raw speed of the kernel's event loop, with no thread library on top.
 *
 * Workload: two raw tasks (a process and one CLONE_THREAD thread, so switches stay within one
 * mm) on one CPU, each doing `rounds` × { compute(1 µs); sched_yield() }. No pipes, no futex,
 * no signals: only CPU bursts, a system call, and a context switch per round per task — the
 * inner loop of entry.ts (cpuRun/step/enterSyscall), sched.ts (pickNext/contextSwitch/yield)
 * and sim/engine.ts (tryAdvance) that every experiment runs through.
 *
 * Two counts of "events", both per host second (target: ≥ 5 M/s on the 2-core reference host):
 *  - engine steps: `k.engine.steps`, every clock advance — events dispatched from the heap plus
 *    inline advances (a burst chunk, a system call's cost, a context switch's cost);
 *  - requests: every request a task yielded to the kernel — `k.syscallCount` (all system calls,
 *    the shell's and init's included) plus the CPU bursts the two tasks asked for.
 * Host time is tinybench's per-run latency (whole runs after one warm-up run); memory is the
 * heap in use right after a run and the process's peak RSS (both cheap to read, both rough).
 *
 * Environment: THREADLAB_BENCH_ENGINE=<rounds> changes the rounds per task (default 200,000).
 */

import { Bench } from 'tinybench';
import {
  Kernel, PRESETS, spawnProgram, sys, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD,
} from '../kernel/index.js';

const TARGET_EVENTS_PER_S = 5e6;
const BURST_NS = 1000;
const THREAD = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;

interface Counter { bursts: number }

function* player(a: { rounds: number; c: Counter }): Generator<any, number, any> {
  for (let i = 0; i < a.rounds; i++) {
    a.c.bursts++;
    yield sys.compute(BURST_NS);
    yield sys.sched_yield();
  }
  return 0;
}

/** The leader starts its partner and plays; it may exit first (its thread ends the process). */
function* pingpongMain(a: { rounds: number; c: Counter }): Generator<any, number, any> {
  const tid = (yield sys.clone({ flags: THREAD, fn: player, arg: a })) as number;
  if (tid < 0) return 1;
  return yield* player(a);
}

export interface EngineRun {
  steps: number;
  requests: number;
  syscalls: number;
  bursts: number;
  switches: number;
  virtualNs: number;
}

/** One whole run: boot a kernel, run the ping-pong to the end, return its counters. */
export function runPingpong(rounds: number): EngineRun {
  const k = new Kernel({ costs: PRESETS['modern-x86'], cpus: 1, seed: 1 });
  const arg = { rounds, c: { bursts: 0 } };
  const h = spawnProgram(k, pingpongMain, arg, 'pingpong');
  k.run();
  if (!h.done || h.status !== 0) throw new Error(`engine bench: the ping-pong did not finish cleanly (status ${h.status})`);
  const bursts = arg.c.bursts;
  return {
    steps: k.engine.steps, requests: k.syscallCount + bursts, syscalls: k.syscallCount, bursts,
    switches: k.contextSwitches, virtualNs: k.now,
  };
}

export interface EngineBenchResult {
  rounds: number;
  run: EngineRun;
  meanS: number;
  bestS: number;
  stepsPerS: number;
  requestsPerS: number;
  bestStepsPerS: number;
  bestRequestsPerS: number;
  heapMB: number;
  maxRssMB: number;
}

/** Time `iterations` whole runs (after one warm-up run) and derive the rates. */
export async function measureEngine(rounds = 200_000, iterations = 5): Promise<EngineBenchResult> {
  let run: EngineRun | null = null;
  let heap = 0;
  const bench = new Bench({ name: 'engine ping-pong', iterations, warmupIterations: 1, time: 0, warmupTime: 0 });
  bench.add('engine', () => {
    run = runPingpong(rounds);
    heap = process.memoryUsage().heapUsed;
  });
  await bench.run();
  const res = bench.tasks[0].result;
  if (res.state !== 'completed') throw new Error(`bench ${bench.name}: ${res.state}`);
  const r = run as EngineRun | null;
  if (r === null) throw new Error('engine bench did not run');
  const meanS = res.latency.mean / 1000;
  const bestS = res.latency.min / 1000;
  return {
    rounds, run: r, meanS, bestS,
    stepsPerS: r.steps / meanS, requestsPerS: r.requests / meanS,
    bestStepsPerS: r.steps / bestS, bestRequestsPerS: r.requests / bestS,
    heapMB: heap / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

const M = (x: number): string => `${(x / 1e6).toFixed(2)} M`;
const verdict = (x: number): string => (x >= TARGET_EVENTS_PER_S ? 'met' : 'MISSED');

/** The `npm run bench` section. */
export async function engineBench(rounds = Number(process.env['THREADLAB_BENCH_ENGINE'] ?? 200_000)): Promise<EngineBenchResult> {
  const r = await measureEngine(rounds);
  const x = r.run;
  console.log(`\n## engine: raw two-task ping-pong, ${rounds.toLocaleString('en-US')} × (compute ${BURST_NS} ns + sched_yield) per task (1 CPU, modern-x86)\n`);
  console.log(`per run: ${x.steps} engine steps, ${x.requests} requests (${x.syscalls} system calls + ${x.bursts} bursts), ${x.switches} context switches, ${(x.virtualNs / 1e6).toFixed(1)} virtual ms`);
  console.log(`host: ${(r.meanS * 1000).toFixed(1)} ms mean, ${(r.bestS * 1000).toFixed(1)} ms best per run (${(x.virtualNs / 1e9 / r.meanS).toFixed(2)} virtual s per host s); heap after a run ${r.heapMB.toFixed(1)} MB, peak RSS ${r.maxRssMB.toFixed(0)} MB\n`);
  console.log('| events | per run | per host s (mean run) | per host s (best run) | target ≥ 5 M/s |');
  console.log('|---|---:|---:|---:|---|');
  console.log(`| engine steps (k.engine.steps) | ${x.steps} | ${M(r.stepsPerS)} | ${M(r.bestStepsPerS)} | ${verdict(r.stepsPerS)} |`);
  console.log(`| requests (system calls + bursts) | ${x.requests} | ${M(r.requestsPerS)} | ${M(r.bestRequestsPerS)} | ${verdict(r.requestsPerS)} |`);
  return r;
}
