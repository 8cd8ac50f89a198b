// Helpers of the experiments tests: run one experiment on --quick settings, in-process, on
// named libraries. A library that is not registered fails the test with a line naming it
// (chooseLibraries throws "unknown library 'x' (known: ...)"), never a silent pass.

import { runExperiments } from '../experiments/lab/run_all.js';
import type { Row } from '../experiments/lab/types.js';

export interface QuickRun {
  rows: Row[];
  reading: string;
}

/** Run experiment `name` quick on `libs` in-process; its rows and reading. */
export async function quick(name: string, libs: string[], o: { cpus?: number; seed?: number } = {}): Promise<QuickRun> {
  const r = await runExperiments({ names: [name], libs, quick: true, workers: 0, cpus: o.cpus ?? null, seed: o.seed });
  const e = r.report.experiments[0];
  return { rows: e.rows as Row[], reading: e.reading };
}

/** Rows matching every key of `where`. */
export function select(rows: Row[], where: Row): Row[] {
  return rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
}

/** The single row matching `where` (throws if none or several). */
export function one(rows: Row[], where: Row): Row {
  const m = select(rows, where);
  if (m.length !== 1) throw new Error(`expected one row for ${JSON.stringify(where)}, found ${m.length}`);
  return m[0];
}

/** A numeric cell, failing loudly when the run did not produce it. */
export function num(r: Row, col: string): number {
  const v = r[col];
  if (typeof v !== 'number') throw new Error(`row ${JSON.stringify(r)} has no number in '${col}' (outcome: ${String(r.outcome)})`);
  return v;
}

export function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
