/*
 * min_stack_signal.c — threads on PTHREAD_STACK_MIN stacks (one the library allocates, one the
 * program gives) take signals: the handler's frame fits, as on Linux, where a signal frame is
 * a kilobyte or two (LTP's threads_scenarii.c "Min stack size" cases with signal senders).
 */
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static sem_t ready, done;
static volatile int handled;

static void handler(int sig) { (void)sig; handled++; }

static void *worker(void *a) {
	sem_post(&ready);
	sem_wait(&done);
	return a;
}

static void run(pthread_attr_t *at) {
	pthread_t t;
	pthread_create(&t, at, worker, 0);
	sem_wait(&ready);
	pthread_kill(t, SIGUSR1);
	pthread_kill(t, SIGUSR2);
	sem_post(&done);
	pthread_join(t, 0);
}

int main(void) {
	pthread_attr_t at;
	void *stack;
	signal(SIGUSR1, handler);
	signal(SIGUSR2, handler);
	sem_init(&ready, 0, 0);
	sem_init(&done, 0, 0);
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, PTHREAD_STACK_MIN);
	run(&at);
	if (posix_memalign(&stack, 4096, PTHREAD_STACK_MIN)) return 2;
	pthread_attr_setstack(&at, stack, PTHREAD_STACK_MIN);
	run(&at);
	printf("handled %d\n", handled);
	return 0;
}
