/*
 * sched.c — scheduling policies from C: <sched.h>'s sched_* calls (thin wrappers over the
 * kernel's system calls, as glibc's sysdeps/unix/sysv/linux ones are: -1 and errno), the
 * pthread calls on a thread's policy (the chosen library's pthread_setschedparam,
 * pthread_getschedparam, pthread_setschedprio: the error number returned), and the attribute
 * setters (the library's answer: glibc checks the value — EINVAL — and stores it; NGPT 2.2.1 and
 * GNU Pth answer as their sources do, libs/ngpt/index.ts and libs/green/index.ts).
 *
 * The kernel has SCHED_FIFO and SCHED_RR (kernel/sched_rt.ts): a program run as root
 * (--setuid-root) or with RLIMIT_RTPRIO may use them; an unprivileged one gets EPERM, as on
 * Linux. One import, __lab_sched(op, a, b, c), carries every call (SCH_* below; the host's
 * clib/host/sched.ts has the same list).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include "lab.h"

enum {
	SCH_SETSCHEDULER, SCH_GETSCHEDULER, SCH_SETPARAM, SCH_GETPARAM, SCH_PRIO_MAX, SCH_PRIO_MIN,
	SCH_RR_INTERVAL, SCH_PT_SETSCHEDPARAM, SCH_PT_GETSCHEDPARAM, SCH_PT_SETSCHEDPRIO,
};

int sched_get_priority_max(int policy) { return __lab_sched(SCH_PRIO_MAX, policy, 0, 0); }
int sched_get_priority_min(int policy) { return __lab_sched(SCH_PRIO_MIN, policy, 0, 0); }
int sched_getscheduler(pid_t pid) { return __lab_sched(SCH_GETSCHEDULER, pid, 0, 0); }
int sched_getparam(pid_t pid, struct sched_param *p) { return __lab_sched(SCH_GETPARAM, pid, (int)p, 0); }
int sched_setscheduler(pid_t pid, int policy, const struct sched_param *p) {
	return __lab_sched(SCH_SETSCHEDULER, pid, policy, (int)p);
}
int sched_setparam(pid_t pid, const struct sched_param *p) { return __lab_sched(SCH_SETPARAM, pid, (int)p, 0); }
int sched_rr_get_interval(pid_t pid, struct timespec *t) { return __lab_sched(SCH_RR_INTERVAL, pid, (int)t, 0); }

/* ---- threads ---- */

int __wrap_pthread_getschedparam(pthread_t t, int *policy, struct sched_param *p) {
	return __lab_sched(SCH_PT_GETSCHEDPARAM, (int)t, (int)policy, (int)p);
}
int __wrap_pthread_setschedparam(pthread_t t, int policy, const struct sched_param *p) {
	return __lab_sched(SCH_PT_SETSCHEDPARAM, (int)t, policy, (int)p);
}
int __wrap_pthread_setschedprio(pthread_t t, int prio) { return __lab_sched(SCH_PT_SETSCHEDPRIO, (int)t, prio, 0); }

/* ---- attributes: the library's answer, then the word (lab.h ATTR_*) ---- */

enum { AS_INHERIT, AS_POLICY, AS_PARAM };

/* The library's answer for a setter; a library whose own code faults there (NGPT) faults here. */
static int attr_answer(int op, int value, int policy) {
	int e = __lab_attr_sched(op, value, policy);
	if (e < 0) __lab_fault(1);
	return e;
}

int __wrap_pthread_attr_setschedpolicy(pthread_attr_t *a, int policy) {
	int e = attr_answer(AS_POLICY, policy, 0);
	if (!e) a->__u.__i[ATTR_POLICY] = policy;
	return e;
}
int __wrap_pthread_attr_getschedpolicy(const pthread_attr_t *a, int *policy) {
	*policy = a->__u.__i[ATTR_POLICY];
	return 0;
}
int __wrap_pthread_attr_setinheritsched(pthread_attr_t *a, int inherit) {
	int e = attr_answer(AS_INHERIT, inherit, 0);
	if (!e) a->__u.__i[ATTR_INHERIT] = inherit;
	return e;
}
int __wrap_pthread_attr_getinheritsched(const pthread_attr_t *a, int *inherit) {
	*inherit = a->__u.__i[ATTR_INHERIT];
	return 0;
}
int __wrap_pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *p) {
	int e = attr_answer(AS_PARAM, p->sched_priority, a->__u.__i[ATTR_POLICY]);
	if (!e) a->__u.__i[ATTR_PRIORITY] = p->sched_priority;
	return e;
}
int __wrap_pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *p) {
	p->sched_priority = a->__u.__i[ATTR_PRIORITY];
	return 0;
}
