/**
 * fs_ramfs.ts — the lab's one file system: inodes that live in memory, as Linux's ramfs and
 * tmpfs keep files in the page cache with no disk behind them.
 *
 * Mirrors: fs/ramfs/inode.c (ramfs_get_inode, ramfs_mknod: a new inode takes the creator's
 * fsuid/fsgid and `mode & ~umask`; directories start with two links), fs/libfs.c
 * (simple_lookup, simple_unlink, simple_rmdir, simple_rename, simple_empty), mm/filemap.c's
 * generic_file_read_iter / generic_perform_write (a read stops at i_size; a write past the end
 * leaves a hole that reads as zeros; O_APPEND writes at i_size), fs/read_write.c's
 * generic_file_llseek and fs/open.c's do_truncate. The open file (`RegFile`) carries f_pos, so
 * descriptors that share it (dup, fork) share the offset, as struct file does.
 *
 * Simplifies: one file system for the whole tree (no mounts, no devices under /dev, no /proc:
 * those paths are handled before a lookup reaches here — dev_slow.ts); no symbolic or hard
 * links (nlink is 1 for a file, 2 + subdirectories for a directory); data are strings of
 * bytes (one character per byte, latin1), as pipes carry them, kept in 64 KiB chunks so that a
 * hole costs nothing (Inode); no size limit (ENOSPC and EFBIG never happen); times are the
 * virtual clock in ns.
 *
 * The tree made at boot: / (root, 0755), /tmp (root, 1777), /home (root, 0755) and the
 * student's home /home/student (uid 1000, 0755) — the shell's and the program's cwd — and
 * /etc (root, 0755) with passwd and group (0644) naming root and student.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { File, fget, type FileOps, type Stat } from './file.js';
import {
  EBADF, EINVAL, EISDIR, ESPIPE, O_ACCMODE, O_APPEND, O_RDONLY, O_WRONLY, POLLIN, POLLOUT, S_IFDIR, S_IFMT,
  S_IFREG, SEEK_CUR, SEEK_END, SEEK_SET,
} from './uapi.js';
import { STUDENT_UID } from './shell.js';
import { ShmemObject } from './shmem.js';

export const HOME_DIR = '/home/student';
/** /etc/passwd and /etc/group: root and the lab's user (ps.ts's names), what getpwnam reads. */
const ETC_FILES: [string, string][] = [
  ['passwd', 'root:x:0:0:root:/root:/bin/bash\nstudent:x:1000:1000:student:/home/student:/bin/bash\n'],
  ['group', 'root:x:0:\nstudent:x:1000:\n'],
];

export class Inode {
  /**
   * Bytes of a regular file while it has never been mapped, in CHUNK-byte strings (one
   * character per byte) by chunk index: a chunk never written is a hole, and a chunk's string
   * may stop short — what follows it, up to `len`, reads as zeros. So a file written at 10 GB
   * (TLPI's large_file.c) holds one chunk, as a sparse file holds one page.
   */
  private chunks = new Map<number, string>();
  /** i_size while unmapped. */
  private len = 0;
  /**
   * The page cache once the file has been mmap'd (filemap_fault's pages): from then on the
   * file's bytes live here, so read/write and every MAP_SHARED mapping see one copy.
   */
  shm: ShmemObject | null = null;
  /** A directory's entries, in creation order (readdir's order on ramfs: newest first; unused). */
  children: Map<string, Inode> | null;
  /** The directory holding this one's entry ('..'); the root is its own parent. null once removed. */
  parent: Inode | null = null;
  nlink: number;
  atime: number;
  mtime: number;
  ctime: number;
  /** Changed since the run began (a write, truncate, create): --keep-files writes these out. */
  dirty = false;
  /**
   * The program this file holds, when it is one (the lab's stand-in for an ELF image: what exec
   * of this file runs; opaque to the kernel). Only the started program's own file has one
   * (installImage); a file a program writes is data, and exec of it is ENOEXEC.
   */
  image: unknown = null;

  constructor(readonly ino: number, public mode: number, public uid: number, public gid: number, now: number) {
    this.children = (mode & S_IFMT) === S_IFDIR ? new Map() : null;
    this.nlink = this.children !== null ? 2 : 1;
    this.atime = this.mtime = this.ctime = now;
  }

  isDir(): boolean {
    return this.children !== null;
  }

  /** i_size. */
  get size(): number {
    return this.shm !== null ? this.shm.size : this.len;
  }

