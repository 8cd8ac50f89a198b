/*
 * <fcntl.h> — open() and fcntl() on the lab's kernel, with Linux's flag values. The lab has
 * no file system: open() knows only the simulated devices (the slow disk "/dev/slow");
 * fcntl() reads and sets O_NONBLOCK (F_GETFL, F_SETFL).
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

#define O_RDONLY   00
#define O_WRONLY   01
#define O_RDWR     02
#define O_ACCMODE  03
#define O_NONBLOCK 04000
#define O_NDELAY   O_NONBLOCK
#ifndef O_CREAT
#define O_CREAT    0100
#define O_EXCL     0200
#define O_TRUNC    01000
#endif

#define F_GETFL 3
#define F_SETFL 4

int open(const char *, int, ...);
int fcntl(int, int, ...);

#ifdef __cplusplus
}
#endif
#endif
