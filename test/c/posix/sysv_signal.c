/* System V's one-signal calls and a process's CPU-time clock (LTP killpg/1-2, fork/22-1 use them). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static volatile int got;
static void on_usr1(int sig) { got = sig; }

int main(void) {
	signal(SIGUSR1, on_usr1);
	printf("sighold %d\n", sighold(SIGUSR1));
	raise(SIGUSR1);
	printf("held: got %d\n", got);
	printf("sigrelse %d: got %d\n", sigrelse(SIGUSR1), got);
	got = 0;
	sighold(SIGUSR1);
	if (fork() == 0) { kill(getppid(), SIGUSR1); _exit(0); }
	int r = sigpause(SIGUSR1);
	printf("sigpause %d errno %s: got %d\n", r, errno == EINTR ? "EINTR" : "other", got);
	printf("sigignore %d\n", sigignore(SIGUSR2));
	raise(SIGUSR2);
	printf("ignored SIGUSR2, still here; sigignore(0) %d %s\n", sigignore(0), errno == EINVAL ? "EINVAL" : "?");
	clockid_t c;
	printf("clock_getcpuclockid self %d\n", clock_getcpuclockid(0, &c));
	for (volatile long i = 0; i < 200000; i++) ;
	struct timespec ts;
	printf("clock_gettime %d positive %d\n", clock_gettime(c, &ts), ts.tv_sec > 0 || ts.tv_nsec > 0);
	printf("getpid clock %d; no such pid %s\n", clock_getcpuclockid(getpid(), &c), clock_getcpuclockid(99999, &c) == ESRCH ? "ESRCH" : "?");
	return 0;
}
