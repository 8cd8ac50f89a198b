/**
 * calibrate.ts (command) — `threadlab calibrate`: measure this host with the C probe and
 * write the `host` cost model (experiments/calibrate/calibrate.ts does the work).
 */

import { describeCosts } from '../../kernel/index.js';
import { calibrate } from '../calibrate/calibrate.js';
import { registerCommand, CliError, type Io } from './registry.js';

interface CalibrateCliOptions { quick?: boolean; out?: string; cc?: string }

export async function calibrateCommand(o: CalibrateCliOptions, io: Io): Promise<number> {
  try {
    const r = await calibrate({ cwd: process.cwd(), quick: o.quick, out: o.out, cc: o.cc, log: (s) => io.err(`${s}\n`) });
    io.out(`${describeCosts(r.preset)}\nwrote ${r.path}; use it with --costs ${o.out === undefined ? 'host' : o.out}\n`);
    return 0;
  } catch (e) {
    throw new CliError(`calibrate: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, 1);
  }
}

registerCommand((program, io, setExitCode) => {
  program.command('calibrate')
    .description('measure this machine and write reports/host-costs.json (the "host" cost model)')
    .option('--quick', 'shorter, noisier measurement')
    .option('--out <file>', 'where to write the model (default reports/host-costs.json)')
    .option('--cc <compiler>', 'C compiler to build the probe with')
    .action(async (o: CalibrateCliOptions) => { setExitCode(await calibrateCommand(o, io)); });
});
