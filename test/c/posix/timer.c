/*
 * timer.c — POSIX timers from C: a SIGEV_SIGNAL timer's signal carries si_code SI_TIMER, the
 * sigevent's value and the timer's id; a periodic timer whose signal is blocked counts
 * overruns instead of queueing more (timer_getoverrun, si_overrun); SIGEV_NONE only counts
 * down; a NULL sigevent is SIGALRM with the id as value; TIMER_ABSTIME on CLOCK_REALTIME;
 * SIGEV_THREAD runs the function on a new thread; a fork's child has no timers; the errors
 * are Linux's EINVAL. Expiries are on the kernel's 4 ms jiffy grid.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int got, code, value, tid_seen;
static void on_sig(int sig, siginfo_t *si, void *ctx) {
	(void)ctx;
	got = sig;
	code = si->si_code;
	value = si->si_value.sival_int;
	tid_seen = si->si_timerid;
}

static volatile int notified;
static pthread_t main_thread;
static void notify(union sigval v) { notified = v.sival_int + (pthread_equal(pthread_self(), main_thread) ? 1000 : 0); }

static long long ms(const struct timespec *ts) { return ts->tv_sec * 1000LL + ts->tv_nsec / 1000000; }

static void signal_timer(void) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, 0);
	sigaction(SIGALRM, &sa, 0);
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 42;
	timer_t t;
	struct itimerspec its = {{0, 0}, {0, 100000000}}, left;
	printf("create %d\n", timer_create(CLOCK_MONOTONIC, &ev, &t));
	timer_settime(t, 0, &its, 0);
	timer_gettime(t, &left);
	printf("left about 100 ms: %d\n", ms(&left.it_value) > 90 && ms(&left.it_value) <= 100);
	while (!got) pause();
	printf("signal %d code SI_TIMER %d value %d id matches %d\n", got, code == SI_TIMER, value, tid_seen == (int)(long)t);
	timer_gettime(t, &left);
	printf("one-shot now disarmed: %lld\n", ms(&left.it_value));
	timer_delete(t);
	printf("deleted: gettime %d %s\n", timer_gettime(t, &left), errno == EINVAL ? "EINVAL" : "?");
	got = 0;
	timer_t a;
	timer_create(CLOCK_REALTIME, 0, &a);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_nsec += 20000000;
	if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
	struct itimerspec abs = {{0, 0}, now};
	timer_settime(a, TIMER_ABSTIME, &abs, 0);
	while (!got) pause();
	printf("NULL sigevent: SIGALRM %d, value is the id %d (absolute time)\n", got == SIGALRM, value == (int)(long)a);
	timer_delete(a);
}

static void overrun(void) {
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, 0);
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR2;
	timer_t t;
	timer_create(CLOCK_MONOTONIC, &ev, &t);
	struct itimerspec its = {{0, 20000000}, {0, 20000000}};
	timer_settime(t, 0, &its, 0);
	struct timespec d = {0, 110000000};
	nanosleep(&d, 0);
	siginfo_t si;
	struct timespec second = {1, 0};
	int sig = sigtimedwait(&s, &si, &second);
	printf("blocked 110 ms of a 20 ms timer: sigtimedwait %d, si_overrun %d, timer_getoverrun %d\n", sig == SIGUSR2, si.si_overrun, timer_getoverrun(t));
	timer_delete(t);
	struct timespec zero = {0, 0};
	printf("nothing more queued: %d %s\n", sigtimedwait(&s, &si, &zero), errno == EAGAIN ? "EAGAIN" : "?");
}

static void none_and_errors(void) {
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_NONE;
	timer_t t;
	timer_create(CLOCK_MONOTONIC, &ev, &t);
	struct itimerspec its = {{0, 0}, {1, 0}}, left, old;
	timer_settime(t, 0, &its, 0);
	struct timespec d = {0, 300000000};
	nanosleep(&d, 0);
	timer_gettime(t, &left);
	printf("SIGEV_NONE counts down: about 700 ms left %d\n", ms(&left.it_value) > 690 && ms(&left.it_value) <= 700);
	its.it_value.tv_nsec = 1000000000;
	printf("tv_nsec 1e9: %d %s\n", timer_settime(t, 0, &its, &old), errno == EINVAL ? "EINVAL" : "?");
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 65;
	printf("signal 65: %d %s\n", timer_create(CLOCK_MONOTONIC, &ev, &t), errno == EINVAL ? "EINVAL" : "?");
	printf("clock 99999: %d %s\n", timer_create((clockid_t)99999, 0, &t), errno == EINVAL ? "EINVAL" : "?");
}

static void thread_and_fork(void) {
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_value.sival_int = 7;
	ev.sigev_notify_function = notify;
	timer_t t;
	main_thread = pthread_self();
	if (timer_create(CLOCK_REALTIME, &ev, &t) != 0) {
		printf("SIGEV_THREAD: %s\n", errno == ENOSYS ? "ENOSYS" : "?");
		return;
	}
	struct itimerspec its = {{0, 0}, {0, 50000000}}, left;
	timer_settime(t, 0, &its, 0);
	pid_t c = fork();
	if (c == 0) {
		struct timespec d = {0, 100000000};
		nanosleep(&d, 0);
		printf("child: no timer (%d %s), not notified %d\n", timer_gettime(t, &left), errno == EINVAL ? "EINVAL" : "?", notified);
		_exit(0);
	}
	waitpid(c, 0, 0);
	while (!notified) { struct timespec d = {0, 10000000}; nanosleep(&d, 0); }
	printf("parent notified on another thread: %d\n", notified);
}

int main(void) {
	signal_timer();
	overrun();
	none_and_errors();
	thread_and_fork();
	return 0;
}
