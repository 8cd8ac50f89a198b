/* futex_requeue.c — FUTEX_CMP_REQUEUE and FUTEX_REQUEUE on private words, with clone()
 * children as the waiters (real tasks under every library): two children wait on word a;
 * CMP_REQUEUE with a stale val3 is EAGAIN; with the right one it wakes one and moves the other
 * to word b (returns 2); a FUTEX_WAKE on a then wakes nobody and one on b wakes the moved
 * waiter. Each child counts its wake-ups. Native Linux prints the same lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int a, b, waiting, woken;

static long futex(int *uaddr, int op, int val, long val2, int *uaddr2, int val3) {
	return syscall(SYS_futex, uaddr, op, val, (void *)val2, uaddr2, val3);
}

static int waiter(void *arg) {
	(void)arg;
	__atomic_fetch_add(&waiting, 1, __ATOMIC_SEQ_CST);
	while (futex(&a, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0) != 0) {}
	__atomic_fetch_add(&woken, 1, __ATOMIC_SEQ_CST);
	return 0;
}

int main(void) {
	pid_t pids[2];
	for (int i = 0; i < 2; i++) pids[i] = clone(waiter, malloc(65536) + 65536, CLONE_VM | SIGCHLD, NULL);
	while (__atomic_load_n(&waiting, __ATOMIC_SEQ_CST) < 2) sched_yield();
	usleep(20000); /* both are asleep on a by now */
	long r = futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &b, 5);
	printf("cmp_requeue, val3 stale: %ld %s\n", r, strerror(errno));
	r = futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &b, 0);
	printf("cmp_requeue: %ld\n", r);
	usleep(20000);
	printf("woken so far %d\n", __atomic_load_n(&woken, __ATOMIC_SEQ_CST));
	printf("wake a: %ld\n", futex(&a, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0));
	printf("wake b: %ld\n", futex(&b, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0));
	for (int i = 0; i < 2; i++) waitpid(pids[i], NULL, 0);
	printf("woken %d\n", woken);
	return 0;
}
