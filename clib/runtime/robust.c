/*
 * robust.c — robust mutexes (glibc >= 2.4: pthread_mutexattr_setrobust/getrobust, their _np
 * names of 2.4, pthread_mutex_consistent/_np). The attribute keeps glibc's bit 30
 * (PTHREAD_MUTEXATTR_FLAG_ROBUST) and pthread_mutex_init passes it on (pthread.c).
 *
 * Setting one asks the library first (libs' pthread_mutexattr_setrobust: 0, EINVAL for another
 * value, or ENOSYS where it has no robust mutexes — LinuxThreads, NPTL of glibc 2.3, NGPT, GNU
 * Pth, none of which had the call); getrobust answers ENOSYS there too. The mechanism — the
 * robust list the kernel walks at thread exit, EOWNERDEAD, ENOTRECOVERABLE — is the library's
 * and the kernel's (libs/nptl/pthread_mutex_robust.ts, kernel/futex_robust.ts).
 */
#include <errno.h>
#include "lab.h"

int __wrap_pthread_mutexattr_setrobust(pthread_mutexattr_t *a, int robust) {
	int e = __lab_robust(robust);
	if (e) return e;
	a->__attr = (a->__attr & ~LAB_MUTEXATTR_ROBUST) | (robust ? LAB_MUTEXATTR_ROBUST : 0);
	return 0;
}
int __wrap_pthread_mutexattr_getrobust(const pthread_mutexattr_t *a, int *robust) {
	int e = __lab_robust(PTHREAD_MUTEX_STALLED);
	if (e) return e;
	*robust = a->__attr & LAB_MUTEXATTR_ROBUST ? PTHREAD_MUTEX_ROBUST : PTHREAD_MUTEX_STALLED;
	return 0;
}
int __wrap_pthread_mutexattr_setrobust_np(pthread_mutexattr_t *a, int robust) {
	return __wrap_pthread_mutexattr_setrobust(a, robust);
}
int __wrap_pthread_mutexattr_getrobust_np(const pthread_mutexattr_t *a, int *robust) {
	return __wrap_pthread_mutexattr_getrobust(a, robust);
}
int __wrap_pthread_mutex_consistent(pthread_mutex_t *m) { return __lab_mutex_consistent(m); }
int __wrap_pthread_mutex_consistent_np(pthread_mutex_t *m) { return __lab_mutex_consistent(m); }
