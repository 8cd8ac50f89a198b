/*
 * pshared.c — the process-shared attribute of mutexes, condition variables and barriers
 * (musl's bits: 128 in a mutex attribute, the top bit in a condition or barrier attribute).
 *
 * The lab has no memory shared between processes (no mmap MAP_SHARED, no shm_open in its
 * headers), so an object is only ever reached by the threads of the process whose memory holds
 * it — and a fork gives the child its own copy — whichever value is set, as with a pshared
 * object a real program placed in private memory. The attribute is kept and reported back.
 */
#include <errno.h>
#include "lab.h"

#define MUTEX_PSHARED 128u
#define TOP_PSHARED 0x80000000u

static int valid(int s) { return s == PTHREAD_PROCESS_PRIVATE || s == PTHREAD_PROCESS_SHARED; }

int __wrap_pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int s) {
	if (!valid(s)) return EINVAL;
	a->__attr = (a->__attr & ~MUTEX_PSHARED) | (s ? MUTEX_PSHARED : 0);
	return 0;
}
int __wrap_pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *s) {
	*s = a->__attr & MUTEX_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
int __wrap_pthread_condattr_setpshared(pthread_condattr_t *a, int s) {
	if (!valid(s)) return EINVAL;
	a->__attr = (a->__attr & ~TOP_PSHARED) | (s ? TOP_PSHARED : 0);
	return 0;
}
int __wrap_pthread_condattr_getpshared(const pthread_condattr_t *a, int *s) {
	*s = a->__attr & TOP_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
int __wrap_pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int s) {
	if (!valid(s)) return EINVAL;
	a->__attr = (a->__attr & ~TOP_PSHARED) | (s ? TOP_PSHARED : 0);
	return 0;
}
int __wrap_pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *s) {
	*s = a->__attr & TOP_PSHARED ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
	return 0;
}
