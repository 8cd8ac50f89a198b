/*
 * getattr_np.c — pthread_getattr_np from C: a created thread's stack (the size asked for, and
 * the thread's own locals inside [addr, addr + size)), its one-page guard and detach state;
 * a stack the program gave (pthread_attr_setstack) comes back as given, with no guard; the
 * initial thread's stack holds main's locals and is no larger than RLIMIT_STACK.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static void report(const char *who, int detach_expected) {
	pthread_attr_t a;
	void *addr;
	size_t size, guard;
	int det, local;
	if (pthread_getattr_np(pthread_self(), &a) != 0) { printf("%s: failed\n", who); return; }
	pthread_attr_getstack(&a, &addr, &size);
	pthread_attr_getguardsize(&a, &guard);
	pthread_attr_getdetachstate(&a, &det);
	int inside = (char *)&local >= (char *)addr && (char *)&local < (char *)addr + size;
	printf("%s: size %s, local inside %d, guard %zu, detached %d\n", who,
	       size == 256 * 1024 ? "256 KiB" : size >= 16384 ? "some" : "?", inside, guard, det == PTHREAD_CREATE_DETACHED);
	(void)detach_expected;
	pthread_attr_destroy(&a);
}

static pthread_barrier_t done;
static void *joinable(void *x) { (void)x; report("joinable", 0); return 0; }
static void *detached(void *x) { (void)x; report("detached", 1); pthread_barrier_wait(&done); return 0; }

static char given[64 * 1024] __attribute__((aligned(16)));
static void *on_given(void *x) {
	(void)x;
	pthread_attr_t a;
	void *addr;
	size_t size, guard;
	pthread_getattr_np(pthread_self(), &a);
	pthread_attr_getstack(&a, &addr, &size);
	pthread_attr_getguardsize(&a, &guard);
	printf("given stack: same address %d, size %zu, guard %zu\n", addr == (void *)given, size, guard);
	return 0;
}

int main(void) {
	pthread_attr_t a;
	pthread_t t;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 256 * 1024);
	pthread_create(&t, &a, joinable, 0);
	pthread_join(t, 0);
	pthread_barrier_init(&done, 0, 2);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &a, detached, 0);
	pthread_barrier_wait(&done);
	pthread_attr_destroy(&a);
	pthread_attr_init(&a);
	pthread_attr_setstack(&a, given, sizeof given);
	pthread_create(&t, &a, on_given, 0);
	pthread_join(t, 0);
	struct rlimit r;
	getrlimit(RLIMIT_STACK, &r);
	pthread_attr_t m;
	void *addr;
	size_t size;
	int local;
	pthread_getattr_np(pthread_self(), &m);
	pthread_attr_getstack(&m, &addr, &size);
	printf("main: local inside %d, within RLIMIT_STACK %d\n", (char *)&local >= (char *)addr && (char *)&local < (char *)addr + size, size <= r.rlim_cur);
	return 0;
}
