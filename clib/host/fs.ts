/**
 * fs.ts — files by name from C (clib/runtime/fs.c): open/openat, the stat family, lseek,
 * ftruncate, truncate, pread/pwrite, unlink/rmdir/mkdir/rename/access (and their *at forms),
 * chdir, getcwd and getdents64 (for dir.c's readdir), each the
 * chosen library's call (libs/api.ts), -1 and errno (Linux's numbers) on failure.
 *
 * Models: glibc's system-call wrappers. struct stat crosses as 13 64-bit words (fs.c copies
 * them into wasi-libc's struct stat, whose layout is wasi-libc's business): st_dev, st_ino,
 * st_nlink, st_mode, st_uid, st_gid, st_rdev, st_size, st_blksize, st_blocks and the three
 * times in ns — the kernel's virtual clock plus the realtime epoch, so a file's times read
 * like CLOCK_REALTIME (wasi.ts) and repeat from run to run.
 */

import { ERANGE, type Sim, type Stat, type Dirent } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';
import { realtimeEpochNs } from './wasi.js';

/** A system-call wrapper's result: -1 sets errno. */
function sc(p: CProcess, a: Activation, r: number): number {
  if (r < 0) a.thread.errno = p.libc.errno;
  return r;
}

/** openat(dirfd, path, flags, mode): the descriptor table changes, so isatty's cache goes. */
function* opOpen(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.openat(a.a0, p.cString(a.a1), a.a2, a.a3);
  p.forgetDescriptors();
  return sc(p, a, r);
}

/** Write a kernel Stat as fs.c's 13 words. */
function storeStat(p: CProcess, at: number, s: Stat): void {
  const t = (ns: number | undefined): number => (ns ?? 0) + realtimeEpochNs;
  const words = [s.st_dev ?? 0, s.st_ino ?? 0, s.st_nlink ?? 1, s.st_mode, s.st_uid ?? 0, s.st_gid ?? 0, 0,
    s.st_size ?? 0, s.st_blksize, s.st_blocks ?? 0, t(s.st_atime), t(s.st_mtime), t(s.st_ctime)];
  words.forEach((v, i) => p.storeI64(at + 8 * i, v));
}

/** fstat(fd) when a0 = 0; fstatat(dirfd, path, flags) otherwise (a1 fd or dirfd, a2 path, a3 flags, a4 words). */
function* opStat(p: CProcess, a: Activation): Sim<number> {
  const buf: { value?: Stat } = {};
  const r = a.a0 === 0 ? yield* p.libc.fstat(a.a1, buf) : yield* p.libc.fstatat(a.a1, p.cString(a.a2), buf, a.a3);
  if (r === 0 && buf.value) storeStat(p, a.a4, buf.value);
  return sc(p, a, r);
}

/**
 * Calls on one name: 0 unlinkat(dirfd, path, flags), 1 mkdirat(dirfd, path, mode),
 * 2 faccessat(dirfd, path, mode, flags), 3 chdir(path), 4 fchmodat(dirfd, path, mode),
 * 5 fchmod(fd, mode), 6 umask(mask) (the old mask; it cannot fail), 7 mknodat(dirfd, path, mode, dev).
 */
function* opPath(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  if (a.a0 === 5) return sc(p, a, yield* l.fchmod(a.a1, a.a3));
  if (a.a0 === 6) return yield* l.umask(a.a3);
  const path = p.cString(a.a2);
  let r: number;
  if (a.a0 === 0) r = yield* l.unlinkat(a.a1, path, a.a3);
  else if (a.a0 === 1) r = yield* l.mkdirat(a.a1, path, a.a3);
  else if (a.a0 === 2) r = yield* l.faccessat(a.a1, path, a.a3, a.a4);
  else if (a.a0 === 4) r = yield* l.fchmodat(a.a1, path, a.a3);
  else if (a.a0 === 7) r = yield* l.mknodat(a.a1, path, a.a3, a.a4);
  else r = yield* l.chdir(path);
  return sc(p, a, r);
}

/** fchownat(dirfd, path, uid, gid, flags), or fchown(fd, uid, gid) when path is NULL. */
function* opChown(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  return sc(p, a, a.a1 === 0 ? yield* l.fchown(a.a0, a.a2, a.a3) : yield* l.fchownat(a.a0, p.cString(a.a1), a.a2, a.a3, a.a4));
}

