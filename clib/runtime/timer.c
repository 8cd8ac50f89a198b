/*
 * timer.c — POSIX per-process timers (<time.h>: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete) and sigwaitinfo/sigtimedwait/sigqueue (<signal.h>).
 *
 * Mirrors glibc's sysdeps/unix/sysv/linux/timer_create.c and timer_routines.c (NPTL's librt):
 * SIGEV_SIGNAL, SIGEV_NONE and SIGEV_THREAD_ID go to the kernel's timer_create as they are;
 * SIGEV_THREAD is the library's: one helper thread per process, started on the first such
 * timer with every signal blocked, waits in sigwaitinfo for the timers' signal, which the
 * kernel sends to it alone (SIGEV_SIGNAL | SIGEV_THREAD_ID, the helper's tid), and for each
 * one starts a detached thread (with a copy of the sigevent's attributes) that calls
 * sigev_notify_function(sigev_value). A fork's child has no helper (and no timers): the next
 * SIGEV_THREAD timer there starts one. The timespec checks are the kernel's (EINVAL for a
 * tv_nsec outside [0, 10^9) or a negative tv_sec).
 *
 * Only under NPTL. LinuxThreads' librt (glibc 2.3's sysdeps/pthread timer_*.c) ran SIGEV_THREAD
 * timers on user-space timer threads of its own instead: a kernel timer could not signal a
 * LinuxThreads thread, each being a process of its own (good_sigevent's same-thread-group
 * check); neither NGPT 2.2.1 nor GNU Pth had timer_create. The lab does not model those, so
 * SIGEV_THREAD is ENOSYS there; the other kinds are the kernel's on every library.
 *
 * mq_notify's SIGEV_THREAD (ipc.c) uses the same helper, as glibc's mq_notify.c has its own:
 * glibc's listens on a netlink socket; the lab's kernel signals the helper thread instead
 * (kernel/ipc/mqueue.ts), with si_code SI_MESGQ and a record of the function, its value and
 * its attributes as the value; the helper starts the function's thread and frees the record.
 *
 * Simplifies: glibc's helper waits for SIGTIMER (= SIGCANCEL, signal 32), a signal the library
 * keeps to itself; a C program cannot wait for the lab's reserved signals through the library,
 * so the helper uses SIGRTMAX (64), which a program should then not send to the process. A
 * timer_t holds the kernel's id (glibc's too, except that it encodes SIGEV_THREAD timers as a
 * pointer); the runtime keeps LAB_TIMERS records by id (clock and SIGEV_THREAD data), so a
 * process holds at most LAB_TIMERS timers (EAGAIN).
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "lab.h"

#define LAB_TIMERS 256
#define LAB_SIGTIMER 64

int __lab_clock_number(clockid_t c, int *id); /* thread_np.c */

struct timer_rec {
	int clock;
	void (*fn)(union sigval);
	union sigval value;
	pthread_attr_t attr;
};
static struct timer_rec timers[LAB_TIMERS];

static pthread_mutex_t helper_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t helper_pid, helper_tid;
static sem_t helper_ready;

struct notify { void (*fn)(union sigval); union sigval value; int unblock; };

static void *notify_thread(void *arg) {
	struct notify n = *(struct notify *)arg;
	free(arg);
	if (n.unblock) { /* aio's notify_func_wrapper: its helper blocked every signal */
		sigset_t none;
		sigemptyset(&none);
		pthread_sigmask(SIG_SETMASK, &none, 0);
	}
	n.fn(n.value);
	return 0;
}

/*
 * A SIGEV_THREAD notification from a helper that blocks every signal (aio.c, as glibc's
 * __aio_notify_only): fn(value) on a new thread with the sigevent's attributes as they are
 * (none: a detached thread), its signal mask emptied first. 0, or -1 when out of memory; a
 * pthread_create failure goes unseen, as glibc's (it tests the error number for < 0).
 */
int __lab_sigev_thread(void (*fn)(union sigval), union sigval value, const pthread_attr_t *attr) {
	pthread_attr_t detached;
	pthread_t t;
	struct notify *n = malloc(sizeof *n);
	if (!n) return -1;
	n->fn = fn;
	n->value = value;
	n->unblock = 1;
	if (!attr) {
		pthread_attr_init(&detached);
		pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
		attr = &detached;
	}
	if (pthread_create(&t, attr, notify_thread, n) != 0) free(n);
	return 0;
}

