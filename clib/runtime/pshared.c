/*
 * pshared.c — the process-shared attribute of mutexes, condition variables and barriers
 * (musl's bits: 128 in a mutex attribute, the top bit in a condition or barrier attribute).
 * The mutex priority protocols are prio.c's.
 *
 * Setting one asks the library first (its answer: 0, EINVAL, or ENOSYS where it cannot share
 * the object — LinuxThreads, GNU Pth); the init calls pass the bit on, and an object initialised
 * PTHREAD_PROCESS_SHARED in a MAP_SHARED mapping is one object for every process mapping it
 * (host objects.ts). In private memory it is the process's own, as in a real program.
 */
#include <errno.h>
#include "lab.h"

#define MUTEX_PSHARED 128u
#define TOP_PSHARED 0x80000000u

static int valid(int s) { return s == PTHREAD_PROCESS_PRIVATE || s == PTHREAD_PROCESS_SHARED; }

int __wrap_pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int s) {
	int e = __lab_pshared(0, s);
	if (e) return e;
	if (!valid(s)) return 0; /* a library that stores any value (NGPT): not the shared bit */
	a->__attr = (a->__attr & ~MUTEX_PSHARED) | (s ? MUTEX_PSHARED : 0);
	return 0;
}
int __wrap_pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *s) {
	*s = a->__attr & MUTEX_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
int __wrap_pthread_condattr_setpshared(pthread_condattr_t *a, int s) {
	int e = __lab_pshared(1, s);
	if (e) return e;
	if (!valid(s)) return 0;
	a->__attr = (a->__attr & ~TOP_PSHARED) | (s ? TOP_PSHARED : 0);
	return 0;
}
int __wrap_pthread_condattr_getpshared(const pthread_condattr_t *a, int *s) {
	*s = a->__attr & TOP_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
int __wrap_pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int s) {
	int e = __lab_pshared(2, s);
	if (e) return e;
	if (!valid(s)) return 0;
	a->__attr = (a->__attr & ~TOP_PSHARED) | (s ? TOP_PSHARED : 0);
	return 0;
}
int __wrap_pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *s) {
	*s = a->__attr & TOP_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
