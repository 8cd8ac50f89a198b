/*
 * sigwaitinfo.c — sigwaitinfo and sigtimedwait from C: a signal the program raised while it
 * blocked it (sighold) is taken with its siginfo; queued real-time signals come out in order
 * with their values (and the siginfo_t written leaves the next variable alone); a timed wait
 * with nothing pending fails with EAGAIN; a signal another process sends while the thread waits
 * for it, unblocked and with a handler, ends the wait (the handler does not run).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int handled;
static void handler(int s, siginfo_t *i, void *c) { (void)s; (void)i; (void)c; handled++; }

int main(void) {
	struct sigaction act = {0};
	act.sa_flags = SA_SIGINFO;
	act.sa_sigaction = handler;
	sigemptyset(&act.sa_mask);
	sigaction(SIGUSR1, &act, 0);
	sigaction(SIGRTMIN, &act, 0);

	siginfo_t info;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sighold(SIGUSR1);
	raise(SIGUSR1);
	int r = sigwaitinfo(&set, &info);
	printf("raised while held: %d signo %d code %s, handled %d\n", r == SIGUSR1, info.si_signo == SIGUSR1, info.si_code == SI_USER || info.si_code == SI_TKILL ? "user" : "?", handled);

	sighold(SIGRTMIN);
	for (int i = 3; i > 0; i--) {
		union sigval v;
		v.sival_int = i;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	sigset_t rt;
	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	printf("queued:");
	for (int i = 0; i < 3; i++) {
		r = sigwaitinfo(&rt, &info);
		printf(" %d/%d%s", r == SIGRTMIN, info.si_value.sival_int, info.si_code == SI_QUEUE ? "q" : "");
	}
	struct timespec ts = {0, 20000000};
	r = sigtimedwait(&rt, &info, &ts);
	printf("; then a timed wait %d %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");

	sigrelse(SIGUSR1);
	pid_t parent = getpid(), c = fork();
	if (c == 0) {
		usleep(10000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	r = sigwaitinfo(&set, &info);
	waitpid(c, 0, 0);
	printf("unblocked, from the child: %d, from pid %d, handled %d\n", r == SIGUSR1, info.si_pid == c, handled);
	return 0;
}
