/*
 * <stdio.h> — wasi-libc's, plus tmpfile(): WASI has no temporary directory, so wasi-libc
 * declares it deprecated and leaves it out; the lab's kernel has /tmp, and the lab's runtime
 * (clib/runtime/fs.c) makes the file there (mkstemp, then unlink: gone at its last close).
 * fopen, remove and rename reach the lab's file system through clib/runtime/fs.c.
 * flockfile, ftrylockfile and funlockfile (POSIX) are declared here: wasi-libc's single-threaded
 * build leaves them out; the lab's runtime takes the FILE's lock in the thread library
 * (clib/runtime/stdio.c), the same recursive lock every stdio call takes. popen and pclose
 * (POSIX; clib/runtime/system.c) run /bin/sh, which the lab does not have: see system.c.
 * BUFSIZ is glibc's 8192. stdout not a terminal is fully buffered in 4096 bytes, as glibc's is
 * into a pipe or file (clib/runtime/stdio.c).
 */
#ifndef _THREADLAB_STDIO_H
#define _THREADLAB_STDIO_H
#include_next <stdio.h>
/* glibc's BUFSIZ (musl's is 1024): setbuf's buffer (runtime/stdio.c passes 8192 on). */
#undef BUFSIZ
#define BUFSIZ 8192
#ifdef __cplusplus
extern "C" {
#endif

FILE *__lab_tmpfile(void);
void flockfile(FILE *);
int ftrylockfile(FILE *);
void funlockfile(FILE *);
FILE *popen(const char *, const char *);
int pclose(FILE *);
#define tmpfile() __lab_tmpfile()

#ifdef __cplusplus
}
#endif
#endif
