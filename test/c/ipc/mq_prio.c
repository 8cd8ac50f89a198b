/*
 * mq_prio.c — POSIX message queues: the default attributes, highest priority first (FIFO
 * within one), mq_timedreceive's ETIMEDOUT, O_NONBLOCK through mq_setattr, EMSGSIZE, EEXIST /
 * EINVAL / ENOENT at open, mq_notify's signal (SI_MESGQ, the value, once) and EBUSY for
 * another process, the descriptor being close-on-exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_code, got_value, notes;

static void on_note(int sig, siginfo_t *si, void *uc) {
	(void)sig; (void)uc;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
	notes++;
}

/* The call's result and, if it failed, its errno (read after the call, not beside it). */
static void report(const char *what, long r) {
	if (r < 0) printf("%s: %ld %s\n", what, r, strerror(errno));
	else printf("%s: %ld\n", what, r);
}

static void show(mqd_t q, const char *when) {
	struct mq_attr a;
	mq_getattr(q, &a);
	printf("%s: flags %ld maxmsg %ld msgsize %ld curmsgs %ld\n", when, a.mq_flags, a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
}

int main(void) {
	mq_unlink("/labq");
	mqd_t q = mq_open("/labq", O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	if (q < 0) { perror("mq_open"); return 1; }
	show(q, "new");
	printf("close-on-exec %d\n", (fcntl(q, F_GETFD) & FD_CLOEXEC) != 0);
	const char *texts[] = { "low", "high", "mid", "high2", "zero" };
	unsigned prios[] = { 1, 9, 5, 9, 0 };
	for (int i = 0; i < 5; i++) mq_send(q, texts[i], strlen(texts[i]) + 1, prios[i]);
	show(q, "five sent");
	char buf[8192];
	unsigned prio;
	for (int i = 0; i < 5; i++) {
		ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
		printf("%zd bytes, prio %u: %s\n", n, prio, buf);
	}
	report("short buffer", mq_receive(q, buf, 100, NULL));
	struct timespec ts, t0, t1;
	clock_gettime(CLOCK_REALTIME, &ts);
	t0 = ts;
	ts.tv_nsec += 40 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
	ssize_t n = mq_timedreceive(q, buf, sizeof buf, NULL, &ts);
	clock_gettime(CLOCK_REALTIME, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	report("timed receive", n);
	printf("after >= 40 ms: %d\n", ms >= 40);
	struct mq_attr nb = { .mq_flags = O_NONBLOCK }, old;
	mq_setattr(q, &nb, &old);
	printf("old flags %ld\n", old.mq_flags);
	report("nonblocking receive", mq_receive(q, buf, sizeof buf, NULL));
	show(q, "nonblocking");
	report("EEXIST", mq_open("/labq", O_CREAT | O_EXCL | O_RDWR, 0600, NULL));
	report("no slash", mq_open("labq", O_RDWR));
	report("ENOENT", mq_open("/nosuchq", O_RDWR));
	struct mq_attr big = { .mq_maxmsg = 11, .mq_msgsize = 16 };
	report("maxmsg 11", mq_open("/labq2", O_CREAT | O_RDWR, 0600, &big));
	report("prio 32768", mq_send(q, "x", 1, 32768));
	report("9000 bytes", mq_send(q, buf, 9000, 0));

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_note;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 42;
	report("mq_notify", mq_notify(q, &ev));
	pid_t pid = fork();
	if (pid == 0) {
		int busy = mq_notify(q, &ev) < 0 && errno == EBUSY;
		mq_send(q, "ping", 5, 3);
		mq_send(q, "pong", 5, 3);
		_exit(busy ? 0 : 1);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR) continue;
	while (notes == 0) usleep(1000);
	printf("child saw EBUSY %d; notified %d time(s), SI_MESGQ %d, value %d\n", WEXITSTATUS(st) == 0, (int)notes,
		got_code == SI_MESGQ, (int)got_value);
	show(q, "after the child");
	mq_close(q);
	report("unlink", mq_unlink("/labq"));
	report("again", mq_unlink("/labq"));
	return 0;
}