static int start_helper(void);

/* An mq_notify SIGEV_THREAD record: the function's thread, with the attributes it asked for. */
struct mq_note { struct notify n; pthread_attr_t attr; };

static void mq_notified(struct mq_note *m) {
	struct notify *n = malloc(sizeof *n);
	pthread_t t;
	if (n) {
		*n = m->n;
		n->unblock = 0;
		if (pthread_create(&t, &m->attr, notify_thread, n) != 0) free(n);
	}
	free(m);
}

/* mq_notify(SIGEV_THREAD) (ipc.c): the kernel signals the helper, which starts the thread. */
int __lab_mq_notify_thread(int mqdes, const struct sigevent *ev) {
	if (!__lab_timer_thread_ok()) { errno = ENOSYS; return -1; }
	if (start_helper()) { errno = EAGAIN; return -1; }
	struct mq_note *m = malloc(sizeof *m);
	if (!m) { errno = ENOMEM; return -1; }
	m->n.fn = ev->sigev_notify_function;
	m->n.value = ev->sigev_value;
	if (ev->sigev_notify_attributes) memcpy(&m->attr, ev->sigev_notify_attributes, sizeof m->attr);
	else pthread_attr_init(&m->attr);
	pthread_attr_setdetachstate(&m->attr, PTHREAD_CREATE_DETACHED);
	struct sigevent k;
	memset(&k, 0, sizeof k);
	k.sigev_notify = SIGEV_THREAD;
	k.sigev_signo = LAB_SIGTIMER;
	k.sigev_value.sival_ptr = m;
	k.sigev_notify_thread_id = helper_tid;
	int r = __lab_mq_notify(mqdes, &k);
	if (r != 0) free(m);
	return r;
}

/* timer_helper_thread: a SIGEV_THREAD timer's signal carries its id; start its thread. */
static void *helper(void *arg) {
	(void)arg;
	sigset_t s;
	siginfo_t si;
	sigemptyset(&s);
	sigaddset(&s, LAB_SIGTIMER);
	helper_tid = gettid();
	sem_post(&helper_ready);
	for (;;) {
		if (sigwaitinfo(&s, &si) != LAB_SIGTIMER) continue;
		if (si.si_code == SI_MESGQ) {
			mq_notified(si.si_value.sival_ptr);
			continue;
		}
		if (si.si_code != SI_TIMER) continue;
		int id = si.si_timerid;
		if (id < 0 || id >= LAB_TIMERS || timers[id].fn == 0) continue;
		struct notify *n = malloc(sizeof *n);
		if (!n) continue;
		n->fn = timers[id].fn;
		n->value = timers[id].value;
		n->unblock = 0;
		pthread_t t;
		if (pthread_create(&t, &timers[id].attr, notify_thread, n) != 0) free(n);
	}
	return 0;
}

/* __start_helper_thread: once per process (a fork's child starts its own). */
static int start_helper(void) {
	int e = 0;
	pthread_mutex_lock(&helper_lock);
	if (helper_pid != getpid()) {
		sigset_t all, old;
		pthread_attr_t a;
		pthread_t t;
		sigfillset(&all);
		sem_init(&helper_ready, 0, 0);
		pthread_attr_init(&a);
		pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		e = pthread_create(&t, &a, helper, 0);
		pthread_sigmask(SIG_SETMASK, &old, 0);
		pthread_attr_destroy(&a);
		if (e == 0) {
			while (sem_wait(&helper_ready) != 0) {}
			helper_pid = getpid();
		}
	}
	pthread_mutex_unlock(&helper_lock);
	return e;
}

