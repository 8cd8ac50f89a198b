/*
 * fork_exit_last.c — a thread forks; in the child, its only thread calls pthread_exit (LTP's
 * pthread_exit/6-1). The child is the last thread of its process, so pthread_exit must end like
 * exit(0): the cleanup handlers pushed before and after the fork (they live on the copied
 * stack), the key destructors, then the atexit handlers. The atexit handler reports through a
 * MAP_SHARED page the parent reads after waitpid.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int *shared;
static pthread_key_t key;

static void at_exit(void) { shared[0] += 100; }
static void destructor(void *v) { shared[0] += 10 * (int)(long)v; }
static void before_fork(void *a) { (void)a; shared[0] += 1000; }
static void after_fork(void *a) { (void)a; shared[0] += 1; }

static void *forker(void *a) {
	pthread_cleanup_push(before_fork, 0);
	pid_t pid = fork();
	if (pid == 0) {
		atexit(at_exit);
		pthread_setspecific(key, (void *)2L);
		pthread_cleanup_push(after_fork, 0);
		pthread_exit(0);
		pthread_cleanup_pop(0);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	printf("child exited %d with %d; cleanup after %d, destructor %d, atexit %d, cleanup before %d\n",
		WIFEXITED(st), WEXITSTATUS(st), shared[0] % 10, shared[0] / 10 % 10, shared[0] / 100 % 10,
		shared[0] / 1000);
	pthread_cleanup_pop(0);
	return a;
}

int main(void) {
	shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_key_create(&key, destructor);
	pthread_t t;
	pthread_create(&t, 0, forker, 0);
	pthread_join(t, 0);
	return 0;
}
