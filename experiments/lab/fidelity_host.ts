/**
 * fidelity_host.ts — `threadlab experiment fidelity --costs host`: this machine's composites
 * beside the era's claims, so one report shows both questions — does the lab reproduce what was
 * published in 2003, and does it predict what this machine does now?
 *
 * The real figures are the ones `threadlab calibrate` measured and kept in
 * reports/host-costs.json (`_meta.raw`: the medians of its probe runs; `_meta.spread`: their
 * min–max), so the experiment stays deterministic: the same file gives the same rows. Each
 * composite's twin (experiments/calibrate/composites.ts) is simulated with the host preset on
 * the probe's CPU count — NPTL in the era the host model pairs (glibc 2.36 on a modern host).
 * A row is judged like `threadlab validate` judges it: within ±25 %, and not judged when the
 * real figure's own spread is wider than that.
 */

import { HOST_COSTS_FILE, loadCostModel } from '../../kernel/index.js';
import { readHostRaw } from '../calibrate/calibrate.js';
import { COMPOSITES, simulateCompositeMedian } from '../calibrate/composites.js';
import { TOLERANCE_PCT, fmtPct, validateRow } from '../calibrate/validate.js';
import { fmtNs } from './common.js';
import type { Claim } from './fidelity_claims.js';
import type { Job, JobSpec, Row, RunContext } from './types.js';

/** One job per composite, carrying the measured figure (so the run needs only the model). */
export function hostJobs(ctx: RunContext): JobSpec[] {
  const saved = readHostRaw(process.cwd());
  if (saved === undefined) throw new Error(`fidelity --costs host: no ${HOST_COSTS_FILE} with measured figures here — run \`threadlab calibrate\` first`);
  const cpus = saved.raw['ncpus'] ?? 1;
  return COMPOSITES.map((c) => {
    const k = `${c.key}_ns`, real = saved.raw[k], iters = saved.raw[`${c.key}_iters`];
    if (real === undefined || iters === undefined) throw new Error(`fidelity --costs host: ${HOST_COSTS_FILE} has no ${c.key}: recalibrate`);
    const [lo, hi] = saved.spread[k] ?? [real, real];
    return {
      lib: 'nptl', libOptions: {}, seed: ctx.seed, costs: 'host', cpus,
      params: { part: 'validate', figure: c.key, iterations: Math.max(1, Math.round(iters)), real_ns: real, real_min_ns: lo, real_max_ns: hi, probe_runs: saved.runs, probe_quick: saved.raw['quick'] === 1 },
    };
  });
}

/** Simulate one composite's twin with the host preset; the row holds both columns. */
export function runHostJob(job: Job): Row {
  const p = job.params;
  const c = COMPOSITES.find((x) => x.key === p.figure);
  if (!c) throw new Error(`fidelity: unknown composite '${String(p.figure)}'`);
  const preset = loadCostModel('host');
  const sim = simulateCompositeMedian(c, p.iterations as number, preset, job.cpus, p.probe_quick === true);
  const v = validateRow(c.key, c.label, p.real_ns as number, sim, p.iterations as number, p.real_min_ns as number, p.real_max_ns as number);
  return {
    library: 'nptl', ...p, seed: job.seed, costs: preset.name, cpus: job.cpus, outcome: 'ok',
    glibc: preset.glibc ?? '2.3', simulated_ns: Math.round(v.simulatedNs), error_pct: Math.round(v.errorPct * 10) / 10,
    spread_pct: Math.round(v.spreadPct * 10) / 10, within: v.within,
  };
}

/** The composites as claims: "this machine's figure, predicted within ±25 %". */
export function hostClaims(rows: Row[]): Claim[] {
  return rows.filter((r) => r.part === 'validate').map((r): Claim => {
    const c = COMPOSITES.find((x) => x.key === r.figure)!;
    const real = r.real_ns as number, sim = r.simulated_ns as number, spread = r.spread_pct as number;
    const noisy = spread > TOLERANCE_PCT;
    const within = r.within === true;
    const lab = `real ${fmtNs(real)} (runs ${fmtNs(r.real_min_ns as number)}–${fmtNs(r.real_max_ns as number)}, ±${spread.toFixed(0)} %), ` +
      `simulated ${fmtNs(sim)}: ${fmtPct(r.error_pct as number)}`;
    const why = noisy
      ? `The real figure moved ±${spread.toFixed(0)} % between the ${r.probe_runs} probe runs — more than the ±${TOLERANCE_PCT} % being judged: ` +
        'this machine was too noisy at calibration to tell (recalibrate on a quiet machine).'
      : within
        ? `The host preset's primitives, measured one by one, add up to this composite (NPTL as glibc ${r.glibc}, ${r.cpus} CPUs).`
        : `The host preset's primitives do not add up to this composite (NPTL as glibc ${r.glibc}, ${r.cpus} CPUs): ` +
          `the machine spends ${fmtNs(real)} where the model charges ${fmtNs(sim)}; \`threadlab validate\` prints what each primitive was.`;
    return {
      id: `host-${c.key}`, claim: `${c.label}: this machine's figure, predicted within ±${TOLERANCE_PCT} %`,
      source: `[HOST] threadlab calibrate: median of ${r.probe_runs} probe runs`, lab,
      reproduced: within ? 'yes' : 'no', why, shows: `${fmtPct(r.error_pct as number)} for ${c.key}${noisy ? ' (too noisy to judge)' : ''}`,
    };
  });
}

/** Columns the validate rows add to the fidelity CSV. */
export const HOST_COLUMNS = [
  'figure', 'iterations', 'real_ns', 'real_min_ns', 'real_max_ns', 'probe_runs', 'glibc', 'simulated_ns', 'error_pct', 'spread_pct', 'within',
];
