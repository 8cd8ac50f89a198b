/* aio_suspend is a cancellation point (glibc's aio_suspend.c, as glibc 2.3.6's nptl/tst-cancel17.c
   checks): a thread waiting in it for a read of an empty pipe is cancelled there, its cleanup
   handler runs, and the request itself goes on — a later write completes it. */
#include <aio.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int cleaned;
static void cleanup(void *arg) { (void)arg; cleaned++; }

static void *waiter(void *arg) {
	const struct aiocb *l[1] = {arg};
	struct timespec *ts = NULL, t = {1000, 0};
	if (cleaned) ts = &t; /* the second time with a timeout */
	pthread_cleanup_push(cleanup, NULL);
	aio_suspend(l, 1, ts);
	pthread_cleanup_pop(0);
	puts("aio_suspend returned");
	return NULL;
}

int main(void) {
	int fds[2];
	char buf[4];
	struct aiocb a;
	pipe(fds);
	memset(&a, 0, sizeof a);
	a.aio_fildes = fds[0];
	a.aio_buf = buf;
	a.aio_nbytes = 1;
	if (aio_read(&a) != 0) { perror("aio_read"); return 1; }
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		void *r;
		pthread_create(&t, NULL, waiter, &a);
		usleep(100000); /* it waits in aio_suspend by now */
		pthread_cancel(t);
		pthread_join(t, &r);
		printf("%s waiter: %s, cleanup handlers run %d\n", i ? "timed" : "untimed",
		       r == PTHREAD_CANCELED ? "cancelled" : "not cancelled", cleaned);
	}
	printf("request still in progress: %d\n", aio_error(&a) == EINPROGRESS);
	write(fds[1], "x", 1);
	const struct aiocb *l[1] = {&a};
	aio_suspend(l, 1, NULL);
	printf("after the write: error %d, returned %zd, byte %c\n", aio_error(&a), aio_return(&a), buf[0]);
	return 0;
}
