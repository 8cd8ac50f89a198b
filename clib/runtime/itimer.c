/*
 * itimer.c — setitimer and getitimer (<sys/time.h>): the kernel's interval timers.
 *
 * Mirrors glibc's system-call wrappers and Linux's kernel/time/itimer.c checks: a timeval
 * whose tv_usec is outside [0, 1000000) or whose tv_sec is negative is EINVAL. The times go
 * to the host as nanoseconds (two long longs: value, interval) and come back the same way.
 */
#include <errno.h>
#include <sys/time.h>
#include "lab.h"

static int valid(const struct timeval *tv) {
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

static long long ns(const struct timeval *tv) { return tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL; }

static void to_timeval(long long n, struct timeval *tv) {
	tv->tv_sec = n / 1000000000LL;
	tv->tv_usec = (n % 1000000000LL + 999) / 1000; /* as Linux rounds a value left up */
	if (tv->tv_usec == 1000000) { tv->tv_sec++; tv->tv_usec = 0; }
}

int setitimer(int which, const struct itimerval *nv, struct itimerval *old) {
	long long in[2], out[2] = {0, 0};
	if (!nv || !valid(&nv->it_value) || !valid(&nv->it_interval)) {
		errno = nv ? EINVAL : EFAULT;
		return -1;
	}
	in[0] = ns(&nv->it_value);
	in[1] = ns(&nv->it_interval);
	int r = __lab_itimer(which, in, old ? out : 0);
	if (r == 0 && old) {
		to_timeval(out[0], &old->it_value);
		to_timeval(out[1], &old->it_interval);
	}
	return r;
}

int getitimer(int which, struct itimerval *v) {
	long long out[2] = {0, 0};
	int r = __lab_itimer(which, 0, out);
	if (r == 0) {
		to_timeval(out[0], &v->it_value);
		to_timeval(out[1], &v->it_interval);
	}
	return r;
}