static int thread_timer(int clock, struct sigevent *ev, int *id) {
	if (!__lab_timer_thread_ok()) { errno = ENOSYS; return -1; }
	int e = start_helper();
	if (e) { errno = EAGAIN; return -1; }
	int kev[4] = {SIGEV_SIGNAL | SIGEV_THREAD_ID, LAB_SIGTIMER, 0, helper_tid};
	/* the signal's si_timerid names the timer */
	if (__lab_timer_create(clock, kev, id) != 0) return -1;
	if (*id >= LAB_TIMERS) return 0;
	struct timer_rec *r = &timers[*id];
	r->fn = ev->sigev_notify_function;
	r->value = ev->sigev_value;
	if (ev->sigev_notify_attributes) memcpy(&r->attr, ev->sigev_notify_attributes, sizeof r->attr);
	else pthread_attr_init(&r->attr);
	pthread_attr_setdetachstate(&r->attr, PTHREAD_CREATE_DETACHED);
	return 0;
}

int timer_create(clockid_t c, struct sigevent *ev, timer_t *out) {
	int clock, id;
	if (__lab_clock_number(c, &clock) != 0) { errno = EINVAL; return -1; }
	if (ev && ev->sigev_notify == SIGEV_THREAD) {
		if (thread_timer(clock, ev, &id) != 0) return -1;
	} else {
		int kev[4] = {0, 0, 0, 0};
		if (ev) {
			kev[0] = ev->sigev_notify;
			kev[1] = ev->sigev_signo;
			kev[2] = ev->sigev_value.sival_int;
			kev[3] = ev->sigev_notify_thread_id;
		}
		if (__lab_timer_create(clock, ev ? kev : 0, &id) != 0) return -1;
		if (id < LAB_TIMERS) timers[id].fn = 0;
	}
	if (id >= LAB_TIMERS) { __lab_timer_delete(id); errno = EAGAIN; return -1; }
	timers[id].clock = clock;
	*out = (timer_t)(long)id;
	return 0;
}

/* The id the kernel knows a timer_t by (an out-of-range one is still passed: EINVAL there). */
static int kid(timer_t t) { return (int)(long)t; }

static int bad_ts(const struct timespec *ts) { return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L; }
static long long ts_ns(const struct timespec *ts) { return ts->tv_sec * 1000000000LL + ts->tv_nsec; }
static void ns_ts(long long n, struct timespec *ts) { ts->tv_sec = n / 1000000000LL; ts->tv_nsec = n % 1000000000LL; }

int timer_settime(timer_t t, int flags, const struct itimerspec *nv, struct itimerspec *old) {
	long long in[2], out[2] = {0, 0};
	if (!nv) { errno = EFAULT; return -1; }
	if (bad_ts(&nv->it_value) || bad_ts(&nv->it_interval)) { errno = EINVAL; return -1; }
	in[0] = ts_ns(&nv->it_value);
	in[1] = ts_ns(&nv->it_interval);
	int id = kid(t), rt = id >= 0 && id < LAB_TIMERS && timers[id].clock == 0;
	int r = __lab_timer_settime(id, flags, rt, in, old ? out : 0);
	if (r == 0 && old) {
		ns_ts(out[0], &old->it_value);
		ns_ts(out[1], &old->it_interval);
	}
	return r;
}

int timer_gettime(timer_t t, struct itimerspec *v) {
	long long out[2] = {0, 0};
	int r = __lab_timer_gettime(kid(t), out);
	if (r == 0) {
		ns_ts(out[0], &v->it_value);
		ns_ts(out[1], &v->it_interval);
	}
	return r;
}

int timer_getoverrun(timer_t t) { return __lab_timer_getoverrun(kid(t)); }

int timer_delete(timer_t t) {
	int id = kid(t), r = __lab_timer_delete(id);
	if (r == 0 && id >= 0 && id < LAB_TIMERS) timers[id].fn = 0;
	return r;
}

/* glibc's sigqueue: rt_sigqueueinfo with si_code SI_QUEUE and the value. */
int sigqueue(pid_t pid, int sig, const union sigval value) { return __lab_sigqueue(pid, sig, value.sival_int); }

int sigwaitinfo(const sigset_t *set, siginfo_t *info) { return __lab_sigwaitinfo(set, info, 0); }

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *ts) {
	if (!ts) return __lab_sigwaitinfo(set, info, 0);
	if (bad_ts(ts)) { errno = EINVAL; return -1; }
	long long ns = ts_ns(ts);
	return __lab_sigwaitinfo(set, info, &ns);
}
