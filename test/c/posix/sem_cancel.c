/*
 * sem_cancel.c — a thread cancelled while blocked in sem_wait (a cancellation point) must leave
 * the semaphore usable: the main thread's sem_post then gives a token nobody took.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t s;
static void *waiter(void *a) { sem_wait(&s); return a; }

int main(void) {
	pthread_t t;
	void *r;
	int v = -1;
	sem_init(&s, 0, 0);
	pthread_create(&t, 0, waiter, 0);
	usleep(1000);
	pthread_cancel(t);
	pthread_join(t, &r);
	sem_post(&s);
	sem_getvalue(&s, &v);
	printf("cancelled %d, value %d, trywait %d\n", r == PTHREAD_CANCELED, v, sem_trywait(&s));
	return 0;
}
