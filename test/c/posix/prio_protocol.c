/* prio_protocol.c — the mutex priority protocols as an unprivileged (SCHED_OTHER) program sees
 * them: the attribute calls and their EINVALs, a PTHREAD_PRIO_INHERIT mutex's owner checks,
 * a PTHREAD_PRIO_PROTECT mutex's ceiling (get/set; the lock under SCHED_OTHER, where glibc's
 * sched_setscheduler to the ceiling fails with EINVAL once and leaves the ceiling counted, so
 * the next lock succeeds), a thread that is not the owner, and the robust combinations. Output
 * as gcc 12 -O2 + glibc 2.36 print it, as uid 1000. A library without the protocols stops at
 * the first call (ENOSYS). */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t pi, pp;

static void *other(void *arg) {
	(void)arg;
	int u = pthread_mutex_unlock(&pi);
	int t1 = pthread_mutex_trylock(&pi);
	int t2 = pthread_mutex_trylock(&pp);
	printf("other: unlock PI %d, trylock PI %d, trylock PP %d\n", u, t1, t2);
	return NULL;
}

int main(void) {
	pthread_mutexattr_t a;
	int v = -1, r;
	pthread_mutexattr_init(&a);
	if (pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_NONE) == ENOSYS) {
		printf("setprotocol: ENOSYS\n");
		return 0;
	}
	r = pthread_mutexattr_getprotocol(&a, &v);
	printf("default protocol: %d %d\n", r, v);
	r = pthread_mutexattr_getprioceiling(&a, &v);
	printf("default ceiling: %d %d\n", r, v);
	printf("setprotocol 3: %d\n", pthread_mutexattr_setprotocol(&a, 3));
	printf("setprioceiling 0: %d\n", pthread_mutexattr_setprioceiling(&a, 0));
	printf("setprioceiling 100: %d\n", pthread_mutexattr_setprioceiling(&a, 100));
	printf("setprioceiling -1: %d\n", pthread_mutexattr_setprioceiling(&a, -1));
	printf("setprotocol INHERIT: %d\n", pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
	pthread_mutexattr_getprotocol(&a, &v);
	printf("protocol: %d\n", v);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	printf("init PI: %d\n", pthread_mutex_init(&pi, &a));
	printf("PI lock %d\n", pthread_mutex_lock(&pi));
	printf("PI lock again %d\n", pthread_mutex_lock(&pi));
	printf("PI trylock %d\n", pthread_mutex_trylock(&pi));
	r = pthread_mutex_getprioceiling(&pi, &v);
	printf("PI getprioceiling: %s\n", strerror(r));
	printf("PI setprioceiling: %s\n", strerror(pthread_mutex_setprioceiling(&pi, 10, &v)));

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_NORMAL);
	printf("setprotocol PROTECT: %d\n", pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT));
	printf("setprioceiling 50: %d\n", pthread_mutexattr_setprioceiling(&a, 50));
	pthread_mutexattr_getprioceiling(&a, &v);
	printf("attr ceiling: %d\n", v);
	printf("init PP: %d\n", pthread_mutex_init(&pp, &a));
	r = pthread_mutex_getprioceiling(&pp, &v);
	printf("PP getprioceiling: %d %d\n", r, v);
	printf("PP setprioceiling 100: %s\n", strerror(pthread_mutex_setprioceiling(&pp, 100, &v)));
	r = pthread_mutex_setprioceiling(&pp, 60, &v);
	printf("PP setprioceiling 60: %d old %d\n", r, v);
	pthread_mutex_getprioceiling(&pp, &v);
	printf("PP ceiling now: %d\n", v);

	struct sched_param sp;
	int pol;
	printf("PP lock: %s\n", strerror(pthread_mutex_lock(&pp)));
	printf("PP lock again: %s\n", strerror(pthread_mutex_lock(&pp)));
	pthread_getschedparam(pthread_self(), &pol, &sp);
	printf("while held: policy %d priority %d\n", pol, sp.sched_priority);
	sched_getparam(0, &sp);
	printf("while held (kernel): priority %d\n", sp.sched_priority);

	pthread_t t;
	pthread_create(&t, NULL, other, NULL);
	pthread_join(t, NULL);
	printf("PP unlock: %s\n", strerror(pthread_mutex_unlock(&pp)));
	printf("PP trylock: %s\n", strerror(pthread_mutex_trylock(&pp)));
	printf("PP unlock: %s\n", strerror(pthread_mutex_unlock(&pp)));
	printf("PI unlock: %d\n", pthread_mutex_unlock(&pi));
	printf("PI unlock again: %d\n", pthread_mutex_unlock(&pi));
	printf("destroy PI %d\n", pthread_mutex_destroy(&pi));
	printf("destroy PP %d\n", pthread_mutex_destroy(&pp));

	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_t rp;
	printf("init robust PP: %s\n", strerror(pthread_mutex_init(&rp, &a)));
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	printf("init robust PI: %d\n", pthread_mutex_init(&rp, &a));
	printf("robust PI lock %d\n", pthread_mutex_lock(&rp));
	printf("robust PI unlock %d\n", pthread_mutex_unlock(&rp));
	return 0;
}
