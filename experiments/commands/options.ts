/**
 * options.ts — the options `run` and `compare` share, their parsers, and turning them into
 * runner options: --cpus, --seed, --costs, --time-limit, --module, --lib-opt.
 *
 * Parsers throw commander's InvalidArgumentError, so a bad value gets commander's one-line
 * message ("option '--cpus <n>' argument 'x' is invalid. must be an integer from 1 to 64").
 */

import { existsSync, readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadCostModel, DEFAULT_PRESET, loadModule, unloadModule, type ConsoleInput, type ConsoleTty, type CostModel, type KernelModule, type Kernel, type LoadedModule } from '../../kernel/index.js';
import type { RunOptions, SimFile } from '../runner.js';
import { readSimFiles } from '../files.js';
import { loadKernelModule } from '../load.js';
import { listLibraries } from '../../libs/index.js';
import { CliError } from './registry.js';
import { HostInput, textInput } from '../stdin.js';

export interface SharedOptions {
  cpus: number;
  seed: number;
  costs: string;
  timeLimit?: number;
  psAt?: number;
  module: string[];
  libOpt: Record<string, string | number | boolean>;
  /** --check: the kernel's invariant checker after every event. */
  check?: boolean;
  /** --setuid-root: the program file is set-user-ID root (effective uid 0, real uid student). */
  setuidRoot?: boolean;
  /** --cflags: extra C compiler flags for a .c program. */
  cflags?: string;
  /** Set by the watchdog (not an option): where the kernel publishes the running thread. */
  currentCell?: Int32Array;
  /** Set by the watchdog (not an option): receives console output as it is written. */
  onStdout?: (data: string, err: boolean) => void;
  /** --stdin: the program's standard input, a file or `-` (threadlab's own). */
  stdin?: string;
  /** Set by the command (not an option): the host descriptor a run reads as the program reads (stdin.ts). */
  stdinFd?: number;
  /** --file HOST[:SIMPATH] (repeatable): host files put in the simulated file system before each run (files.ts). */
  file?: string[];
  /** --tty / --no-tty: the program's console is a terminal, or pipes; absent: the command decides (consoleTty). */
  tty?: boolean;
  /** Set by the command (not an option): which console streams are terminals for every run. */
  consoleTty?: ConsoleTty;
}

export function parseCpus(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 64) throw new InvalidArgumentError('must be an integer from 1 to 64.');
  return n;
}

export function parseSeed(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 0xffffffff) throw new InvalidArgumentError('must be an integer from 0 to 4294967295.');
  return n;
}

/** The bug depth d of a perturbed schedule (kernel/sched_pct.ts): 1 to 20. */
export function parseDepth(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 20) throw new InvalidArgumentError('must be an integer from 1 to 20.');
  return n;
}

/** calibrate/validate --runs: an integer from 1 to 99. */
export function parseRuns(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 99) throw new InvalidArgumentError('must be an integer from 1 to 99.');
  return n;
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 };

/** A virtual time: "2s", "1.5ms", "250us", "100ns", or a bare number of ns. */
export function parseTime(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)?$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('must be a time such as 2s, 1.5ms, 250us or a number of ns.');
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ns']);
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** key=value → libOpt[key] = number | boolean | string. */
function collectLibOpt(v: string, prev: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const i = v.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError('must be key=value.');
  const key = v.slice(0, i);
  const raw = v.slice(i + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : numeric(raw) ? Number(raw) : raw;
  return { ...prev, [key]: value };
}

/**
 * A number when it reads back as written (`4`, `0.5`, `1e6`); `2.30` or `04` stay strings, so
 * a version such as `glibc=2.30` is not silently taken for 2.3.
 */
function numeric(raw: string): boolean {
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) && (String(n) === raw || /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i.test(raw));
}

/** Add the shared options to a command. */
export function addSharedOptions(cmd: Command): Command {
  return cmd
    .option('--cpus <n>', 'number of simulated CPUs', parseCpus, 1)
    .option('--seed <s>', 'seed of the simulation\'s PRNG', parseSeed, 1)
    .option('--costs <preset|file.json>', 'cost model: a preset, "host", or a JSON file', DEFAULT_PRESET)
    .addOption(new Option('--time-limit <t>', 'stop the run at this virtual time (e.g. 60s)').argParser(parseTime).default(300e9, '300s'))
    .option('--module <file>', 'load a kernel module before the program (repeatable)', collect, [] as string[])
    .option('--lib-opt <key=value>', 'a library option, e.g. natives=4 (repeatable)', collectLibOpt, {})
    .option('--check', 'run the kernel invariant checker after every event (slower)')
    .option('--setuid-root', 'run the program as a set-user-ID-root file: effective uid root, real uid student')
    .option('--cflags <flags>', 'extra C compiler flags for a .c program, e.g. "-O0 -Wall" (default: -O2)')
    .option('--stdin <file>', 'the program\'s standard input: a file, or - for this command\'s own (the default; read only as the program reads it)')
    .option('--tty', 'the program\'s stdin, stdout and stderr are a terminal: stdio line-buffers stdout (run\'s default follows threadlab\'s own streams, each as a shell would give it)')
    .option('--no-tty', 'they are pipes, as in ./prog | cat: isatty is 0 and stdio fully buffers stdout (4096 bytes), so fork copies what is unflushed')
    .option('--file <host[:simpath]>', 'put a host file into the simulated file system before the run (repeatable; a relative simpath is under the program\'s cwd /home/student)', collect, [] as string[]);
}

