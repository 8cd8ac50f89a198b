/**
 * syscalls_fs.ts — table entries for files by name (the file system: fs_ramfs.ts, namei.ts,
 * open.ts), lseek (file.ts), pread64/pwrite64 (fs_ramfs.ts).
 *
 * The numbers are written out (x86-64 syscall_64.tbl), as in syscalls_io.ts, because
 * syscalls.ts imports this module; a test checks each against NR.
 */

import type { SyscallEntry } from './syscalls.js';
import { sysLseek } from './file.js';
import { sysPread64, sysPwrite64 } from './fs_ramfs.js';
import { sysUnlink, sysUnlinkat, sysMkdir, sysMkdirat, sysRmdir, sysRename, sysRenameat, sysGetdents64 } from './namei.js';
import {
  sysOpenat, sysCreat, sysStat, sysFstatat, sysAccess, sysFaccessat, sysChdir, sysGetcwd, sysTruncate,
  sysFtruncate, sysUmask, sysChmod, sysFchmod, sysFchmodat, sysChown, sysFchown, sysFchownat,
} from './open.js';
import { sysMknod, sysMknodat } from './fifo.js';

/** x86-64 numbers of the calls below (must equal NR's). */
export const NR_FS = {
  stat: 4, lstat: 6, lseek: 8, access: 21, truncate: 76, ftruncate: 77, getcwd: 79, chdir: 80,
  rename: 82, mkdir: 83, rmdir: 84, creat: 85, unlink: 87, umask: 95, openat: 257, mkdirat: 258,
  newfstatat: 262, unlinkat: 263, renameat: 264, faccessat: 269, pread64: 17, pwrite64: 18, getdents64: 217,
  chmod: 90, fchmod: 91, fchmodat: 268, mknod: 133, mknodat: 259, chown: 92, fchown: 93, lchown: 94, fchownat: 260,
} as const;

export const FS_SYSCALLS: SyscallEntry[] = [
  { nr: NR_FS.stat, name: 'stat', fn: sysStat },
  { nr: NR_FS.lstat, name: 'lstat', fn: sysStat }, // no symbolic links: lstat is stat
  { nr: NR_FS.lseek, name: 'lseek', fn: sysLseek },
  { nr: NR_FS.access, name: 'access', fn: sysAccess },
  { nr: NR_FS.truncate, name: 'truncate', fn: sysTruncate },
  { nr: NR_FS.ftruncate, name: 'ftruncate', fn: sysFtruncate },
  { nr: NR_FS.getcwd, name: 'getcwd', fn: sysGetcwd },
  { nr: NR_FS.chdir, name: 'chdir', fn: sysChdir },
  { nr: NR_FS.rename, name: 'rename', fn: sysRename },
  { nr: NR_FS.mkdir, name: 'mkdir', fn: sysMkdir },
  { nr: NR_FS.rmdir, name: 'rmdir', fn: sysRmdir },
  { nr: NR_FS.creat, name: 'creat', fn: sysCreat, sigAware: true },
  { nr: NR_FS.unlink, name: 'unlink', fn: sysUnlink },
  { nr: NR_FS.umask, name: 'umask', fn: sysUmask },
  { nr: NR_FS.openat, name: 'openat', fn: sysOpenat, sigAware: true }, // a FIFO's open undoes its wait on a signal (fifo.ts)
  { nr: NR_FS.mknod, name: 'mknod', fn: sysMknod },
  { nr: NR_FS.chown, name: 'chown', fn: sysChown },
  { nr: NR_FS.lchown, name: 'lchown', fn: sysChown }, // no symbolic links: lchown is chown
  { nr: NR_FS.fchown, name: 'fchown', fn: sysFchown },
  { nr: NR_FS.fchownat, name: 'fchownat', fn: sysFchownat },
  { nr: NR_FS.mknodat, name: 'mknodat', fn: sysMknodat },
  { nr: NR_FS.mkdirat, name: 'mkdirat', fn: sysMkdirat },
  { nr: NR_FS.newfstatat, name: 'newfstatat', fn: sysFstatat },
  { nr: NR_FS.unlinkat, name: 'unlinkat', fn: sysUnlinkat },
  { nr: NR_FS.renameat, name: 'renameat', fn: sysRenameat },
  { nr: NR_FS.faccessat, name: 'faccessat', fn: sysFaccessat },
  { nr: NR_FS.pread64, name: 'pread64', fn: sysPread64 },
  { nr: NR_FS.pwrite64, name: 'pwrite64', fn: sysPwrite64 },
  { nr: NR_FS.getdents64, name: 'getdents64', fn: sysGetdents64 },
  { nr: NR_FS.chmod, name: 'chmod', fn: sysChmod },
  { nr: NR_FS.fchmod, name: 'fchmod', fn: sysFchmod },
  { nr: NR_FS.fchmodat, name: 'fchmodat', fn: sysFchmodat },
];
