/*
 * pthread_sigqueue.c — glibc's pthread_sigqueue (≥ 2.11): a thread-directed signal carrying a
 * value. The handler sees the value, si_code SI_QUEUE and the sender's pid; a real-time signal
 * queues each instance with its value; the signal goes to the named thread only; signal 0,
 * a bad signal, and a thread that has exited but is not joined.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int got_val, got_code, got_pid;
static volatile pthread_t got_on;

static void handler(int sig, siginfo_t *si, void *ctx) {
	(void)sig; (void)ctx;
	got_val = si->si_value.sival_int;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_on = pthread_self();
}

static sigset_t rt;
static pthread_barrier_t bar;

static void *waiter(void *arg) {
	(void)arg;
	pthread_barrier_wait(&bar);
	siginfo_t si;
	int s = sigwaitinfo(&rt, &si);
	printf("thread: sigwaitinfo %s value %d SI_QUEUE %d\n", s == SIGRTMIN ? "SIGRTMIN" : "other",
	       si.si_value.sival_int, si.si_code == SI_QUEUE);
	return 0;
}

static void *quit(void *arg) { pthread_barrier_wait(&bar); return arg; }

static const char *err(int e) { return e == 0 ? "0" : e == ESRCH ? "ESRCH" : e == EINVAL ? "EINVAL" : strerror(e); }

int main(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, 0);

	/* to oneself: the handler runs before the call returns */
	int r = pthread_sigqueue(pthread_self(), SIGUSR1, (union sigval){ .sival_int = 42 });
	printf("self: %s value %d SI_QUEUE %d pid ok %d on main %d\n", err(r), got_val, got_code == SI_QUEUE,
	       got_pid == getpid(), pthread_equal(got_on, pthread_self()));

	/* real-time: each instance queued with its value, taken in order */
	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	pthread_sigmask(SIG_BLOCK, &rt, 0);
	for (int i = 1; i <= 3; i++) pthread_sigqueue(pthread_self(), SIGRTMIN, (union sigval){ .sival_int = i });
	sigset_t p;
	sigpending(&p);
	printf("pending %d:", sigismember(&p, SIGRTMIN));
	for (int i = 0; i < 3; i++) {
		siginfo_t si;
		struct timespec zero = { 0, 0 };
		int s = sigtimedwait(&rt, &si, &zero);
		printf(" %d/%d", s == SIGRTMIN, si.si_value.sival_int);
	}
	sigpending(&p);
	printf(", then %d\n", sigismember(&p, SIGRTMIN));

	/* to another thread (both block it): only that thread takes it */
	pthread_barrier_init(&bar, 0, 2);
	pthread_t t;
	pthread_create(&t, 0, waiter, 0);
	pthread_barrier_wait(&bar);
	r = pthread_sigqueue(t, SIGRTMIN, (union sigval){ .sival_int = 7 });
	pthread_join(t, 0);
	sigpending(&p);
	printf("to thread: %s, main's pending %d\n", err(r), sigismember(&p, SIGRTMIN));

	/* signal 0, a bad signal, an exited thread not yet joined */
	pthread_create(&t, 0, quit, 0);
	printf("sig 0: %s, sig 99: %s\n", err(pthread_sigqueue(t, 0, (union sigval){ 0 })),
	       err(pthread_sigqueue(t, 99, (union sigval){ 0 })));
	pthread_barrier_wait(&bar);
	usleep(100000);
	printf("exited: %s\n", err(pthread_sigqueue(t, SIGUSR1, (union sigval){ 0 })));
	pthread_join(t, 0);
	return 0;
}
