/**
 * file.ts — open files, the descriptor table, and read/write/close/dup.
 *
 * Mirrors: fs/file.c (fd allocation: lowest free), fs/read_write.c (vfs_read/vfs_write),
 * fs/open.c (close), include/linux/fs.h (struct file with its file_operations). A `File` has
 * an `ops` object: pipes (pipe.ts), the console (below), and devices implement it. Operations
 * that would block sleep on a wait queue and return BLOCK; the system call is re-entered
 * when the task runs again.
 *
 * Also fs/stat.c's fstat (a whole stat for the file system's files, fs_ramfs.ts; type and
 * block size for the rest), fs/read_write.c's lseek, and fs/ioctl.c's ioctl (TCGETS only: a
 * console stream that is a terminal answers it, so isatty(1) is true and stdio line-buffers it;
 * one the run made a pipe — Kernel.consoleTty, as `./prog | cat` — is ENOTTY and fully buffered).
 *
 * Files by name (regular files and directories) are fs_ramfs.ts's and namei.ts's; this file
 * keeps what every open file has. Simplifies: the console's
 * input is given whole or read from the host as the program asks (ConsoleInput), never typed
 * at a moment of virtual time.
 */

import type { Kernel } from './kernel.js';
import type { Task, FilesStruct } from './task.js';
import {
  EBADF, EINVAL, EMFILE, ENOTTY, ESPIPE, O_APPEND, O_NONBLOCK, F_GETFD, F_GETFL, F_SETFD, F_SETFL, FD_CLOEXEC, POLLIN,
  POLLOUT, S_IFCHR, S_IFIFO, TCGETS, O_CLOEXEC,
} from './uapi.js';
import { EV_CONSOLE } from './trace.js';
import { nofileLimit } from './sys_rlimit.js';
import { fcntlLock, isLockCmd, locksRemoveFile, locksRemovePosix, type Flock } from './locks.js';

export const NR_OPEN = 1024;

export interface FileOps {
  /** Read up to n bytes: returns the data (string), BLOCK, or -errno. */
  read?(k: Kernel, t: Task, f: File, n: number): string | number;
  /**
   * Write data: returns bytes written, BLOCK, or -errno. The write system call is sigAware:
   * an op that sleeps is re-entered after a signal wake-up too (t.wakeReason === WAKE_SIGNAL)
   * and returns the count already written or -ERESTARTSYS.
   */
  write?(k: Kernel, t: Task, f: File, data: string): number;
  /** Poll mask now (POLLIN/POLLOUT/POLLHUP/POLLERR); never sleeps. Without it: always ready. */
  poll?(k: Kernel, f: File): number;
  /**
   * Wait queues a poller hangs its entries on (poll.ts): PollWaitQueues that the file wakes
   * with wakeUpPoll whenever its poll mask may have changed.
   */
  pollQueues?(f: File): readonly import('./task.js').WaitQueue[];
  /** lseek (fs/read_write.c): the new position or -errno. Without it: ESPIPE (pipes, the console). */
  llseek?(k: Kernel, f: File, offset: number, whence: number): number;
  /** Last reference dropped. */
  release?(k: Kernel, f: File): void;
  name: string;
  /** st_mode's file type for fstat (S_IFCHR when absent: the console and devices). */
  mode?: number;
  /** fstat's answer for a file with an inode (fs_ramfs.ts); without it: type and block size only. */
  stat?(f: File): Stat;
  /** A terminal: ioctl(TCGETS) succeeds (isatty). */
  isTty?(f: File): boolean;
}

export class File {
  count = 1;
  constructor(public ops: FileOps, public flags: number, public priv: any = null) {}
}

/** A new reference to the same open file (fork's dup of the table, dup()). */
export function dupFile(f: File): File {
  f.count++;
  return f;
}

export function fget(t: Task, fd: number): File | null {
  if (!t.files || !Number.isInteger(fd) || fd < 0 || fd >= t.files.fd.length) return null;
  return t.files.fd[fd];
}

/** get_unused_fd + fd_install: the lowest free descriptor. */
export function fdInstall(t: Task, f: File): number {
  const tab = t.files!.fd;
  let fd = tab.indexOf(null);
  if (fd < 0) fd = tab.length;
  if (fd >= nofileLimit(t)) return -EMFILE; // RLIMIT_NOFILE (sys_rlimit.ts)
  tab[fd] = f;
  t.files!.cloexec[fd] = false; // a new descriptor starts without FD_CLOEXEC (dup, open)
  return fd;
}

export function fput(k: Kernel, f: File): void {
  if (--f.count !== 0) return;
  locksRemoveFile(k, f); // __fput: the open file's flock and OFD locks (locks.ts)
  if (f.ops.release) f.ops.release(k, f);
}

