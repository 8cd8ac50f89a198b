/**
 * libc_fs.ts — the calls on files by name every library inherits: lseek, stat, fstat,
 * access, unlink, rename, mkdir, rmdir, truncate, ftruncate, pread, pwrite, chmod, umask, chdir, getcwd and
 * the *at forms (open, read, write and close
 * are libc_base.ts's: they are cancellation points); flock and lockf (the kernel's locks.ts).
 *
 * Mirrors: glibc's sysdeps/unix/sysv/linux wrappers — one system call each, -1 and errno on
 * failure (INLINE_SYSCALL); getcwd returns the path (C fills a buffer) or null with errno.
 * The files live in the kernel's in-memory file system (kernel/fs_ramfs.ts); a relative name
 * is relative to the cwd, /home/student unless the program changes it.
 *
 * LibcSched (libc_sched.ts) extends this class.
 */

import {
  sys, AT_FDCWD, S_IFIFO, type Sim, type Stat, type Dirent, type Flock, F_GETLK, F_SETLK, F_SETLKW, F_RDLCK, F_WRLCK,
  F_UNLCK, SEEK_CUR, EACCES, EINVAL,
} from '../../kernel/index.js';
import { LibcProc } from './libc_proc.js';

/** <unistd.h> lockf's commands. */
const LOCKF_ULOCK = 0, LOCKF_LOCK = 1, LOCKF_TLOCK = 2, LOCKF_TEST = 3;

