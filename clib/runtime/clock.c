/*
 * clock.c — clock_gettime, clock_getres and clock_nanosleep as glibc and Linux answer them.
 *
 * Mirrors glibc's sysdeps/unix/sysv/linux/clock_gettime.c, clock_getres.c and
 * clock_nanosleep.c over Linux's kernel/time/posix-timers.c: a clock id that names no clock is
 * EINVAL (clockid_to_kclock returns NULL), not a fault. wasi-libc's clockid_t is a pointer to
 * its struct __clockid, which its own clock_gettime dereferences — LTP's (clockid_t)9999 read
 * garbage and (clockid_t)INT32_MIN trapped — so each call first asks thread_np.c's
 * __lab_clock_number whether the pointer is one of the lab's clocks.
 *
 * clock_nanosleep returns an error number (it never sets errno): EINVAL for a bad clock, a
 * thread's CPU-time clock (glibc: "the thread CPU clock is not supported") or a timespec that
 * timespec64_valid refuses; EINTR when a handler interrupted it, with the time left in *rem for
 * a relative sleep. A relative sleep is the kernel's nanosleep (interruptible, rem from its
 * restart block); TIMER_ABSTIME sleeps the distance to the deadline on that clock (a deadline
 * already past returns 0 at once, as hrtimer_nanosleep). Other flag bits are ignored, as
 * Linux's `flags & TIMER_ABSTIME`. Sleeping on a process CPU-time clock (posix_cpu_nsleep) is
 * not modelled: ENOTSUP.
 */
#include <errno.h>
#include <time.h>
#include "lab.h"

int __lab_clock_number(clockid_t c, int *id); /* thread_np.c */
int __real_clock_gettime(clockid_t, struct timespec *);
int __real_clock_getres(clockid_t, struct timespec *);

#define NSEC_PER_SEC 1000000000L

int __wrap_clock_gettime(clockid_t c, struct timespec *ts) {
	int id;
	if (__lab_clock_number(c, &id) != 0) { errno = EINVAL; return -1; }
	return __real_clock_gettime(c, ts);
}

int __wrap_clock_getres(clockid_t c, struct timespec *res) {
	int id;
	if (__lab_clock_number(c, &id) != 0) { errno = EINVAL; return -1; }
	return res ? __real_clock_getres(c, res) : 0;
}

/* timespec64_valid: a non-negative second count and 0 <= tv_nsec < 1e9. */
static int timespec_valid(const struct timespec *t) {
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < NSEC_PER_SEC;
}

/* The sleep itself: the kernel's nanosleep; the error number, or 0. */
static int sleep_for(const struct timespec *t, struct timespec *rem) {
	int saved = errno, e = 0;
	if (__lab_nanosleep(t, rem) != 0) e = errno;
	errno = saved;
	return e;
}

/* TIMER_ABSTIME: the distance from the clock's now to the deadline. */
static int sleep_until(clockid_t c, const struct timespec *t) {
	struct timespec now, d;
	if (!timespec_valid(t)) return EINVAL;
	if (__real_clock_gettime(c, &now) != 0) return EINVAL;
	d.tv_sec = t->tv_sec - now.tv_sec;
	d.tv_nsec = t->tv_nsec - now.tv_nsec;
	if (d.tv_nsec < 0) { d.tv_nsec += NSEC_PER_SEC; d.tv_sec--; }
	if (d.tv_sec < 0 || (d.tv_sec == 0 && d.tv_nsec == 0)) return 0;
	return sleep_for(&d, 0);
}

int __wrap_clock_nanosleep(clockid_t c, int flags, const struct timespec *t, struct timespec *rem) {
	int id;
	if (__lab_clock_number(c, &id) != 0 || c == CLOCK_THREAD_CPUTIME_ID) return EINVAL;
	if (c != CLOCK_REALTIME && c != CLOCK_MONOTONIC) return (id & 7) == 6 ? EINVAL : ENOTSUP; /* CPUCLOCK_PERTHREAD */
	if (flags & TIMER_ABSTIME) return sleep_until(c, t);
	if (!timespec_valid(t)) return EINVAL;
	return sleep_for(t, rem);
}