/**
 * filp_close(file, files): `t` drops a descriptor's reference; the record locks its process
 * (the table `files` and t's thread group) holds on the file go (locks.ts).
 */
export function filpClose(k: Kernel, t: Task, f: File, files: FilesStruct | null = t.files): void {
  if (files !== null) locksRemovePosix(k, files, t.tgid, f);
  fput(k, f);
}

/** close_files: the table's last user `t` closes every descriptor (without k: no kernel, no locks). */
export function closeAllFiles(files: FilesStruct, k?: Kernel, t?: Task): void {
  for (let i = 0; i < files.fd.length; i++) {
    const f = files.fd[i];
    if (!f) continue;
    files.fd[i] = null;
    if (k && t) filpClose(k, t, f, files);
    else if (k) fput(k, f);
    else if (--f.count === 0) f.ops.release?.(undefined as any, f);
  }
}

export function sysRead(k: Kernel, t: Task, fd: number, n: number): string | number {
  const f = fget(t, fd);
  if (!f || !f.ops.read) return -EBADF;
  if (!Number.isInteger(n) || n < 0) return -EINVAL;
  return f.ops.read(k, t, f, n);
}

export function sysWrite(k: Kernel, t: Task, fd: number, data: string): number {
  const f = fget(t, fd);
  if (!f || !f.ops.write) return -EBADF;
  if (typeof data !== 'string') return -EINVAL;
  return f.ops.write(k, t, f, data);
}

export function sysClose(k: Kernel, t: Task, fd: number): number {
  const f = fget(t, fd);
  if (!f) return -EBADF;
  t.files!.fd[fd] = null;
  filpClose(k, t, f);
  return 0;
}

export function sysDup(k: Kernel, t: Task, fd: number): number {
  const f = fget(t, fd);
  if (!f) return -EBADF;
  return fdInstall(t, dupFile(f));
}

/** dup2(old, new): `new` names old's file, closing what `new` named first (fs/file.c do_dup2). */
export function sysDup2(k: Kernel, t: Task, oldfd: number, newfd: number): number {
  const f = fget(t, oldfd);
  if (!f) return -EBADF;
  if (!Number.isInteger(newfd) || newfd < 0 || newfd >= nofileLimit(t)) return -EBADF;
  if (oldfd === newfd) return newfd;
  const tab = t.files!.fd;
  while (tab.length <= newfd) tab.push(null);
  const old = tab[newfd];
  tab[newfd] = dupFile(f);
  t.files!.cloexec[newfd] = false;
  if (old) filpClose(k, t, old);
  return newfd;
}

/** dup3(old, new, flags): dup2 that may set close-on-exec, and EINVAL for old == new or another flag (ksys_dup3). */
export function sysDup3(k: Kernel, t: Task, oldfd: number, newfd: number, flags: number): number {
  if ((Number(flags) & ~O_CLOEXEC) !== 0 || oldfd === newfd) return -EINVAL;
  const r = sysDup2(k, t, oldfd, newfd);
  if (r >= 0 && (flags & O_CLOEXEC)) t.files!.cloexec[r] = true;
  return r;
}

/**
 * What fstat and stat report (struct stat). Pipes and character devices fill st_mode and
 * st_blksize (the rest 0, st_nlink 1); files of the ramfs fill everything (namei.ts). Times are
 * virtual-clock ns.
 */
export interface Stat {
  st_mode: number;
  st_blksize: number;
  st_dev?: number;
  st_ino?: number;
  st_nlink?: number;
  st_uid?: number;
  st_gid?: number;
  st_size?: number;
  st_blocks?: number;
  st_atime?: number;
  st_mtime?: number;
  st_ctime?: number;
}

/**
 * fstat(fd, &st): the file type and the preferred I/O size — PAGE_SIZE for pipes and
 * character devices, as Linux's generic_fillattr reports them (fs/stat.c vfs_fstat).
 */
export function sysFstat(k: Kernel, t: Task, fd: number, out: { value?: Stat } | null): number {
  const f = fget(t, fd);
  if (!f) return -EBADF;
  if (out) out.value = f.ops.stat?.(f) ?? { st_mode: (f.ops.mode ?? S_IFCHR) | 0o600, st_blksize: 4096 };
  return 0;
}

/** lseek(fd, offset, whence) (fs/read_write.c ksys_lseek): ESPIPE for a file that cannot seek. */
export function sysLseek(k: Kernel, t: Task, fd: number, offset: number, whence: number): number {
  const f = fget(t, fd);
  if (!f) return -EBADF;
  if (!f.ops.llseek) return -ESPIPE;
  return f.ops.llseek(k, f, Number(offset), whence);
}

