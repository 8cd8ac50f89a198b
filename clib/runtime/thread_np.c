/*
 * thread_np.c — glibc's _np thread calls from C: pthread_setname_np / pthread_getname_np and
 * pthread_tryjoin_np / pthread_timedjoin_np, each the chosen library's call (host:
 * clib/host/thread_np.ts).
 *
 * Mirrors glibc's nptl/pthread_setname.c, pthread_getname.c (ERANGE and the comm file are the
 * library's business: libs/common/pthread_setname.ts), pthread_tryjoin.c and
 * pthread_timedjoin.c (an absolute CLOCK_REALTIME time, EINVAL for a bad tv_nsec, NULL waiting
 * for ever as pthread_join does), pthread_getcpuclockid.c (the thread's CPU-time clock; the
 * clock id is the library's, wrapped in one of wasi-libc's struct __clockid, kept per id so
 * the same thread gets the same clockid_t; clock_gettime hands its id to the host's
 * clock_time_get, which reads the kernel's accounting).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include "lab.h"

int pthread_setname_np(pthread_t t, const char *name) { return __lab_setname(t, name); }
int pthread_getname_np(pthread_t t, char *buf, size_t len) { return __lab_getname(t, buf, len); }
int pthread_tryjoin_np(pthread_t t, void **ret) { return __lab_tryjoin(t, ret, 0, 0); }
int pthread_timedjoin_np(pthread_t t, void **ret, const struct timespec *abstime) {
	return abstime ? __lab_tryjoin(t, ret, abstime, 1) : pthread_join(t, ret);
}

struct __clockid { int id; };
#define CPUCLOCKS 256
static struct __clockid cpuclocks[CPUCLOCKS];

static int cpuclock_slot(int id, clockid_t *c) {
	for (int i = 0; i < CPUCLOCKS; i++) {
		if (cpuclocks[i].id == id || cpuclocks[i].id == 0) {
			cpuclocks[i].id = id;
			*c = &cpuclocks[i];
			return 0;
		}
	}
	return EAGAIN; /* more distinct CPU clocks than the table holds */
}

int pthread_getcpuclockid(pthread_t t, clockid_t *c) {
	int id = 0, e = __lab_cpuclock(t, &id);
	return e ? e : cpuclock_slot(id, c);
}

/* glibc's clock_getcpuclockid: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED), ESRCH when no such process. */
int clock_getcpuclockid(pid_t pid, clockid_t *c) {
	int saved = errno;
	if (pid != 0 && kill(pid, 0) != 0 && errno == ESRCH) { errno = saved; return ESRCH; }
	errno = saved;
	return cpuclock_slot((int)((~(unsigned)pid) << 3) | 2, c);
}

/* The kernel's number for a clockid_t (timer.c): 0 and *id, or EINVAL for a pointer that is
   none of the clocks (LTP passes (clockid_t)99999). */
int __lab_clock_number(clockid_t c, int *id) {
	const struct __clockid *p = (const struct __clockid *)c;
	if (c == CLOCK_REALTIME || c == CLOCK_MONOTONIC || c == CLOCK_PROCESS_CPUTIME_ID || c == CLOCK_THREAD_CPUTIME_ID ||
	    (p >= cpuclocks && p < cpuclocks + CPUCLOCKS && p->id != 0)) {
		*id = p->id;
		return 0;
	}
	return EINVAL;
}

/* glibc's pthread_getattr_np: the thread's actual attributes — its stack (address and size),
   guard, detach state (the host knows each C thread's stack; lab.h's ATTR_* words). */
int pthread_getattr_np(pthread_t t, pthread_attr_t *a) {
	int v[4];
	int e = __lab_getattr_np(t, v);
	if (e) return e;
	pthread_attr_init(a);
	a->__u.__i[ATTR_STACKADDR] = v[0];
	a->__u.__i[ATTR_STACKSIZE] = v[1];
	pthread_attr_setguardsize(a, (size_t)v[2]);
	pthread_attr_setdetachstate(a, v[3] ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE);
	return 0;
}
