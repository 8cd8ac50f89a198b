/*
 * <fcntl.h> — open(), openat(), creat() and fcntl() on the lab's kernel, with Linux's flag
 * values. Files live in the kernel's in-memory file system (kernel/fs_ramfs.ts: / and /tmp,
 * the program's cwd /home/student, whatever --file put there); open() also knows the
 * simulated devices (the slow disk "/dev/slow") and the threads' /proc/<pid>/task/<tid>/comm.
 * fcntl() reads and sets O_APPEND and O_NONBLOCK (F_GETFL, F_SETFL) and FD_CLOEXEC (F_GETFD,
 * F_SETFD), and takes record locks (struct flock: F_GETLK, F_SETLK, F_SETLKW; with _GNU_SOURCE
 * the open file description locks F_OFD_*) — the kernel's kernel/locks.ts, after fs/locks.c.
 * glibc's layout of struct flock (x86-64: off_t is 64 bits) and its lockf() and LOCK_* names.
 */
#ifndef _FCNTL_H
#define _FCNTL_H
/* Keep wasi-libc's own flag values (a different numbering) out. */
#define __wasilibc___header_fcntl_h
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>
#define __NEED_mode_t
#define __NEED_off_t
#define __NEED_pid_t
#include <bits/alltypes.h>
#include <__mode_t.h>
#include <__seek.h>

#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_ACCMODE   03
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_NDELAY    O_NONBLOCK
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000
#define O_LARGEFILE 0
/* synchronized I/O (Linux's values; the lab's files are memory: nothing to wait for). aio_fsync takes O_SYNC or O_DSYNC. */
#define O_DSYNC     010000
#define O_SYNC      04010000
#define O_RSYNC     O_SYNC

#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define FD_CLOEXEC 1

/* record locks (glibc's bits/fcntl-linux.h, x86-64 values) */
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_GETLK64 F_GETLK
#define F_SETLK64 F_SETLK
#define F_SETLKW64 F_SETLKW
#ifdef _GNU_SOURCE
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

struct flock {
	short int l_type;   /* F_RDLCK, F_WRLCK or F_UNLCK */
	short int l_whence; /* SEEK_SET, SEEK_CUR or SEEK_END: where l_start counts from */
	off_t l_start;
	off_t l_len;        /* 0: to the end of the file, however long it grows; < 0: backwards */
	pid_t l_pid;        /* F_GETLK: the holder's process (-1 for an open file description lock) */
};

/* flock(2)'s operations (glibc defines them here too; flock() is <sys/file.h>'s) */
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

/* lockf(3), as glibc's <fcntl.h> declares it too */
#ifndef F_LOCK
#define F_ULOCK 0
#define F_LOCK 1
#define F_TLOCK 2
#define F_TEST 3
#endif
int lockf(int, int, off_t);

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000

int open(const char *, int, ...);
int openat(int, const char *, int, ...);
int creat(const char *, mode_t);
int fcntl(int, int, ...);

/* glibc's large-file names (_LARGEFILE64_SOURCE, _GNU_SOURCE): off_t is 64 bits here, as on
 * LP64 Linux, so they are the same calls (musl's aliases; TLPI fileio/large_file.c). */
#if defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)
#define open64 open
#define openat64 openat
#define creat64 creat
#define off64_t off_t
#define flock64 flock
#define lockf64 lockf
#endif

#ifdef __cplusplus
}
#endif
#endif
