/*
 * <sys/timerfd.h> — timerfd_create/settime/gettime on the lab's kernel (kernel/timerfd.ts, after
 * fs/timerfd.c): a timer whose expiries are read(2) as an 8-byte count (waiting for one unless
 * TFD_NONBLOCK), or waited for with poll and select. clib/runtime/timerfd.c.
 */
#ifndef _SYS_TIMERFD_H
#define _SYS_TIMERFD_H
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif

enum {
	TFD_TIMER_ABSTIME = 1 << 0,
#define TFD_TIMER_ABSTIME TFD_TIMER_ABSTIME
	TFD_TIMER_CANCEL_ON_SET = 1 << 1
#define TFD_TIMER_CANCEL_ON_SET TFD_TIMER_CANCEL_ON_SET
};
enum {
	TFD_CLOEXEC = 02000000,
#define TFD_CLOEXEC TFD_CLOEXEC
	TFD_NONBLOCK = 00004000
#define TFD_NONBLOCK TFD_NONBLOCK
};

int timerfd_create(clockid_t, int);
int timerfd_settime(int, int, const struct itimerspec *, struct itimerspec *);
int timerfd_gettime(int, struct itimerspec *);

#ifdef __cplusplus
}
#endif
#endif
