/*
 * aio.c — the <aio.h> calls (glibc 2.36's rt/aio_read.c, aio_write.c, aio_fsync.c, aio_error.c,
 * aio_return.c, aio_suspend.c, aio_cancel.c, lio_listio-common.c) over aio_misc.c's request
 * lists and helper threads. See aio_misc.c for the model and what it simplifies.
 */
#define _GNU_SOURCE
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "aio_misc.h"

int aio_read(struct aiocb *a) { return __aio_enqueue_request(a, LIO_READ) == NULL ? -1 : 0; }
int aio_write(struct aiocb *a) { return __aio_enqueue_request(a, LIO_WRITE) == NULL ? -1 : 0; }

int aio_fsync(int op, struct aiocb *a) {
	if (op != O_DSYNC && op != O_SYNC) { errno = EINVAL; return -1; }
	if (fcntl(a->aio_fildes, F_GETFL) == -1) { errno = EBADF; return -1; }
	return __aio_enqueue_request(a, op == O_SYNC ? LIO_SYNC : LIO_DSYNC) == NULL ? -1 : 0;
}

int aio_error(const struct aiocb *a) {
	pthread_mutex_lock(&__aio_requests_mutex);
	int ret = a->__error_code;
	pthread_mutex_unlock(&__aio_requests_mutex);
	return ret;
}

ssize_t aio_return(struct aiocb *a) { return a->__return_value; }

/* aio_suspend.c's cleanup: a cancelled waiter's entries leave the requests' waiting lists. */
struct clparam {
	const struct aiocb *const *list;
	struct waitlist *waitlist;
	struct requestlist **requestlist;
	pthread_cond_t *cond;
	int nent, futex;
};

static void suspend_cleanup(void *arg) {
	const struct clparam *p = arg;
	if (p->futex) pthread_mutex_lock(&__aio_requests_mutex); /* the futex wait had let it go */
	__aio_unwait(p->list, p->nent, p->waitlist, p->requestlist);
	if (!p->futex) pthread_cond_destroy(p->cond);
	pthread_mutex_unlock(&__aio_requests_mutex);
}

int aio_suspend(const struct aiocb *const list[], int nent, const struct timespec *timeout) {
	if (nent < 0) { errno = EINVAL; return -1; }
	struct waitlist waitlist[nent > 0 ? nent : 1];
	struct requestlist *requestlist[nent > 0 ? nent : 1];
	pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
	int futex = __aio_futex_waits(), cnt, any = 0, result = 0;
	volatile unsigned int cntr = 1;
	pthread_mutex_lock(&__aio_requests_mutex);
	for (cnt = 0; cnt < nent; ++cnt)
		if (list[cnt] != NULL) {
			if (list[cnt]->__error_code != EINPROGRESS) break; /* one is done: never suspend */
			requestlist[cnt] = __aio_find_req(list[cnt]);
			if (requestlist[cnt] == NULL) break;
			waitlist[cnt] = (struct waitlist){requestlist[cnt]->waiting, futex ? NULL : &cond, NULL, &cntr, NULL};
			requestlist[cnt]->waiting = &waitlist[cnt];
			any = 1;
		}
	struct timespec ts;
	if (timeout != NULL) __aio_deadline(timeout, futex, &ts);
	if (cnt == nent && any) {
		struct clparam clp = {list, waitlist, requestlist, &cond, cnt, futex};
		pthread_cleanup_push(suspend_cleanup, &clp);
		result = __aio_misc_wait(&cntr, futex ? NULL : &cond, timeout ? &ts : NULL, 1);
		pthread_cleanup_pop(0);
	}
	__aio_unwait(list, cnt, waitlist, requestlist);
	pthread_cond_destroy(&cond);
	if (result != 0) { errno = result; result = -1; }
	pthread_mutex_unlock(&__aio_requests_mutex);
	return result;
}

/* aio_cancel's requests, once off the lists: ECANCELED, notified, freed (mutex held). */
static void cancel_chain(struct requestlist *req) {
	while (req != NULL) {
		struct requestlist *old = req;
		req->aiocbp->__error_code = ECANCELED;
		req->aiocbp->__return_value = -1;
		__aio_notify(req);
		req = req->next_prio;
		__aio_free_request(old);
	}
}

/* aio_cancel(fd, aiocbp): one request; -1 (EINVAL) for one not of fd or not found. */
static int cancel_one(int fildes, struct aiocb *aiocbp, struct requestlist **out) {
	if (aiocbp->aio_fildes != fildes) return -1;
	if (aiocbp->__error_code != EINPROGRESS) return AIO_ALLDONE;
	struct requestlist *last = NULL, *req = __aio_find_req_fd(fildes);
	while (req != NULL && req->aiocbp != aiocbp) { last = req; req = req->next_prio; }
	if (req == NULL) return -1;
	if (req->running == allocated) return AIO_NOTCANCELED; /* a helper has it */
	__aio_remove_request(last, req, 0);
	req->next_prio = NULL;
	*out = req;
	return AIO_CANCELED;
}

