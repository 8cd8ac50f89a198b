/**
 * cache.ts — compiled C programs, kept by the hash of everything that made them.
 *
 * A key is the sha256 of the sources (with their paths), the lab's headers and runtime, the
 * flags, the pipeline version and the toolchain's versions, so a stale entry is never used.
 * Entries live in the first writable directory of: THREADLAB_CACHE_DIR, $XDG_CACHE_HOME/threadlab
 * (~/.cache/threadlab), the system's temporary directory (threadlab-cache-<uid>). Never inside
 * node_modules (npm ci deletes it; an installed package may be read-only). With none writable
 * the cache is simply off: every run compiles, nothing fails. Writes are atomic (a private
 * temporary file renamed into place), so a crash or two runs at once never leave half a file.
 */

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, accessSync, constants, unlinkSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export function sha256(parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? `${p.length}:` : `${p.byteLength}#`);
    h.update(p);
  }
  return h.digest('hex');
}

/** The directory chosen (null: none writable), for the environment it was chosen in. */
let chosen: { env: string; dir: string | null } | null = null;

function writable(d: string): boolean {
  try {
    mkdirSync(d, { recursive: true });
    accessSync(d, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function uid(): string {
  try {
    return String(userInfo().uid);
  } catch {
    return 'user';
  }
}

/** Where the cache may live, best first. */
export function cacheCandidates(): string[] {
  const env = process.env['THREADLAB_CACHE_DIR'];
  const out = env ? [env] : [];
  let home = '';
  try { home = homedir(); } catch { /* no home directory */ }
  const xdg = process.env['XDG_CACHE_HOME'] || (home ? join(home, '.cache') : '');
  if (xdg) out.push(join(xdg, 'threadlab'));
  out.push(join(tmpdir(), `threadlab-cache-${uid()}`));
  return out;
}

/** The cache directory (created on first use), or null when none is writable (no caching). */
export function cacheDir(): string | null {
  const env = ['THREADLAB_CACHE_DIR', 'XDG_CACHE_HOME', 'HOME', 'TMPDIR'].map((v) => process.env[v] ?? '').join('\0');
  if (chosen?.env === env) return chosen.dir;
  const dir = cacheCandidates().find(writable) ?? null;
  chosen = { env, dir };
  return dir;
}

export function cacheRead(name: string): Buffer | null {
  const d = cacheDir();
  if (d === null) return null;
  try {
    return readFileSync(join(d, name));
  } catch {
    return null;
  }
}

let tmpSeq = 0;

/** Store an entry; a cache that cannot be written is skipped (the next run compiles again). */
export function cacheWrite(name: string, data: Uint8Array | string): void {
  const d = cacheDir();
  if (d === null) return;
  const tmp = join(d, `.${name}.${process.pid}.${++tmpSeq}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, join(d, name));
  } catch {
    try { unlinkSync(tmp); } catch { /* never made, or already gone */ }
  }
}
