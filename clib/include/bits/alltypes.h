/*
 * threadlab: bits/alltypes.h — three types differ from wasi-libc's before its own definitions:
 * pthread_t is glibc's `unsigned long` (wasi-libc's musl has a pointer), so printf("%lu",
 * pthread_self()) works as students expect; and sigset_t holds 64 signals (wasi-libc has no
 * signals and a one-byte placeholder); pthread_spinlock_t has room for the lab's tag (three
 * words: see clib/host/objects.ts) where glibc's is an int. No include guard: like musl's, this file is included
 * once per group of __NEED_ macros.
 */
#if defined(__NEED_pthread_t) && !defined(__DEFINED_pthread_t)
typedef unsigned long pthread_t;
#define __DEFINED_pthread_t
#endif

#if defined(__NEED_sigset_t) && !defined(__DEFINED_sigset_t)
typedef struct __sigset_t { unsigned long __bits[2]; } sigset_t;
#define __DEFINED_sigset_t
#endif

/* pthread_spinlock_t: three words, not musl's int — the host tags a lock it backs with the
 * library's object in words 0-2 (clib/host/objects.ts), which an int-sized lock overran into
 * the next variable. */
#if defined(__NEED_pthread_spinlock_t) && !defined(__DEFINED_pthread_spinlock_t)
typedef struct { volatile int __lab[3]; } pthread_spinlock_t;
#define __DEFINED_pthread_spinlock_t
#endif

#include_next <bits/alltypes.h>

#if defined(__NEED_pthread_spinlock_t) && !defined(__DEFINED_pthread_spinlock_t)
typedef struct { volatile int __lab[3]; } pthread_spinlock_t;
#define __DEFINED_pthread_spinlock_t
#endif
