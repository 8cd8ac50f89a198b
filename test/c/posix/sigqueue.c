/* sigqueue.c — sigqueue from C: the value reaches the handler's siginfo with si_code SI_QUEUE (the queueing of real-time signals is the kernel's: test/kernel-*-signal tests). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static volatile int v, c;
static void h(int s, siginfo_t *si, void *x) { (void)s; (void)x; v = si->si_value.sival_int; c = si->si_code; }
int main(void) {
	struct sigaction sa = {0};
	sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO; sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, 0);
	union sigval val; val.sival_int = 77;
	int r = sigqueue(getpid(), SIGUSR1, val);
	printf("sigqueue %d value %d SI_QUEUE %d\n", r, v, c == SI_QUEUE);
	return 0;
}
