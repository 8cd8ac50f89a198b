/**
 * compare.ts — `threadlab compare <program>`: the same program under every library, side by
 * side (exit status, output equal or not, virtual time, system calls, switches, tasks ps
 * saw), then the observable differences in words: the first line where outputs part, exit
 * statuses, how many tasks each needed.
 *
 * The first library of --libs (default: every registered one, in registry order) is the
 * reference the others are compared with. Exit status: 0, or 2 for bad input.
 */

import { runProgram, type RunResult } from '../runner.js';
import { libraryNames } from '../../libs/index.js';
import type { LoadedModule } from '../../kernel/index.js';
import { loadProgram, splitSources, parseCflags } from '../load.js';
import { registerCommand, CliError, type Io } from './registry.js';
import { addSharedOptions, prepare, runOptions, unloadAll, noteProgramArgs, stdinFd, consoleTty, type SharedOptions } from './options.js';
import { formatNs, fatalMessages } from './format.js';
import { checkLibrary, writeOut } from './run.js';
import { newCollector, timelineMeta, timelineRow, withTimeline } from '../timeline.js';
import type { TimelineCollector } from '../report/timeline_collect.js';
import { join } from 'node:path';
import { changedFiles } from '../../kernel/index.js';
import { keepFiles, readSimFiles } from '../files.js';

export interface CompareOptions extends SharedOptions {
  libs?: string;
  json?: boolean;
  /** --html: write the libraries' timelines, stacked, with the table. */
  html?: string;
  /** --keep-files DIR: each library's changed files under DIR/<library>/ (files.ts). */
  keepFiles?: string;
}

/** Run `file` under each library; returns the results in order (`timelines` gets a collector per run). */
export async function compareRuns(file: string, argsIn: string[], o: CompareOptions, io?: Io, timelines?: TimelineCollector[]): Promise<RunResult[]> {
  const libs = o.libs ? o.libs.split(',').map((s) => s.trim()).filter(Boolean) : libraryNames();
  if (libs.length === 0) throw new CliError('--libs names no library');
  for (const l of libs) checkLibrary(l);
  const { sources, args } = splitSources(file, argsIn);
  const c = { sources, cflags: parseCflags(o.cflags) };
  const { warnings } = await loadProgram(file, undefined, c); // report a bad program once, before any run
  for (const w of warnings) io?.err(`${w}\n`);
  const p = await prepare(o);
  const results: RunResult[] = [];
  for (const [i, lib] of libs.entries()) {
    const { program, name } = await loadProgram(file, i, c); // a fresh module per library
    const loaded: LoadedModule[] = [];
    const base = runOptions(o, p, loaded);
    const tl = timelines ? newCollector() : null;
    if (tl) timelines!.push(tl);
    const r = runProgram({ program, name, argv: args, lib, ...(tl ? withTimeline(base, tl) : base) });
    unloadAll(r.kernel, loaded);
    results.push(r);
  }
  return results;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

/** The side-by-side table. */
export function compareTable(rs: RunResult[]): string {
  return table(compareRows(rs));
}

/** The side-by-side table's cells: a header row, then one row per measure. */
export function compareRows(rs: RunResult[]): string[][] {
  const ref = rs[0];
  const rows: string[][] = [['', ...rs.map((r) => r.lib)]];
  rows.push(['exit status', ...rs.map((r) => `${r.exitCode} (${r.statusText})`)]);
  rows.push(['output', ...rs.map((r, i) => (i === 0 ? 'reference' : r.stdout === ref.stdout ? 'same' : 'differs'))]);
  rows.push(['virtual time', ...rs.map((r) => formatNs(r.virtualNs))]);
  rows.push(['system calls', ...rs.map((r) => String(r.syscallTotal))]);
  rows.push(['switches (vol/invol)', ...rs.map((r) => `${r.voluntarySwitches}/${r.involuntarySwitches}`)]);
  rows.push(['tasks created', ...rs.map((r) => String(r.tasksCreated))]);
  rows.push(['tasks seen by ps (peak)', ...rs.map((r) => String(r.peakTasks))]);
  return rows;
}

/** Where behaviour differed from the reference, one line each. */
export function differences(rs: RunResult[]): string[] {
  const ref = rs[0];
  const out: string[] = [];
  for (const r of rs.slice(1)) {
    const say = (what: string): void => { out.push(`${r.lib}: ${what}`); };
    if (r.outcome !== ref.outcome) say(`run ended by ${r.outcome}${r.deadlock ? ` (${r.deadlock.split('\n')[0]})` : ''}, ${ref.lib} by ${ref.outcome}`);
    if (r.exitCode !== ref.exitCode) say(`${r.statusText}, ${ref.lib} ${ref.statusText}`);
    if (r.stdout !== ref.stdout) say(`output differs at ${firstDifference(ref, r)}`);
    if (filesText(r) !== filesText(ref)) say(`the files it created or changed differ from ${ref.lib}'s`);
    if (r.peakTasks !== ref.peakTasks) say(`at most ${r.peakTasks} task(s) at once, ${ref.lib} ${ref.peakTasks}`);
    const fa = fatalMessages(ref.dmesg).join('; ');
    const fb = fatalMessages(r.dmesg).join('; ');
    if (fa !== fb) say(`fatal error "${fb || 'none'}", ${ref.lib} "${fa || 'none'}"`);
  }
  return out;
}

/** The files a run created or changed, as one comparable text. */
function filesText(r: RunResult): string {
  return JSON.stringify(changedFiles(r.kernel));
}

function firstDifference(a: RunResult, b: RunResult): string {
  const la = a.stdout.split('\n');
  const lb = b.stdout.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      const show = (s: string | undefined) => (s === undefined ? '(end of output)' : JSON.stringify(s));
      return `line ${i + 1}: ${show(lb[i])} where ${a.lib} printed ${show(la[i])}`;
    }
  }
  return 'differs';
}

