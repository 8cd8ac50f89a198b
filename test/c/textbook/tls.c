/* Thread-local storage: __thread, _Thread_local and C11's thread_local, each thread with its own
 * copy (TLPI's strerror_tls.c idea: a function returning a per-thread static buffer), and fork
 * from a thread handing the child that thread's values. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <threads.h>
#include <unistd.h>

static __thread long counter;
static _Thread_local int start = 100;
thread_local char who[16] = "main";

static const char *describe(int id) {
	static __thread char buf[64];
	snprintf(buf, sizeof buf, "thread %d's buffer", id);
	return buf;
}

static void *worker(void *arg) {
	int id = (int)(long)arg;
	snprintf(who, sizeof who, "worker %d", id);
	const char *mine = describe(id);
	for (int i = 0; i < 1000 * id; i++) {
		counter++;
		if (i % 250 == 0) sched_yield();
	}
	start += id;
	sched_yield();
	printf("%s: counter %ld, start %d, %s\n", who, counter, start, mine);
	if (id == 2) {
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			printf("child of %s: counter %ld, start %d\n", who, counter, start);
			fflush(stdout);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	return NULL;
}

int main(void) {
	pthread_t t[4];
	for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
	printf("%s: counter %ld, start %d, %s\n", who, counter, start, describe(0));
	return 0;
}
