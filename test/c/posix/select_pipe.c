/* select_pipe.c — select(2) and pselect(2) on pipes (test/c/select.test.ts; the output is gcc +
 * glibc's on Linux): readiness, the time left written back into select's timeout (printed in
 * tenths of a second), EBADF, EINVAL, EINTR after a handler, and pselect's atomic mask. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_sig(int sig) { got = sig; }

/* the time left, rounded to a tenth of a second (Linux spends microseconds between the calls) */
static const char *tenths(const struct timeval *tv) {
	static char buf[32];
	long long t = ((long long)tv->tv_sec * 1000000 + tv->tv_usec + 50000) / 100000;
	snprintf(buf, sizeof buf, "%lld.%lld", t / 10, t % 10);
	return buf;
}

static void show(const char *label, int r, fd_set *s, int nfds) {
	printf("%s: %d", label, r);
	if (r < 0) printf(" %s", strerror(errno));
	else if (s) {
		printf(" {");
		for (int fd = 0; fd < nfds; fd++) if (FD_ISSET(fd, s)) printf(" %d", fd);
		printf(" }");
	}
	printf("\n");
}

int main(void) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	int p[2], q[2];
	pipe(p);
	pipe(q);
	int nfds = (p[1] > q[1] ? p[1] : q[1]) + 1;
	fd_set rd, wr;
	struct timeval tv;

	printf("FD_SETSIZE %d, sizeof(fd_set) %zu\n", FD_SETSIZE, sizeof(fd_set));
	FD_ZERO(&rd); FD_SET(p[0], &rd); FD_SET(q[0], &rd);
	FD_ZERO(&wr); FD_SET(p[1], &wr);
	tv.tv_sec = 0; tv.tv_usec = 0;
	int r = select(nfds, &rd, &wr, NULL, &tv);
	show("poll: write end ready, nothing to read (read set)", r, &rd, nfds);
	show("  (write set)", r, &wr, nfds);

	write(q[1], "x", 1);
	FD_ZERO(&rd); FD_SET(p[0], &rd); FD_SET(q[0], &rd);
	tv.tv_sec = 5; tv.tv_usec = 0;
	r = select(nfds, &rd, NULL, NULL, &tv);
	show("q has a byte", r, &rd, nfds);
	printf("  timeout left about %s s (not waited: all of it)\n", tenths(&tv));
	char c;
	read(q[0], &c, 1);

	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		usleep(300000);
		write(p[1], "y", 1);
		_exit(0);
	}
	FD_ZERO(&rd); FD_SET(p[0], &rd); FD_SET(q[0], &rd);
	tv.tv_sec = 2; tv.tv_usec = 0;
	r = select(nfds, &rd, NULL, NULL, &tv);
	show("the child writes p after 0.3 s", r, &rd, nfds);
	printf("  timeout left about %s s\n", tenths(&tv));
	waitpid(child, NULL, 0);
	read(p[0], &c, 1);

	FD_ZERO(&rd); FD_SET(p[0], &rd);
	tv.tv_sec = 0; tv.tv_usec = 200000;
	r = select(nfds, &rd, NULL, NULL, &tv);
	show("nothing comes: the timeout", r, &rd, nfds);
	printf("  timeout left %lds %ldus\n", (long)tv.tv_sec, (long)tv.tv_usec);

	close(q[0]);
	FD_ZERO(&rd); FD_SET(p[0], &rd); FD_SET(q[0], &rd);
	tv.tv_sec = 1; tv.tv_usec = 0;
	r = select(nfds, &rd, NULL, NULL, &tv);
	show("a closed descriptor in the set", r, NULL, nfds);
	printf("  set untouched: p %d q %d\n", FD_ISSET(p[0], &rd), FD_ISSET(q[0], &rd));
	tv.tv_sec = -1;
	show("negative timeout", select(nfds, NULL, NULL, NULL, &tv), NULL, 0);
	show("negative nfds", select(-1, NULL, NULL, NULL, NULL), NULL, 0);

	close(p[1]);
	FD_ZERO(&rd); FD_SET(p[0], &rd);
	r = select(p[0] + 1, &rd, NULL, NULL, NULL);
	show("no writer left: end of file is readable", r, &rd, p[0] + 1);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sig;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	int e[2];
	pipe(e);
	alarm(1);
	FD_ZERO(&rd); FD_SET(e[0], &rd);
	r = select(e[0] + 1, &rd, NULL, NULL, NULL);
	show("SIGALRM's handler interrupts a select with no timeout", r, NULL, 0);
	printf("  got %s\n", got == SIGALRM ? "SIGALRM" : "nothing");

	sigset_t usr1, old, inwait;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	got = 0;
	raise(SIGUSR1); /* pending, blocked */
	struct timespec ts = { 2, 0 };
	FD_ZERO(&rd); FD_SET(e[0], &rd);
	r = pselect(e[0] + 1, &rd, NULL, NULL, &ts, &old);
	show("pselect unblocks the pending SIGUSR1 for the wait", r, NULL, 0);
	sigprocmask(SIG_SETMASK, NULL, &inwait);
	printf("  got %s; SIGUSR1 blocked again %d; timespec unchanged %ld.%09ld\n", got == SIGUSR1 ? "SIGUSR1" : "nothing",
	       sigismember(&inwait, SIGUSR1), (long)ts.tv_sec, ts.tv_nsec);
	got = 0;
	ts.tv_sec = 0; ts.tv_nsec = 100000000;
	r = pselect(e[0] + 1, &rd, NULL, NULL, &ts, &usr1);
	show("pselect with SIGUSR1 still blocked: the timeout", r, &rd, e[0] + 1);
	ts.tv_nsec = 1000000000;
	show("pselect tv_nsec 1e9", pselect(0, NULL, NULL, NULL, &ts, NULL), NULL, 0);
	return 0;
}
