/**
 * open.ts — opening files by name, and the calls on a name that are not namei.ts's: stat,
 * access, chdir/getcwd, truncate, chmod, umask.
 *
 * Mirrors: fs/open.c (do_sys_openat2 → build_open_flags: O_TRUNC asks for write permission;
 * vfs_truncate, do_sys_ftruncate: EINVAL unless open for writing; do_faccessat: the real ids;
 * chdir; creat = open(O_CREAT|O_WRONLY|O_TRUNC)), fs/namei.c's open_last_lookups and do_open
 * (O_CREAT with a trailing slash, '.' or '..' is EISDIR; O_CREAT|O_EXCL of an existing name is
 * EEXIST; O_CREAT of an existing directory is EISDIR; a directory opened for writing is
 * EISDIR; O_DIRECTORY of a file is ENOTDIR; may_open's permissions; a created file skips them
 * and is not truncated), do_dentry_open (O_CREAT, O_EXCL, O_NOCTTY and O_TRUNC are not kept
 * in f_flags), fs/stat.c (vfs_statx; lstat is stat: no symbolic links; AT_EMPTY_PATH),
 * fs/d_path.c (getcwd: ENOENT once the cwd was removed), chmod_common (the owner or
 * CAP_FOWNER, else EPERM), kernel/sys.c (umask).
 *
 * Simplifies: f_flags keeps the access mode, O_APPEND, O_NONBLOCK, O_DIRECTORY and O_NOFOLLOW
 * (not O_LARGEFILE, which x86-64 adds); O_CLOEXEC sets the descriptor's close-on-exec flag.
 * /proc/…/stat is proc_stat.ts's (here and in dev_slow.ts's open), /proc/…/comm is opened by
 * dev_slow.ts before a name reaches the file system, and the devices
 * (/dev/slow, /dev/null, /dev/zero: dev_slow.ts openDevice) by openat before the lookup; stat,
 * access and truncate see those names as root's character devices (deviceMode): vfs_truncate's
 * EINVAL for a file that is not regular, a stat with S_IFCHR.
 */

/** inode_permission on a root-owned device node: root may read and write, never execute it (no x bit). */
function devicePermission(t: Task, mode: number, mask: number, real: boolean): boolean {
  const uid = real ? t.cred.uid : t.cred.fsuid;
  if (uid === 0) return !(mask & MAY_EXEC) || (mode & 0o111) !== 0;
  const gid = real ? t.cred.gid : t.cred.fsgid;
  const bits = gid === 0 ? mode >> 3 : mode;
  return (bits & mask) === mask;
}

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { File, fdInstall, fget, deviceStat, type Stat } from './file.js';
import { type Inode, dirFileOps, inodeOf, inodeStat, ramfsOf, regFileOps, truncateInode, type RegFile } from './fs_ramfs.js';
import { shmemOf, shmemFtruncate } from './shmem.js';
import { deviceMode, openDevice } from './dev_slow.js';
import { isFifo, fifoOpen } from './fifo.js';
import { procStatOpen } from './proc_stat.js';
import { MAY_EXEC, MAY_READ, MAY_WRITE, pathOf, permission, walk } from './namei.js';
import {
  AT_EACCESS, AT_FDCWD, AT_SYMLINK_NOFOLLOW, EACCES, EBADF, EEXIST, EPERM, S_IFMT, EFAULT, EINVAL, EISDIR, ENOENT, ENOTDIR,
  ERANGE, O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY,
  O_TRUNC, O_WRONLY, S_IFCHR, S_IFREG, ENXIO,
} from './uapi.js';

/** AT_EMPTY_PATH: fstatat on dirfd itself when the path is ''. */
export const AT_EMPTY_PATH = 0x1000;
/** The status flags an open file keeps (f_flags). */
const KEPT_FLAGS = O_ACCMODE | O_APPEND | O_NONBLOCK | O_DIRECTORY | O_NOFOLLOW;