  /** Up to `n` bytes from `pos`, stopping at i_size (holes read as zeros). */
  readAt(pos: number, n: number): string {
    const end = Math.min(this.size, pos + n);
    if (end <= pos) return '';
    const o = this.shm;
    if (o !== null) { o.sync(); return latin1(o.bytes.subarray(pos, end), end - pos); }
    let out = '';
    for (let at = pos; at < end;) {
      const i = Math.floor(at / CHUNK), off = at - i * CHUNK, stop = Math.min(end - i * CHUNK, CHUNK);
      const piece = (this.chunks.get(i) ?? '').slice(off, stop);
      out += piece.length < stop - off ? piece + '\0'.repeat(stop - off - piece.length) : piece;
      at = i * CHUNK + stop;
    }
    return out;
  }

  /** Write `data` at `pos`, extending i_size; a gap before it is a hole. */
  writeAt(pos: number, data: string): void {
    const end = pos + data.length;
    const o = this.shm;
    if (o !== null) {
      if (end > o.size) o.resize(end); else o.sync();
      for (let i = 0; i < data.length; i++) o.bytes[pos + i] = data.charCodeAt(i);
      return;
    }
    for (let at = pos; at < end;) {
      const i = Math.floor(at / CHUNK), off = at - i * CHUNK, stop = Math.min(end - i * CHUNK, CHUNK);
      let c = this.chunks.get(i) ?? '';
      if (c.length < off) c += '\0'.repeat(off - c.length);
      this.chunks.set(i, c.slice(0, off) + data.slice(at - pos, at - pos + stop - off) + c.slice(stop));
      at = i * CHUNK + stop;
    }
    if (end > this.len) this.len = end;
  }

  /** do_truncate: cut (the bytes past the end are gone) or extend with a hole. */
  truncate(size: number): void {
    const o = this.shm;
    if (o !== null) { o.resize(size); return; }
    if (size < this.len) {
      const last = Math.floor(size / CHUNK);
      for (const i of [...this.chunks.keys()]) if (i > last || (i === last && size % CHUNK === 0)) this.chunks.delete(i);
      const c = this.chunks.get(last);
      if (c !== undefined && size % CHUNK !== 0) this.chunks.set(last, c.slice(0, size % CHUNK));
    }
    this.len = size;
  }

  /** The file's whole bytes (one character per byte): for the tree made at boot, input files and --keep-files. */
  get data(): string {
    return this.readAt(0, this.size);
  }

  set data(s: string) {
    this.truncate(0);
    this.writeAt(0, s);
  }

  /** The file's pages as a shmem object (made at its first mmap: filemap.ts fileMmapPages). */
  pages(): ShmemObject {
    if (this.shm !== null) return this.shm;
    const o = new ShmemObject(this.len);
    for (const [i, c] of this.chunks) for (let j = 0; j < c.length; j++) o.bytes[i * CHUNK + j] = c.charCodeAt(j);
    this.chunks.clear();
    this.len = 0;
    return (this.shm = o);
  }
}

/** The bytes of one chunk of an unmapped file's store. */
const CHUNK = 65536;

/** Bytes as a string of one character per byte (latin1), in chunks fromCharCode can take. */
function latin1(b: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode(...b.subarray(i, Math.min(n, i + 8192)));
  return s;
}

/** The file system's state: its root and the next inode number. */
export class RamFs {
  private nextIno = 1;
  readonly root: Inode;

  constructor(now: number) {
    this.root = this.newInode(S_IFDIR | 0o755, 0, 0, now);
    this.root.parent = this.root;
    this.mkdirIn(this.root, 'tmp', S_IFDIR | 0o1777, 0, 0, now);
    const home = this.mkdirIn(this.root, 'home', S_IFDIR | 0o755, 0, 0, now);
    this.mkdirIn(home, 'student', S_IFDIR | 0o755, STUDENT_UID, STUDENT_UID, now);
    const etc = this.mkdirIn(this.root, 'etc', S_IFDIR | 0o755, 0, 0, now);
    for (const [name, data] of ETC_FILES) {
      const ino = this.newInode(S_IFREG | 0o644, 0, 0, now);
      ino.data = data;
      this.link(etc, name, ino, now);
    }
  }

  newInode(mode: number, uid: number, gid: number, now: number): Inode {
    return new Inode(this.nextIno++, mode, uid, gid, now);
  }

  /** Link a new inode into `dir` under `name` (ramfs_mknod + d_instantiate). */
  link(dir: Inode, name: string, ino: Inode, now: number): void {
    dir.children!.set(name, ino);
    ino.parent = dir;
    if (ino.isDir()) dir.nlink++;
    dir.mtime = dir.ctime = now;
  }

  private mkdirIn(dir: Inode, name: string, mode: number, uid: number, gid: number, now: number): Inode {
    const d = this.newInode(mode, uid, gid, now);
    this.link(dir, name, d, now);
    return d;
  }

  /** Remove `name` from `dir` (simple_unlink / simple_rmdir): the inode lives on while files hold it. */
  unlink(dir: Inode, name: string, now: number): void {
    const ino = dir.children!.get(name)!;
    dir.children!.delete(name);
    if (ino.isDir()) { dir.nlink--; ino.nlink = 0; } else ino.nlink--;
    ino.parent = null;
    ino.ctime = dir.mtime = dir.ctime = now;
  }
}

