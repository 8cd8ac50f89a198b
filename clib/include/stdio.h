/*
 * <stdio.h> — wasi-libc's, plus tmpfile(): WASI has no temporary directory, so wasi-libc
 * declares it deprecated and leaves it out; the lab's kernel has /tmp, and the lab's runtime
 * (clib/runtime/fs.c) makes the file there (mkstemp, then unlink: gone at its last close).
 * fopen, remove and rename reach the lab's file system through clib/runtime/fs.c.
 */
#ifndef _THREADLAB_STDIO_H
#define _THREADLAB_STDIO_H
#include_next <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif

FILE *__lab_tmpfile(void);
#define tmpfile() __lab_tmpfile()

#ifdef __cplusplus
}
#endif
#endif
