/**
 * alloc.ts — host bytes the simulator allocates per pthread_create + pthread_join, on each
 * library: `node dist/bench/alloc.js [lib ...] [--count N]` (not a tinybench suite: it counts,
 * it does not time). For speed work, beside bench/fingerprint.ts (which shows that nothing
 * simulated changed) and an instruction count (`valgrind --tool=callgrind node --predictable
 * …` on two loop lengths, the difference divided by the difference of the counts).
 *
 * How: the script re-runs itself under a young generation too large to be collected during a
 * run (--min/--max-semi-space-size), so the heap's growth over a run is what the run allocated.
 * After a warm-up run, it measures a loop of N/2 and of N create+join and prints the
 * difference per create+join — start-up and JIT compilation cancel out. A collection during
 * a measured run would hide what it freed: the script watches for one (perf_hooks 'gc'
 * entries) and says so.
 */

import { spawnSync } from 'node:child_process';
import { PerformanceObserver, performance, constants } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runProgram } from '../experiments/runner.js';
import '../libs/all.js';
import { createJoin } from './create_join.js';

const SEMI_SPACE_MB = 1024;

/** A library's figure and the spans (performance.now) of its measured runs. */
interface Row {
  lib: string;
  bytes: number;
  runs: [number, number][];
}

/** Heap growth over one run of n create+join on lib (after a full collection). */
function heapGrowth(lib: string, n: number, runs: [number, number][] | null): number {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const r = runProgram({ program: createJoin(n), lib, name: 'alloc' });
  runs?.push([t0, performance.now()]);
  if (r.exitCode !== 0) throw new Error(`alloc bench on ${lib}: ${r.statusText}`);
  return process.memoryUsage().heapUsed - before;
}

/** Bytes allocated per create+join on lib: the difference of a run of n and one of n/2. */
function measure(lib: string, n: number): Row {
  heapGrowth(lib, Math.min(n, 2000), null); // warm-up: compile the hot paths
  const runs: [number, number][] = [];
  const half = heapGrowth(lib, n / 2, runs);
  const full = heapGrowth(lib, n, runs);
  return { lib, bytes: (full - half) / (n / 2), runs };
}

function main(argv: string[]): void {
  const ci = argv.indexOf('--count');
  const count = ci >= 0 ? Number(argv[ci + 1]) : 20_000;
  const libs = argv.filter((a, i) => !a.startsWith('--') && (ci < 0 || i !== ci + 1));
  if (!Number.isInteger(count) || count < 2 || count % 2 !== 0) {
    console.error('alloc: --count must be an even integer ≥ 2');
    process.exit(2);
  }
  if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
    const flags = ['--expose-gc', `--min-semi-space-size=${SEMI_SPACE_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];
    const r = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  // Collections other than the explicit gc() calls: one inside a measured run spoils it.
  const collections: number[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const flags = (e as { detail?: { flags?: number } }).detail?.flags ?? 0;
      if ((flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) === 0) collections.push(e.startTime);
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const rows = (libs.length > 0 ? libs : ['nptl', 'linuxthreads', 'ngpt', 'green']).map((lib) => measure(lib, count));
  // The observer's entries arrive later, from a timer: judge the runs once they are in.
  setTimeout(() => {
    obs.disconnect();
    console.log(`| library | host bytes allocated / create+join (${count.toLocaleString('en-US')} vs ${(count / 2).toLocaleString('en-US')}) |`);
    console.log('|---|---:|');
    for (const r of rows) {
      const spoiled = collections.some((t) => r.runs.some(([a, b]) => t >= a && t <= b));
      console.log(`| ${r.lib} | ${spoiled ? 'n/a (a collection ran during a run: use a smaller --count)' : r.bytes.toFixed(0)} |`);
    }
  }, 200);
}

if (process.argv[1] && /alloc\.[jt]s$/.test(process.argv[1])) main(process.argv.slice(2));
