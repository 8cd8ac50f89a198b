/*
 * prio.c — the mutex priority protocols (glibc >= 2.5): pthread_mutexattr_setprotocol /
 * getprotocol / setprioceiling / getprioceiling, pthread_mutex_setprioceiling / getprioceiling.
 *
 * The attribute keeps them where glibc's struct pthread_mutexattr does: the protocol in bits
 * 28-29 (PTHREAD_MUTEXATTR_PROTOCOL_SHIFT), the ceiling in bits 12-23
 * (PTHREAD_MUTEXATTR_PRIO_CEILING_SHIFT); pthread_mutex_init (pthread.c) passes them on. Each
 * call asks the library first (its answer: 0, EINVAL for a protocol or a ceiling it refuses, or
 * ENOSYS where it has no protocols — LinuxThreads, NPTL of glibc 2.3, NGPT, GNU Pth, none of
 * which had the calls). What the protocols do — the PI futex, the ceiling's boost — is the
 * library's and the kernel's (libs/nptl/pthread_mutex_pi.ts, pthread_mutex_pp.ts, tpp.ts,
 * kernel/futex_pi.ts, kernel/rtmutex.ts).
 */
#include <errno.h>
#include "lab.h"

int __wrap_pthread_mutexattr_setprotocol(pthread_mutexattr_t *a, int p) {
	int e = __lab_prio_attr(0, p);
	if (e) return e;
	a->__attr = (a->__attr & ~LAB_MUTEXATTR_PROTOCOL_MASK) | ((unsigned)p << LAB_MUTEXATTR_PROTOCOL_SHIFT);
	return 0;
}
int __wrap_pthread_mutexattr_getprotocol(const pthread_mutexattr_t *a, int *p) {
	int v = (int)((a->__attr & LAB_MUTEXATTR_PROTOCOL_MASK) >> LAB_MUTEXATTR_PROTOCOL_SHIFT);
	int e = __lab_prio_attr(2, v);
	if (e) return e;
	*p = v;
	return 0;
}
int __wrap_pthread_mutexattr_setprioceiling(pthread_mutexattr_t *a, int c) {
	int e = __lab_prio_attr(1, c);
	if (e) return e;
	a->__attr = (a->__attr & ~LAB_MUTEXATTR_CEILING_MASK) | ((unsigned)c << LAB_MUTEXATTR_CEILING_SHIFT);
	return 0;
}
/* An unset ceiling reads as the library's lowest (SCHED_FIFO's 1). */
int __wrap_pthread_mutexattr_getprioceiling(const pthread_mutexattr_t *a, int *c) {
	int v = __lab_prio_attr(3, (int)((a->__attr & LAB_MUTEXATTR_CEILING_MASK) >> LAB_MUTEXATTR_CEILING_SHIFT));
	if (v < 0) return -v;
	*c = v;
	return 0;
}
int __wrap_pthread_mutex_getprioceiling(const pthread_mutex_t *m, int *c) {
	int v = __lab_mutex_prioceiling((pthread_mutex_t *)m, 0, 0, 0);
	if (v < 0) return -v;
	*c = v;
	return 0;
}
int __wrap_pthread_mutex_setprioceiling(pthread_mutex_t *m, int c, int *old) {
	return __lab_mutex_prioceiling(m, 1, c, old);
}
