/*
 * rtsched.c — real-time scheduling from C, run as root (--setuid-root): sysconf's
 * _SC_PRIORITY_SCHEDULING, sched_setscheduler/getscheduler/getparam/rr_get_interval on the
 * caller, pthread_create with PTHREAD_EXPLICIT_SCHED SCHED_FIFO 20 from a SCHED_FIFO 10 creator
 * on one CPU (the new thread runs first, with its policy), and pthread_setschedparam /
 * getschedparam / setschedprio on a running thread. Each step prints before the next (no
 * buffering): NGPT 2.2.1 dies of SIGSEGV in pthread_attr_setschedparam.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void show(const char *who) {
	struct sched_param p = {-1};
	int pol = sched_getscheduler(0);
	sched_getparam(0, &p);
	printf("%s %d/%d\n", who, pol, p.sched_priority);
}

static void *child(void *a) { show("child"); return a; }

static volatile int go;
static void *waiter(void *a) { while (!go) usleep(100); show("waiter"); return a; }

int main(void) {
	struct sched_param p = {10};
	struct timespec ts = {-1, -1};
	pthread_attr_t a; pthread_t t; int pol = -1, r;
	setvbuf(stdout, 0, _IONBF, 0);
	printf("sysconf %ld %ld\n", sysconf(_SC_PRIORITY_SCHEDULING), sysconf(_SC_THREAD_PRIORITY_SCHEDULING));
	printf("_POSIX_PRIORITY_SCHEDULING %ld _POSIX_THREAD_PRIORITY_SCHEDULING %ld\n", (long)_POSIX_PRIORITY_SCHEDULING, (long)_POSIX_THREAD_PRIORITY_SCHEDULING);
	printf("setscheduler %d", sched_setscheduler(0, SCHED_FIFO, &p));
	show(" self");
	p.sched_priority = 3; sched_setscheduler(0, SCHED_RR, &p);
	sched_rr_get_interval(0, &ts);
	printf("rr interval %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	p.sched_priority = 10; sched_setscheduler(0, SCHED_FIFO, &p);
	pthread_attr_init(&a);
	printf("attr inherit %d", pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED));
	printf(" policy %d", pthread_attr_setschedpolicy(&a, SCHED_FIFO));
	p.sched_priority = 20;
	printf(" param %d\n", pthread_attr_setschedparam(&a, &p));
	r = pthread_create(&t, &a, child, 0);
	printf("created %d\n", r);
	if (r == 0) pthread_join(t, 0);
	pthread_create(&t, 0, waiter, 0);
	p.sched_priority = 5;
	printf("setschedparam %d", pthread_setschedparam(t, SCHED_RR, &p));
	p.sched_priority = -1;
	r = pthread_getschedparam(t, &pol, &p);
	printf(" getschedparam %d %d/%d setschedprio %d\n", r, pol, p.sched_priority, pthread_setschedprio(t, 7));
	go = 1;
	pthread_join(t, 0);
	return 0;
}
