/*
 * select.c — select() and pselect() (<sys/select.h>): one lab call each, the kernel's pselect6
 * through the chosen library (clib/host/io.ts opSelect).
 *
 * Mirrors: glibc 2.36's __select64 (sysdeps/unix/sysv/linux/select.c: a negative timeout is
 * EINVAL before any call, the timeval travels as a timespec and the time the kernel leaves in
 * it comes back rounded down to the microsecond) and __pselect64 (pselect.c: the kernel gets a
 * copy of the timeout, so the caller's is never changed; the mask is swapped atomically).
 * The last argument tells them apart: -1 for select's timeval, else pselect's mask (or NULL).
 */
#include <sys/select.h>
#include "lab.h"

int __wrap_select(int n, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e, struct timeval *restrict tv) {
	return __lab_select(n, r, w, e, tv, (const sigset_t *)-1);
}

int __wrap_pselect(int n, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e, const struct timespec *restrict ts,
		   const sigset_t *restrict mask) {
	return __lab_select(n, r, w, e, ts, mask);
}
