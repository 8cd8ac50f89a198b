/**
 * live.bench.ts — the kernel's scale: 100,000 NPTL threads alive at once in one process, each
 * sleeping (10 s of virtual time, so every one is created before the first wakes), then all
 * joined in creation order. Targets: under 3 s of host time per run, and under 1 KB of host
 * memory per simulated task beyond its stack (measured on bare kernel tasks: below).
 *
 * The run needs pid_max and threads-max above Linux's defaults (both 32,768): pid_max goes to
 * 4,194,304 (the 64-bit PID_MAX_LIMIT), threads-max to 2^22. Stacks are 16 KiB
 * (pthread_attr_setstacksize): the default 8 MiB would exhaust a 32-bit address space after
 * about 380 threads, as on i386.
 *
 * Reported: host seconds per run (tinybench: whole runs after a warm-up; mean and best, the
 * machine may be shared), CPU seconds of this process per run, and the heap in use with every
 * thread alive (measured inside the program after a full GC) minus the heap before the run,
 * per thread. That figure includes each thread's stack as the simulator holds it — its chain
 * of suspended generators (program, start_thread, sleep, nanosleep, the system-call stub) —
 * and NPTL's descriptor, which glibc keeps at the top of the stack. The kernel's own share is
 * measured apart: the same count of bare CLONE_THREAD tasks, each a single generator asleep in
 * nanosleep (task_struct, its list links, the pid hash, sigpending, the sleep's timer).
 *
 * Environment: THREADLAB_BENCH_LIVE=<n> changes the count (default 100,000).
 */

import { Bench } from 'tinybench';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runProgram } from '../experiments/runner.js';
import type { Libc } from '../libs/api.js';
import {
  Kernel, PRESETS, PID_MAX_LIMIT, spawnProgram, sys, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD,
} from '../kernel/index.js';
import '../libs/all.js';

const TARGET_S = 3;
const TARGET_BYTES = 1024;
const STACK = 16384;
const RAW_THREAD = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function* sleeper(libc: Libc, i: number): Generator<any, number, any> {
  yield* libc.sleep(10);
  return i;
}

function livePrograms(n: number, probe: { heap: number }) {
  return function* (libc: Libc): Generator<any, number, any> {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = yield* libc.pthread_create(sleeper, i, { stacksize: STACK });
      if (t < 0) return 1;
      ids.push(t);
    }
    yield* libc.usleep(1000); // the last ones have started and sleep too
    if (probe.heap < 0) { gc(); probe.heap = process.memoryUsage().heapUsed; }
    for (const t of ids) if ((yield* libc.pthread_join(t)) !== 0) return 2;
    return 0;
  };
}

export interface LiveBenchResult {
  count: number;
  hostSeconds: number;
  bestSeconds: number;
  cpuSeconds: number;
  bytesPerThread: number;
  virtualSeconds: number;
  peakTasks: number;
}

/** Measure `count` live threads (tinybench: `iterations` timed runs after one warm-up). */
export async function measureLive(count = 100_000, iterations = 3): Promise<LiveBenchResult> {
  const cpu: number[] = [];
  let bytes = 0;
  let last: ReturnType<typeof runProgram> | null = null;
  const bench = new Bench({ name: `${count} live NPTL threads`, iterations, warmupIterations: 1, time: 0, warmupTime: 0 });
  bench.add('live', () => {
    const probe = { heap: -1 };
    gc();
    const before = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    last = runProgram({ program: livePrograms(count, probe), lib: 'nptl', name: 'live', kernel: { pidMax: PID_MAX_LIMIT, threadsMax: 1 << 22 } });
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    if (last.exitCode !== 0) throw new Error(`live bench: ${last.statusText}`);
    bytes = (probe.heap - before) / count;
  });
  await bench.run();
  const res = bench.tasks[0].result;
  if (res.state !== 'completed') throw new Error(`bench ${bench.name}: ${res.state}`);
  const r = last as ReturnType<typeof runProgram> | null;
  if (r === null) throw new Error('live bench did not run');
  const timed = cpu.slice(cpu.length - iterations);
  return {
    count, hostSeconds: res.latency.mean / 1000, bestSeconds: res.latency.min / 1000,
    cpuSeconds: Math.min(...timed), bytesPerThread: bytes, virtualSeconds: r.virtualNs / 1e9, peakTasks: r.peakTasks,
  };
}

/**
 * The kernel's own share: the same count of raw CLONE_THREAD tasks (no thread library), each
 * one generator sleeping in nanosleep; heap per task with all alive, after a full GC.
 */
export function kernelBytesPerTask(count: number): number {
  let heap = -1;
  function* rawSleeper(): Generator<any, number, any> {
    yield sys.nanosleep(10e9);
    return 0;
  }
  function* rawMain(): Generator<any, number, any> {
    for (let i = 0; i < count; i++) {
      if (((yield sys.clone({ flags: RAW_THREAD, fn: rawSleeper, arg: 0 })) as number) < 0) return 1;
    }
    yield sys.nanosleep(1e6);
    gc();
    heap = process.memoryUsage().heapUsed;
    return 0;
  }
  const k = new Kernel({ costs: PRESETS['modern-x86'], pidMax: PID_MAX_LIMIT, threadsMax: 1 << 22, check: false });
  gc();
  const before = process.memoryUsage().heapUsed;
  const h = spawnProgram(k, rawMain, null, 'raw');
  k.run();
  if (!h.done || heap < 0) throw new Error('live bench: the raw-task run did not finish');
  return (heap - before) / count;
}

/** The `npm run bench` section. */
export async function liveBench(count = Number(process.env['THREADLAB_BENCH_LIVE'] ?? 100_000)): Promise<void> {
  const r = await measureLive(count);
  const kernelBytes = kernelBytesPerTask(count);
  const full = count === 100_000;
  const verdict = (ok: boolean, what: string) => (full ? `${what}: ${ok ? 'met' : 'MISSED'}` : 'n/a');
  console.log(`\n## ${count.toLocaleString('en-US')} live NPTL threads: each sleeps 10 s, then all are joined (1 CPU, modern-x86, 16 KiB stacks, pid_max ${PID_MAX_LIMIT})\n`);
  console.log('| host s / run (mean) | host s (best) | CPU s (best) | heap / NPTL thread | heap / raw kernel task | virtual s | tasks alive at peak | target host s | target kernel B / task |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---|---|');
  console.log(`| ${r.hostSeconds.toFixed(2)} | ${r.bestSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.bytesPerThread.toFixed(0)} B | ${kernelBytes.toFixed(0)} B | ${r.virtualSeconds.toFixed(3)} | ${r.peakTasks} | ${verdict(r.bestSeconds < TARGET_S, `< ${TARGET_S} s`)} | ${verdict(kernelBytes < TARGET_BYTES, `< ${TARGET_BYTES} B`)} |`);
  console.log('\nheap / NPTL thread: the whole of it — task_struct and the kernel\'s lists, NPTL\'s descriptor, and the thread\'s stack as the simulator keeps it (its chain of suspended generators). heap / raw kernel task: the same count of bare CLONE_THREAD tasks, one generator each — the kernel\'s share.');
}