/** The kernel's file system, made on first use (k.ext is per-subsystem state). */
export function ramfsOf(k: Kernel): RamFs {
  return (k.ext.ramfs as RamFs | undefined) ?? (k.ext.ramfs = new RamFs(k.now));
}

/** An open regular file or directory: its inode and the file position (struct file's f_pos). */
export interface RegFile {
  inode: Inode;
  pos: number;
}

function canRead(f: File): boolean {
  return (f.flags & O_ACCMODE) !== O_WRONLY;
}

function canWrite(f: File): boolean {
  return (f.flags & O_ACCMODE) !== O_RDONLY;
}

/** Set the size (do_truncate): cut, or extend with zeros. */
export function truncateInode(ino: Inode, size: number, now: number): void {
  ino.truncate(size);
  ino.mtime = ino.ctime = now;
  ino.dirty = true;
}

/** vfs_read → generic_file_read_iter: from f_pos up to i_size. */
function regRead(k: Kernel, _t: Task, f: File, n: number): string | number {
  const r = f.priv as RegFile;
  if (!canRead(f)) return -EBADF;
  const data = r.inode.readAt(r.pos, n);
  r.pos += data.length;
  r.inode.atime = k.now;
  k.extraCost += k.costs.pipeCopyPerByte * data.length; // copy_to_user
  return data;
}

/** vfs_write → generic_perform_write: at f_pos (i_size with O_APPEND); a gap reads as zeros. */
function regWrite(k: Kernel, _t: Task, f: File, data: string): number {
  const r = f.priv as RegFile;
  if (!canWrite(f)) return -EBADF;
  const ino = r.inode;
  if (f.flags & O_APPEND) r.pos = ino.size;
  if (data.length === 0) return 0;
  ino.writeAt(r.pos, data);
  r.pos += data.length;
  ino.mtime = ino.ctime = k.now;
  ino.dirty = true;
  k.extraCost += k.costs.pipeCopyPerByte * data.length; // copy_from_user
  return data.length;
}

/** generic_file_llseek: SEEK_SET/CUR/END; a negative result is EINVAL; past the end is allowed. */
function regLlseek(_k: Kernel, f: File, offset: number, whence: number): number {
  const r = f.priv as RegFile;
  let pos: number;
  if (whence === SEEK_SET) pos = offset;
  else if (whence === SEEK_CUR) pos = r.pos + offset;
  else if (whence === SEEK_END) pos = r.inode.size + offset;
  else return -EINVAL;
  if (!Number.isInteger(pos) || pos < 0) return -EINVAL;
  r.pos = pos;
  return pos;
}

/** The lab's one file system's device number (st_dev), as an anonymous tmpfs mount has one. */
export const RAMFS_DEV = 1;
/** shmem's BOGO_DIRENT_SIZE: a tmpfs directory's st_size grows by this per entry (2 for '.', '..'). */
const BOGO_DIRENT_SIZE = 20;

/** generic_fillattr for an inode: regular files count whole pages as 512-byte blocks. */
export function inodeStat(ino: Inode): Stat {
  const size = ino.isDir() ? BOGO_DIRENT_SIZE * (2 + ino.children!.size) : ino.size;
  return {
    st_dev: RAMFS_DEV, st_ino: ino.ino, st_mode: ino.mode, st_nlink: ino.nlink, st_uid: ino.uid, st_gid: ino.gid,
    st_size: size, st_blksize: 4096, st_blocks: ino.isDir() ? 0 : Math.ceil(size / 4096) * 8,
    st_atime: ino.atime, st_mtime: ino.mtime, st_ctime: ino.ctime,
  };
}

const fileStat = (f: File): Stat => inodeStat((f.priv as RegFile).inode);

export const regFileOps: FileOps = {
  stat: fileStat,
  name: 'file',
  mode: S_IFREG,
  read: regRead,
  write: regWrite,
  llseek: regLlseek,
  poll: () => POLLIN | POLLOUT, // a regular file is always ready
};

/** A directory opened O_RDONLY (or O_DIRECTORY): read(2) is EISDIR; lseek moves a cursor. */
export const dirFileOps: FileOps = {
  name: 'dir',
  mode: S_IFDIR,
  stat: fileStat,
  read: () => -EISDIR,
  write: () => -EBADF,
  llseek: regLlseek,
};

/**
 * pread64/pwrite64 (fs/read_write.c ksys_pread64): read or write at `offset` without moving
 * the file position — ESPIPE for a pipe or the console, EINVAL for a negative offset. As on
 * Linux, pwrite on an O_APPEND descriptor appends whatever the offset (pwrite(2), BUGS).
 */
