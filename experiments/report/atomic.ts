// Atomic file output for experiment reports.
//
// writeFileAtomic writes to a temporary file in the target's own directory, fsyncs it and
// renames it over the target, so a reader (or a crash) sees either the old file or the whole
// new one, never a partial file. The data may be given as chunks from an iterable; if the
// iterable throws part-way, the temporary file is removed and the target is left untouched.
// ensureWritableDir creates a directory (mkdir -p) and checks that files can be written in it.

import { closeSync, constants, fsyncSync, mkdirSync, accessSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** What writeFileAtomic accepts: the whole content, or chunks of it produced lazily. */
export type AtomicData = string | Uint8Array | Iterable<string | Uint8Array>;

let tempCounter = 0;

function tempPathFor(path: string): string {
  tempCounter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
}

function writeChunk(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let offset = 0;
  while (offset < bytes.length) {
    offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }
}

function writeAll(fd: number, data: AtomicData): void {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    writeChunk(fd, data);
    return;
  }
  for (const chunk of data) writeChunk(fd, chunk);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone: nothing to clean up
  }
}

/** fsync a directory so the rename itself survives a crash; not every platform allows it. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // directories cannot be opened or fsynced on some platforms; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write `data` to `path` atomically: temp file in the same directory, fsync, rename.
 * On any error (including one thrown by a chunk iterable) the temp file is removed, the
 * previous content of `path` (if any) is kept, and the error is rethrown.
 */
export function writeFileAtomic(path: string, data: AtomicData): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx', 0o644);
  let closed = false;
  try {
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temp, path);
  } catch (err) {
    if (!closed) closeSync(fd);
    removeQuietly(temp);
    throw err;
  }
  syncDir(dirname(path));
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Create `dir` (and parents) if needed and check it is a writable directory.
 * Throws an OutputDirError with a one-line message such as
 * `cannot write to output directory out/: EACCES`.
 */
/** The output directory cannot be used: the user's to fix (the CLI makes it one line, status 2). */
export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputDirError';
  }
}

export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new OutputDirError(`cannot write to output directory ${dir}: ${errorCode(err)}`);
  }
  // access() says yes to root even on read-only mounts; a real probe settles it.
  const probe = tempPathFor(join(dir, 'write-probe'));
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (err) {
    throw new OutputDirError(`cannot write to output directory ${dir}: ${errorCode(err)}`);
  }
  removeQuietly(probe);
}
