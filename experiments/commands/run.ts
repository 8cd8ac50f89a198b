/**
 * run.ts — `threadlab run <program> [args...]`: run one program on one library and show what
 * the kernel saw: the program's output, its exit status, virtual time, system calls by name,
 * switches, tasks, a ps -eLf snapshot, and always the cost model and seed.
 *
 * The exit status of `threadlab run` is the program's (128 + signal if it was killed, as a
 * shell reports it); 125 for a deadlock, 124 for the time limit.
 */

import { type Command, Option, InvalidArgumentError } from 'commander';
import { writeFileAtomic } from '../report/atomic.js';
import { runProgram, type RunResult } from '../runner.js';
import { getLibrary, libraryNames, type Program } from '../../libs/index.js';
import { loadProgram, splitSources, parseCflags } from '../load.js';
import { chromeTrace } from '../trace_export.js';
import { newCollector, timelineMeta, timelineRow, withTimeline } from '../timeline.js';
import { registerCommand, CliError, type Io } from './registry.js';
import { addSharedOptions, prepare, runOptions, unloadAll, parseTime, parseSeed, parseDepth, noteProgramArgs, stdinFd, consoleTty, type SharedOptions } from './options.js';
import { formatRunReport, fatalMessages, runJson, type RunMeta } from './format.js';
import { runWatched, STALL_SECONDS } from '../watchdog.js';
import { measureSteps } from '../schedule.js';
import { programFactory } from '../fresh.js';
import { runNotes } from '../../clib/host/index.js';
import { keepFiles, readSimFiles } from '../files.js';
import type { LoadedModule } from '../../kernel/index.js';

export interface RunCliOptions extends SharedOptions {
  lib: string;
  trace?: string;
  /** --html: write a timeline page; --html-tasks: open it with one lane per task. */
  html?: string;
  htmlTasks?: boolean;
  json?: boolean;
  /** --quiet: print only the program's output, stdout and stderr apart (a line on stderr if it did not end by itself). */
  quiet?: boolean;
  /** --no-watchdog sets this false: run in this thread, no host limits. */
  watchdog?: boolean;
  hostTimeout?: number;
  stallTimeout?: number;
  maxMemory?: number;
  /** --schedule-seed: perturb the schedule (kernel/sched_pct.ts) with this seed. */
  scheduleSeed?: number;
  /** --depth: the perturbation's bug depth d (d − 1 priority-change points). */
  depth?: number;
  /** k for the perturbation, when already known (explore); otherwise measured first. */
  scheduleSteps?: number;
  /** --keep-files DIR: write the files the run created or changed in its cwd there (files.ts). */
  keepFiles?: string;
}


function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

/** Check a library name before loading anything (UnknownLibraryError names the known ones). */
export function checkLibrary(name: string): void {
  try {
    getLibrary(name);
  } catch {
    throw new CliError(`unknown library '${name}' (known: ${libraryNames().join(', ')})`);
  }
}

/** Run an already-loaded program with CLI options; returns the result and the report meta. */
export async function runLoaded(file: string, program: Program, name: string, args: string[], o: RunCliOptions): Promise<{ r: RunResult; meta: RunMeta }> {
  checkLibrary(o.lib);
  const p = await prepare(o);
  let schedule;
  if (o.scheduleSeed !== undefined) {
    // As explore does: a fresh module copy measures k, another runs perturbed (fresh.ts).
    const f = await programFactory(file);
    program = f.fresh();
    let steps = o.scheduleSteps;
    if (steps === undefined) {
      const pre: LoadedModule[] = [];
      const pass = measureSteps({ program: f.fresh(), name, argv: args, lib: o.lib, ...runOptions(o, p, pre), currentCell: undefined });
      unloadAll(pass.result.kernel, pre);
      steps = pass.steps;
    }
    schedule = { seed: o.scheduleSeed, depth: o.depth, steps };
  } else if (o.depth !== undefined) {
    throw new CliError('--depth needs --schedule-seed (it sets the depth of the perturbed schedule)');
  }
  const loaded: LoadedModule[] = [];
  const tl = o.html !== undefined ? newCollector() : null;
  const base = runOptions(o, p, loaded);
  const r = runProgram({ program, name, argv: args, lib: o.lib, trace: o.trace !== undefined, ...(tl ? withTimeline(base, tl) : base), schedule });
  unloadAll(r.kernel, loaded);
  r.dmesg = r.kernel.dmesg.slice();
  if (o.keepFiles !== undefined) keepFiles(r.kernel, o.keepFiles);
  const meta: RunMeta = { file, costModel: p.costs, trace: o.trace, html: o.html, modules: p.modules.map((m) => m.module.name), psAt: o.psAt };
  if (tl && o.html !== undefined) {
    const { timelineHtml } = await import('../report/timeline_html.js'); // Vega-Lite: loaded only for --html
    const page = timelineHtml({ title: `threadlab run ${file} · ${r.lib}`, meta: timelineMeta(file, r, r.lib), rows: [timelineRow(r, tl, `${r.lib}: ${file}`)], tasks: o.htmlTasks });
    writeOut(o.html, page, 'timeline');
  }
  if (o.trace !== undefined) {
    const title = `threadlab run ${file} (${r.lib}, ${r.costs}, seed ${r.seed})`;
    writeOut(o.trace, chromeTrace(r.events ?? [], { cpus: r.cpus, endNs: r.kernel.now, title, meta: runJson(r, meta) }), 'trace');
  }
  return { r, meta };
}

