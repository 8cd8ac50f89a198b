/*
 * <time.h> — wasi-libc's. The clocks read the simulated kernel's virtual time
 * (CLOCK_MONOTONIC counts from boot; CLOCK_REALTIME is the same plus a fixed epoch, so runs are
 * reproducible; CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID are the CPU time the
 * kernel accounted, at microsecond resolution); clock() is the process's CPU time
 * (CLOCKS_PER_SEC is XSI's and glibc's 1,000,000, not wasi-libc's 1,000,000,000); nanosleep,
 * clock_nanosleep and sleep sleep in the kernel and can be interrupted by a signal; a clockid_t
 * that names no clock is EINVAL (clib/runtime/clock.c).
 */
#ifndef _THREADLAB_TIME_H
#define _THREADLAB_TIME_H
/* wasi-libc declares clock() without a deprecation only with this; the lab defines it. */
#ifndef _WASI_EMULATED_PROCESS_CLOCKS
#define _WASI_EMULATED_PROCESS_CLOCKS
#define __THREADLAB_UNDEF_CLOCKS
#endif
#include_next <time.h>
#ifdef __THREADLAB_UNDEF_CLOCKS
#undef _WASI_EMULATED_PROCESS_CLOCKS
#undef __THREADLAB_UNDEF_CLOCKS
#endif
#undef CLOCKS_PER_SEC
#define CLOCKS_PER_SEC ((clock_t)1000000)

extern const struct __clockid _CLOCK_PROCESS_CPUTIME_ID;
extern const struct __clockid _CLOCK_THREAD_CPUTIME_ID;
#define CLOCK_PROCESS_CPUTIME_ID (&_CLOCK_PROCESS_CPUTIME_ID)
#define CLOCK_THREAD_CPUTIME_ID (&_CLOCK_THREAD_CPUTIME_ID)
/* A process's CPU-time clock (glibc: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED); ESRCH if no such process). */
int clock_getcpuclockid(int __pid, clockid_t *__clock);

/* POSIX per-process timers (clib/runtime/timer.c over the kernel's timer_* calls). A timer_t
   holds the kernel's timer id. struct sigevent is <signal.h>'s. */
#define TIMER_ABSTIME 1
struct sigevent;
int timer_create(clockid_t, struct sigevent *__restrict, timer_t *__restrict);
int timer_delete(timer_t);
int timer_settime(timer_t, int, const struct itimerspec *__restrict, struct itimerspec *__restrict);
int timer_gettime(timer_t, struct itimerspec *);
int timer_getoverrun(timer_t);
#endif
