/*
 * <string.h> — wasi-libc's, with glibc's choice of strerror_r: the XSI one (int: 0, ERANGE or
 * EINVAL, the text copied into the buffer) by default, the GNU one (char *: the message itself,
 * or "Unknown error N" written into the buffer) when _GNU_SOURCE is defined before the first
 * #include — as glibc's <string.h> chooses (musl, and so wasi-libc, has only the XSI one).
 * Both print glibc's texts (clib/runtime/strerror.c).
 */
#ifndef _THREADLAB_STRING_H
#define _THREADLAB_STRING_H

#ifdef _GNU_SOURCE
#define strerror_r __lab_xsi_strerror_r /* wasi-libc's declaration, out of the way */
#include_next <string.h>
#undef strerror_r
char *strerror_r(int, char *, size_t) __asm__("__lab_gnu_strerror_r");
#else
#include_next <string.h>
#endif

#endif
