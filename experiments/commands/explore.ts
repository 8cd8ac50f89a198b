/**
 * explore.ts — `threadlab explore <program> [args...] [--lib L | --libs a,b] [--runs N]
 * [--depth d] [--cpus n] [--until differs|PATTERN] [--json | --csv] [--out DIR]`.
 *
 * Runs the program under many perturbed schedules on each library (experiments/explore.ts),
 * groups the runs by outcome, and prints a table per library: each distinct outcome, how many
 * runs gave it, the first schedule seed that did, and the `threadlab run` command that replays
 * it byte for byte; a deadlock's owner chains as `run` prints them. `--json` and `--csv` print
 * the same as data instead; `--out DIR` also writes outcomes.csv, outcomes.json and the chart
 * (charts/outcomes.vl.json, .svg, .png).
 *
 * Exit status: 0; with --until, 0 when a run met it under some library and 1 when none did;
 * 2 for bad input. Host times (runs per second) go to stderr, so stdout depends only on the
 * inputs and the seed range.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_PRESET, loadCostModel } from '../../kernel/index.js';
import { libraryNames } from '../../libs/index.js';
import { explore, type Exploration, type Until } from '../explore.js';
import { ExploreError } from '../explore_pool.js';
import { DEFAULT_DEPTH } from '../schedule.js';
import { loadProgram } from '../load.js';
import { toCsv } from '../report/csv.js';
import { writeFileAtomic, ensureWritableDir, OutputDirError } from '../report/atomic.js';
import { explorationChart } from '../explore_chart.js';
import { registerCommand, CliError, type Io } from './registry.js';
import { parseCpus, parseSeed, parseTime, parseDepth, prepare, noteProgramArgs } from './options.js';
import { readSimFiles } from '../files.js';
import { checkLibrary } from './run.js';
import { formatExploration, explorationJson, explorationRows, CSV_COLUMNS } from './explore_format.js';

export interface ExploreCliOptions {
  lib?: string;
  libs?: string;
  runs: number;
  firstSeed: number;
  depth: number;
  until?: Until;
  jobs?: number;
  json?: boolean;
  csv?: boolean;
  out?: string;
  top: number;
  cpus: number;
  seed: number;
  costs: string;
  timeLimit?: number;
  libOpt: Record<string, string | number | boolean>;
  check?: boolean;
  hostTimeout: number;
  maxMemory: number;
  /** --stdin: every run's standard input, a file or - (this command's own, read whole first). */
  stdin?: string;
  /** --file HOST[:SIMPATH] (repeatable): every run's starting files (files.ts). */
  file?: string[];
}

function parseCount(max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > max) throw new InvalidArgumentError(`must be an integer from 1 to ${max}.`);
    return n;
  };
}

function parseJobs(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 256) throw new InvalidArgumentError('must be an integer from 0 to 256 (0 = no worker threads).');
  return Number(v);
}

/** `differs`, `/regex/flags`, or any other text as a regular expression on the output. */
export function parseUntil(v: string): Until {
  if (v === 'differs') return { kind: 'differs' };
  const m = /^\/(.*)\/([a-z]*)$/s.exec(v);
  try {
    return { kind: 'match', pattern: m ? new RegExp(m[1], m[2]) : new RegExp(v) };
  } catch (e) {
    throw new InvalidArgumentError(`must be "differs" or a regular expression (${(e as Error).message}).`);
  }
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

/** key=value → libOpt[key] (as run's --lib-opt reads it). */
function collectLibOpt(v: string, prev: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const i = v.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError('must be key=value.');
  const raw = v.slice(i + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...prev, [v.slice(0, i)]: value };
}

function librariesOf(o: ExploreCliOptions): string[] {
  if (o.lib !== undefined && o.libs !== undefined) throw new CliError('give --lib or --libs, not both');
  const libs = o.lib !== undefined ? [o.lib] : o.libs !== undefined ? o.libs.split(',').map((s) => s.trim()).filter(Boolean) : libraryNames();
  if (libs.length === 0) throw new CliError('--libs names no library');
  for (const l of libs) checkLibrary(l);
  return [...new Set(libs)];
}

/** A progress line redrawn on stderr, only when stderr is a terminal (every 1% of the runs). */
function runsBar(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: undefined, clear: () => {} };
  let shown = -1;
  return {
    update: (done: number, total: number) => {
      const pct = Math.floor((100 * done) / total);
      if (pct === shown) return;
      shown = pct;
      stream.write(`\r\x1b[Kexplore: ${done}/${total} runs (${pct}%)`);
    },
    clear: () => { if (shown >= 0) stream.write('\r\x1b[K'); },
  };
}

