/**
 * index.ts — `npm run bench`: the simulator's own benchmarks (host time and memory).
 *
 * Each suite is a module `bench/<name>.bench.ts` exporting an async function that measures
 * (with tinybench) and prints its own Markdown table; register it in SUITES below. Run all
 * suites with `npm run bench`, or some with `npm run bench -- engine create`.
 */

import { engineBench } from './engine.bench.js';
import { uthreadsBench } from './uthreads.bench.js';
import { createBench } from './create.bench.js';
import { exploreBench } from './explore.bench.js';
import { cBench } from './c.bench.js';
import { liveBench } from './live.bench.js';
import { cStormBench } from './c_storm.bench.js';

const SUITES: Record<string, () => Promise<unknown>> = {
  engine: () => engineBench(),
  uthreads: () => uthreadsBench(),
  create: () => createBench(),
  explore: () => exploreBench(),
  c: () => cBench(),
  live: () => liveBench(),
  cstorm: () => cStormBench(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')})`);
  process.exit(2);
}
for (const [name, run] of Object.entries(SUITES)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
