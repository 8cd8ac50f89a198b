/**
 * watchdog_worker.ts — the worker thread a watched `threadlab run` executes in (watchdog.ts).
 *
 * It receives the program file, its arguments and the run options, runs the program exactly as
 * `threadlab run` does in-process, and replies with everything it would have printed and its
 * exit status. The kernel publishes the running thread in the shared cell, so when this thread
 * is stuck in a loop that never yields, the watchdog can still say which thread it was.
 */

import { parentPort } from 'node:worker_threads';
import { runCommand, type RunCliOptions } from './commands/run.js';
import { CliError } from './commands/registry.js';
import { CostModelError } from '../kernel/index.js';
import { UnknownLibraryError } from '../libs/index.js';

interface Request {
  file: string;
  args: string[];
  opts: RunCliOptions;
  cell: SharedArrayBuffer;
}

if (!parentPort) throw new Error('watchdog_worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (m: Request) => {
  let out = '';
  let err = '';
  const io = { out: (s: string) => { out += s; }, err: (s: string) => { err += s; } };
  port.postMessage({ started: true });
  const opts = { ...m.opts, currentCell: new Int32Array(m.cell), onStdout: (chunk: string, err: boolean) => port.postMessage({ chunk, err }) };
  runCommand(m.file, m.args, opts, io).then(
    (code) => port.postMessage({ out, err, code }),
    (e) => {
      // cli.ts is not imported here: it runs main() when it is the process's script.
      if (e instanceof CliError && e.raw) { port.postMessage({ out, err: err + e.message, code: e.code }); return; }
      const user = e instanceof CliError || e instanceof CostModelError || e instanceof UnknownLibraryError || e instanceof RangeError;
      const line = user ? (e as Error).message : `internal error: ${(e as Error).message}`;
      port.postMessage({ out, err: `${err}threadlab: ${line}\n`, code: e instanceof CliError ? e.code : user ? 2 : 70 });
    },
  );
});
