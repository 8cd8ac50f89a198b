/*
 * early_signal.c — pthread_kill right after pthread_create (LTP's pthread_kill/1-2): the
 * signal may reach the new thread before its start routine has run (NPTL, NGPT, green: the
 * creator goes on first), and the handler must still run, on that thread. The start routine
 * waits up to 100 ms for it, as LTP's does.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static pthread_t child;
static volatile int got, on_child;

static void handler(int sig) {
	got = sig;
	on_child = pthread_equal(pthread_self(), child);
}

static void *start(void *a) {
	for (int i = 0; i < 100 && !got; i++) usleep(1000);
	return a;
}

int main(void) {
	struct sigaction sa = {0};
	sa.sa_handler = handler;
	sigaction(SIGUSR2, &sa, 0);
	pthread_create(&child, 0, start, 0);
	int r = pthread_kill(child, SIGUSR2);
	pthread_join(child, 0);
	printf("pthread_kill %d, handler got %s on the child %d\n", r, got == SIGUSR2 ? "SIGUSR2" : "nothing", on_child);
	return 0;
}
