/*
 * aio_misc.c — POSIX asynchronous I/O (<aio.h>), the machinery: glibc 2.36's user-level
 * implementation, on the chosen thread library's own pthread_create, mutexes and condition
 * variables (the calls themselves: aio.c).
 *
 * Mirrors rt/aio_misc.c (__aio_enqueue_request, handle_fildes_io, __aio_remove_request,
 * add_request_to_runlist), rt/aio_notify.c (__aio_notify, __aio_notify_only), aio_suspend.c,
 * aio_cancel.c, aio_fsync.c, lio_listio-common.c, aio_error.c, aio_return.c and
 * sysdeps/unix/sysv/linux/aio_misc.h + aio_sigqueue.c:
 *  - one request list per descriptor (requests, sorted by fd; next_prio within an fd), a run
 *    list ordered by priority; at most one helper works on a descriptor at a time;
 *  - helpers are detached threads made with every signal blocked (__aio_create_helper_thread);
 *    up to 20 (aio_init's aio_threads); an idle helper lingers aio_idle_time (1 s) on a
 *    condition variable for new work before it exits;
 *  - a helper does pread/pwrite (read/write when the kernel says ESPIPE), fsync or fdatasync,
 *    then under the lock sets __error_code/__return_value and notifies: SIGEV_SIGNAL is
 *    rt_sigqueueinfo with si_code SI_ASYNCIO and the sigevent's value; SIGEV_THREAD starts
 *    sigev_notify_function on a thread of its own (timer.c's __lab_sigev_thread, with the
 *    sigevent's attributes, its mask emptied as notify_func_wrapper's); waiters in aio_suspend
 *    and lio_listio(LIO_WAIT) are counted down and woken;
 *  - EINVAL for a bad aio_reqprio (at submission), a bad lio_opcode or negative offset (from
 *    the helper: aio_error), EBADF of a bad descriptor through aio_error (aio_fsync and
 *    aio_cancel check it first, with fcntl); aio_cancel's AIO_CANCELED / AIO_NOTCANCELED (the
 *    request a helper holds) / AIO_ALLDONE; aio_suspend's EAGAIN (timeout) and EINTR;
 *    lio_listio's EIO when a request failed (each aiocb has its error), EAGAIN / EINVAL.
 *
 * How waiters sleep depends on the library, as it did in glibc: NPTL's aio_misc.h waits on a
 *   futex word (a handled signal ends the wait: aio_suspend's EINTR). A raw futex wait blocks
 *   the whole native under NGPT and green (rules 33, 34), so there the runtime uses glibc's
 *   generic aio_misc.h — a condition variable, which a signal does not end (no EINTR; what
 *   glibc did before NPTL). LinuxThreads threads are tasks of their own: the futex, as NPTL.
 * SIGEV_SIGNAL goes to the submitter's pid, recorded at submission (glibc 2.3's caller_pid,
 *   kept for LinuxThreads, whose helper has a pid of its own); 2.36 asks getpid() in the helper.
 * Simplifies: requests are malloc'd one by one (glibc keeps rows of a pool); a request's
 *   priority is -aio_reqprio (glibc adds the submitter's sched_priority and gives the helper
 *   that priority and policy); helpers have the default stack size; nothing is done at fork
 *   (glibc does nothing either).
 * aio_suspend is a cancellation point (AIO_MISC_WAIT's cancel argument 1: the futex wait with
 *   asynchronous cancellation, or the condition wait; a cleanup handler takes its waitlist
 *   entries off the requests and lets the mutex go); lio_listio's LIO_WAIT is not (0).
 */
#define _GNU_SOURCE
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#include <time.h>
#include <unistd.h>
#include "lab.h"
#include "aio_misc.h"

static struct requestlist *runlist, *requests;
static int nthreads, idle_thread_count;
static struct aioinit optim = {20, 64, 0, 0, 0, 0, 1, 0};
pthread_mutex_t __aio_requests_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_cond_t aio_new_request_notification = PTHREAD_COND_INITIALIZER;

static void *handle_fildes_io(void *arg);

int __aio_futex_waits(void) { return __lab_aio_futex_ok(); }

void __aio_free_request(struct requestlist *r) { free(r); }

struct requestlist *__aio_find_req_fd(int fildes) {
	struct requestlist *runp = requests;
	while (runp != NULL && runp->aiocbp->aio_fildes < fildes) runp = runp->next_fd;
	return runp != NULL && runp->aiocbp->aio_fildes == fildes ? runp : NULL;
}

struct requestlist *__aio_find_req(const struct aiocb *elem) {
	struct requestlist *runp = __aio_find_req_fd(elem->aio_fildes);
	while (runp != NULL && runp->aiocbp != elem) runp = runp->next_prio;
	return runp;
}

