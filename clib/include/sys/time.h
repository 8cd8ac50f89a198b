/*
 * <sys/time.h> — wasi-libc's (struct timeval, gettimeofday) plus the interval timers, which
 * WASI lacks: setitimer/getitimer on the lab's kernel (clib/runtime/itimer.c). ITIMER_REAL
 * sends SIGALRM and is the timer alarm() sets; ITIMER_VIRTUAL (the process's user time) sends
 * SIGVTALRM, ITIMER_PROF (user + system time) SIGPROF — times rounded up to a tick, as 2.6's.
 */
#ifndef _THREADLAB_SYS_TIME_H
#define _THREADLAB_SYS_TIME_H
#include_next <sys/time.h>
#ifdef __cplusplus
extern "C" {
#endif

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

int getitimer(int, struct itimerval *);
int setitimer(int, const struct itimerval *__restrict, struct itimerval *__restrict);

#ifdef __cplusplus
}
#endif
#endif
