/*
 * sched.c — scheduling policies, process-shared attributes, killpg, setpgrp and SEM_VALUE_MAX
 * from C: Linux's priority ranges, a task starts SCHED_OTHER, SCHED_FIFO refused with EPERM for
 * an unprivileged user, and attributes that keep what was set. (Real-time policies that work,
 * and pthread_create with an explicit policy on each library: rtsched.c.)
 */
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <errno.h>
#include <unistd.h>
static sem_t go;
static void *f(void *a) { sem_wait(&go); return a; }
int main(void) {
	struct sched_param p = {0};
	pthread_attr_t a; pthread_t t; int pol = -1, s;
	pthread_mutexattr_t ma; pthread_condattr_t ca; clockid_t c;
	printf("max %d min %d other %d\n", sched_get_priority_max(SCHED_FIFO), sched_get_priority_min(SCHED_RR), sched_get_priority_max(SCHED_OTHER));
	printf("getscheduler %d\n", sched_getscheduler(0));
	p.sched_priority = 10;
	printf("setscheduler fifo %d %s\n", sched_setscheduler(0, SCHED_FIFO, &p), errno == EPERM ? "EPERM" : "?");
	sem_init(&go, 0, 0);
	pthread_create(&t, 0, f, 0);
	sem_post(&go);
	pthread_join(t, 0);
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_getpshared(&ma, &s); pthread_mutexattr_gettype(&ma, &pol);
	printf("mutex pshared %d type %d bad %d\n", s, pol, pthread_mutexattr_setpshared(&ma, 7));
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_condattr_getpshared(&ca, &s); pthread_condattr_getclock(&ca, &c);
	printf("cond pshared %d monotonic %d\n", s, c == CLOCK_MONOTONIC);
	printf("killpg(1) %d, SEM_VALUE_MAX %d, setpgrp %d\n", killpg(1, 0), SEM_VALUE_MAX, setpgrp());
	printf("killpg(own group) %d\n", killpg(getpgrp(), 0));
	return 0;
}
