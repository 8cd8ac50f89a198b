/*
 * <stdlib.h> — wasi-libc's, plus the temporary-file calls WASI leaves out (it has no /tmp;
 * the lab's kernel has one): mkstemp, mkostemp, mkdtemp, and with _GNU_SOURCE or _BSD_SOURCE
 * mkstemps and mkostemps (clib/runtime/fs.c); glibc's on_exit (clib/runtime/on_exit.c), and
 * system() made real (clib/runtime/system.c).
 */
#ifndef _THREADLAB_STDLIB_H
#define _THREADLAB_STDLIB_H
#include_next <stdlib.h>
#ifdef __cplusplus
extern "C" {
#endif

int mkstemp(char *);
#if !defined(__STRICT_ANSI__) || defined(_GNU_SOURCE) || defined(_BSD_SOURCE) || defined(_DEFAULT_SOURCE)
int on_exit(void (*)(int, void *), void *);
#endif
int mkostemp(char *, int);
char *mkdtemp(char *);
#if defined(_GNU_SOURCE) || defined(_BSD_SOURCE)
int mkstemps(char *, int);
int mkostemps(char *, int, int);
#endif

#ifdef __cplusplus
}
#endif
#endif
