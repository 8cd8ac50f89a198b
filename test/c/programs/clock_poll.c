/*
 * clock_poll.c — threads that busy-wait on the clock, as OSTEP's intro/cpu.c does with its
 * Spin(): gettimeofday, clock_gettime(CLOCK_MONOTONIC) and the process CPU clock read in tight
 * loops on every thread, while a timer signal interrupts them.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static volatile int ticks;
static void on_alarm(int sig) { (void)sig; ticks++; }

static double wall(void) { struct timeval t; gettimeofday(&t, NULL); return t.tv_sec + t.tv_usec / 1e6; }

static void *spin(void *arg) {
	long ms = (long)arg, reads = 0;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	double t = wall();
	while (wall() - t < ms / 1000.0) reads++;
	clock_gettime(CLOCK_MONOTONIC, &b);
	double cpu0 = (double)clock() / CLOCKS_PER_SEC;
	/* gettimeofday's microseconds: its start may read up to 1 µs early, so the wall clock's
	 * `ms` can be 1 µs more than the monotonic clock saw (natively too, rarely) */
	long mono_us = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
	printf("spun %ld ms (%s)\n", ms, mono_us + 1 >= ms * 1000 ? "monotonic agrees" : "monotonic short");
	return (void *)(long)(reads > 0 && cpu0 > 0);
}

int main(void) {
	signal(SIGALRM, on_alarm);
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	pthread_t a, b;
	pthread_create(&a, NULL, spin, (void *)10L);
	pthread_create(&b, NULL, spin, (void *)20L);
	void *ra, *rb;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	printf("both ok: %d, timer ticks: %s\n", ra && rb, ticks > 0 ? "some" : "none");
	return 0;
}
