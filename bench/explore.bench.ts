/**
 * explore.bench.ts — how many perturbed runs per host second `threadlab explore` does on
 * examples/hello.ts (NPTL, 1 CPU). Target: at least 200 runs/s on the 2-core reference host.
 *
 * Each timed iteration is one whole exploration as the command does it — load the program,
 * measure k, start the worker threads (2, and 0 = in-process for comparison), run the seeds,
 * group the outcomes — so worker start-up is included. tinybench times a few iterations after
 * a warm-up; the table gives the best and the mean (the host is shared: the best is the
 * nearest to an idle machine).
 *
 * Environment: THREADLAB_BENCH_EXPLORE=<runs> changes the runs per iteration (default 1000).
 */

import { Bench } from 'tinybench';
import { explore } from '../experiments/explore.js';

const TARGET = 200;
const FILE = 'examples/hello.ts';

export interface ExploreBenchRow { workers: number; runs: number; outcomes: number; bestS: number; meanS: number; bestRate: number; meanRate: number }

async function once(runs: number, workers: number): Promise<number> {
  const x = await explore({
    file: FILE, args: [], libs: ['nptl'], runs, firstSeed: 1, depth: 3, until: null, cpus: 1, seed: 1, costs: 'modern-x86',
    libOpt: {}, check: false, jobs: workers, hostSeconds: 120, memoryMb: 2048,
  });
  if (x.libs[0].runs !== runs) throw new Error(`explore bench: ${x.libs[0].runs} of ${runs} runs counted`);
  return x.libs[0].outcomes.length;
}

/** Time explorations of `runs` seeds with each worker count. */
export async function measureExplore(runs = 1000, workerCounts = [0, 2], iterations = 3): Promise<ExploreBenchRow[]> {
  const rows: ExploreBenchRow[] = [];
  for (const workers of workerCounts) {
    let outcomes = 0;
    const bench = new Bench({ name: `explore ${FILE}`, iterations, warmupIterations: 1, time: 0, warmupTime: 0 });
    bench.add(`${workers}`, async () => { outcomes = await once(runs, workers); });
    await bench.run();
    const r = bench.tasks[0].result;
    if (r.state !== 'completed') throw new Error(`bench ${bench.name}: ${r.state}`);
    const bestS = r.latency.min / 1000;
    const meanS = r.latency.mean / 1000;
    rows.push({ workers, runs, outcomes, bestS, meanS, bestRate: runs / bestS, meanRate: runs / meanS });
  }
  return rows;
}

/** The `npm run bench` section. */
export async function exploreBench(runs = Number(process.env['THREADLAB_BENCH_EXPLORE'] ?? 1000)): Promise<ExploreBenchRow[]> {
  const rows = await measureExplore(runs);
  console.log(`\n## explore: perturbed runs per host second, ${FILE} on NPTL (1 CPU), ${runs} schedule seeds per exploration\n`);
  console.log('Whole explorations (program load, k, worker start-up, runs, grouping); best and mean of 3 after a warm-up. The host is shared: the best is the figure to quote.\n');
  console.log('| worker threads | outcomes | best s | runs/s (best) | runs/s (mean) | target ≥ 200 runs/s (2 workers) |');
  console.log('|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const verdict = r.workers === 2 ? (r.bestRate >= TARGET ? 'met' : 'MISSED') : '';
    console.log(`| ${r.workers === 0 ? '0 (in-process)' : r.workers} | ${r.outcomes} | ${r.bestS.toFixed(2)} | ${r.bestRate.toFixed(0)} | ${r.meanRate.toFixed(0)} | ${verdict} |`);
  }
  return rows;
}