/** --stdin for explore: a file's bytes, or (`-`) this command's whole input, given to every run. */
function wholeInput(stdin: string | undefined, io: Io): string | undefined {
  if (stdin === undefined) return undefined;
  const from = stdin === '-' ? io.stdin : stdin;
  if (from === undefined) return '';
  try {
    return readFileSync(from, 'latin1');
  } catch (e) {
    throw new CliError(`cannot read --stdin ${stdin === '-' ? 'input' : `file '${stdin}'`}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Run the exploration the options describe. */
export async function runExploration(file: string, args: string[], o: ExploreCliOptions, io: Io): Promise<{ x: Exploration; costsName: string }> {
  if (o.json && o.csv) throw new CliError('give --json or --csv, not both');
  const libs = librariesOf(o);
  const files = readSimFiles(o.file); // a bad --file is one line before anything compiles
  const { warnings } = await loadProgram(file);
  for (const w of warnings) io.err(`${w}\n`);
  await prepare({ ...o, module: [] });
  const costsName = loadCostModel(o.costs).name;
  const bar = runsBar();
  const t0 = performance.now();
  let x: Exploration;
  try {
    x = await explore({
      file, args, libs, runs: o.runs, firstSeed: o.firstSeed, depth: o.depth, until: o.until ?? null, cpus: o.cpus, seed: o.seed,
      costs: o.costs, timeLimit: o.timeLimit, libOpt: o.libOpt, check: o.check === true, jobs: o.jobs ?? -1,
      hostSeconds: o.hostTimeout, memoryMb: o.maxMemory, stdinText: wholeInput(o.stdin, io), stdinFrom: o.stdin,
      files, fileSpecs: o.file,
      onProgress: bar.update,
      onNote: (m) => { bar.clear(); io.err(`${m}\n`); },
    });
  } catch (e) {
    if (e instanceof ExploreError) throw new CliError(e.message, 1);
    throw e;
  } finally {
    bar.clear();
  }
  const s = (performance.now() - t0) / 1000;
  const runs = x.libs.reduce((n, l) => n + l.runs, 0);
  io.err(`explore: ${runs} runs in ${s.toFixed(2)} s (${(runs / s).toFixed(0)} runs/s of host time)\n`);
  return { x, costsName };
}

/** Write outcomes.csv, outcomes.json and the chart into `dir`; returns the files. */
export async function writeExploration(dir: string, x: Exploration, costsName: string): Promise<string[]> {
  ensureWritableDir(join(dir, 'charts'));
  const csv = join(dir, 'outcomes.csv');
  const json = join(dir, 'outcomes.json');
  writeFileAtomic(csv, toCsv(CSV_COLUMNS, explorationRows(x)));
  writeFileAtomic(json, JSON.stringify(explorationJson(x, costsName), null, 2) + '\n');
  const { writeChart } = await import('../report/charts.js'); // Vega: loaded only for --out
  const chart = await writeChart(join(dir, 'charts'), 'outcomes', explorationChart(x));
  return [csv, json, chart.spec, chart.svg, chart.png];
}

export async function exploreCommand(file: string, args: string[], o: ExploreCliOptions, io: Io): Promise<number> {
  if (o.out !== undefined) {
    try {
      ensureWritableDir(o.out); // before the runs: a bad directory loses no work
    } catch (e) {
      throw e instanceof OutputDirError ? new CliError(e.message) : e;
    }
  }
  const { x, costsName } = await runExploration(file, args, o, io);
  if (o.json) io.out(JSON.stringify(explorationJson(x, costsName), null, 2) + '\n');
  else if (o.csv) io.out(toCsv(CSV_COLUMNS, explorationRows(x)));
  else io.out(formatExploration(x, costsName, o.top));
  if (o.out !== undefined) {
    let files: string[];
    try {
      files = await writeExploration(o.out, x, costsName);
    } catch (e) {
      throw new CliError(`cannot write to '${o.out}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    io.err(`wrote ${files.length} files to ${o.out}/ (chart: ${files[4]})\n`);
  }
  if (o.until === undefined) return 0;
  return x.libs.some((l) => l.stoppedAt !== null) ? 0 : 1;
}

registerCommand((program: Command, io: Io, setExitCode: (code: number) => void) => {
  program.command('explore')
    .description('run a program under many perturbed schedules and list every distinct outcome, with the seed that replays it')
    .argument('<program>', 'the program file')
    .argument('[args...]', 'arguments for main (argv[1..])')
    .option('--lib <name>', 'one thread library')
    .option('--libs <a,b,...>', 'libraries (default: all registered)')
    .option('--runs <n>', 'perturbed runs per library', parseCount(1_000_000), 100)
    .option('--first-seed <s>', 'the first schedule seed (runs use first, first+1, ...)', parseSeed, 1)
    .option('--depth <d>', 'bug depth d: d - 1 priority-change points per run (PCT)', parseDepth, DEFAULT_DEPTH)
    .option('--until <differs|pattern>', 'stop a library at the first run whose outcome differs from the most common so far ("differs"), or whose output matches a regular expression', parseUntil)
    .option('--top <n>', 'outcomes shown per library in the table', parseCount(1_000_000), 10)
    .option('--json', 'print one JSON object instead of the table')
    .option('--csv', 'print CSV (one row per library and outcome) instead of the table')
    .option('--out <dir>', 'also write outcomes.csv, outcomes.json and a chart (SVG, PNG) there')
    .option('--jobs <n>', 'worker threads (default: the number of cores; 0 = run in-process)', parseJobs)
    .option('--cpus <n>', 'number of simulated CPUs', parseCpus, 1)
    .option('--seed <s>', "seed of the simulation's PRNG (the same for every run)", parseSeed, 1)
    .option('--costs <preset|file.json>', 'cost model: a preset, "host", or a JSON file', DEFAULT_PRESET)
    .addOption(new Option('--time-limit <t>', 'stop each run at this virtual time (e.g. 60s)').argParser(parseTime).default(300e9, '300s'))
    .option('--lib-opt <key=value>', 'a library option, e.g. natives=4 (repeatable)', collectLibOpt, {})
    .option('--check', 'run the kernel invariant checker after every event (slower)')
    .option('--stdin <file>', 'every run\'s standard input: a file, or - for this command\'s own (default: end of file)')
    .option('--file <host[:simpath]>', 'put a host file into every run\'s simulated file system (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--host-timeout <s>', 'watchdog: stop when one run takes more host seconds than this', parsePositive, 120)
    .option('--max-memory <MB>', 'watchdog: host memory limit of each worker thread', parsePositive, 2048)
    .action(async (file: string, args: string[], o: ExploreCliOptions) => {
      noteProgramArgs('explore', args, io);
      setExitCode(await exploreCommand(file, args, o, io));
    });
});
