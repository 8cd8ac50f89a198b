/**
 * types.ts — what an experiment is made of.
 *
 * An experiment is a question, a parameter sweep and a reading of the results:
 *
 *   plan(ctx)        the jobs: one run of a real Libc program per (library, parameters);
 *                    pure data, so a job can be posted to a worker thread
 *   run(job)         execute one job (runProgram on a fresh kernel) and return its CSV rows;
 *                    deterministic: same job ⇒ same rows, whichever worker runs it
 *   report(rows,ctx) charts, the summary table and the reading, computed from the rows
 *
 * The sweep (../sweep.ts) runs the jobs in parallel and sorts the rows by job index, so the
 * CSV does not depend on worker scheduling. Every row carries library, parameters, seed, cost
 * preset and CPU count (`baseRow` in common.ts).
 */

import type { ChartOut } from '../report/types.js';

export type Value = number | string | boolean;
export type Params = Record<string, Value>;
export type Row = Record<string, Value | null>;

/** What the command line chose for a run of one or more experiments. */
export interface RunContext {
  /** Libraries to run, in registry order (already filtered by --libs). */
  libs: string[];
  quick: boolean;
  seed: number;
  /** Cost preset name or JSON file (as given to --costs). */
  costs: string;
  /** --cpus: overrides each experiment's default CPU count (scaling: the largest P). */
  cpus: number | null;
}

/** One run: pure data (structured-cloneable), executed by Experiment.run. */
export interface Job {
  /** Position in the whole sweep; rows are sorted by it. */
  index: number;
  experiment: string;
  lib: string;
  /** Library options (NGPT natives, I/O wrapping ...). */
  libOptions: Params;
  params: Params;
  seed: number;
  costs: string;
  cpus: number;
}

/** A job before the sweep numbers it. */
export type JobSpec = Omit<Job, 'index' | 'experiment'>;

/** What report() adds to the rows. */
export interface ExperimentReport {
  reading: string;
  charts: ChartOut[];
  table?: { columns: string[]; rows: (string | number)[][] };
  notes?: string[];
}

/** Parameter values for full runs and for --quick, shown in the report's setup text. */
export interface ParamSets<P> {
  full: P;
  quick: P;
}

export interface Experiment {
  name: string;
  /** The question, as in DESIGN.md section 7. */
  question: string;
  /** The libraries it is designed to compare (intersected with --libs and the registry). */
  libraries: readonly string[];
  /** What one row measures, in a sentence. */
  measures: string;
  /** CSV columns, in order. */
  columns: readonly string[];
  /** Setup text for the report, from the parameters actually used. */
  setup(ctx: RunContext): string;
  plan(ctx: RunContext): JobSpec[];
  run(job: Job): Row[];
  report(rows: Row[], ctx: RunContext): ExperimentReport;
}
