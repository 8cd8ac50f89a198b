/**
 * mem.ts — /dev/null and /dev/zero, the memory devices of drivers/char/mem.c.
 *
 * Mirrors: read_null (end of file at once), write_null (every byte accepted, none kept),
 * read_iter_zero (as many NUL bytes as asked), write_zero (= write_null), null_lseek /
 * zero_lseek (the position stays 0), and mmap_zero: a private mapping of /dev/zero is an
 * anonymous one, a shared one is backed by a new unlinked shmem object (shmem_zero_setup) —
 * sys_mmap.ts asks `isDevZero`. open() finds both names in dev_slow.ts's table.
 *
 * Simplifies: no per-byte copy cost for /dev/zero's reads beyond the generic system-call
 * cost; /dev/null's mmap is ENODEV as in Linux (it has no mmap operation).
 */

import { deviceStat, type FileOps, type File } from './file.js';
import { O_ACCMODE, O_WRONLY, O_RDONLY, EBADF } from './uapi.js';

function readable(f: File): boolean { return (f.flags & O_ACCMODE) !== O_WRONLY; }
function writable(f: File): boolean { return (f.flags & O_ACCMODE) !== O_RDONLY; }

export const nullOps: FileOps = {
  name: 'null',
  stat: () => deviceStat(0o666), // crw-rw-rw- root, as stat() of /dev/null says (open.ts)
  read: (_k, _t, f) => (readable(f) ? '' : -EBADF),
  write: (_k, _t, f, data) => (writable(f) ? data.length : -EBADF),
  llseek: () => 0,
};

export const zeroOps: FileOps = {
  name: 'zero',
  stat: () => deviceStat(0o666),
  read: (_k, _t, f, n) => (readable(f) ? '\0'.repeat(Math.max(0, n)) : -EBADF),
  write: (_k, _t, f, data) => (writable(f) ? data.length : -EBADF),
  llseek: () => 0,
};

/** Is this open file /dev/zero (mmap_zero: the mapping is anonymous)? */
export function isDevZero(f: File): boolean {
  return f.ops === zeroOps;
}
