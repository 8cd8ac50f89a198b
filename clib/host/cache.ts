/**
 * cache.ts — compiled C programs, kept by the hash of everything that made them.
 *
 * A key is the sha256 of the sources (with their paths), the lab's headers and runtime, the
 * flags, the pipeline version and the toolchain's versions, so a stale entry is never used.
 * Entries live in THREADLAB_CACHE_DIR, else node_modules/.cache/threadlab next to the lab,
 * else $XDG_CACHE_HOME/threadlab (~/.cache/threadlab). Writes are atomic (a private temporary
 * file renamed into place), so a crash or two runs at once never leave half a file.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, accessSync, constants, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { labRoot } from './toolchain.js';

export function sha256(parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? `${p.length}:` : `${p.byteLength}#`);
    h.update(p);
  }
  return h.digest('hex');
}

let dir: string | null = null;

function writable(d: string): boolean {
  try {
    mkdirSync(d, { recursive: true });
    accessSync(d, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The cache directory (created on first use). */
export function cacheDir(): string {
  if (dir !== null) return dir;
  const env = process.env['THREADLAB_CACHE_DIR'];
  const candidates = env ? [env] : [];
  try {
    const nm = join(labRoot(), 'node_modules');
    if (existsSync(nm)) candidates.push(join(nm, '.cache', 'threadlab'));
  } catch { /* no lab root: fall through */ }
  candidates.push(join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'threadlab'));
  for (const c of candidates) if (writable(c)) return (dir = c);
  throw new Error(`no writable cache directory (tried ${candidates.join(', ')}); set THREADLAB_CACHE_DIR`);
}

export function cacheRead(name: string): Buffer | null {
  const p = join(cacheDir(), name);
  try {
    return readFileSync(p);
  } catch {
    return null;
  }
}

let tmpSeq = 0;

export function cacheWrite(name: string, data: Uint8Array | string): void {
  const d = cacheDir();
  const tmp = join(d, `.${name}.${process.pid}.${++tmpSeq}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, join(d, name));
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}
