/*
 * <fcntl.h> — open(), openat(), creat() and fcntl() on the lab's kernel, with Linux's flag
 * values. Files live in the kernel's in-memory file system (kernel/fs_ramfs.ts: / and /tmp,
 * the program's cwd /home/student, whatever --file put there); open() also knows the
 * simulated devices (the slow disk "/dev/slow") and the threads' /proc/<pid>/task/<tid>/comm.
 * fcntl() reads and sets O_APPEND and O_NONBLOCK (F_GETFL, F_SETFL) and FD_CLOEXEC (F_GETFD,
 * F_SETFD).
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

#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define FD_CLOEXEC 1

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
#endif

#ifdef __cplusplus
}
#endif
#endif
