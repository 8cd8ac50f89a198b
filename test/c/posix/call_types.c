/*
 * call_types.c — routines whose type differs from the pointer they are passed as, in the
 * result as well as the parameters: `void *init()` given to pthread_once (LTP's
 * pthread_once/3-1), a start routine returning nothing, a cleanup routine and a signal
 * handler returning int. On x86 the caller ignores the result; in WebAssembly a call through
 * the other type traps unless the lab calls each as it is defined.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int got;

static void *init() { got += 1; return 0; }
static void start(void *a) { got += (int)(long)a; }
static int cleanup(void *a) { got += 100; return (int)(long)a; }
static int handler(int sig) { got += 1000; return sig; }
static double dstart() { got += 10000; return 1.5; }

static void *with_cleanup(void *a) {
	pthread_cleanup_push((void (*)(void *))cleanup, a);
	pthread_cleanup_pop(1);
	return a;
}

int main(void) {
	pthread_t t;
	pthread_once(&once, (void (*)(void))init);
	pthread_once(&once, (void (*)(void))init);
	pthread_create(&t, 0, (void *(*)(void *))start, (void *)10);
	pthread_join(t, 0);
	pthread_create(&t, 0, with_cleanup, 0);
	pthread_join(t, 0);
	signal(SIGUSR1, (void (*)(int))handler);
	raise(SIGUSR1);
	pthread_create(&t, 0, (void *(*)(void *))dstart, 0);
	pthread_join(t, 0);
	printf("once 1, start 10, cleanup 100, handler 1000, double start 10000: %d\n", got);
	return 0;
}
