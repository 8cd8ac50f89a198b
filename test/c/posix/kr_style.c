/*
 * kr_style.c — functions defined with an empty parameter list, as old code and LTP write them
 * (`void *a_thread_func()`, `void handler()`): in WebAssembly they take no parameter, and a
 * call through a pointer of another type would trap; the lab calls each with what it takes.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

static int got;
static void handler() { got++; }
static void *start() { return (void *)7; }
static void cleanup() { got += 10; }
static void *with_cleanup(void *a) {
	pthread_cleanup_push(cleanup, a);
	pthread_cleanup_pop(1);
	return a;
}

int main(void) {
	pthread_t t;
	void *r;
	struct sigaction sa = {0};
	signal(SIGUSR1, handler);
	raise(SIGUSR1);
	sa.sa_sigaction = (void (*)(int, siginfo_t *, void *))handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, 0);
	raise(SIGUSR2);
	pthread_create(&t, 0, start, 0);
	pthread_join(t, &r);
	pthread_create(&t, 0, with_cleanup, 0);
	pthread_join(t, 0);
	printf("start() returned %ld, handler() and cleanup() ran: %d\n", (long)r, got);
	return 0;
}
