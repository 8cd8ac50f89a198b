/**
 * registry.ts — the experiments the lab knows, in the order reports list them.
 *
 * `threadlab experiment <name...|all>` resolves names here; `threadlab list` shows
 * `listExperiments()`; the sweep's worker threads look a job's experiment up by name.
 * Importing this module must stay cheap (no chart rendering): workers import it.
 */

import { blocking } from './blocking.js';
import { contention } from './contention.js';
import { create } from './create.js';
import { exit } from './exit.js';
import { fidelity } from './fidelity.js';
import { pingpong } from './pingpong.js';
import { scaling } from './scaling.js';
import { signals } from './signals.js';
import type { Experiment } from './types.js';

export const EXPERIMENTS: readonly Experiment[] = [create, contention, signals, blocking, pingpong, exit, scaling, fidelity];

export class UnknownExperimentError extends Error {}

/** A bad --libs, --cpus ... for the chosen experiments (run_all.ts throws it). */
export class ExperimentOptionError extends Error {}

export function experimentNames(): string[] {
  return EXPERIMENTS.map((e) => e.name);
}

/** name and question of every experiment, for `threadlab list`. */
export function listExperiments(): { name: string; question: string; measures: string }[] {
  return EXPERIMENTS.map((e) => ({ name: e.name, question: e.question, measures: e.measures }));
}

export function getExperiment(name: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.name === name);
  if (!e) throw new UnknownExperimentError(`unknown experiment '${name}' (known: ${experimentNames().join(', ')}, or all)`);
  return e;
}

/** Names as given on the command line ('all' = every one), without repeats, in registry order. */
export function resolveExperiments(names: string[]): Experiment[] {
  if (names.length === 0) throw new UnknownExperimentError(`no experiment named (known: ${experimentNames().join(', ')}, or all)`);
  const wanted = new Set<string>();
  for (const n of names) {
    if (n === 'all') experimentNames().forEach((x) => wanted.add(x));
    else wanted.add(getExperiment(n).name);
  }
  return EXPERIMENTS.filter((e) => wanted.has(e.name));
}
