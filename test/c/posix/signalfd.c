/* signalfd.c — signalfd(2) and the threads of a process (test/c/signalfd.test.ts; the output is
 * gcc + glibc (NPTL)'s on Linux): a read takes the READING thread's pending signals — its own
 * (thread-directed: pthread_kill) first, then the process's (kill) — so which thread sees which
 * signal follows from where the kernel queued it. Also poll on a signalfd, sigqueue's value,
 * a new mask for the same descriptor, a blocking read woken by SIGALRM, EINVAL. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

static int sfd;

static const char *name(int sig) { return sig == SIGUSR1 ? "SIGUSR1" : sig == SIGUSR2 ? "SIGUSR2" : sig == SIGALRM ? "SIGALRM" : "?"; }
static const char *code(int c) {
	return c == SI_USER ? "SI_USER" : c == SI_TKILL ? "SI_TKILL" : c == SI_QUEUE ? "SI_QUEUE" : c == SI_KERNEL ? "SI_KERNEL" : "other";
}

/* read every record there is (the descriptor is non-blocking) */
static void drain(const char *who) {
	struct signalfd_siginfo si[4];
	printf("%s:", who);
	for (;;) {
		ssize_t n = read(sfd, si, sizeof si);
		if (n < 0) { printf(" (then %s)\n", errno == EAGAIN ? "EAGAIN" : strerror(errno)); return; }
		for (int i = 0; i < (int)(n / sizeof si[0]); i++) printf(" %s/%s", name(si[i].ssi_signo), code(si[i].ssi_code));
	}
}

static void *reader(void *arg) {
	(void)arg;
	drain("thread reads");
	return NULL;
}

static void *poller(void *arg) {
	(void)arg;
	struct pollfd p = { .fd = sfd, .events = POLLIN };
	int r = poll(&p, 1, 500);
	printf("thread: poll %d revents %s\n", r, p.revents & POLLIN ? "POLLIN" : "0");
	drain("thread reads");
	return NULL;
}

int main(void) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigaddset(&m, SIGUSR2);
	sigaddset(&m, SIGALRM);
	sigprocmask(SIG_BLOCK, &m, NULL); /* threads inherit it */
	sigdelset(&m, SIGALRM);
	sfd = signalfd(-1, &m, SFD_NONBLOCK);
	printf("signalfd >= 0: %d\n", sfd >= 0);
	drain("nothing pending");

	kill(getpid(), SIGUSR1);                 /* process-directed */
	pthread_kill(pthread_self(), SIGUSR2);   /* directed at main */
	pthread_t t;
	pthread_create(&t, NULL, reader, NULL);
	pthread_join(t, NULL);
	drain("main reads");

	pthread_create(&t, NULL, poller, NULL);
	usleep(100000);
	puts("main: kill(getpid(), SIGUSR1)");
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	drain("main reads");

	union sigval v = { .sival_int = 42 };
	sigqueue(getpid(), SIGUSR2, v);
	struct signalfd_siginfo si;
	ssize_t n = read(sfd, &si, sizeof si);
	printf("sigqueue: read %zd %s/%s int %d from me %d\n", n, name(si.ssi_signo), code(si.ssi_code), si.ssi_int,
	       si.ssi_pid == (uint32_t)getpid());

	char small[64];
	n = read(sfd, small, sizeof small);
	printf("read into 64 bytes: %zd %s\n", n, strerror(errno));
	int r = signalfd(0, &m, 0);
	printf("signalfd(0, ...) (not a signalfd): %d %s\n", r, strerror(errno));
	r = signalfd(-1, &m, 0x10);
	printf("signalfd(-1, ..., 0x10): %d %s\n", r, strerror(errno));

	sigemptyset(&m);
	sigaddset(&m, SIGALRM);
	printf("new mask, same fd: %d\n", signalfd(sfd, &m, 0) == sfd);
	int blocking = signalfd(-1, &m, 0);
	alarm(1);
	n = read(blocking, &si, sizeof si);
	printf("blocking read: %zd %s/%s\n", n, name(si.ssi_signo), code(si.ssi_code));
	return 0;
}