/** The inode for open(): found, or created with O_CREAT. -errno otherwise; `created` says which. */
function openLookup(k: Kernel, t: Task, dirfd: number, path: string, flags: number, mode: number): { ino: Inode; created: boolean } | number {
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (!(flags & O_CREAT)) {
    if (w.ino === null) return -ENOENT;
    if (w.slash && !w.ino.isDir()) return -ENOTDIR;
    return { ino: w.ino, created: false };
  }
  if (w.slash || w.type !== 'norm') return -EISDIR;
  if (w.ino !== null) {
    if (flags & O_EXCL) return -EEXIST;
    if (w.ino.isDir()) return -EISDIR;
    return { ino: w.ino, created: false };
  }
  if (w.dir.parent === null) return -ENOENT;
  if (!permission(t, w.dir, MAY_WRITE | MAY_EXEC)) return -EACCES;
  const fs = ramfsOf(k);
  const ino = fs.newInode(S_IFREG | ((Number(mode) & 0o7777) & ~(t.fs?.umask ?? 0o022)), t.cred.fsuid, t.cred.fsgid, k.now);
  ino.dirty = true;
  fs.link(w.dir, w.name, ino, k.now);
  return { ino, created: true };
}

/** The open file for `path`, or -errno (do_filp_open). */
export function openFile(k: Kernel, t: Task, dirfd: number, path: string, flags: number, mode: number): File | number {
  const acc = flags & O_ACCMODE;
  const l = openLookup(k, t, dirfd, path, flags, mode);
  if (typeof l === 'number') return l;
  const { ino, created } = l;
  if ((flags & O_DIRECTORY) && !ino.isDir()) return -ENOTDIR;
  const wantWrite = acc !== O_RDONLY || (flags & O_TRUNC) !== 0;
  if (ino.isDir() && wantWrite) return -EISDIR;
  if (!created) {
    const mask = (acc !== O_WRONLY ? MAY_READ : 0) | (wantWrite ? MAY_WRITE : 0);
    if (!permission(t, ino, mask)) return -EACCES;
    if (isFifo(ino)) return fifoOpen(k, t, ino, flags, flags & KEPT_FLAGS); // O_TRUNC does nothing to a FIFO
    if ((ino.mode & S_IFMT) === S_IFCHR) return -ENXIO; // mknod's whiteout (0:0): no such device
    if ((flags & O_TRUNC) && !ino.isDir()) truncateInode(ino, 0, k.now);
  }
  const priv: RegFile = { inode: ino, pos: 0 };
  return new File(ino.isDir() ? dirFileOps : regFileOps, flags & KEPT_FLAGS, priv);
}

/** openat(dirfd, path, flags, mode): the lowest free descriptor. */
export function sysOpenat(k: Kernel, t: Task, dirfd: number, path: string, flags: number, mode = 0o666): number {
  if (typeof path !== 'string') return -EFAULT;
  flags = flags ?? 0;
  if (!Number.isInteger(flags) || (flags & O_ACCMODE) === O_ACCMODE) return -EINVAL;
  const f = procStatOpen(k, t, path, flags) ?? openDevice(path, flags) ?? openFile(k, t, dirfd, path, flags, mode ?? 0o666);
  return typeof f === 'number' ? f : installOpened(t, f, flags);
}

/** The lowest free descriptor for a file open(2) made, close-on-exec when flags ask (O_CLOEXEC). */
export function installOpened(t: Task, f: File, flags: number): number {
  const fd = fdInstall(t, f);
  if (fd >= 0 && (flags & O_CLOEXEC)) t.files!.cloexec[fd] = true;
  return fd;
}

/** creat(path, mode) = open(path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
export function sysCreat(k: Kernel, t: Task, path: string, mode = 0o666): number {
  return sysOpenat(k, t, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/** fstatat(dirfd, path, out, flags); stat and lstat are fstatat(AT_FDCWD, path, out, 0). */
