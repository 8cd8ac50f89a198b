/* eventfd.c — eventfd(2) (test/c/eventfd.test.ts; the output is gcc + glibc's on Linux): the
 * counter adds writes and a read takes it all (EFD_SEMAPHORE: 1), EAGAIN with EFD_NONBLOCK,
 * EINVAL for short buffers, ULLONG_MAX and bad flags, a full counter, select, a thread
 * blocked in eventfd_read woken by main's write, and a forked child's writes. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

static int efd;

static void *reader(void *arg) {
	(void)arg;
	eventfd_t v = 0;
	int r = eventfd_read(efd, &v);
	printf("thread: eventfd_read %d value %llu\n", r, (unsigned long long)v);
	return NULL;
}

static void res(const char *label, long r) {
	if (r >= 0) printf("%s: %ld\n", label, r);
	else printf("%s: -1 %s\n", label, strerror(errno));
}

int main(void) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	efd = eventfd(0, 0);
	printf("eventfd(0, 0) >= 0: %d, F_GETFL %#x\n", efd >= 0, fcntl(efd, F_GETFL));
	uint64_t v = 3;
	res("write 3", write(efd, &v, 8));
	v = 4;
	res("write 4", write(efd, &v, 8));
	v = 0;
	res("read", read(efd, &v, 8));
	printf("  value %llu\n", (unsigned long long)v);
	uint32_t small = 1;
	res("write of 4 bytes", write(efd, &small, 4));
	res("read into 4 bytes", read(efd, &small, 4));
	v = UINT64_MAX;
	res("write ULLONG_MAX", write(efd, &v, 8));
	res("eventfd(0, 0x10)", eventfd(0, 0x10));

	int nb = eventfd(0, EFD_NONBLOCK);
	printf("EFD_NONBLOCK F_GETFL %#x\n", fcntl(nb, F_GETFL));
	res("read of a zero count", read(nb, &v, 8));
	v = UINT64_MAX - 1;
	res("write 2^64-2", write(nb, &v, 8));
	v = 1;
	res("write 1 more (full)", write(nb, &v, 8));
	fd_set rd, wr;
	FD_ZERO(&rd); FD_SET(nb, &rd);
	FD_ZERO(&wr); FD_SET(nb, &wr);
	struct timeval tv = { 0, 0 };
	int r = select(nb + 1, &rd, &wr, NULL, &tv);
	printf("select on a full counter: %d readable %d writable %d\n", r, FD_ISSET(nb, &rd), FD_ISSET(nb, &wr));
	res("read", read(nb, &v, 8));
	printf("  value %llu\n", (unsigned long long)v);

	int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	eventfd_t e;
	for (int i = 0; i < 3; i++) {
		e = 0;
		r = eventfd_read(sem, &e);
		printf("EFD_SEMAPHORE read %d: %d value %llu%s\n", i, r, (unsigned long long)e, r < 0 && errno == EAGAIN ? " EAGAIN" : "");
	}

	pthread_t t;
	pthread_create(&t, NULL, reader, NULL);
	usleep(100000);
	puts("main: eventfd_write 42");
	eventfd_write(efd, 42);
	pthread_join(t, NULL);

	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		eventfd_write(efd, 5);
		eventfd_write(efd, 6);
		_exit(0);
	}
	waitpid(p, NULL, 0);
	FD_ZERO(&rd); FD_SET(efd, &rd);
	tv.tv_sec = 1;
	r = select(efd + 1, &rd, NULL, NULL, &tv);
	e = 0;
	eventfd_read(efd, &e);
	printf("after the child's writes: select %d, value %llu\n", r, (unsigned long long)e);
	return 0;
}
