/**
 * explore_format.ts — how `threadlab explore` shows an exploration: the table per library, the
 * command that replays each outcome, the JSON object and the CSV rows.
 *
 * Everything here is a function of the exploration alone (no host times), so the same seed
 * range gives the same text, JSON and CSV, whatever the number of workers.
 */

import { DEFAULT_PRESET } from '../../kernel/index.js';
import { DEFAULT_DEPTH } from '../schedule.js';
import type { Exploration, LibExploration, Outcome, Until } from '../explore.js';
import { outputCell, shortStatus, type ExploreBase } from '../explore_run.js';

const DEFAULT_TIME_LIMIT = 300e9;

/** A word for the shell: quoted when it holds anything but safe characters. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A virtual time in the form --time-limit reads back exactly. */
function timeArg(ns: number): string {
  for (const [unit, f] of [['s', 1e9], ['ms', 1e6], ['us', 1e3]] as const) if (ns % f === 0) return `${ns / f}${unit}`;
  return `${ns}`;
}

/** The `threadlab run` command that replays schedule seed `seed` of `lib`, byte for byte. */
export function replayCommand(b: ExploreBase, lib: string, seed: number): string {
  const w: string[] = ['threadlab', 'run', shellWord(b.file)];
  const dashArgs = b.args.some((a) => a.startsWith('-'));
  if (!dashArgs) w.push(...b.args.map(shellWord));
  w.push('--lib', lib);
  if (b.cpus !== 1) w.push('--cpus', String(b.cpus));
  if (b.seed !== 1) w.push('--seed', String(b.seed));
  if (b.costs !== DEFAULT_PRESET) w.push('--costs', shellWord(b.costs));
  if (b.timeLimit !== undefined && b.timeLimit !== DEFAULT_TIME_LIMIT) w.push('--time-limit', timeArg(b.timeLimit));
  for (const [k, v] of Object.entries(b.libOpt)) w.push('--lib-opt', shellWord(`${k}=${v}`));
  w.push('--schedule-seed', String(seed));
  if (b.depth !== DEFAULT_DEPTH) w.push('--depth', String(b.depth));
  if (b.stdinFrom !== undefined) w.push('--stdin', shellWord(b.stdinFrom)); // `-`: feed it the same input
  for (const f of b.fileSpecs ?? []) w.push('--file', shellWord(f));
  if (dashArgs) w.push('--', ...b.args.map(shellWord));
  return w.join(' ');
}

function describeUntil(u: Until): string {
  return u.kind === 'differs' ? 'differs' : String(u.pattern);
}

