/*
 * cond_destroy.c — destroying a condition variable right after a broadcast, before the woken
 * waiters have run, succeeds (POSIX: no thread is blocked on it any more; glibc's
 * pthread_cond_destroy waits for them to leave it; LTP pthread_cond_destroy/2-1). (With a
 * waiter still blocked the behaviour is undefined: glibc before 2.25 says EBUSY, 2.25+ waits.)
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define N 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c;
static int go, waiting;

static void *waiter(void *arg) {
	(void)arg;
	pthread_mutex_lock(&m);
	waiting++;
	while (!go) pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void wait_all_blocked(int n) {
	for (;;) {
		pthread_mutex_lock(&m);
		int w = waiting;
		pthread_mutex_unlock(&m);
		if (w == n) return;
		sched_yield();
	}
}

int main(void) {
	pthread_t t[N];
	pthread_cond_init(&c, NULL);
	for (int i = 0; i < N; i++) pthread_create(&t[i], NULL, waiter, NULL);
	wait_all_blocked(N);
	pthread_mutex_lock(&m);
	go = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	int r = pthread_cond_destroy(&c);
	printf("destroy after broadcast: %s\n", r == 0 ? "0" : strerror(r));
	for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
	printf("joined\n");
	return 0;
}
