/* syscall(SYS_futex) on private words: FUTEX_WAIT on a word that is not the expected value is
 * EAGAIN at once; a relative timeout passes with ETIMEDOUT; a bad timespec is EINVAL, and so
 * is a misaligned address; FUTEX_WAKE with no waiter wakes 0; FUTEX_WAIT_BITSET takes an
 * absolute CLOCK_MONOTONIC time; FUTEX_FD (2), gone since Linux 2.6.26, is ENOSYS there as here. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint32_t word = 7;

static long futex(void *uaddr, int op, uint32_t val, const struct timespec *t, void *uaddr2, uint32_t val3) {
	return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

static void show(const char *what, long r) {
	printf("%s: %ld %s\n", what, r, r == -1 ? strerror(errno) : "ok");
}

int main(void) {
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	struct timespec bad = { 0, 1000000000 };
	struct timespec t0, t1;
	show("wait 6 on 7", futex(&word, FUTEX_WAIT, 6, NULL, NULL, 0));
	show("wait_private 6 on 7", futex(&word, FUTEX_WAIT_PRIVATE, 6, NULL, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	show("wait 7, 10 ms", futex(&word, FUTEX_WAIT, 7, &ten_ms, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("waited at least 10 ms: %d\n", ms >= 10);
	show("wait, tv_nsec 1e9", futex(&word, FUTEX_WAIT, 7, &bad, NULL, 0));
	show("wait, misaligned", futex((char *)&word + 1, FUTEX_WAIT, 7, NULL, NULL, 0));
	show("wake, nobody waits", futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	t0.tv_nsec += 5 * 1000 * 1000;
	if (t0.tv_nsec >= 1000000000) { t0.tv_sec++; t0.tv_nsec -= 1000000000; }
	show("wait_bitset, absolute +5 ms", futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 7, &t0, NULL, FUTEX_BITSET_MATCH_ANY));
	show("op 2 (FUTEX_FD)", futex(&word, 2, 0, NULL, NULL, 0));
	return 0;
}
