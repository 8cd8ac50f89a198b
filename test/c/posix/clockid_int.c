/* clockid_int.c — a clock id written as a plain number, as LTP's timer_create/16-1 and
 * clock_gettime tests do: gcc 12 compiles it with a warning (clockid_t is int in glibc; the
 * lab's, wasi-libc's, is a pointer) and the calls answer EINVAL for a clock that is none. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void) {
	struct sigevent ev;
	timer_t tid;
	struct timespec ts;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGALRM;
	int r = timer_create(99999, &ev, &tid);
	printf("timer_create(99999) = %d %s\n", r, r == -1 ? strerror(errno) : "");
	r = clock_gettime(99999, &ts);
	printf("clock_gettime(99999) = %d %s\n", r, r == -1 ? strerror(errno) : "");
	return 0;
}
