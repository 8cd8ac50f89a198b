/*
 * timerfd.c — timerfd_create, timerfd_settime, timerfd_gettime through the chosen library (the
 * kernel's timerfd system calls; clib/host/timers.ts). The itimerspecs cross as nanoseconds; an
 * invalid one is EINVAL here (timespec64_valid). Which descriptors are CLOCK_REALTIME timers is
 * kept so that an absolute time on them has the realtime epoch taken off by the host.
 */
#include <errno.h>
#include <sys/timerfd.h>
#include "lab.h"

#define LAB_TFD_MAX 1024
static unsigned char realtime[LAB_TFD_MAX];

int __lab_clock_number(clockid_t c, int *id); /* thread_np.c: wasi-libc's clockid_t is a pointer */

int timerfd_create(clockid_t c, int flags) {
	int clock;
	if (__lab_clock_number(c, &clock) != 0) clock = -1; /* none of the clocks: the kernel's EINVAL */
	int fd = __lab_timerfd(0, clock, flags, 0, 0, 0);
	if (fd >= 0 && fd < LAB_TFD_MAX) realtime[fd] = clock == 0;
	return fd;
}

static int bad_ts(const struct timespec *ts) { return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L; }

int timerfd_settime(int fd, int flags, const struct itimerspec *nv, struct itimerspec *old) {
	long long in[2], out[2] = {0, 0};
	if (!nv) { errno = EFAULT; return -1; }
	if (bad_ts(&nv->it_value) || bad_ts(&nv->it_interval)) { errno = EINVAL; return -1; }
	in[0] = nv->it_value.tv_sec * 1000000000LL + nv->it_value.tv_nsec;
	in[1] = nv->it_interval.tv_sec * 1000000000LL + nv->it_interval.tv_nsec;
	int rt = fd >= 0 && fd < LAB_TFD_MAX && realtime[fd];
	int r = __lab_timerfd(1, fd, flags, rt, in, old ? out : 0);
	if (r == 0 && old) {
		old->it_value.tv_sec = out[0] / 1000000000LL; old->it_value.tv_nsec = out[0] % 1000000000LL;
		old->it_interval.tv_sec = out[1] / 1000000000LL; old->it_interval.tv_nsec = out[1] % 1000000000LL;
	}
	return r;
}

int timerfd_gettime(int fd, struct itimerspec *v) {
	long long out[2] = {0, 0};
	int r = __lab_timerfd(2, fd, 0, 0, 0, out);
	if (r == 0) {
		v->it_value.tv_sec = out[0] / 1000000000LL; v->it_value.tv_nsec = out[0] % 1000000000LL;
		v->it_interval.tv_sec = out[1] / 1000000000LL; v->it_interval.tv_nsec = out[1] % 1000000000LL;
	}
	return r;
}
