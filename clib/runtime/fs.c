/*
 * fs.c — files by name: open, openat, creat, the stat family, access, lseek, ftruncate,
 * truncate, pread, pwrite, fsync, chmod, umask, unlink, rmdir, remove, mkdir, rename (and
 * the *at forms),
 * chdir, getcwd, mkstemp, mkdtemp, tmpfile, fdopen's append mode, freopen's renumbering — on the lab kernel's in-memory file system (host: clib/host/fs.ts).
 *
 * Why here and not wasi-libc's: wasi-libc opens a name relative to a WASI "preopened"
 * directory (libc-bottom-half/sources/posix.c and preopens.c, whose start-up code asks the
 * host for its preopens), which the lab does not have. These definitions are strong symbols
 * in the runtime's objects, so the archive members that define the same names (posix.c.obj,
 * at_fdcwd.c.obj, fstat.c.obj, lseek.c.obj, ...) are never pulled out of libc.a — a --wrap
 * would still pull them in, with their preopen constructor (wasm-ld resolves __real_open).
 * wasi-libc's stdio reaches these functions too: fopen calls __wasilibc_open_nomode with
 * WASI's O_ flag values (translated below), fseek/ftell call __lseek, fclose close.
 *
 * Mirrors: glibc's wrappers (-1 and errno, Linux's numbers); remove() (unlink, then rmdir for
 * a directory: glibc's sysdeps/posix/remove.c); mkstemp/mkostemp/mkdtemp (glibc's
 * __gen_tempname: six X's replaced, O_CREAT|O_EXCL, 0600, retried on EEXIST; EINVAL without
 * the X's); tmpfile (a name in /tmp, unlinked at once: glibc's tmpfile64 does the same when
 * O_TMPFILE is missing). getcwd(NULL, 0) allocates (glibc's extension).
 *
 * Simplifies: the temporary names come from a per-process counter stirred with the pid (the
 * same every run: the lab is deterministic), not from a clock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lab.h"

/* wasi-libc's own O_ values (its __header_fcntl.h), which its stdio passes to __wasilibc_open_nomode. */
#define WASI_O_APPEND 0x0001
#define WASI_O_NONBLOCK 0x0004
#define WASI_O_CREAT 0x1000
#define WASI_O_DIRECTORY 0x2000
#define WASI_O_EXCL 0x4000
#define WASI_O_TRUNC 0x8000
#define WASI_O_NOFOLLOW 0x01000000
#define WASI_O_READ 0x04000000
#define WASI_O_WRITE 0x10000000

static int mode_arg(int flags, va_list ap) { return (flags & O_CREAT) ? va_arg(ap, int) : 0; }

int openat(int dirfd, const char *path, int flags, ...) {
	va_list ap;
	va_start(ap, flags);
	int mode = mode_arg(flags, ap);
	va_end(ap);
	return __lab_fs_open(dirfd, path, flags, mode);
}

int open(const char *path, int flags, ...) {
	va_list ap;
	va_start(ap, flags);
	int mode = mode_arg(flags, ap);
	va_end(ap);
	return __lab_fs_open(AT_FDCWD, path, flags, mode);
}

int creat(const char *path, mode_t mode) { return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode); }

/* fopen's open (wasi-libc): its flags in WASI's numbering; the mode is fopen's 0666. */
int __wasilibc_open_nomode(const char *path, int wflags) {
	int rw = wflags & (WASI_O_READ | WASI_O_WRITE);
	int flags = rw == (WASI_O_READ | WASI_O_WRITE) ? O_RDWR : rw == WASI_O_WRITE ? O_WRONLY : O_RDONLY;
	if (wflags & WASI_O_APPEND) flags |= O_APPEND;
	if (wflags & WASI_O_NONBLOCK) flags |= O_NONBLOCK;
	if (wflags & WASI_O_CREAT) flags |= O_CREAT;
	if (wflags & WASI_O_DIRECTORY) flags |= O_DIRECTORY;
	if (wflags & WASI_O_EXCL) flags |= O_EXCL;
	if (wflags & WASI_O_TRUNC) flags |= O_TRUNC;
	if (wflags & WASI_O_NOFOLLOW) flags |= O_NOFOLLOW;
	return __lab_fs_open(AT_FDCWD, path, flags, 0666);
}

