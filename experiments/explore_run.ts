/**
 * explore_run.ts — one perturbed run of `threadlab explore`, reduced to its outcome, and what
 * a worker thread (explore_worker.ts) and the in-process path share to do it.
 *
 * An outcome is what a user of the program sees: the exit status, the output, and for a
 * deadlock the owner chains (and the waits no thread can end) exactly as `threadlab run`
 * prints them. Runs with the same outcome are the same to the user, whatever the schedule.
 */

import { loadCostModel, type CostModel } from '../kernel/index.js';
import { runProgram, type RunResult, type SimFile } from './runner.js';
import { textInput } from './stdin.js';
import { programFactory, factoryFromCompiled, type ProgramFactory, type CompiledProgram } from './fresh.js';
import { measureSteps } from './schedule.js';

/** What every run of one exploration shares (plain data: it crosses to worker threads). */
export interface ExploreBase {
  file: string;
  args: string[];
  cpus: number;
  /** The simulation's seed (--seed), the same for every run. */
  seed: number;
  /** Cost preset name or JSON file. */
  costs: string;
  timeLimit?: number;
  libOpt: Record<string, string | number | boolean>;
  depth: number;
  check: boolean;
  /** The program bundled once (fresh.ts), so workers need no compiler; null: load the file. */
  compiled: CompiledProgram | null;
  /** Every run's standard input (--stdin), read from the start each time; absent: end of file. */
  stdinText?: string;
  /** Where it came from, as given (a file, or `-`), for the replay command. */
  stdinFrom?: string;
  /** --file: every run's starting files (read once), and the specs as given (for the replay command). */
  files?: SimFile[];
  fileSpecs?: string[];
}

/** One run's outcome. */
export interface RunSummary {
  /** The schedule seed (0 for the unperturbed run). */
  seed: number;
  statusText: string;
  exitCode: number;
  stdout: string;
  /** Owner chains and unending waits of a deadlock, as `run` prints them; null otherwise. */
  deadlock: string[] | null;
}

/** The grouping key: runs with equal keys have the same outcome. */
export function outcomeKey(s: RunSummary): string {
  return `${s.statusText}\u0000${s.stdout}\u0000${s.deadlock === null ? '' : s.deadlock.join('\n')}`;
}

/** A run reduced to its outcome. */
export function summarize(r: RunResult, seed: number): RunSummary {
  let deadlock: string[] | null = null;
  const d = r.deadlockInfo;
  if (d !== null) {
    deadlock = [];
    if (d.chains.length) deadlock.push('owner chains:', ...d.chains.map((c) => `  ${c.text}`));
    if (d.ownerless.length) deadlock.push('waits that no thread can end:', ...d.ownerless.map((s) => `  ${s}`));
    if (deadlock.length === 0) deadlock.push(d.text.split('\n')[0]);
  }
  return { seed, statusText: r.statusText, exitCode: r.exitCode, stdout: r.stdout, deadlock };
}

/** "exit 0", "deadlock", "time limit", "killed by SIGSEGV (core dumped)". */
export function shortStatus(statusText: string): string {
  const m = /^exited with status (\d+)$/.exec(statusText);
  if (m) return `exit ${m[1]}`;
  return statusText === 'time-limit' ? 'time limit' : statusText;
}

const CELL = 72;
const clip = (s: string): string => (s.length > CELL ? `${s.slice(0, CELL - 1)}…` : s);

/** Where each line of `lines` is in `ref` (1-based; repeated lines taken in order). */
function permutation(lines: string[], ref: string[]): string {
  const used = new Set<number>();
  return lines.map((l) => {
    const i = ref.findIndex((r, j) => r === l && !used.has(j));
    used.add(i);
    return String(i + 1);
  }).join(' ');
}

/**
 * The output in one cell: its only line; against the most common outcome's output `ref`, the
 * first line that differs (or "the same lines in another order"); else its last line.
 */
export function outputCell(stdout: string, ref: string | null): string {
  if (stdout === '') return '(no output)';
  const lines = stdout.replace(/\n$/, '').split('\n');
  if (lines.length === 1) return clip(lines[0]);
  if (ref !== null && ref !== stdout) {
    const rl = ref.replace(/\n$/, '').split('\n');
    const differ = lines.filter((l, i) => l !== rl[i]).length;
    const first = lines.findIndex((l, i) => l !== rl[i]);
    if (first < 0) return clip(`the first ${lines.length} lines, then stops`);
    if (differ > 1 && [...lines].sort().join('\n') === [...rl].sort().join('\n')) return clip(`#1's lines in the order ${permutation(lines, rl)}`);
    return clip(`line ${first + 1}: ${lines[first]}${differ > 1 ? ` (+${differ - 1} more lines differ)` : ''}`);
  }
  return clip(`${lines.at(-1)} (last of ${lines.length} lines)`);
}

/**
 * Runs one program, perturbed or not, with the exploration's options; each run gets a fresh
 * copy of the program's module (fresh.ts), as each run of a C program is a new process.
 */
export class ExploreRunner {
  private constructor(readonly base: ExploreBase, readonly factory: ProgramFactory, private readonly costs: CostModel) {}

  /** In the coordinator: load and bundle the program (base.compiled is filled in). */
  static async load(base: ExploreBase): Promise<ExploreRunner> {
    const f = await programFactory(base.file);
    base.compiled = f.compiled;
    return new ExploreRunner(base, f, loadCostModel(base.costs));
  }

  /** In a worker: from the coordinator's bundle when there is one. */
  static async forWorker(base: ExploreBase): Promise<ExploreRunner> {
    const f = base.compiled !== null ? factoryFromCompiled(base.compiled) : await programFactory(base.file);
    return new ExploreRunner(base, f, loadCostModel(base.costs));
  }

  /** The run with schedule seed `seed` of `lib`, change points drawn from `steps` steps. */
  run(lib: string, steps: number, seed: number): RunSummary {
    return summarize(runProgram({ ...this.options(lib), schedule: { seed, depth: this.base.depth, steps } }), seed);
  }

  /** The unperturbed run of `lib`: k, and its outcome (seed 0). */
  measure(lib: string): { steps: number; summary: RunSummary } {
    const m = measureSteps(this.options(lib));
    return { steps: m.steps, summary: summarize(m.result, 0) };
  }

  /** Runner options of an ordinary run of `lib` (the unperturbed run measures k with them). */
  options(lib: string) {
    const b = this.base;
    return {
      program: this.factory.fresh(), name: this.factory.name, argv: b.args, lib, cpus: b.cpus, seed: b.seed, costs: this.costs,
      timeLimit: b.timeLimit, libOptions: b.libOpt, check: b.check,
      stdin: b.stdinText === undefined ? undefined : textInput(b.stdinText), files: b.files,
    };
  }
}
