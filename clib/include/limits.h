/*
 * <limits.h> — wasi-libc's, with glibc's PTHREAD_STACK_MIN for x86 Linux (16384: what
 * pthread_attr_setstack and pthread_attr_setstacksize check against; musl's is 2048).
 */
#ifndef _THREADLAB_LIMITS_H
#define _THREADLAB_LIMITS_H
#include_next <limits.h>
#undef PTHREAD_STACK_MIN
#define PTHREAD_STACK_MIN 16384
#endif