/* The kernel's 13 words into wasi-libc's struct stat. */
static void fill_stat(struct stat *st, const long long *w) {
	memset(st, 0, sizeof *st);
	st->st_dev = w[0]; st->st_ino = w[1]; st->st_nlink = w[2]; st->st_mode = w[3];
	st->st_uid = w[4]; st->st_gid = w[5]; st->st_rdev = w[6]; st->st_size = w[7];
	st->st_blksize = w[8]; st->st_blocks = w[9];
	struct timespec *ts[3] = { &st->st_atim, &st->st_mtim, &st->st_ctim };
	for (int i = 0; i < 3; i++) { ts[i]->tv_sec = w[10 + i] / 1000000000; ts[i]->tv_nsec = w[10 + i] % 1000000000; }
}

static int do_stat(int kind, int fd, const char *path, int flags, struct stat *st) {
	long long w[13];
	int r = __lab_fs_stat(kind, fd, path, flags, w);
	if (r == 0) fill_stat(st, w);
	return r;
}

int fstat(int fd, struct stat *st) { return do_stat(0, fd, 0, 0, st); }
int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags) { return do_stat(1, dirfd, path, flags, st); }
int stat(const char *restrict path, struct stat *restrict st) { return do_stat(1, AT_FDCWD, path, 0, st); }
/* No symbolic links in the lab's file system: lstat is stat. */
int lstat(const char *restrict path, struct stat *restrict st) { return do_stat(1, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, st); }

int unlinkat(int dirfd, const char *path, int flags) { return __lab_fs_path(0, dirfd, path, flags, 0); }
int unlink(const char *path) { return unlinkat(AT_FDCWD, path, 0); }
int rmdir(const char *path) { return unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }
int mkdirat(int dirfd, const char *path, mode_t mode) { return __lab_fs_path(1, dirfd, path, (int)mode, 0); }
int mkdir(const char *path, mode_t mode) { return mkdirat(AT_FDCWD, path, mode); }
int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags) { return __lab_chown(dirfd, path, (int)uid, (int)gid, flags); }
int chown(const char *path, uid_t uid, gid_t gid) { return fchownat(AT_FDCWD, path, uid, gid, 0); }
int lchown(const char *path, uid_t uid, gid_t gid) { return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW); }
int fchown(int fd, uid_t uid, gid_t gid) { return __lab_chown(fd, 0, (int)uid, (int)gid, 0); }
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) { return __lab_fs_path(7, dirfd, path, (int)mode, (int)dev); }
int mknod(const char *path, mode_t mode, dev_t dev) { return mknodat(AT_FDCWD, path, mode, dev); }
int mkfifoat(int dirfd, const char *path, mode_t mode) { return mknodat(dirfd, path, S_IFIFO | (mode & 07777), 0); }
int mkfifo(const char *path, mode_t mode) { return mkfifoat(AT_FDCWD, path, mode); }
int faccessat(int dirfd, const char *path, int mode, int flags) { return __lab_fs_path(2, dirfd, path, mode, flags); }
int access(const char *path, int mode) { return faccessat(AT_FDCWD, path, mode, 0); }
int chdir(const char *path) { return __lab_fs_path(3, AT_FDCWD, path, 0, 0); }
int fchmodat(int dirfd, const char *path, mode_t mode, int flags) { (void)flags; return __lab_fs_path(4, dirfd, path, (int)mode, 0); }
int chmod(const char *path, mode_t mode) { return fchmodat(AT_FDCWD, path, mode, 0); }
int fchmod(int fd, mode_t mode) { return __lab_fs_path(5, fd, 0, (int)mode, 0); }
mode_t umask(mode_t mask) { return (mode_t)__lab_fs_path(6, 0, 0, (int)mask, 0); }
int renameat(int od, const char *old, int nd, const char *new) { return __lab_fs_rename(od, old, nd, new); }
int rename(const char *old, const char *new) { return __lab_fs_rename(AT_FDCWD, old, AT_FDCWD, new); }

int remove(const char *path) {
	int r = unlink(path);
	if (r == -1 && errno == EISDIR) r = rmdir(path);
	return r;
}