static void add_request_to_runlist(struct requestlist *newrequest) {
	int prio = newrequest->aiocbp->__abs_prio;
	if (runlist == NULL || runlist->aiocbp->__abs_prio < prio) {
		newrequest->next_run = runlist;
		runlist = newrequest;
		return;
	}
	struct requestlist *runp = runlist;
	while (runp->next_run != NULL && runp->next_run->aiocbp->__abs_prio >= prio) runp = runp->next_run;
	newrequest->next_run = runp->next_run;
	runp->next_run = newrequest;
}

static void unlink_from_runlist(struct requestlist *req) {
	struct requestlist *runp = runlist, *last = NULL;
	for (; runp != NULL; last = runp, runp = runp->next_run)
		if (runp == req) {
			if (last == NULL) runlist = runp->next_run;
			else last->next_run = runp->next_run;
			return;
		}
}

/* __aio_remove_request: take req (and, with all, the rest of its fd's list) out. */
void __aio_remove_request(struct requestlist *last, struct requestlist *req, int all) {
	if (last != NULL) { last->next_prio = all ? NULL : req->next_prio; return; }
	if (all || req->next_prio == NULL) {
		if (req->last_fd != NULL) req->last_fd->next_fd = req->next_fd;
		else requests = req->next_fd;
		if (req->next_fd != NULL) req->next_fd->last_fd = req->last_fd;
	} else {
		if (req->last_fd != NULL) req->last_fd->next_fd = req->next_prio;
		else requests = req->next_prio;
		if (req->next_fd != NULL) req->next_fd->last_fd = req->next_prio;
		req->next_prio->last_fd = req->last_fd;
		req->next_prio->next_fd = req->next_fd;
		req->next_prio->running = yes; /* the fd's next request may now run */
	}
	if (req->running == yes) unlink_from_runlist(req);
}

/* __aio_create_helper_thread: detached, with every signal blocked. */
static int create_helper(void *arg) {
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int ret = pthread_create(&t, &attr, handle_fildes_io, arg);
	pthread_sigmask(SIG_SETMASK, &old, 0);
	pthread_attr_destroy(&attr);
	return ret;
}

/* Where a new request goes: after the running one of its fd (queued), or a new fd (yes). */
static int link_request(struct requestlist *newp, int prio) {
	struct requestlist *last = NULL, *runp = requests;
	int fd = newp->aiocbp->aio_fildes;
	while (runp != NULL && runp->aiocbp->aio_fildes < fd) { last = runp; runp = runp->next_fd; }
	if (runp != NULL && runp->aiocbp->aio_fildes == fd) {
		while (runp->next_prio != NULL && runp->next_prio->aiocbp->__abs_prio >= prio) runp = runp->next_prio;
		newp->next_prio = runp->next_prio;
		runp->next_prio = newp;
		return queued;
	}
	newp->last_fd = last;
	newp->next_fd = last == NULL ? requests : last->next_fd;
	if (last == NULL) requests = newp;
	else last->next_fd = newp;
	if (newp->next_fd != NULL) newp->next_fd->last_fd = newp;
	newp->next_prio = NULL;
	return yes;
}

/* __aio_enqueue_request: the request's entry, or NULL with errno (and __error_code) set. */
struct requestlist *__aio_enqueue_request(struct aiocb *aiocbp, int operation) {
	int result = 0;
	if (operation == LIO_SYNC || operation == LIO_DSYNC) aiocbp->aio_reqprio = 0;
	else if (aiocbp->aio_reqprio < 0 || aiocbp->aio_reqprio > AIO_PRIO_DELTA_MAX) {
		errno = EINVAL;
		aiocbp->__error_code = EINVAL;
		aiocbp->__return_value = -1;
		return NULL;
	}
	int prio = -aiocbp->aio_reqprio;
	pthread_mutex_lock(&__aio_requests_mutex);
	struct requestlist *newp = calloc(1, sizeof *newp);
	if (newp == NULL) { pthread_mutex_unlock(&__aio_requests_mutex); errno = EAGAIN; return NULL; }
	newp->aiocbp = aiocbp;
	newp->caller_pid = getpid();
	aiocbp->__abs_prio = prio;
	aiocbp->__policy = SCHED_OTHER;
	aiocbp->aio_lio_opcode = operation;
	aiocbp->__error_code = EINPROGRESS;
	aiocbp->__return_value = 0;
	int running = link_request(newp, prio);
	if (running == yes && nthreads < optim.aio_threads && idle_thread_count == 0) {
		running = newp->running = allocated;
		result = create_helper(newp);
		if (result == 0) ++nthreads;
		else {
			running = newp->running = yes;
			if (nthreads == 0) __aio_remove_request(NULL, newp, 0);
			else result = 0;
		}
	}
	if (running == yes && result == 0) {
		add_request_to_runlist(newp);
		if (idle_thread_count > 0) pthread_cond_signal(&aio_new_request_notification);
	}
	if (result == 0) newp->running = running;
	else {
		__aio_free_request(newp);
		aiocbp->__error_code = result;
		errno = result;
		newp = NULL;
	}
	pthread_mutex_unlock(&__aio_requests_mutex);
	return newp;
}

