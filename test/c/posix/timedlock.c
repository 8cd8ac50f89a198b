/*
 * timedlock.c — pthread_mutex_timedlock from C, as LTP's pthread_mutex_timedlock tests call it:
 * an absolute CLOCK_REALTIME deadline; ETIMEDOUT only once it has passed, EINVAL for a tv_nsec
 * out of range when the mutex is held, 0 for a free mutex. NGPT and GNU Pth had no such call:
 * ENOSYS there.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static const char *name(int e) {
	return e == 0 ? "0" : e == ETIMEDOUT ? "ETIMEDOUT" : e == EINVAL ? "EINVAL" : e == ENOSYS ? "ENOSYS" : "other";
}

static void *child(void *unused) {
	struct timespec t0, t1, dl;
	(void)unused;
	clock_gettime(CLOCK_REALTIME, &t0);
	dl = t0;
	dl.tv_nsec += 50000000;
	if (dl.tv_nsec >= 1000000000) { dl.tv_sec++; dl.tv_nsec -= 1000000000; }
	int a = pthread_mutex_timedlock(&m, &dl);
	clock_gettime(CLOCK_REALTIME, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	dl.tv_nsec = 1000000000;
	int b = pthread_mutex_timedlock(&m, &dl);
	printf("held: %s after >= 50 ms %d; bad time: %s\n", name(a), a == ETIMEDOUT ? ms >= 50 : 1, name(b));
	return 0;
}

int main(void) {
	pthread_t t;
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 1;
	printf("free: %s\n", name(pthread_mutex_timedlock(&m, &dl)));
	pthread_mutex_unlock(&m);
	pthread_mutex_lock(&m);
	pthread_create(&t, 0, child, 0);
	pthread_join(t, 0);
	return 0;
}
