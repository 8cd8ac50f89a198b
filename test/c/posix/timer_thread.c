/*
 * timer_thread.c — a SIGEV_THREAD timer: timer_create with sigev_notify = SIGEV_THREAD, armed
 * for 10 ms, runs its function with its sigev_value on a thread of its own (glibc's helper
 * thread starts one per expiry); main waits for it on a semaphore. The conformance suite's
 * check 'posix:timer-sigev-thread' (test/conformance/timer_thread.test.ts).
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static sem_t done;
static pthread_t main_thread;
static int value, other_thread;

static void notify(union sigval v) {
	value = v.sival_int;
	other_thread = !pthread_equal(pthread_self(), main_thread);
	sem_post(&done);
}

int main(void) {
	main_thread = pthread_self();
	sem_init(&done, 0, 0);
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = notify;
	ev.sigev_value.sival_int = 42;
	timer_t t;
	if (timer_create(CLOCK_MONOTONIC, &ev, &t) != 0) {
		printf("timer_create: %s\n", strerror(errno));
		return 1;
	}
	struct itimerspec its = {{0, 0}, {0, 10000000}};
	timer_settime(t, 0, &its, 0);
	sem_wait(&done);
	printf("notified with %d on another thread %d\n", value, other_thread);
	timer_delete(t);
	return 0;
}
