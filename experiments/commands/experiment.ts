/**
 * experiment.ts — `threadlab experiment <name...|all> [--libs a,b] [--out DIR] [--quick]
 * [--seed S] [--cpus N] [--costs P] [--jobs N]`.
 *
 * Runs the experiments (lab/run_all.ts), then writes the report directory with writeReport:
 * one CSV per experiment, each chart as Vega-Lite spec + SVG + PNG, index.md and a
 * self-contained index.html. Every file is written atomically (temporary file + rename), and
 * nothing is written before all simulation is done, so an interrupted run leaves no
 * half-written CSV. Default directory: reports/<name> for one experiment, reports/<timestamp>
 * for several. A progress bar goes to stderr when stderr is a terminal.
 *
 * Registers itself with the CLI (registry.ts) and registers every experiment for `threadlab list`.
 */

import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_PRESET } from '../../kernel/index.js';
import { OutputDirError } from '../report/atomic.js';
import { EXPERIMENTS, ExperimentOptionError, UnknownExperimentError, experimentNames } from '../lab/registry.js';
import type { Job } from '../lab/types.js';
import { JobError, describeJob } from '../sweep.js';
import { parseCpus, parseSeed } from './options.js';
import { CliError, registerCommand, registerExperiment, type Io } from './registry.js';

export interface ExperimentCliOptions {
  libs?: string;
  out?: string;
  quick?: boolean;
  seed?: number;
  cpus?: number;
  costs?: string;
  jobs?: number;
  /** --no-timelines sets this false. */
  timelines?: boolean;
}

function parseJobs(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 256) throw new InvalidArgumentError('must be an integer from 0 to 256 (0 = no worker threads).');
  return Number(v);
}

/** reports/<name> for one experiment, reports/<UTC timestamp> for several. */
export function defaultOutDir(names: string[], now = new Date()): string {
  if (names.length === 1 && names[0] !== 'all') return join('reports', names[0]);
  return join('reports', now.toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-'));
}

/** A one-line progress bar redrawn in place on stderr; only when stderr is a terminal. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: undefined, clear: () => {} };
  const width = 28;
  return {
    update: (done: number, total: number, job: Job) => {
      const filled = Math.round((done / total) * width);
      const label = describeJob(job).slice(0, Math.max(10, (stream.columns ?? 80) - width - 16));
      stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`);
    },
    clear: () => { stream.write('\r\x1b[K'); },
  };
}

/** The command's work: run, write the report, print a summary. Returns the directory and files. */
export async function experimentAction(names: string[], o: ExperimentCliOptions, io: Io): Promise<{ dir: string; files: string[] }> {
  // The runner and the report writer bring Vega and Vega-Lite (about a second to load): only here.
  const [{ runExperiments }, { writeReport }] = await Promise.all([import('../lab/run_all.js'), import('../report/index.js')]);
  const bar = progressBar();
  const t0 = performance.now();
  let run;
  try {
    run = await runExperiments({
      names,
      libs: o.libs ? o.libs.split(',').map((s) => s.trim()).filter(Boolean) : null,
      quick: o.quick ?? false, seed: o.seed, cpus: o.cpus ?? null, costs: o.costs, workers: o.jobs, timelines: o.timelines ?? true,
      onProgress: bar.update,
      onNote: (m) => { bar.clear(); io.err(`${m}\n`); },
    });
  } finally {
    bar.clear();
  }
  const dir = o.out ?? defaultOutDir(names);
  const written = await writeReport(dir, run.report);
  for (const w of written.warnings) io.err(`warning: ${w}\n`);
  const total = (performance.now() - t0) / 1000;
  io.out(`${run.report.experiments.map((e) => e.name).join(', ')}: ${run.jobs} runs simulated in ${(run.simMs / 1000).toFixed(1)} s, ` +
    `charts ${(written.chartMs / 1000).toFixed(1)} s, total ${total.toFixed(1)} s\n` +
    `wrote ${written.files.length} files to ${dir}/ (report: ${join(dir, 'index.html')})\n`);
  return { dir, files: written.files };
}

/** Errors a user can cause become CliError (one line, status 2); a failing job, status 1. */
export function toCliError(e: unknown): unknown {
  if (e instanceof UnknownExperimentError || e instanceof ExperimentOptionError || e instanceof OutputDirError) return new CliError(e.message, 2);
  if (e instanceof JobError) return new CliError(`a run failed: ${e.message.split('\n')[0]}`, 1);
  return e;
}

/** Add `experiment` to the threadlab program. */
export function experimentCommand(program: Command, io: Io): Command {
  return program
    .command('experiment')
    .description(`run experiments and write CSV, charts and a report (${experimentNames().join(', ')}, or all)`)
    .argument('<names...>', 'experiment names, or all')
    .option('--libs <list>', 'comma-separated libraries (default: every registered one)')
    .option('--out <dir>', 'output directory (default: reports/<name>, or reports/<timestamp> for several)')
    .option('--quick', 'small parameters: seconds instead of minutes')
    .option('--seed <s>', "seed of every run's PRNG", parseSeed, 1)
    .option('--cpus <n>', "simulated CPUs (default: each experiment's own; for scaling, the largest)", parseCpus)
    .option('--costs <preset|file.json>', 'cost model: a preset, "host", or a JSON file', DEFAULT_PRESET)
    .option('--jobs <n>', 'worker threads (default: the number of cores; 0 = run in-process)', parseJobs)
    .option('--no-timelines', 'skip the timeline page of one run per experiment (timelines/<name>.html)')
    .action(async (names: string[], o: ExperimentCliOptions) => {
      try {
        await experimentAction(names, o, io);
      } catch (e) {
        throw toCliError(e);
      }
    });
}

registerCommand((program, io) => { experimentCommand(program, io); });
for (const e of EXPERIMENTS) registerExperiment({ name: e.name, question: e.question, measures: e.measures });
