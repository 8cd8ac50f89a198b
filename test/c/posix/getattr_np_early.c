/* pthread_getattr_np of a thread its creator has just made, before it has run (glibc's
   LinuxThreads Examples/ex17.c does this): the attributes are the descriptor's from
   pthread_create on, and pthread_detach of a thread not yet running is seen too. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;

static void *held(void *arg) {
	pthread_mutex_lock(&gate);
	pthread_mutex_unlock(&gate);
	return arg;
}

static void show(const char *what, pthread_t t) {
	pthread_attr_t a;
	int e = pthread_getattr_np(t, &a);
	if (e != 0) { printf("%s: pthread_getattr_np failed: %s\n", what, strerror(e)); return; }
	size_t size; void *addr; int det;
	pthread_attr_getstack(&a, &addr, &size);
	pthread_attr_getdetachstate(&a, &det);
	printf("%s: size %zu KiB, detached %d\n", what, size / 1024, det == PTHREAD_CREATE_DETACHED);
	pthread_attr_destroy(&a);
}

int main(void) {
	pthread_attr_t a;
	pthread_t t1, t2, t3;
	pthread_mutex_lock(&gate); /* no thread gets past its first line until main has looked */
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 256 * 1024);
	pthread_create(&t1, &a, held, NULL);
	show("created", t1);
	pthread_create(&t2, &a, held, NULL);
	pthread_detach(t2);
	show("detached before it ran", t2);
	size_t sz = 1024 * 1024;
	void *stack = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_attr_setstack(&a, stack, sz);
	pthread_create(&t3, &a, held, NULL);
	pthread_attr_t got;
	void *addr; size_t size;
	pthread_getattr_np(t3, &got);
	pthread_attr_getstack(&got, &addr, &size);
	printf("given stack: same address %d, size %zu KiB\n", addr == stack, size / 1024);
	pthread_mutex_unlock(&gate);
	pthread_join(t1, NULL);
	pthread_join(t3, NULL);
	return 0;
}
