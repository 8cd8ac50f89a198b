/**
 * fingerprint.ts — a digest of every simulated figure, to show that a change to the simulator's
 * speed changed none of them: `node dist/bench/fingerprint.js > before.txt`, change the code,
 * run it again and diff. (Not a benchmark: it times nothing.)
 *
 * For every example program and a few stress programs (create + join loops, live threads,
 * process-directed signals), on every library, on 1 and 2 CPUs: `threadlab run --json` (exit
 * status, virtual time, system calls by name, switches, tasks, ps, dmesg) and the Chrome trace
 * (every run interval on every CPU). One line per run: the run's name and the SHA-256 of each.
 * With a directory argument (`fingerprint.js out/`) the full outputs are written there too, to
 * diff when a digest differs.
 */

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as cli } from '../experiments/cli.js';

const LIBS = ['nptl', 'linuxthreads', 'ngpt', 'green'];
const STRESS: Record<string, string> = {
  'create-join': `export default function* main(libc) {
  function* child(libc, i) { yield* libc.compute(500); return i; }
  for (let i = 0; i < 300; i++) { const t = yield* libc.pthread_create(child, i); yield* libc.pthread_join(t); }
  return 0;
}\n`,
  'live-threads': `export default function* main(libc) {
  function* sleeper(libc, i) { yield* libc.usleep(2000 + (i % 7) * 100); return i; }
  const ids = [];
  for (let i = 0; i < 200; i++) ids.push(yield* libc.pthread_create(sleeper, i, { stacksize: 65536 }));
  for (let i = ids.length - 1; i >= 0; i -= 2) yield* libc.pthread_join(ids[i]);
  for (let i = 0; i < ids.length; i += 2) yield* libc.pthread_join(ids[i]);
  return 0;
}\n`,
  'group-signals': `export default function* main(libc) {
  let got = 0;
  yield* libc.signal(10, function* () { got++; });
  function* worker(libc) { for (let i = 0; i < 20; i++) yield* libc.usleep(300); return 0; }
  const ids = [];
  for (let i = 0; i < 6; i++) ids.push(yield* libc.pthread_create(worker));
  for (let i = 0; i < 15; i++) { yield* libc.kill(yield* libc.getpid(), 10); yield* libc.usleep(250); }
  for (const t of ids) yield* libc.pthread_join(t);
  yield* libc.printf('got %d\\n', got);
  return 0;
}\n`,
};

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

async function runOne(file: string, lib: string, cpus: number, tmp: string): Promise<{ json: string; trace: string }> {
  const trace = join(tmp, 'trace.json');
  let out = '';
  await cli(['run', file, '--lib', lib, '--cpus', String(cpus), '--json', '--trace', trace, '--no-watchdog'], {
    out: (s) => { out += s; }, err: () => {},
  });
  let tr = '';
  try { tr = readFileSync(trace, 'utf8'); } catch { /* the run failed before tracing */ }
  rmSync(trace, { force: true });
  return { json: out, trace: tr };
}

export async function fingerprint(dumpDir?: string): Promise<string[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'threadlab-fp-'));
  const programs = readdirSync('examples').filter((f) => f.endsWith('.ts') && !f.includes('.module.')).sort().map((f) => join('examples', f));
  for (const [name, text] of Object.entries(STRESS)) {
    const f = join(tmp, `${name}.mjs`);
    writeFileSync(f, text);
    programs.push(f);
  }
  if (dumpDir) mkdirSync(dumpDir, { recursive: true });
  const lines: string[] = [];
  try {
    for (const file of programs) {
      const base = file.replace(/^.*\//, '').replace(/\.m?[jt]s$/, '');
      for (const lib of LIBS) {
        for (const cpus of [1, 2]) {
          const r = await runOne(file, lib, cpus, tmp);
          const name = `${base}/${lib}/${cpus}cpu`;
          // The trace's metadata names the program's path, which differs between checkouts.
          const json = r.json.split(tmp).join('<tmp>');
          const trace = r.trace.split(tmp).join('<tmp>');
          lines.push(`${name.padEnd(36)} json ${sha(json)} trace ${sha(trace)}`);
          if (dumpDir) {
            writeFileSync(join(dumpDir, `${name.replace(/\//g, '_')}.json`), json);
            writeFileSync(join(dumpDir, `${name.replace(/\//g, '_')}.trace.json`), trace);
          }
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] && /fingerprint\.[jt]s$/.test(process.argv[1])) {
  for (const l of await fingerprint(process.argv[2])) console.log(l);
}
