/*
 * clock.c — the clock calls' errors as Linux and glibc give them (clib/runtime/clock.c): a
 * clockid_t that names no clock is EINVAL from clock_gettime, clock_getres and clock_nanosleep
 * (LTP clock_gettime/7-1, 8-2, clock_getres/6-2 trapped); clock_nanosleep returns EINTR after a
 * handler with the time left (LTP clock_nanosleep/9-1, 10-1); nanosleep refuses a tv_nsec
 * outside [0, 1e9) (LTP nanosleep/6-1); CLOCKS_PER_SEC is XSI's 1000000 (LTP clock/2-1).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig) { (void)sig; }

static void bad_clocks(void) {
	struct timespec ts = {0, 1000};
	errno = 0;
	int g = clock_gettime((clockid_t)9999, &ts);
	printf("gettime(9999) %d %s\n", g, strerror(errno));
	errno = 0;
	int r = clock_getres((clockid_t)INT_MIN, &ts);
	printf("getres(INT_MIN) %d %s\n", r, strerror(errno));
	printf("nanosleep(99999) %s\n", strerror(clock_nanosleep((clockid_t)99999, 0, &ts, NULL)));
	printf("nanosleep(thread cpu) %s\n", strerror(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL)));
}

static void bad_timespecs(void) {
	struct timespec neg = {1, -1}, big = {0, 1000000000};
	errno = 0;
	int a = nanosleep(&neg, NULL);
	printf("nanosleep(nsec -1) %d %s\n", a, strerror(errno));
	errno = 0;
	int b = nanosleep(&big, NULL);
	printf("nanosleep(nsec 1e9) %d %s\n", b, strerror(errno));
	printf("clock_nanosleep(nsec 1e9) %s\n", strerror(clock_nanosleep(CLOCK_REALTIME, 0, &big, NULL)));
}

static void sleeps(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct timespec t = {5, 0}, rem = {0, 0}, now, past;
	alarm(1);
	int e = clock_nanosleep(CLOCK_REALTIME, 0, &t, &rem);
	printf("interrupted %s, rem %lld s left\n", strerror(e), (long long)(rem.tv_sec + (rem.tv_nsec >= 500000000)));
	clock_gettime(CLOCK_MONOTONIC, &now);
	past = now;
	past.tv_sec -= 1;
	printf("abs past %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
	struct timespec dl = now, after;
	dl.tv_sec += 2;
	int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL);
	clock_gettime(CLOCK_MONOTONIC, &after);
	printf("abs 2 s %d, woke %s the deadline\n", r,
	       after.tv_sec > dl.tv_sec || (after.tv_sec == dl.tv_sec && after.tv_nsec >= dl.tv_nsec) ? "at or after" : "before");
}

int main(void) {
	printf("CLOCKS_PER_SEC %lld\n", (long long)CLOCKS_PER_SEC);
	bad_clocks();
	bad_timespecs();
	sleeps();
	return 0;
}