/* __aio_sigqueue: rt_sigqueueinfo(pid, sig) with si_code SI_ASYNCIO and the value. */
static int aio_sigqueue(int sig, union sigval val, pid_t pid) { return __lab_aio_sigqueue(pid, sig, val.sival_int); }

/* __aio_notify_only: the sigevent's signal or thread (SIGEV_NONE: nothing). 0, or -1. */
int __aio_notify_only(struct sigevent *sigev, pid_t caller_pid) {
	if (sigev->sigev_notify == SIGEV_THREAD)
		return __lab_sigev_thread(sigev->sigev_notify_function, sigev->sigev_value, sigev->sigev_notify_attributes);
	if (sigev->sigev_notify == SIGEV_SIGNAL)
		return aio_sigqueue(sigev->sigev_signo, sigev->sigev_value, caller_pid) < 0 ? -1 : 0;
	return 0;
}

/* AIO_MISC_NOTIFY: count a waiter down; the last completion it waits for wakes it. */
static void misc_notify(struct waitlist *w) {
	if (w->cond != NULL) {
		--*w->counterp;
		pthread_cond_signal(w->cond);
	} else if (*w->counterp > 0 && --*w->counterp == 0)
		syscall(SYS_futex, w->counterp, FUTEX_WAKE_PRIVATE, 1);
}

/* __aio_notify: the request's own notification, then its waiters (mutex held). */
void __aio_notify(struct requestlist *req) {
	struct aiocb *aiocbp = req->aiocbp;
	if (__aio_notify_only(&aiocbp->aio_sigevent, req->caller_pid) != 0) {
		aiocbp->__error_code = errno;
		aiocbp->__return_value = -1;
	}
	struct waitlist *w = req->waiting;
	while (w != NULL) {
		struct waitlist *next = w->next;
		if (w->sigevp == NULL) {
			if (w->result != NULL && aiocbp->__return_value == -1) *w->result = -1;
			misc_notify(w);
		} else if (--*w->counterp == 0) {
			/* the last request of a lio_listio(LIO_NOWAIT): its sigevent; the record goes */
			__aio_notify_only(w->sigevp, req->caller_pid);
			free((void *)w->counterp);
		}
		w = next;
	}
}

/* The request's system call (TEMP_FAILURE_RETRY: EINTR tries again); ESPIPE: read/write. */
static ssize_t do_io(struct aiocb *a) {
	ssize_t r;
	int fd = a->aio_fildes;
	void *buf = (void *)a->aio_buf;
	switch (a->aio_lio_opcode) {
	case LIO_READ:
		do r = pread(fd, buf, a->aio_nbytes, a->aio_offset); while (r == -1 && errno == EINTR);
		if (r == -1 && errno == ESPIPE) do r = read(fd, buf, a->aio_nbytes); while (r == -1 && errno == EINTR);
		return r;
	case LIO_WRITE:
		do r = pwrite(fd, buf, a->aio_nbytes, a->aio_offset); while (r == -1 && errno == EINTR);
		if (r == -1 && errno == ESPIPE) do r = write(fd, buf, a->aio_nbytes); while (r == -1 && errno == EINTR);
		return r;
	case LIO_DSYNC:
		do r = fdatasync(fd); while (r == -1 && errno == EINTR);
		return r;
	case LIO_SYNC:
		do r = fsync(fd); while (r == -1 && errno == EINTR);
		return r;
	default:
		errno = EINVAL;
		return -1;
	}
}

/* A finished request: its results, its notifications, the fd's next request to the run list. */
static void finish_request(struct requestlist *runp) {
	struct aiocb *a = runp->aiocbp;
	a->__error_code = a->__return_value == -1 ? errno : 0;
	__aio_notify(runp);
	runp->running = done;
	__aio_remove_request(NULL, runp, 0);
	if (runp->next_prio != NULL) add_request_to_runlist(runp->next_prio);
	__aio_free_request(runp);
}

/* An idle helper waits aio_idle_time seconds for new work (mutex held); the run list's head. */
static struct requestlist *idle_wait(void) {
	struct timespec t;
	++idle_thread_count;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += optim.aio_idle_time;
	pthread_cond_timedwait(&aio_new_request_notification, &__aio_requests_mutex, &t);
	--idle_thread_count;
	return runlist;
}

