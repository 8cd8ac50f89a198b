/*
 * <sys/stat.h> — wasi-libc's (struct stat, S_IF*, stat, fstat, mkdir, chmod ...), plus
 * umask, which WASI leaves out: the lab's kernel keeps a file-creation mask per process
 * (clib/runtime/fs.c); and mkfifo/mknod (named pipes: kernel/fifo.ts), which WASI lacks too.
 */
#ifndef _THREADLAB_SYS_STAT_H
#define _THREADLAB_SYS_STAT_H
#include_next <sys/stat.h>
#ifdef __cplusplus
extern "C" {
#endif

mode_t umask(mode_t);
int mkfifo(const char *, mode_t);
int mkfifoat(int, const char *, mode_t);
int mknod(const char *, mode_t, dev_t);
int mknodat(int, const char *, mode_t, dev_t);

#ifdef __cplusplus
}
#endif
#endif
