/*
 * <mqueue.h> — POSIX message queues, as glibc 2.36 declares them on Linux (librt).
 *
 * The kernel's ipc/mqueue.ts: a queue descriptor is a file descriptor (close-on-exec; poll
 * sees POLLIN/POLLOUT; mq_close is close); a name begins with '/'; highest priority first,
 * FIFO within one; defaults mq_maxmsg 10 and mq_msgsize 8192 (and those are a user's limits);
 * O_NONBLOCK's EAGAIN; the timed calls take an absolute CLOCK_REALTIME time (ETIMEDOUT).
 * mq_notify: SIGEV_SIGNAL, SIGEV_NONE, and SIGEV_THREAD under NPTL (timer.c's helper thread, as
 * SIGEV_THREAD timers; ENOSYS on the other libraries, as theirs).
 */
#ifndef _MQUEUE_H
#define _MQUEUE_H
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef int mqd_t;

struct mq_attr {
	long mq_flags;
	long mq_maxmsg;
	long mq_msgsize;
	long mq_curmsgs;
	long __pad[4];
};

mqd_t mq_open(const char *__name, int __oflag, ...);
int mq_close(mqd_t __mqdes);
int mq_getattr(mqd_t __mqdes, struct mq_attr *__mqstat);
int mq_setattr(mqd_t __mqdes, const struct mq_attr *__mqstat, struct mq_attr *__omqstat);
int mq_unlink(const char *__name);
int mq_notify(mqd_t __mqdes, const struct sigevent *__notification);
ssize_t mq_receive(mqd_t __mqdes, char *__msg_ptr, size_t __msg_len, unsigned int *__msg_prio);
int mq_send(mqd_t __mqdes, const char *__msg_ptr, size_t __msg_len, unsigned int __msg_prio);
ssize_t mq_timedreceive(mqd_t __mqdes, char *__msg_ptr, size_t __msg_len, unsigned int *__msg_prio,
	const struct timespec *__abs_timeout);
int mq_timedsend(mqd_t __mqdes, const char *__msg_ptr, size_t __msg_len, unsigned int __msg_prio,
	const struct timespec *__abs_timeout);

#ifdef __cplusplus
}
#endif
#endif
