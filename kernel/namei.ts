/**
 * namei.ts — names to inodes, and the calls that change names: unlink, mkdir, rmdir, rename
 * (and their *at forms).
 *
 * Mirrors: fs/namei.c — link_path_walk (every component but the last must be a directory the
 * caller may search: ENOTDIR, EACCES; a missing one is ENOENT; '.' and '..'), the last
 * component's type (LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT) and trailing slashes,
 * generic_permission (owner, group, other bits; fsuid 0 passes, except exec of a file with no
 * x bit), may_delete (ENOENT, EACCES, the sticky bit's EPERM, EISDIR / ENOTDIR, EBUSY),
 * may_create, do_unlinkat, do_rmdir (EINVAL for '.', ENOTEMPTY for '..', EBUSY for '/'),
 * do_mkdirat (EEXIST), do_renameat2 (EBUSY for '.'/'..', EINVAL moving a directory under
 * itself, ENOTEMPTY, EISDIR, ENOTDIR; renaming a file onto itself does nothing); and
 * getdents64 (fs/readdir.c, dcache_readdir / tmpfs's offset directories).
 *
 * Simplifies: no symbolic links (ELOOP never happens), no mounts; a task's cwd is a path
 * string (fs_struct's pwd is a dentry on Linux) looked up at each relative walk, so a removed
 * cwd makes relative names fail with ENOENT, as on Linux. PATH_MAX 4096, NAME_MAX 255. A
 * directory's position counts entries, so names removed between two getdents calls shift the
 * listing (Linux keeps a cursor in the directory).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { fget } from './file.js';
import { type Inode, ramfsOf, inodeOf } from './fs_ramfs.js';
import { shmemUnlink } from './shmem.js';
import {
  AT_FDCWD, AT_REMOVEDIR, DT_DIR, DT_REG, EACCES, EBADF, EBUSY, EEXIST, EFAULT, EINVAL, EISDIR, ENAMETOOLONG,
  ENOENT, ENOTDIR, ENOTEMPTY, EPERM, S_IFDIR,
} from './uapi.js';

export const PATH_MAX = 4096, NAME_MAX = 255;
export const MAY_EXEC = 1, MAY_WRITE = 2, MAY_READ = 4;
const S_ISVTX = 0o1000;

/** The outcome of a walk: the last component's directory, its name and type, and its inode. */
export interface Walk {
  dir: Inode;
  name: string;
  type: 'norm' | 'dot' | 'dotdot' | 'root';
  ino: Inode | null;
  /** The path ended in '/' (the last component must be a directory). */
  slash: boolean;
}

/** generic_permission: may the caller (fsuid, or the real ids for access()) do `mask` to `ino`? */
export function permission(t: Task, ino: Inode, mask: number, real = false): boolean {
  const uid = real ? t.cred.uid : t.cred.fsuid;
  const gid = real ? t.cred.gid : t.cred.fsgid;
  if (uid === 0) return !(mask & MAY_EXEC) || ino.isDir() || (ino.mode & 0o111) !== 0;
  const bits = uid === ino.uid ? ino.mode >> 6 : gid === ino.gid ? ino.mode >> 3 : ino.mode;
  return (bits & mask) === mask;
}

/** The inode a walk starts from: '/', the cwd, or the directory `dirfd` names (the *at calls). */
function startDir(k: Kernel, t: Task, path: string, dirfd: number): Inode | number {
  const fs = ramfsOf(k);
  if (path.startsWith('/')) return fs.root;
  if (dirfd === AT_FDCWD) {
    const w = walkFrom(k, t, fs.root, t.fs?.cwd ?? '/');
    if (typeof w === 'number' || w.ino === null || !w.ino.isDir()) return -ENOENT;
    return w.ino;
  }
  const f = fget(t, dirfd);
  if (f === null) return -EBADF;
  const ino = inodeOf(f);
  return ino !== null && ino.isDir() ? ino : -ENOTDIR;
}

/** link_path_walk + the last component's lookup, from `start`. */
function walkFrom(k: Kernel, t: Task, start: Inode, path: string): Walk | number {
  const parts = path.split('/').filter((p) => p !== '');
  const slash = path.endsWith('/');
  if (parts.length === 0) return { dir: start, name: '/', type: 'root', ino: start, slash };
  let dir = start;
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i];
    if (c.length > NAME_MAX) return -ENAMETOOLONG;
    if (!dir.isDir()) return -ENOTDIR;
    if (!permission(t, dir, MAY_EXEC)) return -EACCES;
    const next = c === '.' ? dir : c === '..' ? (dir.parent ?? dir) : (dir.children!.get(c) ?? null);
    if (i === parts.length - 1) {
      return { dir, name: c, type: c === '.' ? 'dot' : c === '..' ? 'dotdot' : 'norm', ino: next, slash };
    }
    if (next === null) return -ENOENT;
    dir = next;
  }
  throw new Error('unreachable');
}

