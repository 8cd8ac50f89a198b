/*
 * aio_misc.h — the runtime's private aio interface between aio_misc.c (request lists, helper
 * threads, notification, waits) and aio.c (the <aio.h> calls): glibc's sysdeps/generic/aio_misc.h.
 */
#ifndef _THREADLAB_RUNTIME_AIO_MISC_H
#define _THREADLAB_RUNTIME_AIO_MISC_H
#include <aio.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

enum { LIO_DSYNC = LIO_NOP + 1, LIO_SYNC };
enum { no, queued, yes, allocated, done }; /* a request's state */

struct waitlist {
	struct waitlist *next;
	pthread_cond_t *cond;             /* the generic (condition variable) wait; 0: the futex */
	int *result;
	volatile unsigned int *counterp;
	struct sigevent *sigevp;          /* lio_listio(LIO_NOWAIT)'s notification */
};

struct requestlist {
	int running;
	struct requestlist *last_fd, *next_fd, *next_prio, *next_run;
	struct aiocb *aiocbp;
	struct waitlist *waiting;
	pid_t caller_pid;
};

extern pthread_mutex_t __aio_requests_mutex; /* recursive: lio_listio enqueues holding it */
struct requestlist *__aio_enqueue_request(struct aiocb *aiocbp, int operation);
struct requestlist *__aio_find_req(const struct aiocb *elem);
struct requestlist *__aio_find_req_fd(int fildes);
void __aio_remove_request(struct requestlist *last, struct requestlist *req, int all);
void __aio_free_request(struct requestlist *req);
void __aio_notify(struct requestlist *req);
int __aio_notify_only(struct sigevent *sigev, pid_t caller_pid);
int __aio_futex_waits(void);
int __aio_misc_wait(volatile unsigned int *word, pthread_cond_t *cond, const struct timespec *abs, int cancel);
void __aio_deadline(const struct timespec *timeout, int futex, struct timespec *ts);
void __aio_unwait(const struct aiocb *const list[], int cnt, struct waitlist *waitlist, struct requestlist **requestlist);
int __lab_sigev_thread(void (*fn)(union sigval), union sigval value, const pthread_attr_t *attr); /* timer.c */
#endif
