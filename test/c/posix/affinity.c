/*
 * affinity.c — CPU affinity from C: the cpu_set_t macros, sched_setaffinity /
 * sched_getaffinity / sched_getcpu on the calling task, pthread_setaffinity_np /
 * pthread_getaffinity_np and the affinity attribute on a thread, and pthread_setconcurrency.
 * Run on 2 CPUs. NGPT and green answer the pthread_ affinity calls with ENOSYS (their threads
 * have no kernel task of their own).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <semaphore.h>
#include <string.h>
#include <threadlab.h>

static sem_t go;
static int where = -1, later = -1;
static void *waiter(void *arg) {
	(void)arg;
	sem_wait(&go);
	compute(200000);
	later = sched_getcpu();
	return NULL;
}

static void *worker(void *arg) {
	(void)arg;
	compute(200000);
	where = sched_getcpu();
	return NULL;
}

static const char *err(int e) {
	return e == 0 ? "0" : e == EINVAL ? "EINVAL" : e == ESRCH ? "ESRCH" : e == ENOSYS ? "ENOSYS" : "?";
}

int main(void) {
	cpu_set_t s, t;
	CPU_ZERO(&s);
	CPU_SET(0, &s); CPU_SET(3, &s); CPU_SET(1000, &s); CPU_SET(5000, &s);
	CPU_CLR(3, &s);
	t = s;
	printf("macros: size %d count %d isset0 %d isset3 %d isset1000 %d equal %d\n", (int)sizeof(cpu_set_t),
	       CPU_COUNT(&s), CPU_ISSET(0, &s), CPU_ISSET(3, &s), CPU_ISSET(1000, &s), CPU_EQUAL(&s, &t));
	cpu_set_t *d = CPU_ALLOC(70);
	size_t dn = CPU_ALLOC_SIZE(70);
	CPU_ZERO_S(dn, d); CPU_SET_S(65, dn, d); CPU_SET_S(200, dn, d);
	printf("dynamic: size %d count %d isset65 %d\n", (int)dn, CPU_COUNT_S(dn, d), CPU_ISSET_S(65, dn, d));
	CPU_FREE(d);

	CPU_ZERO(&s);
	printf("get: %d count %d\n", sched_getaffinity(0, sizeof s, &s), CPU_COUNT(&s));
	int r = sched_getaffinity(0, 0, &s);
	printf("get size 0: %d %s\n", r, err(errno));
	CPU_ZERO(&s); CPU_SET(1, &s);
	printf("pin to 1: %d\n", sched_setaffinity(0, sizeof s, &s));
	compute(100000);
	printf("cpu %d\n", sched_getcpu());
	CPU_ZERO(&s); CPU_SET(5, &s);
	r = sched_setaffinity(0, sizeof s, &s);
	printf("pin to 5: %d %s\n", r, err(errno));
	r = sched_setaffinity(424242, sizeof s, &s);
	printf("no such pid: %d %s\n", r, err(errno));

	pthread_attr_t a;
	pthread_attr_init(&a);
	CPU_ZERO(&t);
	pthread_attr_getaffinity_np(&a, sizeof t, &t);
	printf("attr unset: count %d\n", CPU_COUNT(&t));
	CPU_ZERO(&s); CPU_SET(0, &s);
	pthread_attr_setaffinity_np(&a, sizeof s, &s);
	CPU_ZERO(&t);
	pthread_attr_getaffinity_np(&a, sizeof t, &t);
	printf("attr set: isset0 %d count %d\n", CPU_ISSET(0, &t), CPU_COUNT(&t));
	pthread_t th;
	int e = pthread_create(&th, &a, worker, NULL);
	pthread_attr_destroy(&a);
	printf("create with attr: %s\n", err(e));
	if (e == 0) {
		pthread_join(th, NULL);
		printf("thread ran on cpu %d\n", where);
	}
	sem_init(&go, 0, 0);
	e = pthread_create(&th, NULL, waiter, NULL);
	CPU_ZERO(&s); CPU_SET(0, &s);
	int se = pthread_setaffinity_np(th, sizeof s, &s);
	CPU_ZERO(&t);
	int ge = pthread_getaffinity_np(th, sizeof t, &t);
	sem_post(&go);
	pthread_join(th, NULL);
	printf("pthread_setaffinity_np %s getaffinity %s count %d isset0 %d; it ran on cpu %d\n", err(se), err(ge),
	       CPU_COUNT(&t), CPU_ISSET(0, &t), later);

	printf("concurrency %d", pthread_getconcurrency());
	printf(" set %s", err(pthread_setconcurrency(4)));
	printf(" get %d", pthread_getconcurrency());
	printf(" negative %s\n", err(pthread_setconcurrency(-1)));
	return 0;
}
