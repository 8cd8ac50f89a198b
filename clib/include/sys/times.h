/*
 * <sys/times.h> — times(): the process's and its reaped children's CPU times, and the clock
 * ticks since boot, in ticks of sysconf(_SC_CLK_TCK) = 100 per second (Linux's USER_HZ).
 */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H
#ifdef __cplusplus
extern "C" {
#endif

#define __NEED_clock_t
#include <bits/alltypes.h>

struct tms {
	clock_t tms_utime;
	clock_t tms_stime;
	clock_t tms_cutime;
	clock_t tms_cstime;
};

clock_t times(struct tms *);

#ifdef __cplusplus
}
#endif
#endif
