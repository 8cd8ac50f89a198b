/*
 * stack.c — a thread on a stack the program gives (pthread_attr_setstack, as glibc checks and
 * stores it), the guard size, and sysconf's answers for the lab's Linux (4096-byte pages,
 * PTHREAD_STACK_MIN = 16384 from <limits.h> too). LTP's threads_scenarii.c needs all of them.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *lo, *hi;

static int depth(int n) {
	volatile char pad[256];
	pad[0] = (char)n;
	return n == 0 ? pad[0] : depth(n - 1) + 1;
}

static void *on_stack(void *a) {
	int x = depth(8);
	char *p = (char *)&x;
	printf("thread on the given stack: %d\n", p >= lo && p < hi);
	return a;
}

int main(void) {
	pthread_attr_t at;
	void *addr, *top, *r;
	size_t size, guard;
	pthread_t t;
	printf("page %ld %d, stack min %ld %d\n", sysconf(_SC_PAGESIZE), getpagesize(), sysconf(_SC_THREAD_STACK_MIN), PTHREAD_STACK_MIN);
	pthread_attr_init(&at);
	pthread_attr_getguardsize(&at, &guard);
	printf("default guard %zu\n", guard);
	printf("size below min: %s\n", pthread_attr_setstack(&at, 0, PTHREAD_STACK_MIN - 1) == EINVAL ? "EINVAL" : "?");
	size = 4 * PTHREAD_STACK_MIN;
	if (posix_memalign((void **)&lo, 4096, size)) return 2;
	hi = lo + size;
	pthread_attr_setstack(&at, lo, size);
	pthread_attr_getstack(&at, &addr, &size);
	pthread_attr_getstackaddr(&at, &top);
	printf("getstack same %d %d, stackaddr is the top %d\n", addr == lo, size == 4 * PTHREAD_STACK_MIN, top == hi);
	pthread_attr_setguardsize(&at, 1);
	pthread_attr_getguardsize(&at, &guard);
	printf("guard kept unrounded %zu\n", guard);
	pthread_create(&t, &at, on_stack, (void *)7);
	pthread_join(t, &r);
	printf("joined %ld\n", (long)r);
	return 0;
}