/** Write an output file atomically; a failure is one line naming the file. */
export function writeOut(path: string, text: string, what: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new CliError(`cannot write ${what} file '${path}': ${code}`);
  }
}

/** The whole command: returns the exit status. */
export async function runCommand(file: string, argsIn: string[], o: RunCliOptions, io: Io): Promise<number> {
  checkLibrary(o.lib);
  const { sources, args } = splitSources(file, argsIn);
  const { program, name, warnings } = await loadProgram(file, undefined, { sources, cflags: parseCflags(o.cflags) });
  for (const w of warnings) io.err(`${w}\n`);
  const { r, meta } = await runLoaded(file, program, name, args, o);
  for (const n of runNotes(program)) io.err(`threadlab: ${name}: ${n}\n`);
  if (o.json) io.out(JSON.stringify(runJson(r, meta), null, 2) + '\n');
  else if (o.quiet) printQuiet(r, name, io);
  else io.out(r.stdout + (r.stdout === '' || r.stdout.endsWith('\n') ? '' : '\n') + formatRunReport(r, meta));
  return r.exitCode;
}

/**
 * --quiet: the program's output exactly as it wrote it, and nothing else: its standard output
 * on ours and its standard error on ours, as `./prog > out 2> err` would leave them — unless it
 * did not end by itself: then one line on stderr, as a shell says "Segmentation fault" (a
 * signal, a deadlock, the time limit), with the fault's own line when there is one.
 */
function printQuiet(r: RunResult, name: string, io: Io): void {
  io.out(r.streams.stdout);
  if (r.streams.stderr !== '') io.err(r.streams.stderr);
  if (r.outcome === 'exited' && !/^killed/.test(r.statusText)) return;
  const why = r.outcome === 'deadlock' ? 'deadlock (every thread is waiting; run without --quiet for who waits on what)'
    : r.outcome === 'time-limit' ? 'stopped at the time limit (raise it with --time-limit)' : r.statusText;
  io.err(`threadlab: ${name}: ${why}\n`);
  for (const f of fatalMessages(r.dmesg)) io.err(`threadlab: ${f}\n`);
}

registerCommand((program, io, setExitCode) => {
  const cmd = program.command('run')
    .description('run a program (.ts or .js with default export function* main(libc, argv), or C: one or more .c files) on one thread library')
    .argument('<program>', 'the program file (a .c program may list more .c files after it)')
    .argument('[args...]', 'arguments for main (argv[1..]); put them after -- if they start with -')
    .addOption(new Option('--lib <name>', 'thread library').default('nptl'))
    .option('--trace <file.json>', 'write a Chrome Trace Event file (open in ui.perfetto.dev)')
    .option('--html <file.html>', 'write a timeline page (self-contained, opens offline in a browser)')
    .option('--html-tasks', 'open the timeline with one lane per task and user thread')
    .option('--json', 'print one JSON object instead of the report')
    .option('-q, --quiet', 'print only the program\'s output, no report: its stdout on stdout, its stderr on stderr (and a line on stderr if it did not end by itself)')
    .option('--ps-at <t>', 'also take a ps -eLf snapshot at this virtual time (e.g. 2s)', parseTime)
    .option('--schedule-seed <s>', 'perturb the schedule with this seed (as threadlab explore does; replays one of its runs)', parseSeed)
    .option('--depth <d>', 'with --schedule-seed: bug depth d of the perturbation (d - 1 priority-change points; default 3)', parseDepth)
    .option('--host-timeout <s>', 'watchdog: stop a program after this many host seconds', parsePositive, 120)
    .option('--stall-timeout <s>', 'watchdog: stop a program whose simulation stands still (a thread not yielding) this many host seconds', parsePositive, STALL_SECONDS)
    .option('--max-memory <MB>', 'watchdog: stop a program using more host memory than this', parsePositive, 2048)
    .option('--no-watchdog', 'run in this thread without host time or memory limits')
    .option('--keep-files <dir>', 'after the run, write the files the program created or changed in its cwd (/home/student) to <dir>');
  addSharedOptions(cmd).action(async (file: string, args: string[], o: RunCliOptions) => {
    noteProgramArgs('run', args, io, file);
    o.stdinFd = stdinFd(o, io);
    o.consoleTty = consoleTty(o, io, true);
    readSimFiles(o.file); // a bad --file is one line before anything compiles
    if (o.watchdog === false) { setExitCode(await runCommand(file, args, o, io)); return; }
    // A C program is compiled here, before the worker starts: compile errors come from this
    // process, and the worker finds the result in the cache (its host-time limit is the run's).
    if (/\.c$/i.test(file)) {
      checkLibrary(o.lib);
      await loadProgram(file, undefined, { sources: splitSources(file, args).sources, cflags: parseCflags(o.cflags) });
    }
    const { watchdog: _w, ...plain } = o;
    const r = await runWatched(file, args, plain, { hostSeconds: o.hostTimeout ?? 120, memoryMb: o.maxMemory ?? 2048, stallSeconds: o.stallTimeout ?? STALL_SECONDS });
    io.out(r.out);
    io.err(r.err);
    setExitCode(r.code);
  });
});