export function sysFstatat(k: Kernel, t: Task, dirfd: number, path: string, out: { value?: Stat } | null, flags = 0): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  if (path === '' && (flags & AT_EMPTY_PATH)) {
    const f = fget(t, dirfd);
    const ino = f === null ? null : inodeOf(f);
    if (ino === null) return f === null ? -EBADF : -EINVAL;
    if (out) out.value = inodeStat(ino);
    return 0;
  }
  const dev = deviceMode(path);
  if (dev !== null) {
    if (out) out.value = deviceStat(dev);
    return 0;
  }
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (w.ino === null) return -ENOENT;
  if (w.slash && !w.ino.isDir()) return -ENOTDIR;
  if (out) out.value = inodeStat(w.ino);
  return 0;
}

export function sysStat(k: Kernel, t: Task, path: string, out: { value?: Stat } | null): number {
  return sysFstatat(k, t, AT_FDCWD, path, out, 0);
}

/** faccessat(dirfd, path, mode, flags): F_OK or R_OK|W_OK|X_OK, checked with the real ids. */
export function sysFaccessat(k: Kernel, t: Task, dirfd: number, path: string, mode: number, flags = 0): number {
  if (!Number.isInteger(mode) || (mode & ~7)) return -EINVAL;
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW)) return -EINVAL;
  const dev = deviceMode(path);
  if (dev !== null) return mode === 0 || devicePermission(t, dev, mode, (flags & AT_EACCESS) === 0) ? 0 : -EACCES;
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (w.ino === null) return -ENOENT;
  if (w.slash && !w.ino.isDir()) return -ENOTDIR;
  if (mode === 0) return 0;
  return permission(t, w.ino, mode, (flags & AT_EACCESS) === 0) ? 0 : -EACCES;
}

export function sysAccess(k: Kernel, t: Task, path: string, mode: number): number {
  return sysFaccessat(k, t, AT_FDCWD, path, mode, 0);
}

/** chdir(path): the cwd becomes the directory's absolute path. */
export function sysChdir(k: Kernel, t: Task, path: string): number {
  const w = walk(k, t, path);
  if (typeof w === 'number') return w;
  if (w.ino === null) return -ENOENT;
  if (!w.ino.isDir()) return -ENOTDIR;
  if (!permission(t, w.ino, MAY_EXEC)) return -EACCES;
  const p = pathOf(k, w.ino);
  if (p === null) return -ENOENT;
  t.fs!.cwd = p;
  return 0;
}

/** getcwd(out, size): the length with its NUL, ERANGE if size is too small, ENOENT once the cwd is gone. */
export function sysGetcwd(k: Kernel, t: Task, out: { value?: string }, size: number): number {
  const w = walk(k, t, '.');
  if (typeof w === 'number' || w.ino === null) return -ENOENT;
  const p = pathOf(k, w.ino);
  if (p === null) return -ENOENT;
  if (p.length + 1 > size) return -ERANGE;
  out.value = p;
  return p.length + 1;
}

/** truncate(path, len): EISDIR for a directory, EINVAL for a device, EACCES without write permission. */
export function sysTruncate(k: Kernel, t: Task, path: string, len: number): number {
  len = Number(len);
  if (!Number.isInteger(len) || len < 0) return -EINVAL;
  if (deviceMode(path) !== null) return -EINVAL;
  const w = walk(k, t, path);
  if (typeof w === 'number') return w;
  if (w.ino === null) return -ENOENT;
  if (w.ino.isDir()) return -EISDIR;
  if (!permission(t, w.ino, MAY_WRITE)) return -EACCES;
  truncateInode(w.ino, len, k.now);
  return 0;
}

/** ftruncate(fd, len): EINVAL unless a regular file open for writing. */
export function sysFtruncate(k: Kernel, t: Task, fd: number, len: number): number {
  len = Number(len);
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  const shm = shmemOf(f);
  if (shm !== null) return shmemFtruncate(f, shm, len);
  const ino = inodeOf(f);
  if (!Number.isInteger(len) || len < 0 || ino === null || ino.isDir() || (f.flags & O_ACCMODE) === O_RDONLY) return -EINVAL;
  truncateInode(ino, len, k.now);
  return 0;
}

