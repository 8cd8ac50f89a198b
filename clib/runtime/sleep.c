/*
 * sleep.c — sleep and usleep as glibc has them, over the lab's nanosleep (clock_nanosleep is
 * clock.c's).
 *
 * Mirrors: glibc 2.3's sysdeps/unix/sysv/linux/sleep.c, as the libraries' own sleep does
 * (libs/common/libc_base.ts): nanosleep with a remainder; an interruption returns the seconds
 * not slept rounded to the nearest ("some buggy programs depend on this"), errno EINTR; a full
 * sleep leaves errno as it was. (Current glibc truncates, but Linux's 50 µs timer slack
 * makes sleep(3) cut short by alarm(1) say 2 s there too.) usleep is sysdeps/posix/usleep.c
 * (nanosleep without a remainder: -1 and EINTR when a handler ran).
 *
 * Why: wasi-libc's versions sleep through one WASI poll_oneoff and cannot be interrupted in
 * WASI, so they ignore the case — its sleep returned the full request after a SIGALRM (APUE's
 * sleep(3) cut short by alarm(1) said 3 s left, Linux says 2), and its usleep stored the
 * interruption's Linux number in WASI's errno, where it read as EIO.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include "lab.h"

unsigned __wrap_sleep(unsigned seconds) {
	int save = errno;
	struct timespec ts = { (time_t)seconds, 0 };
	if (__lab_nanosleep(&ts, &ts) < 0) return (unsigned)ts.tv_sec + (ts.tv_nsec >= 500000000L);
	errno = save;
	return 0;
}

int __wrap_usleep(useconds_t us) {
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
	return __lab_nanosleep(&ts, NULL);
}