/** Look `path` up (relative to `dirfd`, AT_FDCWD: the cwd): -EFAULT, -ENOENT for '', -ENAMETOOLONG. */
export function walk(k: Kernel, t: Task, path: unknown, dirfd = AT_FDCWD): Walk | number {
  if (typeof path !== 'string') return -EFAULT;
  if (path.length === 0) return -ENOENT;
  if (path.length >= PATH_MAX) return -ENAMETOOLONG;
  const start = startDir(k, t, path, dirfd);
  return typeof start === 'number' ? start : walkFrom(k, t, start, path);
}

/** The inode's absolute path ('/a/b'), or null once it (or a directory above it) was removed. */
export function pathOf(k: Kernel, ino: Inode): string | null {
  const root = ramfsOf(k).root;
  const names: string[] = [];
  for (let i = ino; i !== root; i = i.parent!) {
    if (i.parent === null) return null;
    let name: string | null = null;
    for (const [n, c] of i.parent.children!) if (c === i) { name = n; break; }
    if (name === null) return null;
    names.push(name);
  }
  return `/${names.reverse().join('/')}`;
}

/** may_delete: the victim exists, the directory is writable, the sticky bit, its type. */
function mayDelete(t: Task, dir: Inode, victim: Inode | null, isdir: boolean): number {
  if (victim === null) return -ENOENT;
  if (!permission(t, dir, MAY_WRITE | MAY_EXEC)) return -EACCES;
  const uid = t.cred.fsuid;
  if ((dir.mode & S_ISVTX) && uid !== 0 && uid !== victim.uid && uid !== dir.uid) return -EPERM;
  if (isdir) {
    if (!victim.isDir()) return -ENOTDIR;
    if (victim.parent === victim) return -EBUSY;
  } else if (victim.isDir()) return -EISDIR;
  return 0;
}

/** unlink(path), unlinkat(dirfd, path, flags): an open file stays readable until its last close. */
export function sysUnlinkat(k: Kernel, t: Task, dirfd: number, path: string, flags = 0): number {
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  if (flags & AT_REMOVEDIR) return sysRmdirat(k, t, dirfd, path);
  const shm = shmemUnlink(k, t, path); // /dev/shm is the kernel's tmpfs (shmem.ts), not this file system
  if (shm !== null) return shm;
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (w.type !== 'norm') return -EISDIR;
  if (w.slash) return w.ino === null ? -ENOENT : w.ino.isDir() ? -EISDIR : -ENOTDIR;
  const e = mayDelete(t, w.dir, w.ino, false);
  if (e !== 0) return e;
  ramfsOf(k).unlink(w.dir, w.name, k.now);
  return 0;
}

export function sysUnlink(k: Kernel, t: Task, path: string): number {
  return sysUnlinkat(k, t, AT_FDCWD, path, 0);
}

function sysRmdirat(k: Kernel, t: Task, dirfd: number, path: string): number {
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (w.type === 'dot') return -EINVAL;
  if (w.type === 'dotdot') return -ENOTEMPTY;
  if (w.type === 'root') return -EBUSY;
  const e = mayDelete(t, w.dir, w.ino, true);
  if (e !== 0) return e;
  if (w.ino!.children!.size > 0) return -ENOTEMPTY;
  ramfsOf(k).unlink(w.dir, w.name, k.now);
  return 0;
}

export function sysRmdir(k: Kernel, t: Task, path: string): number {
  return sysRmdirat(k, t, AT_FDCWD, path);
}

/**
 * filename_create + vfs_mkdir/vfs_mknod's common part: a new inode of `type` with `perm` &
 * ~umask, owned by the caller's fsuid/fsgid, linked at `path`. EEXIST for an existing name,
 * '.', '..' or '/'; ENOENT in a removed directory; EACCES without write and search on it.
 */
export function createAt(k: Kernel, t: Task, dirfd: number, path: string, type: number, perm: number): Inode | number {
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (w.type !== 'norm' || w.ino !== null) return -EEXIST;
  if (w.dir.parent === null) return -ENOENT;
  if (!permission(t, w.dir, MAY_WRITE | MAY_EXEC)) return -EACCES;
  const fs = ramfsOf(k);
  const ino = fs.newInode(type | (perm & ~(t.fs?.umask ?? 0o022)), t.cred.fsuid, t.cred.fsgid, k.now);
  fs.link(w.dir, w.name, ino, k.now);
  return ino;
}

/** mkdir(path, mode), mkdirat: mode & ~umask (createAt). */
export function sysMkdirat(k: Kernel, t: Task, dirfd: number, path: string, mode = 0o777): number {
  const d = createAt(k, t, dirfd, path, S_IFDIR, Number(mode) & 0o1777);
  return typeof d === 'number' ? d : 0;
}

