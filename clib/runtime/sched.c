/*
 * sched.c — scheduling policies from C: <sched.h>'s sched_* calls and the pthread attribute
 * and thread calls that name a policy (glibc's sysdeps/unix/sysv/linux sched_* wrappers,
 * nptl's pthread_attr_setschedpolicy, pthread_getschedparam, pthread_setschedparam).
 *
 * Models Linux's answers for a kernel whose only class is SCHED_OTHER (the lab's): priority
 * ranges as kernel/sched/core.c gives them (1..99 for FIFO and RR, 0 otherwise), every task
 * SCHED_OTHER with priority 0, and a request for a real-time policy refused as
 * sched_setscheduler refuses an unprivileged caller with RLIMIT_RTPRIO 0 (EPERM) — as root,
 * which Linux would allow, the lab cannot: ENOSYS, and one line on stderr saying so. A pid or
 * thread that does not exist is ESRCH (checked with kill(pid, 0) / pthread_kill(t, 0), i.e. by
 * the kernel and the chosen library).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "lab.h"

int sched_get_priority_max(int policy) {
	if (policy == SCHED_FIFO || policy == SCHED_RR) return 99;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE) return 0;
	errno = EINVAL;
	return -1;
}

int sched_get_priority_min(int policy) {
	if (policy == SCHED_FIFO || policy == SCHED_RR) return 1;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE) return 0;
	errno = EINVAL;
	return -1;
}

/* 0 if `policy` with `prio` may be set, else the error number (sched_setscheduler's checks). */
int __lab_sched_check(int policy, int prio) {
	int lo = sched_get_priority_min(policy), hi = sched_get_priority_max(policy);
	if (lo < 0 || prio < lo || prio > hi) return EINVAL;
	if (policy != SCHED_FIFO && policy != SCHED_RR) return 0;
	if (geteuid() != 0) return EPERM;
	fprintf(stderr, "threadlab: SCHED_FIFO/SCHED_RR: the lab's kernel has no real-time scheduling classes\n");
	return ENOSYS;
}

static int exists(pid_t pid) {
	if (pid < 0) return EINVAL;
	if (pid == 0 || kill(pid, 0) == 0 || errno == EPERM) return 0;
	return ESRCH;
}

int sched_getscheduler(pid_t pid) {
	int e = exists(pid);
	if (e) { errno = e; return -1; }
	return SCHED_OTHER;
}

int sched_getparam(pid_t pid, struct sched_param *p) {
	int e = p ? exists(pid) : EINVAL;
	if (e) { errno = e; return -1; }
	p->sched_priority = 0;
	return 0;
}

int sched_setscheduler(pid_t pid, int policy, const struct sched_param *p) {
	int e = p ? exists(pid) : EINVAL;
	if (!e) e = __lab_sched_check(policy, p->sched_priority);
	if (e) { errno = e; return -1; }
	return 0; /* SCHED_OTHER, priority 0: what every task already has; the old policy */
}

int sched_setparam(pid_t pid, const struct sched_param *p) {
	int e = p ? exists(pid) : EINVAL;
	if (!e) e = __lab_sched_check(SCHED_OTHER, p->sched_priority);
	if (e) { errno = e; return -1; }
	return 0;
}

int sched_rr_get_interval(pid_t pid, struct timespec *t) {
	int e = exists(pid);
	if (e) { errno = e; return -1; }
	t->tv_sec = 0; /* SCHED_OTHER: Linux reports 0 unless the task is SCHED_RR */
	t->tv_nsec = 0;
	return 0;
}

/* ---- threads ---- */

int __wrap_pthread_getschedparam(pthread_t t, int *policy, struct sched_param *p) {
	int e = pthread_kill(t, 0);
	if (e) return e;
	*policy = SCHED_OTHER;
	p->sched_priority = 0;
	return 0;
}

int __wrap_pthread_setschedparam(pthread_t t, int policy, const struct sched_param *p) {
	int e = pthread_kill(t, 0);
	return e ? e : __lab_sched_check(policy, p->sched_priority);
}

int __wrap_pthread_setschedprio(pthread_t t, int prio) {
	int e = pthread_kill(t, 0);
	return e ? e : __lab_sched_check(SCHED_OTHER, prio);
}

/* ---- attributes: the policy and inherit words (lab.h ATTR_*) ---- */

int __wrap_pthread_attr_setschedpolicy(pthread_attr_t *a, int policy) {
	if (policy != SCHED_OTHER && policy != SCHED_FIFO && policy != SCHED_RR) return EINVAL;
	a->__u.__i[ATTR_POLICY] = policy;
	return 0;
}
int __wrap_pthread_attr_getschedpolicy(const pthread_attr_t *a, int *policy) {
	*policy = a->__u.__i[ATTR_POLICY];
	return 0;
}
int __wrap_pthread_attr_setinheritsched(pthread_attr_t *a, int inherit) {
	if (inherit != PTHREAD_INHERIT_SCHED && inherit != PTHREAD_EXPLICIT_SCHED) return EINVAL;
	a->__u.__i[ATTR_INHERIT] = inherit;
	return 0;
}
int __wrap_pthread_attr_getinheritsched(const pthread_attr_t *a, int *inherit) {
	*inherit = a->__u.__i[ATTR_INHERIT];
	return 0;
}

/* pthread_create's check of an explicit policy (nptl's pthread_create: the new thread's
 * sched_setscheduler fails, and so does pthread_create). */
int __lab_attr_sched_check(const pthread_attr_t *a) {
	if (!a || a->__u.__i[ATTR_INHERIT] != PTHREAD_EXPLICIT_SCHED) return 0;
	struct sched_param p;
	p.sched_priority = a->__u.__i[ATTR_PRIORITY];
	int pol = a->__u.__i[ATTR_POLICY];
	if (pol == SCHED_OTHER && p.sched_priority != 0) return 0; /* the lab's NGPT priority word */
	return __lab_sched_check(pol, p.sched_priority);
}
