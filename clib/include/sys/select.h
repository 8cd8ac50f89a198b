/*
 * <sys/select.h> — select() and pselect() on the lab's kernel (kernel/poll.ts: pselect6 over the
 * same poll machinery as poll()), with glibc's fd_set: a bit mask of FD_SETSIZE (1024)
 * descriptors, where wasi-libc's is a list of descriptors that no program written for Linux
 * expects. select writes the time left back into *timeout, as Linux does; pselect leaves its
 * timeout alone (glibc passes a copy) and swaps in its signal mask atomically with the wait
 * (clib/runtime/select.c).
 */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H
/* Keep wasi-libc's fd_set (a list: its __typedef_fd_set.h, __fd_set.h) out. */
#define __wasilibc___typedef_fd_set_h
#define __wasilibc___fd_set_h
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>
#define __NEED_size_t
#define __NEED_time_t
#define __NEED_suseconds_t
#define __NEED_struct_timeval
#define __NEED_struct_timespec
#define __NEED_sigset_t
#include <bits/alltypes.h>

#ifndef FD_SETSIZE
#define FD_SETSIZE 1024
#endif

typedef long int __fd_mask;
#define __NFDBITS (8 * (int)sizeof(__fd_mask))
#define __FD_ELT(d) ((d) / __NFDBITS)
#define __FD_MASK(d) ((__fd_mask)(1UL << ((d) % __NFDBITS)))

typedef struct {
	__fd_mask fds_bits[FD_SETSIZE / __NFDBITS];
} fd_set;

#if defined(_GNU_SOURCE) || defined(_BSD_SOURCE) || defined(_DEFAULT_SOURCE)
typedef __fd_mask fd_mask;
#define NFDBITS __NFDBITS
#endif

#define FD_ZERO(s) do { unsigned int __i; fd_set *__arr = (s); \
	for (__i = 0; __i < sizeof(fd_set) / sizeof(__fd_mask); ++__i) __arr->fds_bits[__i] = 0; } while (0)
#define FD_SET(d, s) ((void)((s)->fds_bits[__FD_ELT(d)] |= __FD_MASK(d)))
#define FD_CLR(d, s) ((void)((s)->fds_bits[__FD_ELT(d)] &= ~__FD_MASK(d)))
#define FD_ISSET(d, s) (((s)->fds_bits[__FD_ELT(d)] & __FD_MASK(d)) != 0)

int select(int, fd_set *__restrict, fd_set *__restrict, fd_set *__restrict, struct timeval *__restrict);
int pselect(int, fd_set *__restrict, fd_set *__restrict, fd_set *__restrict, const struct timespec *__restrict,
	const sigset_t *__restrict);

#ifdef __cplusplus
}
#endif
#endif