off_t __lseek(int fd, off_t off, int whence) {
	long long at = 0;
	return __lab_fs_seek(0, fd, off, whence, &at) < 0 ? -1 : at;
}
off_t (lseek)(int fd, off_t off, int whence) { return __lseek(fd, off, whence); }
/* <unistd.h> turns lseek(fd, 0, SEEK_CUR) into this. */
off_t __wasilibc_tell(int fd) { return __lseek(fd, 0, SEEK_CUR); }
int ftruncate(int fd, off_t len) { return __lab_fs_seek(1, fd, len, 0, 0); }
int truncate(const char *path, off_t len) { return __lab_fs_pio(2, (int)(long)path, 0, 0, len); }
ssize_t pread(int fd, void *buf, size_t n, off_t off) { return __lab_fs_pio(0, fd, buf, n, off); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return __lab_fs_pio(1, fd, buf, n, off); }

/* The file system is memory: nothing to write out. EBADF and EINVAL (a pipe, the console) as on Linux. */
int fsync(int fd) {
	struct stat st;
	if (fstat(fd, &st) < 0) return -1;
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) { errno = EINVAL; return -1; }
	return 0;
}
int fdatasync(int fd) { return fsync(fd); }

/* freopen(name, mode, stream) moves the new descriptor onto the stream's (WASI's fd_renumber):
 * dup2, then close the old one — so freopen("input.txt", "r", stdin) makes fd 0 the file.
 * A --wrap: wasi-libc's member that defines it also defines close, which every program links. */
int __wrap___wasilibc_fd_renumber(int fd, int newfd) {
	if (dup2(fd, newfd) < 0) return -1;
	if (fd != newfd) close(fd);
	return 0;
}

/* fdopen(fd, "a..."): O_APPEND set in Linux's numbering first (wasi-libc's __fdopen tests WASI's
 * O_APPEND, which is Linux's O_WRONLY bit). */
FILE *__real_fdopen(int, const char *);
FILE *__wrap_fdopen(int fd, const char *mode) {
	if (mode && *mode == 'a') {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0 && !(fl & O_APPEND)) fcntl(fd, F_SETFL, fl | O_APPEND);
	}
	return __real_fdopen(fd, mode);
}

char *getcwd(char *buf, size_t size) {
	char tmp[4096];
	if (buf != 0 && size == 0) { errno = EINVAL; return 0; }
	if (__lab_fs_getcwd(tmp, sizeof tmp) < 0) return 0;
	size_t n = strlen(tmp) + 1;
	if (buf == 0) {
		buf = malloc(size > n ? size : n);
		if (buf == 0) { errno = ENOMEM; return 0; }
	} else if (n > size) { errno = ERANGE; return 0; }
	memcpy(buf, tmp, n);
	return buf;
}

static unsigned temp_counter;

/* Replace the XXXXXX before `suffix` bytes, and try `make` until a name is free (__gen_tempname). */
static int gen_tempname(char *tmpl, int suffix, int (*make)(const char *, int), int arg) {
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = strlen(tmpl);
	if (suffix < 0 || len < 6 + (size_t)suffix || memcmp(tmpl + len - suffix - 6, "XXXXXX", 6) != 0) { errno = EINVAL; return -1; }
	char *x = tmpl + len - suffix - 6;
	for (int attempt = 0; attempt < 1000; attempt++) {
		unsigned v = (unsigned)getpid() * 2654435761u + ++temp_counter * 40503u;
		for (int i = 0; i < 6; i++) { x[i] = letters[v % 62]; v = v / 62 + (v << 7) * 31u; }
		int r = make(tmpl, arg);
		if (r >= 0 || errno != EEXIST) return r;
	}
	errno = EEXIST;
	return -1;
}

static int make_file(const char *name, int flags) { return open(name, O_RDWR | O_CREAT | O_EXCL | (flags & ~O_ACCMODE), 0600); }
static int make_dir(const char *name, int unused) { (void)unused; return mkdir(name, 0700); }

int mkostemps(char *tmpl, int suffix, int flags) { return gen_tempname(tmpl, suffix, make_file, flags); }
int mkstemps(char *tmpl, int suffix) { return mkostemps(tmpl, suffix, 0); }
int mkostemp(char *tmpl, int flags) { return mkostemps(tmpl, 0, flags); }
int mkstemp(char *tmpl) { return mkostemps(tmpl, 0, 0); }
char *mkdtemp(char *tmpl) { return gen_tempname(tmpl, 0, make_dir, 0) < 0 ? 0 : tmpl; }

FILE *__lab_tmpfile(void) {
	char name[] = "/tmp/tmpfXXXXXX";
	int fd = mkstemp(name);
	if (fd < 0) return 0;
	unlink(name);
	FILE *f = fdopen(fd, "w+");
	if (f == 0) close(fd);
	return f;
}
