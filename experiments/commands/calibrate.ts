/**
 * calibrate.ts (command) — `threadlab calibrate`: measure this host with the C probe and
 * write the `host` cost model (experiments/calibrate/calibrate.ts does the work).
 */

import { describeCosts } from '../../kernel/index.js';
import { calibrate, DEFAULT_RUNS, type ProbeSummary } from '../calibrate/calibrate.js';
import { registerCommand, CliError, type Io } from './registry.js';
import { parseRuns } from './options.js';

interface CalibrateCliOptions { quick?: boolean; out?: string; cc?: string; runs?: number }

/** The figures whose runs spread wider than ±25 % around their median, as one line (or ''). */
function spreadLine(s: ProbeSummary): string {
  const wide = Object.keys(s.median).filter((k) => k.endsWith('_ns') && s.median[k] > 0 &&
    Math.max(s.median[k] - s.min[k], s.max[k] - s.median[k]) / s.median[k] > 0.25);
  return wide.length === 0 ? '' : `calibrate: spread wider than ±25 % over ${s.runs} runs (a noisy machine): ${wide.join(', ')}\n`;
}

export async function calibrateCommand(o: CalibrateCliOptions, io: Io): Promise<number> {
  try {
    const r = await calibrate({ cwd: process.cwd(), quick: o.quick, out: o.out, cc: o.cc, runs: o.runs, log: (s) => io.err(`${s}\n`) });
    io.err(spreadLine(r.summary));
    const era = r.preset.glibc ? `; it runs NPTL as glibc ${r.preset.glibc} unless --lib-opt glibc= says otherwise` : '';
    io.out(`${describeCosts(r.preset)}\nwrote ${r.path} (medians of ${r.summary.runs} probe runs); use it with --costs ${o.out === undefined ? 'host' : o.out}${era}\n`);
    return 0;
  } catch (e) {
    throw new CliError(`calibrate: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, 1);
  }
}

registerCommand((program, io, setExitCode) => {
  program.command('calibrate')
    .description('measure this machine and write reports/host-costs.json (the "host" cost model)')
    .option('--quick', 'shorter, noisier measurement')
    .option('--runs <n>', 'probe runs; each figure is their median (the spread goes in _meta.spread)', parseRuns, DEFAULT_RUNS)
    .option('--out <file>', 'where to write the model (default reports/host-costs.json)')
    .option('--cc <compiler>', 'C compiler to build the probe with')
    .action(async (o: CalibrateCliOptions) => { setExitCode(await calibrateCommand(o, io)); });
});