export abstract class LibcFs extends LibcProc {
  *lseek(fd: number, offset: number, whence: number): Sim<number> { return yield* this.sc(sys.lseek(fd, offset, whence)); }
  *stat(path: string, buf: { value?: Stat }): Sim<number> { return yield* this.sc(sys.stat(path, buf)); }
  *fstat(fd: number, buf: { value?: Stat }): Sim<number> { return yield* this.sc(sys.fstat(fd, buf)); }
  *access(path: string, mode: number): Sim<number> { return yield* this.sc(sys.access(path, mode)); }
  *unlink(path: string): Sim<number> { return yield* this.sc(sys.unlink(path)); }
  *rename(oldpath: string, newpath: string): Sim<number> { return yield* this.sc(sys.rename(oldpath, newpath)); }
  *mkdir(path: string, mode = 0o777): Sim<number> { return yield* this.sc(sys.mkdir(path, mode)); }
  *rmdir(path: string): Sim<number> { return yield* this.sc(sys.rmdir(path)); }
  *ftruncate(fd: number, length: number): Sim<number> { return yield* this.sc(sys.ftruncate(fd, length)); }
  *truncate(path: string, length: number): Sim<number> { return yield* this.sc(sys.truncate(path, length)); }
  /** pread(fd, buf, count, offset): like read, at `offset`, leaving the file position where it was. */
  *pread(fd: number, buf: { value: string }, count: number, offset: number): Sim<number> {
    const r = (yield sys.pread(fd, count, offset)) as string | number;
    if (typeof r === 'number') return r < 0 ? this.setErrno(-r) : r;
    buf.value = r;
    return r.length;
  }
  *pwrite(fd: number, data: string, offset: number): Sim<number> { return yield* this.sc(sys.pwrite(fd, String(data), offset)); }
  *chdir(path: string): Sim<number> { return yield* this.sc(sys.chdir(path)); }
  /** flock(fd, operation): the system call (glibc's wrapper is not a cancellation point). */
  *flock(fd: number, operation: number): Sim<number> { return yield* this.sc(sys.flock(fd, operation)); }
  /**
   * lockf(fd, cmd, len) as glibc's io/lockf64.c makes it of fcntl: a write lock (F_LOCK waits,
   * F_TLOCK does not) or an unlock (F_ULOCK) of len bytes from the current position; F_TEST
   * asks F_GETLK for a read lock and answers EACCES when another process (by l_pid) holds one.
   */
  *lockf(fd: number, cmd: number, len: number): Sim<number> {
    const fl: Flock = { l_type: F_WRLCK, l_whence: SEEK_CUR, l_start: 0, l_len: len, l_pid: 0 };
    if (cmd === LOCKF_TEST) {
      fl.l_type = F_RDLCK;
      if ((yield* this.sc(sys.fcntl(fd, F_GETLK, fl))) < 0) return -1;
      if (fl.l_type === F_UNLCK || fl.l_pid === (yield sys.getpid())) return 0;
      return this.setErrno(EACCES);
    }
    if (cmd === LOCKF_ULOCK) { fl.l_type = F_UNLCK; return yield* this.sc(sys.fcntl(fd, F_SETLK, fl)); }
    if (cmd === LOCKF_LOCK) return yield* this.lockWait(fd, fl);
    if (cmd === LOCKF_TLOCK) return yield* this.sc(sys.fcntl(fd, F_SETLK, fl));
    return this.setErrno(EINVAL);
  }
  /** fcntl(fd, F_SETLKW, fl): a cancellation point (libc_base.ts's csc). */
  protected abstract lockWait(fd: number, fl: Flock): Sim<number>;
  *chmod(path: string, mode: number): Sim<number> { return yield* this.sc(sys.chmod(path, mode)); }
  *fchmod(fd: number, mode: number): Sim<number> { return yield* this.sc(sys.fchmod(fd, mode)); }
  *fchmodat(dirfd: number, path: string, mode: number): Sim<number> { return yield* this.sc(sys.fchmodat(dirfd, path, mode)); }
  /** umask(mask): the previous mask (it cannot fail). */
  *umask(mask: number): Sim<number> { return (yield sys.umask(mask)) as number; }
  // the *at forms: a relative path is relative to the directory dirfd names (AT_FDCWD: the cwd)
  *openat(dirfd: number, path: string, flags = 0, mode = 0o666): Sim<number> { return yield* this.sc(sys.openat(dirfd, path, flags, mode)); }
  *fstatat(dirfd: number, path: string, buf: { value?: Stat }, flags = 0): Sim<number> { return yield* this.sc(sys.fstatat(dirfd, path, buf, flags)); }
  *faccessat(dirfd: number, path: string, mode: number, flags = 0): Sim<number> { return yield* this.sc(sys.faccessat(dirfd, path, mode, flags)); }
  *unlinkat(dirfd: number, path: string, flags = 0): Sim<number> { return yield* this.sc(sys.unlinkat(dirfd, path, flags)); }
  *mkdirat(dirfd: number, path: string, mode = 0o777): Sim<number> { return yield* this.sc(sys.mkdirat(dirfd, path, mode)); }
  *mknodat(dirfd: number, path: string, mode: number, dev = 0): Sim<number> { return yield* this.sc(sys.mknodat(dirfd, path, mode, dev)); }
  *chown(path: string, uid: number, gid: number): Sim<number> { return yield* this.sc(sys.fchownat(AT_FDCWD, path, uid, gid, 0)); }
  *fchown(fd: number, uid: number, gid: number): Sim<number> { return yield* this.sc(sys.fchown(fd, uid, gid)); }
  *fchownat(dirfd: number, path: string, uid: number, gid: number, flags = 0): Sim<number> { return yield* this.sc(sys.fchownat(dirfd, path, uid, gid, flags)); }
  /** mkfifo.c: mknodat(AT_FDCWD, path, S_IFIFO | mode, 0). */
  *mkfifo(path: string, mode: number): Sim<number> { return yield* this.mknodat(AT_FDCWD, path, S_IFIFO | (mode & 0o7777), 0); }
  *renameat(olddirfd: number, oldpath: string, newdirfd: number, newpath: string): Sim<number> {
    return yield* this.sc(sys.renameat(olddirfd, oldpath, newdirfd, newpath));
  }
  /** getdents64(fd, out, count): a directory's next entries (fd from open(path, O_DIRECTORY)); the bytes, 0 at the end. */
  *getdents64(fd: number, out: { value?: Dirent[] }, count = 32768): Sim<number> { return yield* this.sc(sys.getdents64(fd, out, count)); }
  *getcwd(): Sim<string | null> {
    const out: { value?: string } = {};
    const r = (yield* this.sc(sys.getcwd(out, 4096)));
    return r < 0 ? null : out.value!;
  }
}