function table(rows: string[][], right: Set<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

/** One library's section of the report: the outcome table, replay commands, deadlock chains. */
export function libSection(x: Exploration, l: LibExploration, top: number): string[] {
  const out: string[] = [];
  const n = l.outcomes.length;
  out.push(`${l.lib}: ${l.runs} run${l.runs === 1 ? '' : 's'}, ${n} distinct outcome${n === 1 ? '' : 's'} (change points drawn from k = ${l.steps} steps)`);
  const shown = l.outcomes.slice(0, top);
  const ref = l.outcomes.length > 0 ? l.outcomes[0].stdout : null;
  const rows = [['#', 'runs', 'share', 'first seed', 'status', 'output']];
  for (const o of shown) {
    rows.push([String(o.index), String(o.runs), `${((100 * o.runs) / l.runs).toFixed(1)}%`, String(o.firstSeed), shortStatus(o.statusText), outputCell(o.stdout, o.index === 1 ? null : ref)]);
  }
  out.push(...table(rows, new Set([0, 1, 2, 3])).map((s) => `  ${s}`));
  if (n > shown.length) out.push(`  … ${n - shown.length} more outcome${n - shown.length === 1 ? '' : 's'} (--top ${n} shows them; --json and --csv list them all)`);
  const u = l.unperturbed;
  out.push(u.index > 0 ? `  a plain run (no --schedule-seed) gives outcome #${u.index}`
    : `  a plain run (no --schedule-seed) gives an outcome no perturbed run gave: ${shortStatus(u.statusText)}, ${outputCell(u.stdout, null)}`);
  if (x.until !== null) {
    out.push(l.stoppedAt !== null ? `  --until ${describeUntil(x.until)}: stopped at schedule seed ${l.stoppedAt}`
      : `  --until ${describeUntil(x.until)}: no run matched`);
  }
  out.push('  replay (the same output, status and trace, byte for byte):');
  for (const o of shown) {
    out.push(`    #${o.index}  ${replayCommand(x.base, l.lib, o.firstSeed)}`);
    if (o.deadlock) out.push(...o.deadlock.map((s) => `        ${s}`));
  }
  return out;
}

/** The whole terminal report. */
export function formatExploration(x: Exploration, costsName: string, top: number): string {
  const b = x.base;
  const last = x.firstSeed + x.runs - 1;
  const head = `threadlab explore ${b.file}${b.args.length ? ` ${b.args.join(' ')}` : ''} · ${b.cpus} CPU${b.cpus > 1 ? 's' : ''} · ${costsName} · seed ${b.seed} · ` +
    `schedule seeds ${x.firstSeed}–${last} · depth ${b.depth}`;
  const parts = [head, ''];
  for (const l of x.libs) parts.push(...libSection(x, l, top), '');
  return parts.join('\n');
}

function outcomeJson(x: Exploration, l: LibExploration, o: Outcome): Record<string, unknown> {
  return {
    index: o.index, runs: o.runs, share: o.runs / Math.max(1, l.runs), firstSeed: o.firstSeed, exitCode: o.exitCode,
    statusText: o.statusText, stdout: o.stdout, deadlock: o.deadlock, unperturbed: o.unperturbed,
    replay: replayCommand(x.base, l.lib, o.firstSeed),
  };
}

/** One machine-readable object for --json (and outcomes.json in --out). */
export function explorationJson(x: Exploration, costsName: string): Record<string, unknown> {
  const b = x.base;
  return {
    program: b.file, args: b.args, cpus: b.cpus, seed: b.seed, costs: costsName, timeLimit: b.timeLimit ?? DEFAULT_TIME_LIMIT,
    libOptions: b.libOpt, depth: b.depth, firstSeed: x.firstSeed, runs: x.runs,
    until: x.until === null ? null : describeUntil(x.until),
    libraries: x.libs.map((l) => ({
      lib: l.lib, steps: l.steps, runs: l.runs, stoppedAt: l.stoppedAt,
      unperturbed: { outcome: l.unperturbed.index, exitCode: l.unperturbed.exitCode, statusText: l.unperturbed.statusText, stdout: l.unperturbed.stdout, deadlock: l.unperturbed.deadlock },
      outcomes: l.outcomes.map((o) => outcomeJson(x, l, o)),
    })),
  };
}

export const CSV_COLUMNS = ['library', 'outcome', 'runs', 'share', 'first_seed', 'exit_code', 'status', 'stdout', 'deadlock', 'unperturbed', 'replay', 'cpus', 'seed', 'depth', 'k'];

/** One row per library × outcome. */
export function explorationRows(x: Exploration): Record<string, unknown>[] {
  return x.libs.flatMap((l) => l.outcomes.map((o) => ({
    library: l.lib, outcome: o.index, runs: o.runs, share: Number((o.runs / Math.max(1, l.runs)).toFixed(6)), first_seed: o.firstSeed,
    exit_code: o.exitCode, status: o.statusText, stdout: o.stdout, deadlock: o.deadlock ? o.deadlock.join('\n') : '',
    unperturbed: o.unperturbed, replay: replayCommand(x.base, l.lib, o.firstSeed), cpus: x.base.cpus, seed: x.base.seed,
    depth: x.base.depth, k: l.steps,
  })));
}
