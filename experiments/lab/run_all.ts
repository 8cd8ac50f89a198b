/**
 * run_all.ts — run several experiments as one sweep and assemble the report.
 *
 * Steps: choose the libraries (registered ∩ --libs ∩ what the experiment is designed for),
 * plan every experiment's jobs, number them, run the whole list in parallel (../sweep.ts),
 * put each job's rows back in job order, and let each experiment compute its charts, table
 * and reading from its rows; then run one representative job of each again, in this thread,
 * for its timeline (timelines.ts). The result is a RunReport for report/writeReport.
 */

import { loadCostModel } from '../../kernel/index.js';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import type { ExperimentOut, RunReport } from '../report/types.js';
import { runSweep, type SweepOptions } from '../sweep.js';
import { ExperimentOptionError, resolveExperiments } from './registry.js';
import { experimentTimeline } from './timelines.js';
import type { Experiment, Job, Row, RunContext } from './types.js';

export interface ExperimentRunOptions {
  /** Experiment names, or ['all']. */
  names: string[];
  /** --libs; default: every registered library. */
  libs?: string[] | null;
  quick?: boolean;
  seed?: number;
  costs?: string;
  cpus?: number | null;
  /** Worker threads (see sweep.ts); 0 = in-process. */
  workers?: number;
  onProgress?: SweepOptions['onProgress'];
  onNote?: SweepOptions['onNote'];
  /** Take one representative run's timeline per experiment (default false; the CLI asks for them). */
  timelines?: boolean;
}

export interface ExperimentRun {
  report: RunReport;
  jobs: number;
  /** Host milliseconds spent simulating (not rendering). */
  simMs: number;
}

export { ExperimentOptionError } from './registry.js';

/** Check --libs against the registry; return the libraries to use, in registry order. */
export function chooseLibraries(libs: string[] | null | undefined): string[] {
  const known = libraryNames();
  if (!libs || libs.length === 0) return known;
  for (const l of libs) {
    if (!known.includes(l)) throw new ExperimentOptionError(`unknown library '${l}' (known: ${known.join(', ') || 'none registered'})`);
  }
  return known.filter((l) => libs.includes(l));
}

function contextFor(e: Experiment, libs: string[], o: ExperimentRunOptions): RunContext {
  return {
    libs: libs.filter((l) => e.libraries.includes(l)),
    quick: o.quick ?? false,
    seed: o.seed ?? 1,
    costs: o.costs ?? 'modern-x86',
    cpus: o.cpus ?? null,
  };
}

function validate(o: ExperimentRunOptions): void {
  if (o.seed !== undefined && (!Number.isSafeInteger(o.seed) || o.seed < 0)) throw new ExperimentOptionError(`--seed must be a non-negative integer (got ${o.seed})`);
  if (o.cpus !== undefined && o.cpus !== null && (!Number.isInteger(o.cpus) || o.cpus < 1 || o.cpus > 64)) {
    throw new ExperimentOptionError(`--cpus must be an integer from 1 to 64 (got ${o.cpus})`);
  }
  try {
    loadCostModel(o.costs ?? 'modern-x86');
  } catch (e) {
    throw new ExperimentOptionError((e as Error).message);
  }
}

/** Run the named experiments and build the report (nothing is written here). */
export async function runExperiments(o: ExperimentRunOptions): Promise<ExperimentRun> {
  validate(o);
  const exps = resolveExperiments(o.names);
  const libs = chooseLibraries(o.libs);
  const ctxs = exps.map((e) => contextFor(e, libs, o));
  const jobs: Job[] = [];
  exps.forEach((e, i) => {
    if (ctxs[i].libs.length === 0) throw new ExperimentOptionError(`experiment '${e.name}' has no library to run on (it runs on ${e.libraries.join(', ')}; chosen: ${libs.join(', ') || 'none'})`);
    for (const spec of e.plan(ctxs[i])) jobs.push({ ...spec, index: jobs.length, experiment: e.name });
  });
  const t0 = performance.now();
  const results = await runSweep(jobs, { workers: o.workers, onProgress: o.onProgress, onNote: o.onNote });
  const simMs = performance.now() - t0;
  const outs = exps.map((e, i) => {
    const mine = jobs.filter((j) => j.experiment === e.name);
    const out = experimentOut(e, mine.flatMap((j) => results[j.index]), ctxs[i]);
    const tl = o.timelines === true ? experimentTimeline(e, mine) : null;
    return tl ? { ...out, timeline: tl } : out;
  });
  return { report: { title: 'threadlab experiments', meta: meta(o, libs), experiments: outs }, jobs: jobs.length, simMs };
}

function experimentOut(e: Experiment, rows: Row[], ctx: RunContext): ExperimentOut {
  const r = e.report(rows, ctx);
  return {
    name: e.name, question: e.question, setup: `${e.setup(ctx)}\n\nMeasured: ${e.measures}.`, reading: r.reading,
    columns: [...e.columns], rows, charts: r.charts, table: r.table, notes: r.notes,
  };
}

function meta(o: ExperimentRunOptions, libs: string[]): Record<string, string | number> {
  return {
    seed: o.seed ?? 1,
    'cost preset': o.costs ?? 'modern-x86',
    cpus: o.cpus ?? 'each experiment\'s default (see the CSV column cpus)',
    libraries: libs.join(', '),
    mode: o.quick ? 'quick (small parameters)' : 'full',
  };
}