/** compare --html: the libraries' timelines stacked, with the table and the differences. */
async function writeComparePage(file: string, path: string, rs: RunResult[], tls: TimelineCollector[]): Promise<void> {
  const rows = compareRows(rs);
  const { timelineHtml } = await import('../report/timeline_html.js'); // Vega-Lite: loaded only for --html
  const page = timelineHtml({
    title: `threadlab compare ${file}`,
    meta: timelineMeta(file, rs[0], rs.map((r) => r.lib).join(', ')),
    summary: { columns: rows[0], rows: rows.slice(1) },
    differences: rs.length > 1 ? differences(rs) : [],
    rows: rs.map((r, i) => timelineRow(r, tls[i], r.lib)),
  });
  writeOut(path, page, 'timeline');
}

export async function compareCommand(file: string, args: string[], o: CompareOptions, io: Io): Promise<number> {
  const tls: TimelineCollector[] | undefined = o.html !== undefined ? [] : undefined;
  const rs = await compareRuns(file, args, o, io, tls);
  if (o.keepFiles !== undefined) for (const r of rs) keepFiles(r.kernel, join(o.keepFiles, r.lib));
  if (o.html !== undefined) await writeComparePage(file, o.html, rs, tls!);
  if (o.json) {
    const runs = rs.map((r) => ({ lib: r.lib, exitCode: r.exitCode, statusText: r.statusText, stdout: r.stdout, virtualNs: r.virtualNs, syscallTotal: r.syscallTotal, syscalls: r.syscalls, voluntarySwitches: r.voluntarySwitches, involuntarySwitches: r.involuntarySwitches, tasksCreated: r.tasksCreated, peakTasks: r.peakTasks, outcome: r.outcome }));
    io.out(JSON.stringify({ program: file, costs: rs[0].costs, seed: rs[0].seed, cpus: rs[0].cpus, runs, differences: differences(rs) }, null, 2) + '\n');
    return 0;
  }
  io.out(`threadlab compare ${file} · ${rs[0].costs} · seed ${rs[0].seed} · ${rs[0].cpus} CPU${rs[0].cpus > 1 ? 's' : ''}\n\n`);
  io.out(compareTable(rs) + '\n\n');
  if (rs.length === 1) io.out(`only one library (${rs[0].lib}): nothing to compare with\n`);
  else {
    const d = differences(rs);
    io.out(d.length === 0 ? 'no observable difference (same exit status, output and task count)\n' : `observable differences (against ${rs[0].lib}):\n${d.map((l) => `  - ${l}`).join('\n')}\n`);
  }
  if (o.html !== undefined) io.out(`timeline: ${o.html} (open it in a browser)\n`);
  return 0;
}

registerCommand((program, io, setExitCode) => {
  const cmd = program.command('compare')
    .description('run a program under every library and show where their behaviour differs')
    .argument('<program>', 'the program file (.ts, .js, or .c with more .c files after it)')
    .argument('[args...]', 'arguments for main (argv[1..])')
    .option('--libs <a,b,...>', 'libraries to compare (default: all registered)')
    .option('--json', 'print one JSON object')
    .option('--html <file.html>', 'write the libraries\' timelines, stacked, with this table (self-contained page)')
    .option('--keep-files <dir>', 'after the runs, write the files each library\'s run created or changed in its cwd to <dir>/<library>/');
  addSharedOptions(cmd).action(async (file: string, args: string[], o: CompareOptions) => {
    noteProgramArgs('compare', args, io, file);
    o.stdinFd = stdinFd(o, io); // every library's run reads the same bytes from the start
    o.consoleTty = consoleTty(o, io, false); // a terminal unless --no-tty: compare's output is a report
    readSimFiles(o.file); // a bad --file is one line before anything compiles
    setExitCode(await compareCommand(file, args, o, io));
  });
});
