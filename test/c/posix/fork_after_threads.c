/*
 * fork_after_threads.c — fork after many threads have come and gone: the children get the
 * parent's memory exactly (fork.ts copies only the pages that are not all zero, and a finished
 * thread's block is zeroed when pthread_create reclaims it): globals the parent changed, zeros
 * it wrote over initialised data, a heap buffer of zero and non-zero pages, the forking thread's
 * __thread variable, and a buffer the children share through MAP_SHARED.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREADS 64
#define CHILDREN 4
#define PAGES 40

static int table[16384] = {1, 2, 3, [5000] = 7, [9000] = 8, [16383] = 9};
static __thread int mine = 5;

static void *work(void *arg) {
	char stack[100000];
	memset(stack, (int)(long)arg | 1, sizeof stack);
	return (void *)(long)stack[(long)arg * 1000];
}

static long sum(const unsigned char *b, size_t n) {
	long s = 0;
	for (size_t i = 0; i < n; i++) s += b[i] * (long)(i % 251 + 1);
	return s;
}

int main(void) {
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 128 * 1024);
	long got = 0;
	for (int round = 0; round < 2; round++) {
		pthread_t t[THREADS];
		for (long i = 0; i < THREADS; i++) pthread_create(&t[i], &a, work, (void *)i);
		for (int i = 0; i < THREADS; i++) {
			void *r;
			pthread_join(t[i], &r);
			got += (long)r;
		}
	}
	memset(table, 0, sizeof table); /* initialised data, now zeros */
	table[2000] = 42;
	mine = 9;
	unsigned char *heap = malloc(PAGES * 4096);
	memset(heap, 0, PAGES * 4096);
	for (int p = 0; p < PAGES; p += 3) heap[p * 4096 + p] = (unsigned char)(p + 1); /* every third page */
	heap[PAGES * 4096 - 1] = 0xee;
	int *shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("threads returned %ld, heap sum %ld\n", got, sum(heap, PAGES * 4096));
	fflush(stdout);
	for (int c = 0; c < CHILDREN; c++) {
		pid_t pid = fork();
		if (pid == 0) {
			long zeros = 0;
			for (int i = 0; i < 16384; i++) zeros += table[i] == 0;
			shared[c] = (int)(sum(heap, PAGES * 4096) % 100000) + table[2000] + mine + (int)zeros;
			_exit(0);
		}
		waitpid(pid, 0, 0);
	}
	for (int c = 0; c < CHILDREN; c++) printf("child %d saw %d\n", c, shared[c]);
	return 0;
}
