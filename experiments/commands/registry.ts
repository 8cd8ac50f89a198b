/**
 * registry.ts — what `threadlab` can do, as hooks other parts of the lab fill in.
 *
 * Commands: cli.ts builds the commander program from every registered command, so a new
 * command (`threadlab experiment`, from the experiments engineer) is one file calling
 * `registerCommand((program, io) => program.command('experiment')...)` plus one import line
 * in cli.ts's command list. Experiments: `threadlab list` shows what `registerExperiment`
 * was given, and until then the placeholder list of DESIGN.md section 7.
 */

import type { Command } from 'commander';

/** Where a command writes (the process's streams, or a test's buffers). */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** The host descriptor a program's reads of its standard input come from (absent: end of file). */
  stdin?: number;
  /**
   * Which of the command's own streams are terminals (`threadlab run` gives the program's
   * console the same, as a shell gives a native program its own); absent: all are.
   */
  tty?: { stdin: boolean; stdout: boolean; stderr: boolean };
}

/**
 * An error the user can fix: one line on stderr, exit status `code` (default 2). A `raw` error
 * is printed exactly as its message is (a C compiler's diagnostics), with no "threadlab:".
 */
export class CliError extends Error {
  constructor(message: string, readonly code = 2, readonly raw = false) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * A command registration: add a subcommand to `program`. Its action must report through
 * `io` and store its exit status with `setExitCode` (it must not call process.exit).
 */
export type CommandRegistration = (program: Command, io: Io, setExitCode: (code: number) => void) => void;

const commands: CommandRegistration[] = [];

export function registerCommand(reg: CommandRegistration): void {
  commands.push(reg);
}

export function registeredCommands(): readonly CommandRegistration[] {
  return commands;
}

/** An experiment as `threadlab list` shows it. */
export interface ExperimentInfo {
  name: string;
  question: string;
  setup?: string;
  measures?: string;
}

const experiments = new Map<string, ExperimentInfo>();

export function registerExperiment(e: ExperimentInfo): void {
  experiments.set(e.name, e);
}

/** DESIGN.md section 7, shown until the experiments themselves register. */
export const PLANNED_EXPERIMENTS: ExperimentInfo[] = [
  { name: 'create', question: 'what does a thread cost to create and destroy?' },
  { name: 'contention', question: 'what does lock contention cost?' },
  { name: 'signals', question: 'which POSIX signal rules does each library keep?' },
  { name: 'blocking', question: 'what happens to siblings when one thread blocks in a system call?' },
  { name: 'pingpong', question: 'what does a thread switch cost?' },
  { name: 'exit', question: 'how does a process end?' },
  { name: 'scaling', question: 'how does throughput grow with threads and CPUs?' },
];

/** Registered experiments, or the planned list (flagged) when none registered yet. */
export function listExperiments(): { planned: boolean; experiments: ExperimentInfo[] } {
  if (experiments.size > 0) return { planned: false, experiments: [...experiments.values()] };
  return { planned: true, experiments: PLANNED_EXPERIMENTS };
}
