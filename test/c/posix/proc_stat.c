/*
 * proc_stat.c — /proc/<pid>/stat as programs parse it: "pid (comm) state ppid pgrp session …",
 * the state letter of a sleeping child (S) and of an unreaped one (Z), a thread's
 * /proc/<pid>/task/<tid>/stat, num_threads, priority and nice, exit_signal, policy; a pid
 * that names nothing is ENOENT. LTP's tst_process_state_wait3 reads "%*i %*s %c".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct st { int pid, ppid, pgrp, sid, prio, nice, nthreads, exitsig, policy, rtprio; char comm[32], state; };

static int readstat(const char *path, struct st *s) {
	FILE *f = fopen(path, "r");
	if (!f) return -errno;
	long skip;
	int n = fscanf(f, "%d %31s %c %d %d %d", &s->pid, s->comm, &s->state, &s->ppid, &s->pgrp, &s->sid);
	for (int i = 7; i <= 17; i++) n += fscanf(f, " %ld", &skip);
	n += fscanf(f, " %d %d %d", &s->prio, &s->nice, &s->nthreads);
	for (int i = 21; i <= 37; i++) n += fscanf(f, " %ld", &skip);
	n += fscanf(f, " %d %ld %d %d", &s->exitsig, &skip, &s->rtprio, &s->policy);
	fclose(f);
	return n;
}

/* As tst_process_state_wait3: until the task shows `state`. */
static int wait_state(pid_t pid, char state) {
	char path[64];
	struct st s;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	struct timespec step = {0, 10000000};
	for (int i = 0; i < 300; i++) {
		if (readstat(path, &s) < 3) return -1;
		if (s.state == state) return 0;
		nanosleep(&step, 0);
	}
	return -1;
}

static pthread_t other;
static volatile int stop;
static void *idle(void *a) { (void)a; while (!stop) usleep(1000); return 0; }

int main(void) {
	struct st s;
	int n = readstat("/proc/self/stat", &s);
	printf("self: %d fields, pid %s, comm %s, state %c, ppid %s, pgrp %s, session %s, prio %d, nice %d, threads %d, exit_signal %d, policy %d, rt %d\n",
	       n, s.pid == getpid() ? "ok" : "wrong", s.comm, s.state, s.ppid == getppid() ? "ok" : "wrong",
	       s.pgrp == getpgrp() ? "ok" : "wrong", s.sid == getsid(0) ? "ok" : "wrong", s.prio, s.nice, s.nthreads,
	       s.exitsig, s.policy, s.rtprio);

	pthread_create(&other, 0, idle, 0);
	usleep(20000);
	char path[96];
	readstat("/proc/self/stat", &s);
	printf("with a thread: threads %d\n", s.nthreads);
	stop = 1;
	pthread_join(other, 0);

	pid_t child = fork();
	if (child == 0) {
		sleep(2);
		_exit(3);
	}
	printf("child sleeping: %s\n", wait_state(child, 'S') == 0 ? "S seen" : "not seen");
	snprintf(path, sizeof path, "/proc/%d/stat", child);
	readstat(path, &s);
	printf("child: pid %s, ppid %s, comm %s, exit_signal %d\n", s.pid == child ? "ok" : "wrong",
	       s.ppid == getpid() ? "ok" : "wrong", s.comm, s.exitsig);
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", child, child);
	printf("its task/ entry: %d fields\n", readstat(path, &s));
	kill(child, SIGKILL);
	printf("child unreaped: %s\n", wait_state(child, 'Z') == 0 ? "Z seen" : "not seen");
	waitpid(child, 0, 0);
	printf("reaped: %s\n", strerror(-readstat(path, &s)));
	printf("a thread of another group: %s\n", strerror(-readstat("/proc/1/task/999999/stat", &s)));
	return 0;
}
