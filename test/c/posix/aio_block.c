/* aio_block.c — a helper blocked in read(2) of an empty pipe (a child writes 200 ms later): main yields,
 * then sleeps 20 ms. Where the read is wrapped or the helper has a native of its own, main wakes after
 * 20 ms; where the read is an unwrapped blocking call on the one native, it blocks the process. */

#include <aio.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <sys/wait.h>

static long long now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000LL + t.tv_nsec / 1000000; }

int main(void) {
	int p[2];
	char in[8] = {0};
	pipe(p);
	pid_t c = fork();
	if (c == 0) { usleep(200000); write(p[1], "data", 4); _exit(0); }
	struct aiocb r;
	memset(&r, 0, sizeof r);
	r.aio_fildes = p[0]; r.aio_buf = in; r.aio_nbytes = 4;
	aio_read(&r);
	long long t0 = now_ms();
	sched_yield(); /* a helper that is ready runs now, on a one-native library */
	usleep(20000);
	long long dt = now_ms() - t0;
	int e = aio_error(&r);
	printf("main's 20 ms sleep took %s; the read %s\n", dt < 100 ? "about 20 ms" : "200 ms or more", e == EINPROGRESS ? "still in progress" : "done");
	const struct aiocb *l[1] = {&r};
	aio_suspend(l, 1, NULL);
	printf("read %zd: %s\n", aio_return(&r), in);
	waitpid(c, 0, 0);
	return 0;
}