export function sysPread64(k: Kernel, t: Task, fd: number, n: number, offset: number): string | number {
  return positioned(k, t, fd, Number(offset), (f) => (Number.isInteger(n) && n >= 0 ? regRead(k, t, f, n) : -EINVAL));
}

export function sysPwrite64(k: Kernel, t: Task, fd: number, data: string, offset: number): number {
  return positioned(k, t, fd, Number(offset), (f) => (typeof data === 'string' ? regWrite(k, t, f, data) : -EINVAL)) as number;
}

function positioned(_k: Kernel, t: Task, fd: number, offset: number, op: (f: File) => string | number): string | number {
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  if (f.ops === dirFileOps) return -EISDIR;
  if (f.ops !== regFileOps) return f.ops.llseek ? -EINVAL : -ESPIPE;
  if (!Number.isInteger(offset) || offset < 0) return -EINVAL;
  const r = f.priv as RegFile;
  const saved = r.pos;
  r.pos = offset;
  const res = op(f);
  r.pos = saved;
  return res;
}

/** The inode behind an open file of this file system, or null (a pipe, the console, a device). */
export function inodeOf(f: File): Inode | null {
  return f.ops === regFileOps || f.ops === dirFileOps ? (f.priv as RegFile).inode : null;
}

/**
 * Put a host file's bytes (one character per byte) at `path` before the run — `threadlab run
 * --file` — owned by the student, mode 0644, its missing directories made (0755). A relative
 * path is relative to the program's cwd (HOME_DIR). Returns an error text, or null.
 */
export function seedFile(k: Kernel, path: string, bytes: string): string | null {
  const fs = ramfsOf(k);
  const abs = path.startsWith('/') ? path : `${HOME_DIR}/${path}`;
  const parts = abs.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..') || abs.endsWith('/')) return `'${path}' is not a file name`;
  let dir = fs.root;
  for (const c of parts.slice(0, -1)) {
    let next = dir.children!.get(c);
    if (next === undefined) {
      next = fs.newInode(S_IFDIR | 0o755, STUDENT_UID, STUDENT_UID, k.now);
      fs.link(dir, c, next, k.now);
    }
    if (!next.isDir()) return `'${path}': a file is in the way of a directory`;
    dir = next;
  }
  const name = parts[parts.length - 1];
  if (dir.children!.get(name)?.isDir()) return `'${path}' is a directory`;
  const ino = fs.newInode(S_IFREG | 0o644, STUDENT_UID, STUDENT_UID, k.now);
  ino.data = bytes;
  fs.link(dir, name, ino, k.now);
  return null;
}

/**
 * Put the started program's own file where the shell runs it from (HOME_DIR/`name`): a regular
 * file, 0755 and the student's — or, for a program started as if set-user-ID, 04755 and that
 * user's — holding `image`, so that exec of its path runs the program again (exec.ts openExec),
 * as a program started by `./name` can exec argv[0] or getcwd()/argv[0] on Linux. Its bytes
 * are none (size 0: the lab has no ELF to read). A name already taken (--file) is left alone.
 */
export function installImage(k: Kernel, name: string, image: unknown, setuid = -1): void {
  const home = walkHome(k);
  if (home === null || name.includes('/') || name === '' || name === '.' || name === '..' || home.children!.has(name)) return;
  const fs = ramfsOf(k);
  const owner = setuid >= 0 ? setuid : STUDENT_UID;
  const ino = fs.newInode(S_IFREG | (setuid >= 0 ? 0o4755 : 0o755), owner, owner, k.now);
  ino.image = image;
  fs.link(home, name, ino, k.now);
}

/** HOME_DIR's inode, or null if it is gone. */
function walkHome(k: Kernel): Inode | null {
  let dir: Inode | undefined = ramfsOf(k).root;
  for (const c of HOME_DIR.split('/').filter((x) => x !== '')) dir = dir?.children?.get(c);
  return dir && dir.isDir() ? dir : null;
}

/**
 * The regular files under `top` (default: the program's cwd at start, HOME_DIR) that the run
 * created or changed, by path relative to `top`, in name order — what --keep-files writes out.
 */
export function changedFiles(k: Kernel, top = HOME_DIR): { path: string; data: string }[] {
  const out: { path: string; data: string }[] = [];
  let dir: Inode | undefined = ramfsOf(k).root;
  for (const c of top.split('/').filter((p) => p !== '')) dir = dir?.children?.get(c);
  const visit = (d: Inode, prefix: string): void => {
    for (const name of [...d.children!.keys()].sort()) {
      const c = d.children!.get(name)!;
      if (c.isDir()) visit(c, `${prefix}${name}/`);
      else if (c.dirty) out.push({ path: `${prefix}${name}`, data: c.data });
    }
  };
  if (dir?.isDir()) visit(dir, '');
  return out;
}