/* aio_cancel(fd, NULL): every request of fd but the one a helper works on (the first). */
static int cancel_fd(int fildes, struct requestlist **out) {
	struct requestlist *req = __aio_find_req_fd(fildes);
	if (req == NULL) return AIO_ALLDONE;
	if (req->running != allocated) {
		__aio_remove_request(NULL, req, 1);
		*out = req;
		return AIO_CANCELED;
	}
	struct requestlist *old = req;
	req = req->next_prio;
	old->next_prio = NULL;
	if (req != NULL) __aio_remove_request(old, req, 1);
	*out = req;
	return AIO_NOTCANCELED;
}

int aio_cancel(int fildes, struct aiocb *aiocbp) {
	struct requestlist *req = NULL;
	if (fcntl(fildes, F_GETFL) < 0) { errno = EBADF; return -1; }
	pthread_mutex_lock(&__aio_requests_mutex);
	int result = aiocbp != NULL ? cancel_one(fildes, aiocbp, &req) : cancel_fd(fildes, &req);
	if (result < 0) { pthread_mutex_unlock(&__aio_requests_mutex); errno = EINVAL; return -1; }
	cancel_chain(req);
	pthread_mutex_unlock(&__aio_requests_mutex);
	return result;
}

/* lio_listio(LIO_WAIT): wait for every request (mutex held); EIO if one failed, EINTR. */
static int listio_wait(struct aiocb *const list[], int nent, struct requestlist **requests, int result) {
	struct waitlist waitlist[nent];
	pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
	int futex = __aio_futex_waits();
	volatile unsigned int total = 0;
	for (int cnt = 0; cnt < nent; ++cnt)
		if (requests[cnt] != NULL && list[cnt]->aio_lio_opcode != LIO_NOP) {
			waitlist[cnt] = (struct waitlist){requests[cnt]->waiting, futex ? NULL : &cond, &result, &total, NULL};
			requests[cnt]->waiting = &waitlist[cnt];
			++total;
		}
	if (futex && __aio_misc_wait(&total, NULL, NULL, 0) == EINTR) {
		/* glibc leaves the records of unfinished requests pointing at this frame: off them */
		__aio_unwait((const struct aiocb *const *)list, nent, waitlist, requests);
		result = EINTR;
	}
	else while (total > 0) __aio_misc_wait(&total, &cond, NULL, 0); /* not a cancellation point */
	pthread_cond_destroy(&cond);
	if (result != 0) { errno = result == EINTR ? EINTR : EIO; return -1; }
	return 0;
}

/* lio_listio(LIO_NOWAIT): the sigevent goes with the last request to finish (mutex held). */
static int listio_nowait(struct aiocb *const list[], int nent, struct requestlist **requests, struct sigevent *sig, int result) {
	struct async_waitlist { unsigned int counter; struct sigevent sigev; struct waitlist list[]; } *w;
	w = malloc(sizeof *w + nent * sizeof(struct waitlist));
	if (w == NULL) { errno = EAGAIN; return -1; }
	unsigned int total = 0;
	for (int cnt = 0; cnt < nent; ++cnt)
		if (requests[cnt] != NULL && list[cnt]->aio_lio_opcode != LIO_NOP) {
			w->list[cnt] = (struct waitlist){requests[cnt]->waiting, NULL, NULL, &w->counter, &w->sigev};
			requests[cnt]->waiting = &w->list[cnt];
			++total;
		}
	w->counter = total;
	w->sigev = *sig;
	return result;
}

int lio_listio(int mode, struct aiocb *const list[], int nent, struct sigevent *sig) {
	struct sigevent defsigev;
	if (mode != LIO_WAIT && mode != LIO_NOWAIT) { errno = EINVAL; return -1; }
	if (nent < 0) { errno = EINVAL; return -1; }
	struct requestlist *requests[nent > 0 ? nent : 1];
	int cnt, total = 0, result = 0;
	if (sig == NULL) { memset(&defsigev, 0, sizeof defsigev); defsigev.sigev_notify = SIGEV_NONE; sig = &defsigev; }
	pthread_mutex_lock(&__aio_requests_mutex);
	for (cnt = 0; cnt < nent; ++cnt) {
		requests[cnt] = NULL;
		if (list[cnt] == NULL || list[cnt]->aio_lio_opcode == LIO_NOP) continue;
		requests[cnt] = __aio_enqueue_request(list[cnt], list[cnt]->aio_lio_opcode);
		if (requests[cnt] != NULL) ++total;
		else result = -1;
	}
	if (total == 0) {
		pthread_mutex_unlock(&__aio_requests_mutex);
		if (mode == LIO_NOWAIT) __aio_notify_only(sig, getpid());
		return result;
	}
	result = mode == LIO_WAIT ? listio_wait(list, nent, requests, result) : listio_nowait(list, nent, requests, sig, result);
	pthread_mutex_unlock(&__aio_requests_mutex);
	return result;
}