/** ioctl(fd, cmd): only TCGETS, which succeeds on a terminal (fs/ioctl.c, tty_ioctl). */
export function sysIoctl(k: Kernel, t: Task, fd: number, cmd: number): number {
  const f = fget(t, fd);
  if (!f) return -EBADF;
  if (cmd === TCGETS && f.ops.isTty?.(f) === true) return 0;
  return -ENOTTY;
}

/** fs/fcntl.c SETFL_MASK: the status flags F_SETFL may change (the access mode never). */
const SETFL_MASK = O_APPEND | O_NONBLOCK;

export function sysFcntl(k: Kernel, t: Task, fd: number, cmd: number, arg: number | Flock): number {
  const f = fget(t, fd);
  if (!f) return -EBADF;
  if (isLockCmd(cmd)) return fcntlLock(k, t, f, cmd, arg as Flock); // record and OFD locks (locks.ts)
  if (typeof arg !== 'number') arg = 0;
  if (cmd === F_GETFL) return f.flags;
  if (cmd === F_SETFL) { f.flags = (f.flags & ~SETFL_MASK) | (arg & SETFL_MASK); return 0; }
  if (cmd === F_GETFD) return t.files!.cloexec[fd] ? FD_CLOEXEC : 0;
  if (cmd === F_SETFD) { t.files!.cloexec[fd] = (arg & FD_CLOEXEC) !== 0; return 0; }
  return -EINVAL;
}

/**
 * What the console's input is: the run's standard input (experiments/stdin.ts gives a file's
 * bytes, or the host's own input read when the program reads). `read` returns at most `max`
 * characters, one per byte as a pipe carries them, and '' at end of input. It never waits in
 * virtual time: the input is there, or it has ended.
 */
export interface ConsoleInput {
  read(max: number): string;
}

/**
 * The console: fds 0, 1 and 2 of every process. Writes land in the kernel's console capture,
 * merged in the order they were made, as one terminal shows them; what fd 2's open file writes
 * is also kept apart (Kernel.stderr), as a shell's `2>` would see it, and the rest
 * (Kernel.stdoutOnly) as `>` would. Which stream a write belongs to follows the open file, not
 * the number: after dup2(1, 2) both write the standard output, as `2>&1` makes them. Reads take
 * the run's input (Kernel.consoleInput; none: end of file at once), shared by every process, as
 * one terminal is.
 */
function consoleOpsFor(err: boolean): FileOps {
  return {
    name: 'console',
    isTty: (f) => (f.priv as ConsolePriv).tty,
    stat: (f) => (f.priv as ConsolePriv).tty ? { st_mode: S_IFCHR | 0o620, st_blksize: 1024 } : { st_mode: S_IFIFO | 0o600, st_blksize: 4096 },
    write(k, t, f, data) {
      k.stdout.push(data);
      (err ? k.stderr : k.stdoutOnly).push(data);
      if (k.onStdout !== null) k.onStdout(data, err);
      if (k.trace.on[EV_CONSOLE]) k.trace.emit(EV_CONSOLE, k.now, t.cpu, t.pid, data.length, 0, data);
      k.extraCost += k.costs.pipeCopyPerByte * data.length;
      return data.length;
    },
    read(k, t, f, n) {
      if (k.consoleInput === null || n === 0) return '';
      const data = k.consoleInput.read(n);
      k.extraCost += k.costs.pipeCopyPerByte * data.length;
      return data;
    },
    poll() {
      return POLLIN | POLLOUT; // a read never waits: input, or end of file
    },
  };
}

/** The console as standard input and output (fds 0 and 1), and as standard error (fd 2). */
export const consoleOps: FileOps = consoleOpsFor(false);
export const consoleErrOps: FileOps = consoleOpsFor(true);

/** A device node's stat: a character device owned by root (generic_fillattr: blksize PAGE_SIZE). */
export function deviceStat(mode: number): Stat {
  return { st_mode: S_IFCHR | mode, st_blksize: 4096, st_nlink: 1, st_uid: 0, st_gid: 0, st_size: 0 };
}

/**
 * Which console streams are a terminal; the others are pipes (st_mode S_IFIFO, st_blksize
 * PAGE_SIZE), as a shell's `| cat` makes them. A terminal is devpts's character device (crw--w----,
 * st_blksize 1024, as Linux's pty reports: glibc line-buffers in 1024 bytes).
 */
export interface ConsoleTty {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

interface ConsolePriv {
  tty: boolean;
}

const CONSOLE_STREAMS = ['stdin', 'stdout', 'stderr'] as const;

/** The console opened for fd `fd` of a process started on it: fd 2 writes standard error. */
export function openConsole(k: Kernel, fd = 0): File {
  const priv: ConsolePriv = { tty: k.consoleTty[CONSOLE_STREAMS[Math.min(Math.max(fd, 0), 2)]] };
  return new File(fd === 2 ? consoleErrOps : consoleOps, 2, priv);
}
