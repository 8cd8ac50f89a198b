/* futex_blocks.c — a raw FUTEX_WAIT is an unwrapped blocking system call: under a 1:1 library
 * another thread runs while it sleeps; under green threads (GNU Pth style, rule 34) and NGPT on
 * one native (rule 33) it blocks the native, so the other user thread runs only after the
 * wait has timed out. The order of the two lines shows which. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int word;

static void *other(void *arg) {
	(void)arg;
	printf("other thread ran\n");
	return NULL;
}

int main(void) {
	pthread_t t;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	pthread_create(&t, NULL, other, NULL);
	long r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	printf("main: FUTEX_WAIT %ld %s\n", r, strerror(errno));
	pthread_join(t, NULL);
	return 0;
}
