/**
 * validate.ts (command) — `threadlab validate [--quick] [--runs N] [--json] [--strict] [--cc C]`:
 * compare the `host` cost model's predictions of composite figures with this host's
 * measurements of them, side by side (experiments/calibrate/validate.ts does the work).
 *
 * Prints a table — figure, real (the median of N probe runs, min–max beside it), spread,
 * simulated, error, within ±25 % — a summary line, and notes (a row whose spread is itself wider
 * than ±25 % cannot be judged on this machine now). The
 * exit status is 0 when the comparison ran, whatever it found (--strict: 1 when a figure
 * misses); 2 with one line when there is no host model yet (run `threadlab calibrate`).
 */

import { CostModelError } from '../../kernel/index.js';
import { NoHostModelError, fmtPct, summaryLine, validate, type ValidateResult } from '../calibrate/validate.js';
import { formatNs } from './format.js';
import { CliError, registerCommand, type Io } from './registry.js';
import { DEFAULT_RUNS } from '../calibrate/calibrate.js';
import { parseCpus, parseRuns } from './options.js';

interface ValidateCliOptions { quick?: boolean; json?: boolean; strict?: boolean; cc?: string; runs?: number; cpus?: number }

/** Left-aligned first column, right-aligned numbers, a rule under the header. */
function textTable(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  return [line(header), w.map((n) => '─'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

export function formatValidate(r: ValidateResult): string {
  const head = `threadlab validate · NPTL (glibc ${r.glibc}) · cost model ${r.preset.name}` +
    `${r.preset.measured ? ` (measured ${r.preset.measured.slice(0, 10)})` : ''} · ${r.cpus} CPU${r.cpus > 1 ? 's' : ''}` +
    ` · probe ${r.probeQuick ? 'quick' : 'full'}, median of ${r.runs} run${r.runs > 1 ? 's' : ''}`;
  const table = textTable(
    ['figure', 'real', 'min–max', 'spread', 'simulated', 'error', `within ±${r.tolerancePct} %`],
    r.rows.map((x) => [
      x.figure, formatNs(x.realNs), `${formatNs(x.realMinNs)}–${formatNs(x.realMaxNs)}`, `±${x.spreadPct.toFixed(0)} %${x.noisy ? ' !' : ''}`,
      formatNs(x.simulatedNs), fmtPct(x.errorPct), x.within ? 'yes' : 'no',
    ]),
  );
  const notes = r.notes.map((n) => `note: ${n}`);
  return [head, '', table, '', summaryLine(r), ...notes].join('\n') + '\n';
}

export function validateJson(r: ValidateResult): Record<string, unknown> {
  return {
    preset: r.preset, glibc: r.glibc, cpus: r.cpus, probeQuick: r.probeQuick, runs: r.runs, tolerancePct: r.tolerancePct,
    rows: r.rows, within: r.within, total: r.rows.length, summary: summaryLine(r), notes: r.notes,
  };
}

export async function validateCommand(o: ValidateCliOptions, io: Io): Promise<number> {
  let r: ValidateResult;
  try {
    r = await validate({ cwd: process.cwd(), quick: o.quick, cc: o.cc, runs: o.runs, cpus: o.cpus, log: (s) => io.err(`${s}\n`) });
  } catch (e) {
    if (e instanceof NoHostModelError) throw new CliError(e.message, 2);
    if (e instanceof CostModelError) throw e;
    throw new CliError(`validate: ${e instanceof Error ? e.message.replace(/^(validate|calibrate): /, '').split('\n')[0] : String(e)}`, 1);
  }
  io.out(o.json ? JSON.stringify(validateJson(r), null, 2) + '\n' : formatValidate(r));
  return o.strict && r.within < r.rows.length ? 1 : 0;
}

registerCommand((program, io, setExitCode) => {
  program.command('validate')
    .description('predict composite figures with the "host" cost model and compare them with this machine (run calibrate first)')
    .option('--quick', 'shorter, noisier measurement')
    .option('--runs <n>', 'probe runs; each real figure is their median, shown with its min–max', parseRuns, DEFAULT_RUNS)
    .option('--cpus <n>', 'run the probe on n of this machine\'s CPUs (pinned) and simulate n CPUs; default all', parseCpus)
    .option('--json', 'print the table as JSON')
    .option('--strict', 'exit with status 1 when a figure is not within ±25 %')
    .option('--cc <compiler>', 'C compiler to build the probe with')
    .action(async (o: ValidateCliOptions) => { setExitCode(await validateCommand(o, io)); });
});