function* opRename(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.renameat(a.a0, p.cString(a.a1), a.a2, p.cString(a.a3)));
}

/** lseek(fd, offset, whence) → the new offset stored at a3 (off_t is 64 bits); ftruncate when a0 = 1. */
function* opSeek(p: CProcess, a: Activation): Sim<number> {
  if (a.a0 === 1) return sc(p, a, yield* p.libc.ftruncate(a.a1, a.a2));
  const r = yield* p.libc.lseek(a.a1, a.a2, a.a3);
  if (r >= 0) p.storeI64(a.a4, r);
  return sc(p, a, r < 0 ? r : 0);
}

/** pread (a0 = 0: into a2, a3 bytes) or pwrite (a0 = 1: from a2, a3 bytes) at offset a4; truncate(path a1, a4) when a0 = 2. */
function* opPio(p: CProcess, a: Activation): Sim<number> {
  const [fd, at, n, off] = [a.a1, a.a2, a.a3 >>> 0, a.a4];
  if (a.a0 === 2) return sc(p, a, yield* p.libc.truncate(p.cString(a.a1), off));
  if (a.a0 === 1) return sc(p, a, yield* p.libc.pwrite(fd, Buffer.from(p.bytes(at, n)).toString('latin1'), off));
  const buf = { value: '' };
  const r = yield* p.libc.pread(fd, buf, n, off);
  if (r > 0) p.u8().set(Buffer.from(buf.value, 'latin1'), at);
  return sc(p, a, r);
}

/**
 * getdents64 into dir.c's buffer: each entry as a 4-byte inode number, a d_type byte and the
 * NUL-terminated name. Returns the bytes packed (0 at the end), or -1 with errno.
 */
function* opGetdents(p: CProcess, a: Activation): Sim<number> {
  const out: { value?: Dirent[] } = {};
  const r = yield* p.libc.getdents64(a.a0, out, a.a2);
  if (r <= 0) return sc(p, a, r);
  let at = a.a1;
  const end = a.a1 + a.a2;
  for (const e of out.value ?? []) {
    const name = Buffer.from(`${e.d_name}\0`, 'utf8');
    if (at + 5 + name.length > end) break; // cannot happen: a packed entry is smaller than a linux_dirent64
    p.store32(at, e.d_ino >>> 0);
    p.u8()[at + 4] = e.d_type;
    p.u8().set(name, at + 5);
    at += 5 + name.length;
  }
  return at - a.a1;
}

/** getcwd into buf (size bytes): the length, or -1 with ERANGE when it does not fit. */
function* opGetcwd(p: CProcess, a: Activation): Sim<number> {
  const cwd = yield* p.libc.getcwd();
  if (cwd === null) return sc(p, a, -1);
  const bytes = Buffer.from(`${cwd}\0`, 'utf8');
  if (bytes.length > a.a1) { a.thread.errno = ERANGE; return -1; }
  p.u8().set(bytes, a.a0);
  return bytes.length - 1;
}

export function fsImports(p: CProcess): Record<string, (...a: unknown[]) => number> {
  const n = (x: unknown): number => Number(x);
  return {
    fs_open: (dirfd, path, flags, mode) => suspend(p, opOpen, n(dirfd), n(path), n(flags), n(mode)),
    fs_stat: (kind, fd, path, flags, out) => suspend(p, opStat, n(kind), n(fd), n(path), n(flags), n(out)),
    fs_path: (op, dirfd, path, arg, flags) => suspend(p, opPath, n(op), n(dirfd), n(path), n(arg), n(flags)),
    chown: (dirfd, path, uid, gid, flags) => suspend(p, opChown, n(dirfd), n(path), n(uid), n(gid), n(flags)),
    fs_rename: (od, op, nd, np) => suspend(p, opRename, n(od), n(op), n(nd), n(np)),
    fs_seek: (op, fd, off, whence, out) => suspend(p, opSeek, n(op), n(fd), n(off), n(whence), n(out)),
    fs_getcwd: (buf, size) => suspend(p, opGetcwd, n(buf), n(size)),
    fs_pio: (op, fd, buf, count, off) => suspend(p, opPio, n(op), n(fd), n(buf), n(count), n(off)),
    fs_getdents: (fd, buf, size) => suspend(p, opGetdents, n(fd), n(buf), n(size)),
  };
}