/** What the shared options resolve to (the cost model and modules are loaded once). */
export interface Prepared {
  costs: CostModel;
  modules: { file: string; module: KernelModule }[];
  /** A fresh reader of the program's input for each run (every run reads it from the start), or none: end of file. */
  input?: () => ConsoleInput;
  /** --file: the simulated file system's starting files, the same for every run. */
  files: SimFile[];
}

/** The host descriptor to read as the program reads: the command's own input, unless --stdin names a file. */
export function stdinFd(o: SharedOptions, io: { stdin?: number }): number | undefined {
  return o.stdin === undefined || o.stdin === '-' ? io.stdin : undefined;
}

/**
 * Which console streams are terminals: --tty or --no-tty for all three, else the command's own
 * streams (`followHost`: run, as a shell hands a native program its own) or a terminal (compare,
 * whose output is a report). A --stdin file is never a terminal (`< file`).
 */
export function consoleTty(o: SharedOptions, io: { tty?: ConsoleTty }, followHost: boolean): ConsoleTty {
  const host = followHost ? io.tty ?? { stdin: true, stdout: true, stderr: true } : { stdin: true, stdout: true, stderr: true };
  const all = o.tty !== undefined ? { stdin: o.tty, stdout: o.tty, stderr: o.tty } : host;
  return { ...all, stdin: o.stdin !== undefined && o.stdin !== '-' ? false : all.stdin };
}

/** --stdin FILE: its bytes for every run; otherwise the host descriptor the command was given, read lazily. */
function inputSource(o: SharedOptions): (() => ConsoleInput) | undefined {
  if (o.stdin !== undefined && o.stdin !== '-') {
    let text: string;
    try {
      text = readFileSync(o.stdin, 'latin1');
    } catch (e) {
      throw new CliError(`cannot read --stdin file '${o.stdin}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return () => textInput(text);
  }
  if (o.stdinFd === undefined) return undefined;
  const host = new HostInput(o.stdinFd, o.currentCell);
  return () => host.reader();
}

export async function prepare(o: SharedOptions): Promise<Prepared> {
  // A key no library defines is a typo (nptl and linuxthreads would silently ignore it);
  // one another library defines is fine: compare passes every --lib-opt to every library.
  const known = [...new Set(listLibraries().flatMap((l) => Object.keys(l.info.options)))];
  for (const k of Object.keys(o.libOpt ?? {})) {
    if (!known.includes(k)) throw new CliError(`unknown library option '${k}' (known: ${known.join(', ')})`);
  }
  const costs = loadCostModel(o.costs); // CostModelError: one line naming field and file
  const modules = [];
  for (const file of o.module) modules.push({ file, module: await loadKernelModule(file) });
  const files = readSimFiles(o.file);
  return { costs, modules, input: inputSource(o), files };
}

/** Runner options for one run; `loaded` receives the modules loaded into the kernel. */
export function runOptions(o: SharedOptions, p: Prepared, loaded: LoadedModule[]): Partial<RunOptions> {
  return {
    cpus: o.cpus, seed: o.seed, costs: p.costs, timeLimit: o.timeLimit, psAt: o.psAt,
    libOptions: o.libOpt, check: o.check, currentCell: o.currentCell, onStdout: o.onStdout,
    setuid: o.setuidRoot ? 0 : undefined, stdin: p.input?.(), files: p.files, tty: o.consoleTty,
    setup: p.modules.length === 0 ? undefined : (k: Kernel) => {
      for (const m of p.modules) {
        const r = loadModule(k, m.module);
        if (typeof r !== 'number') loaded.push(r);
      }
    },
  };
}

/** rmmod every module after the run (module_exit printk's land in the result's dmesg). */
export function unloadAll(k: Kernel, loaded: LoadedModule[]): void {
  for (const m of loaded) unloadModule(k, m);
}

/**
 * `threadlab compare examples/*.ts` runs only the first file and hands the rest to its main
 * as argv: say so on stderr (one line per command), since it looks like several comparisons.
 */
export function noteProgramArgs(command: string, args: string[], io: { err: (s: string) => void }, program = ''): void {
  // A .c program's leading .c arguments are more of its sources, not argv.
  const rest = /\.c$/i.test(program) ? args.slice(args.findIndex((a) => !/\.c$/i.test(a)) >>> 0) : args;
  const files = rest.filter((a) => /\.(ts|js|mjs|c)$/.test(a) && existsSync(a));
  if (files.length === 0) return;
  io.err(`threadlab: note: ${files.map((f) => `'${f}'`).join(', ')} ${files.length > 1 ? 'are' : 'is'} passed to main as argv, not run: ` +
    `${command} takes one program (run it once per file)\n`);
}