/* Take runp off the run list; with more work waiting, wake an idle helper or start one. */
static void take_request(struct requestlist *runp) {
	runp->running = allocated;
	runlist = runp->next_run;
	if (runlist == NULL) return;
	if (idle_thread_count > 0) pthread_cond_signal(&aio_new_request_notification);
	else if (nthreads < optim.aio_threads && create_helper(NULL) == 0) ++nthreads;
}

/* handle_fildes_io: a helper's loop. */
static void *handle_fildes_io(void *arg) {
	struct requestlist *runp = arg;
	do {
		if (runp == NULL) pthread_mutex_lock(&__aio_requests_mutex);
		else {
			ssize_t r = do_io(runp->aiocbp);
			int e = errno;
			pthread_mutex_lock(&__aio_requests_mutex);
			runp->aiocbp->__return_value = r;
			errno = e;
			finish_request(runp);
		}
		runp = runlist;
		if (runp == NULL && optim.aio_idle_time >= 0) runp = idle_wait();
		if (runp == NULL) --nthreads;
		else take_request(runp);
		pthread_mutex_unlock(&__aio_requests_mutex);
	} while (runp != NULL);
	return NULL;
}

void aio_init(const struct aioinit *init) {
	pthread_mutex_lock(&__aio_requests_mutex);
	if (nthreads == 0 && requests == NULL) optim.aio_threads = init->aio_threads < 1 ? 1 : init->aio_threads;
	if (init->aio_idle_time != 0) optim.aio_idle_time = init->aio_idle_time;
	pthread_mutex_unlock(&__aio_requests_mutex);
}

/* AIO_MISC_WAIT (mutex held, released while asleep): 0, EINTR, or EAGAIN when `abs` passes. */
int __aio_misc_wait(volatile unsigned int *word, pthread_cond_t *cond, const struct timespec *abs, int cancel) {
	int status = 0, old;
	if (cond != NULL) { /* glibc's generic aio_misc.h: the wait is a cancellation point only if asked */
		if (!cancel) pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
		status = abs ? pthread_cond_timedwait(cond, &__aio_requests_mutex, abs) : pthread_cond_wait(cond, &__aio_requests_mutex);
		if (!cancel) pthread_setcancelstate(old, NULL);
		return status == ETIMEDOUT ? EAGAIN : 0;
	}
	unsigned int oldval = *word;
	if (oldval == 0) return 0;
	pthread_mutex_unlock(&__aio_requests_mutex);
	do {
		struct timespec now, rel, *rp = NULL;
		if (abs != NULL) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			rel.tv_sec = abs->tv_sec - now.tv_sec;
			rel.tv_nsec = abs->tv_nsec - now.tv_nsec;
			if (rel.tv_nsec < 0) { rel.tv_nsec += 1000000000; rel.tv_sec--; }
			if (rel.tv_sec < 0) { status = ETIMEDOUT; break; }
			rp = &rel;
		}
		/* futex_reltimed_wait_cancelable: asynchronous cancellation around the wait */
		if (cancel) pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
		status = syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, oldval, rp) == 0 ? 0 : errno;
		if (cancel) pthread_setcanceltype(old, NULL);
		if (status != EAGAIN) break;
		oldval = *word;
	} while (oldval != 0);
	pthread_mutex_lock(&__aio_requests_mutex);
	if (status == EINTR) return EINTR;
	return status == ETIMEDOUT ? EAGAIN : 0;
}

/* The deadline of a relative timeout: CLOCK_MONOTONIC for the futex, the condition's REALTIME. */
void __aio_deadline(const struct timespec *timeout, int futex, struct timespec *ts) {
	clock_gettime(futex ? CLOCK_MONOTONIC : CLOCK_REALTIME, ts);
	ts->tv_sec += timeout->tv_sec;
	ts->tv_nsec += timeout->tv_nsec;
	if (ts->tv_nsec >= 1000000000) { ts->tv_nsec -= 1000000000; ts->tv_sec++; }
}

/* Take aio_suspend's waiting records off the requests that did not finish (mutex held). */
void __aio_unwait(const struct aiocb *const list[], int cnt, struct waitlist *waitlist, struct requestlist **requestlist) {
	while (cnt-- > 0)
		if (list[cnt] != NULL && list[cnt]->__error_code == EINPROGRESS) {
			struct waitlist **listp = &requestlist[cnt]->waiting;
			while (*listp != NULL && *listp != &waitlist[cnt]) listp = &(*listp)->next;
			if (*listp != NULL) *listp = (*listp)->next;
		}
}