export function sysMkdir(k: Kernel, t: Task, path: string, mode = 0o777): number {
  return sysMkdirat(k, t, AT_FDCWD, path, mode);
}

/** Is `a` the directory `b` or one above it? */
function isAncestor(a: Inode, b: Inode): boolean {
  for (let i: Inode | null = b; i !== null; i = i.parent === i ? null : i.parent) if (i === a) return true;
  return false;
}

/** The checks of do_renameat2 and vfs_rename, in Linux's order: 0 to go ahead, 1 nothing to do. */
function renameCheck(t: Task, o: Walk, n: Walk): number {
  if (o.type !== 'norm' || n.type !== 'norm') return -EBUSY;
  const src = o.ino;
  if (src === null) return -ENOENT;
  if (!src.isDir() && (o.slash || n.slash)) return -ENOTDIR;
  if (src.isDir() && isAncestor(src, n.dir)) return -EINVAL;
  const tgt = n.ino;
  if (tgt !== null && isAncestor(tgt, o.dir)) return -ENOTEMPTY;
  if (tgt === src) return 1;
  let e = mayDelete(t, o.dir, src, src.isDir());
  if (e !== 0) return e;
  if (tgt === null) {
    if (n.dir.parent === null) return -ENOENT;
    if (!permission(t, n.dir, MAY_WRITE | MAY_EXEC)) return -EACCES;
    return 0;
  }
  e = mayDelete(t, n.dir, tgt, src.isDir());
  if (e !== 0) return e;
  if (tgt.isDir() && tgt.children!.size > 0) return -ENOTEMPTY;
  return 0;
}

/** rename(old, new), renameat: replaces `new` if it exists (a file by a file, an empty directory by a directory). */
export function sysRenameat(k: Kernel, t: Task, olddirfd: number, oldpath: string, newdirfd: number, newpath: string): number {
  const o = walk(k, t, oldpath, olddirfd);
  if (typeof o === 'number') return o;
  const n = walk(k, t, newpath, newdirfd);
  if (typeof n === 'number') return n;
  const e = renameCheck(t, o, n);
  if (e !== 0) return e < 0 ? e : 0;
  const fs = ramfsOf(k);
  const src = o.ino!;
  if (n.ino !== null) fs.unlink(n.dir, n.name, k.now);
  o.dir.children!.delete(o.name);
  if (src.isDir()) o.dir.nlink--;
  o.dir.mtime = o.dir.ctime = k.now;
  fs.link(n.dir, n.name, src, k.now);
  src.ctime = k.now;
  src.dirty = true;
  return 0;
}

export function sysRename(k: Kernel, t: Task, oldpath: string, newpath: string): number {
  return sysRenameat(k, t, AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

/** A directory entry as getdents64 reports it (struct linux_dirent64 without the padding). */
export interface Dirent {
  d_ino: number;
  /** DT_DIR (4) or DT_REG (8). */
  d_type: number;
  d_name: string;
}

/** offsetof(struct linux_dirent64, d_name) + the name + NUL, rounded up to 8: an entry's d_reclen. */
function reclen(name: string): number {
  return (19 + name.length + 1 + 7) & ~7;
}

/**
 * getdents64(fd, out, count): the entries from the directory's position — '.', '..', then
 * the names in creation order (tmpfs's stable offsets) — as many as `count` bytes of
 * linux_dirent64 hold; returns those bytes (0 at the end). The position counts entries.
 * ENOTDIR for a file, EINVAL when not even one entry fits, ENOENT once the directory is
 * removed (iterate_dir on a dead directory).
 */
export function sysGetdents64(k: Kernel, t: Task, fd: number, out: { value?: Dirent[] } | null, count: number): number {
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  const dir = inodeOf(f);
  if (dir === null || !dir.isDir()) return -ENOTDIR;
  if (dir.parent === null) return -ENOENT;
  const r = f.priv as { pos: number };
  const all: [string, Inode][] = [['.', dir], ['..', dir.parent], ...dir.children!];
  const got: Dirent[] = [];
  let bytes = 0;
  for (let i = r.pos; i < all.length; i++) {
    const [name, ino] = all[i];
    const len = reclen(name);
    if (bytes + len > count) break;
    got.push({ d_ino: ino.ino, d_type: ino.isDir() ? DT_DIR : DT_REG, d_name: name });
    bytes += len;
  }
  if (got.length === 0 && r.pos < all.length) return -EINVAL;
  r.pos += got.length;
  dir.atime = k.now;
  k.extraCost += k.costs.pipeCopyPerByte * bytes; // copy_to_user of the records
  if (out) out.value = got;
  return bytes;
}
