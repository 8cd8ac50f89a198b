/**
 * create.bench.ts — the simulator's thread-creation speed: 100,000 pthread_create +
 * pthread_join in one run, under NPTL and under LinuxThreads, in host seconds. Target: under
 * 1 s for each.
 *
 * The program creates a thread, joins it, and repeats: every iteration is one clone, one
 * exit, and (when the thread has not finished yet) one futex wait, plus the scheduler's
 * switches — the hot path of the create experiment. Reported: host seconds per run (tinybench,
 * a few whole runs after a warm-up), the process's CPU seconds per run (on a busy host the
 * wall time includes waiting for a core; CPU time is what an idle host would show), host ns
 * per create+join, engine steps per second, and the virtual time the simulated machine spent.
 *
 * Environment: THREADLAB_BENCH_CREATE=<n> changes the count (default 100,000).
 */

import { Bench } from 'tinybench';
import { runProgram, type RunResult } from '../experiments/runner.js';
import '../libs/all.js';
import { createJoin } from './create_join.js';

const TARGET_S = 1;

export interface CreateBenchResult {
  lib: string;
  count: number;
  hostSeconds: number;
  /** CPU seconds of this process per run (user + system): what the wall time is on an idle host. */
  cpuSeconds: number;
  hostNsPerCreate: number;
  eventsPerSecond: number;
  virtualSeconds: number;
  syscalls: number;
}

/** Measure `count` create+join on `lib` (tinybench: `iterations` timed runs after one warm-up). */
export async function measureCreate(lib = 'nptl', count = 100_000, iterations = 3): Promise<CreateBenchResult> {
  let last: RunResult | null = null;
  const cpu: number[] = [];
  const program = createJoin(count);
  const bench = new Bench({ name: `${count} pthread_create + pthread_join (${lib})`, iterations, warmupIterations: 1, time: 0, warmupTime: 0 });
  bench.add(lib, () => {
    const c0 = process.cpuUsage();
    last = runProgram({ program, lib, name: 'create' });
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    if (last.exitCode !== 0) throw new Error(`create bench on ${lib}: ${last.statusText}`);
  });
  await bench.run();
  const res = bench.tasks[0].result;
  if (res.state !== 'completed') throw new Error(`bench ${bench.name}: ${res.state}`);
  const r = last as RunResult | null;
  if (r === null) throw new Error('create bench did not run');
  const hostSeconds = res.latency.mean / 1000;
  const timed = cpu.slice(cpu.length - iterations);
  const cpuSeconds = timed.reduce((a, b) => a + b, 0) / timed.length;
  return {
    lib, count, hostSeconds, cpuSeconds, hostNsPerCreate: (hostSeconds * 1e9) / count,
    eventsPerSecond: r.engineSteps / hostSeconds, virtualSeconds: r.virtualNs / 1e9, syscalls: r.syscallTotal,
  };
}

/**
 * The `npm run bench` section: NPTL, and LinuxThreads (its manager round trip, pipe, poll and
 * restart signal: 21 system calls per create+join), each with the same target.
 */
export async function createBench(count = Number(process.env['THREADLAB_BENCH_CREATE'] ?? 100_000)): Promise<void> {
  console.log(`\n## ${count.toLocaleString('en-US')} × pthread_create + pthread_join (NPTL and LinuxThreads, 1 CPU, modern-x86)\n`);
  console.log('| library | host s / run | CPU s / run | host ns / create+join | engine steps / s | virtual s | system calls | target (host s) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const lib of ['nptl', 'linuxthreads']) {
    const r = await measureCreate(lib, count);
    const verdict = count === 100_000 ? (r.hostSeconds < TARGET_S ? `< ${TARGET_S} s: met` : `< ${TARGET_S} s: MISSED`) : 'n/a';
    console.log(`| ${r.lib} | ${r.hostSeconds.toFixed(3)} | ${r.cpuSeconds.toFixed(3)} | ${r.hostNsPerCreate.toFixed(0)} | ${(r.eventsPerSecond / 1e6).toFixed(2)} M | ${r.virtualSeconds.toFixed(3)} | ${r.syscalls} | ${verdict} |`);
  }
  await perLibrary(Math.min(count, 10_000));
}

/**
 * The same loop on every library, smaller: what one create+join costs the *simulated* machine
 * (virtual µs and system calls per thread) and the simulator (host µs). LinuxThreads pays a
 * pipe write, a manager wake-up and a restart signal per creation; M:N and M:1 make none.
 */
async function perLibrary(count: number): Promise<void> {
  console.log(`\n## ${count.toLocaleString('en-US')} × create + join on every library (1 CPU, modern-x86)\n`);
  console.log('| library | virtual µs / create+join | system calls / create+join | host µs / create+join |');
  console.log('|---|---:|---:|---:|');
  for (const lib of ['nptl', 'linuxthreads', 'ngpt', 'green']) {
    const r = await measureCreate(lib, count, 1);
    console.log(`| ${lib} | ${((r.virtualSeconds * 1e6) / count).toFixed(2)} | ${(r.syscalls / count).toFixed(2)} | ${(r.hostNsPerCreate / 1000).toFixed(2)} |`);
  }
}
