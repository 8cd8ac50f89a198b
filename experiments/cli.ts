#!/usr/bin/env node
/**
 * cli.ts — `threadlab`, the lab's command line (DESIGN.md section 6).
 *
 * The commands live in experiments/commands/*.ts; each registers itself (registry.ts's
 * registerCommand) when imported below, so adding a command is a file plus one import here.
 * This file only builds the commander program and turns every kind of bad input into one
 * line on stderr and a non-zero exit status, never a stack trace:
 *   - commander's own errors (unknown command or option, missing argument, bad value): 2;
 *   - CliError (no such file, no generator export, unknown library, bad cost model): 2;
 *   - anything else is a bug in threadlab: "internal error", status 70 (THREADLAB_DEBUG=1
 *     prints the stack).
 * A run's own status is the program's exit code (see commands/run.ts).
 */

import { realpathSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CostModelError, KernelPanic } from '../kernel/index.js';
import { UnknownLibraryError } from '../libs/index.js';
import { registeredCommands, CliError, type Io } from './commands/registry.js';
import { packageRoot } from './load.js';
import './commands/run.js';
import './commands/compare.js';
import './commands/list.js';
import './commands/calibrate.js';
import './commands/validate.js';
import './commands/experiment.js';
import './commands/explore.js';

export { registerCommand, registerExperiment, CliError, type Io } from './commands/registry.js';

const processIo: Io = {
  out: (s) => { process.stdout.write(s); },
  err: (s) => { process.stderr.write(s); },
  stdin: 0,
  tty: { stdin: isatty(0), stdout: isatty(1), stderr: isatty(2) },
};

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Build the program; commander errors are thrown (exitOverride) carrying their command's usage. */
export function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('threadlab')
    .description('a threading-library laboratory: LinuxThreads, NPTL, NGPT and green threads on one simulated Linux kernel')
    .version(version())
    .showSuggestionAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} });
  for (const reg of registeredCommands()) reg(program, io, setExitCode);
  const withUsage = (cmd: Command, path: string): void => {
    cmd.exitOverride((err) => { throw Object.assign(err, { usageLine: `${path} ${cmd.usage()}` }); });
    cmd.configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} });
    for (const sub of cmd.commands) withUsage(sub, `${path} ${sub.name()}`);
  };
  withUsage(program, 'threadlab');
  return program;
}

/** One line for an error, and the exit status that goes with it. */
export function describeError(e: unknown): { line: string; code: number } {
  if (e instanceof CommanderError) {
    const usage = (e as CommanderError & { usageLine?: string }).usageLine;
    const msg = e.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');
    // `threadlab run prog.c -n 5`: the option was meant for the program, which gets it after `--`.
    const forProgram = e.code === 'commander.unknownOption' && usage !== undefined && usage.includes('[args...]') && !msg.includes('Did you mean')
      ? `; an argument for the program goes after '--' (threadlab ${usage.split(' ')[1]} <program> [options] -- ${msg.match(/'([^']+)'/)?.[1] ?? '-x'} ...)` : '';
    return { line: `${msg}${usage ? ` (usage: ${usage})` : ''}${forProgram}`, code: 2 };
  }
  if (e instanceof CliError) return { line: e.message, code: e.code };
  if (e instanceof CostModelError || e instanceof UnknownLibraryError || e instanceof RangeError) {
    return { line: e.message, code: 2 };
  }
  if (e instanceof KernelPanic) return { line: `internal error: ${e.message}`, code: 70 };
  return { line: `internal error: ${e instanceof Error ? e.message : String(e)}`, code: 70 };
}

/** Run `threadlab` with these arguments (without node and the script); returns the exit status. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let status = 0;
  const program = buildProgram(io, (c) => { status = c; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError && e.exitCode === 0) return 0; // --help, --version
    if (e instanceof CliError && e.raw) { io.err(e.message); return e.code; }
    const { line, code } = describeError(e);
    io.err(`threadlab: ${line}\n`);
    if (process.env['THREADLAB_DEBUG'] && e instanceof Error) io.err(`${e.stack}\n`);
    return code;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  // `threadlab ... | head`: the reader went away. Stop quietly, as a C program killed by
  // SIGPIPE would (status 128 + 13), instead of Node's unhandled EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
