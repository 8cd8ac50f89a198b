/**
 * files.ts — the run's files: host files put into the simulated file system before a run
 * (`--file HOST[:SIMPATH]`, repeatable) and the files a run created or changed written back
 * to the host afterwards (`--keep-files DIR`).
 *
 * Determinism: the host files are read once, before any run, and every run (every library of
 * `compare`, every schedule of `explore`) starts from the same bytes, so the same inputs give
 * byte-identical output. Bytes travel one per character (latin1), as the kernel's files hold
 * them, so a C program reads exactly the bytes the host file has.
 *
 * Where a file goes: SIMPATH if given (absolute, or relative to the program's working
 * directory /home/student); otherwise the host path as typed when it is relative and does not
 * climb ('data/in.txt' stays data/in.txt), else its base name ('/x/y/in.txt' is in.txt).
 *
 * What is kept: the regular files under the working directory that the run created or
 * changed (written, truncated, renamed), at the same relative paths under DIR, each written
 * atomically (report/atomic.ts); /tmp and files only read are not written; files the program
 * removed are not removed on the host.
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import { changedFiles, HOME_DIR, type Kernel } from '../kernel/index.js';
import type { SimFile } from './runner.js';
import { writeFileAtomic } from './report/atomic.js';
import { CliError } from './commands/registry.js';

/** Split HOST[:SIMPATH] (at the last ':' followed by a name). */
export function parseFileSpec(spec: string): { host: string; sim: string } {
  const i = spec.lastIndexOf(':');
  if (i > 0 && i < spec.length - 1) return { host: spec.slice(0, i), sim: spec.slice(i + 1) };
  const host = i === spec.length - 1 ? spec.slice(0, -1) : spec;
  const rel = normalize(host);
  const sim = !rel.startsWith('/') && !rel.split('/').includes('..') ? rel : basename(host);
  return { host, sim };
}

/** Read every --file now: a missing or unreadable host file is one CliError line. */
export function readSimFiles(specs: readonly string[] | undefined): SimFile[] {
  const out: SimFile[] = [];
  for (const spec of specs ?? []) {
    const { host, sim } = parseFileSpec(spec);
    let data: string;
    try {
      data = readFileSync(host, 'latin1');
    } catch (e) {
      throw new CliError(`cannot read --file '${host}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const parts = sim.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.includes('..') || sim.endsWith('/')) {
      throw new CliError(`--file '${spec}': '${sim}' is not a file name in the simulated file system`);
    }
    out.push({ path: sim, data });
  }
  checkClashes(out);
  return out;
}

/** A file where another needs a directory ('a' and 'a/b'), or on a directory of the boot tree: one CliError. */
function checkClashes(files: SimFile[]): void {
  const abs = (p: string): string => `/${(p.startsWith('/') ? p : `${HOME_DIR}/${p}`).split('/').filter((c) => c !== '' && c !== '.').join('/')}`;
  const dirs = new Set(['/', '/tmp', '/home', HOME_DIR]);
  for (const f of files) for (let d = dirname(abs(f.path)); d !== '/'; d = dirname(d)) dirs.add(d);
  for (const f of files) {
    if (dirs.has(abs(f.path))) throw new CliError(`--file: '${f.path}' is a directory in the simulated file system`);
  }
}

/** Write the files the run created or changed under DIR; returns how many. */
export function keepFiles(k: Kernel, dir: string): number {
  const files = changedFiles(k);
  for (const f of files) {
    const target = join(dir, f.path);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileAtomic(target, Buffer.from(f.data, 'latin1'));
    } catch (e) {
      throw new CliError(`cannot write --keep-files file '${target}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return files.length;
}
