/*
 * prio.c — mutex priority protocols: the lab has no priority-inheritance mutexes (rt_mutex), so
 * PTHREAD_PRIO_INHERIT and _PROTECT are ENOTSUP; a ceiling attribute is kept; the mutex type
 * still counts.
 */
#include <pthread.h>
#include <stdio.h>
#include <errno.h>
int main(void) {
	pthread_mutexattr_t a; pthread_mutex_t m; int p = -1, c = -1;
	pthread_mutexattr_init(&a);
	printf("inherit %d (ENOTSUP %d) none %d", pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT), ENOTSUP, pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_NONE));
	pthread_mutexattr_getprotocol(&a, &p);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutexattr_setprioceiling(&a, 20); pthread_mutexattr_getprioceiling(&a, &c);
	pthread_mutex_init(&m, &a);
	printf(" get %d ceiling %d, mutex ceiling %d, relock %d\n", p, c, pthread_mutex_getprioceiling(&m, &c), (pthread_mutex_lock(&m), pthread_mutex_lock(&m)));
	return 0;
}