/** chmod_common: the owner (or root: CAP_FOWNER) sets the permission bits; ctime moves. */
function chmodInode(k: Kernel, t: Task, ino: Inode, mode: number): number {
  if (t.cred.fsuid !== 0 && t.cred.fsuid !== ino.uid) return -EPERM;
  ino.mode = (ino.mode & S_IFMT) | (Number(mode) & 0o7777);
  ino.ctime = k.now;
  return 0;
}

/** fchmodat(dirfd, path, mode) and chmod(path, mode): EPERM unless the caller owns the file. */
export function sysFchmodat(k: Kernel, t: Task, dirfd: number, path: string, mode: number): number {
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (w.ino === null) return -ENOENT;
  if (w.slash && !w.ino.isDir()) return -ENOTDIR;
  return chmodInode(k, t, w.ino, mode);
}

export function sysChmod(k: Kernel, t: Task, path: string, mode: number): number {
  return sysFchmodat(k, t, AT_FDCWD, path, mode);
}

/** fchmod(fd, mode): a pipe or the console has no inode here: nothing to change (Linux changes pipefs's). */
export function sysFchmod(k: Kernel, t: Task, fd: number, mode: number): number {
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  const ino = inodeOf(f);
  return ino === null ? 0 : chmodInode(k, t, ino, mode);
}

/**
 * chown_common (fs/open.c) with chown_ok/chgrp_ok (fs/attr.c): -1 leaves an id as it is. Root
 * (CAP_CHOWN) may give the file to anyone; its owner may only keep the owner and give it a
 * group it is in (its fsgid: the lab's credentials have no supplementary groups); anyone else
 * EPERM. A change of a non-directory drops set-user-ID, and set-group-ID when the group may
 * execute (ATTR_KILL_SUID, ATTR_KILL_SGID → setattr_should_drop_sgid); ctime moves.
 */
function chownInode(k: Kernel, t: Task, ino: Inode, uid: number, gid: number): number {
  uid = Number(uid) | 0; gid = Number(gid) | 0;
  const root = t.cred.fsuid === 0, owner = t.cred.fsuid === ino.uid;
  if (uid !== -1 && !root && !(owner && uid >>> 0 === ino.uid)) return -EPERM; // chown_ok
  if (gid !== -1 && !root && !(owner && (gid >>> 0 === ino.gid || gid >>> 0 === t.cred.fsgid))) return -EPERM; // chgrp_ok
  if (!ino.isDir()) { // even chown(f, -1, -1), and for root too
    ino.mode &= ~0o4000;
    if (ino.mode & 0o010) ino.mode &= ~0o2000;
  }
  const newUid = uid === -1 ? ino.uid : uid >>> 0, newGid = gid === -1 ? ino.gid : gid >>> 0;
  ino.uid = newUid;
  ino.gid = newGid;
  ino.ctime = k.now;
  return 0;
}

/** fchownat(dirfd, path, uid, gid, flags); chown and lchown (no symbolic links here: the same). */
export function sysFchownat(k: Kernel, t: Task, dirfd: number, path: string, uid: number, gid: number, flags = 0): number {
  if ((Number(flags) & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) return -EINVAL;
  const w = walk(k, t, path, dirfd);
  if (typeof w === 'number') return w;
  if (w.ino === null) return -ENOENT;
  if (w.slash && !w.ino.isDir()) return -ENOTDIR;
  return chownInode(k, t, w.ino, uid, gid);
}

export function sysChown(k: Kernel, t: Task, path: string, uid: number, gid: number): number {
  return sysFchownat(k, t, AT_FDCWD, path, uid, gid, 0);
}

/** fchown(fd, uid, gid): as fchmod, a pipe or the console has no inode here to change. */
export function sysFchown(k: Kernel, t: Task, fd: number, uid: number, gid: number): number {
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  const ino = inodeOf(f);
  return ino === null ? 0 : chownInode(k, t, ino, uid, gid);
}

/** umask(mask): the old mask. */
export function sysUmask(_k: Kernel, t: Task, mask: number): number {
  const old = t.fs!.umask;
  t.fs!.umask = Number(mask) & 0o777;
  return old;
}
