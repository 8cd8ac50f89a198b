/*
 * stacksize.c — the default thread stack size a fresh attribute reports (pthread_attr_getstacksize)
 * and where it comes from: NPTL reads RLIMIT_STACK at start-up (glibc's
 * __pthread_initialize_minimal: unlimited gives 2 MiB, a small limit PTHREAD_STACK_MIN, rounded up
 * to pages), so a new limit shows in the program it execs, not in itself; LinuxThreads reports
 * STACK_SIZE less a page, NGPT and GNU Pth 64 KiB, whatever the limit.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static size_t deflt(void) {
	pthread_attr_t a;
	size_t n = 0;
	pthread_attr_init(&a);
	pthread_attr_getstacksize(&a, &n);
	pthread_attr_destroy(&a);
	return n;
}

static void *run(void *x) { return x; }

int main(int argc, char **argv) {
	int step = argc > 1 ? atoi(argv[1]) : 0;
	printf("step %d: default %zu", step, deflt());
	pthread_t t;
	void *r = 0;
	int e = pthread_create(&t, 0, run, (void *)7);
	if (e == 0) pthread_join(t, &r);
	printf(", a thread with it %d %ld\n", e, (long)r);
	struct rlimit lim = {1024 * 1024 + 100, RLIM_INFINITY};
	if (step == 1) lim.rlim_cur = RLIM_INFINITY;
	if (step == 2) lim.rlim_cur = 4096;
	if (step == 3) return 0;
	setrlimit(RLIMIT_STACK, &lim);
	printf("after setrlimit: default %zu\n", deflt());
	fflush(stdout);
	char next[2] = {(char)('1' + step), 0};
	char *args[] = {argv[0], next, 0};
	execv("/proc/self/exe", args);
	printf("execv failed\n");
	return 1;
}
