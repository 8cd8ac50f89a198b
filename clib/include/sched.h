/*
 * <sched.h> — wasi-libc's (struct sched_param; sched_yield() reaches the chosen library's
 * sched_yield through the WASI sched_yield call the lab implements), plus the scheduling
 * policy calls (clib/runtime/sched.c). The lab's kernel schedules every task as SCHED_OTHER:
 * there are no real-time classes. Asking for SCHED_FIFO or SCHED_RR is refused as Linux
 * refuses an unprivileged user (EPERM: RLIMIT_RTPRIO is 0); as root it is ENOSYS, with a line
 * on stderr saying the lab has no real-time classes.
 */
#ifndef _THREADLAB_SCHED_H
#define _THREADLAB_SCHED_H
#include_next <sched.h>
#ifdef __cplusplus
extern "C" {
#endif

#ifndef SCHED_OTHER
#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#endif

int sched_get_priority_max(int);
int sched_get_priority_min(int);
int sched_getscheduler(pid_t);
int sched_getparam(pid_t, struct sched_param *);
int sched_setscheduler(pid_t, int, const struct sched_param *);
int sched_setparam(pid_t, const struct sched_param *);
int sched_rr_get_interval(pid_t, struct timespec *);

#ifdef __cplusplus
}
#endif
#endif
