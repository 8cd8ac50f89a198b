/*
 * prctl.c — prctl(2): a thread's name, the flags, the parent-death signal and a child subreaper.
 *
 * The parent-death signal is sent when the *task* that forked the child dies. Under NPTL that
 * is the creating thread (not the process: the gotcha prctl(2) warns of), and the child is
 * adopted by a live thread of the same process; under LinuxThreads the creating thread is a
 * process of its own, so the child is adopted by init and the main thread cannot wait for it;
 * under NGPT and green threads no kernel task dies when the user-level thread ends, so no
 * signal comes (the child gives up after two seconds).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_signal(int sig) { got = sig; }
static pid_t main_pid;

static void *creator(void *arg) {
	int *ready = arg;
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_signal);
		signal(SIGALRM, on_signal);
		prctl(PR_SET_PDEATHSIG, SIGUSR1);
		int sig = -1;
		prctl(PR_GET_PDEATHSIG, &sig);
		printf("child: pdeathsig is %d\n", sig);
		write(ready[1], "r", 1);
		alarm(2);
		while (!got) pause();
		if (got == SIGUSR1) printf("child: got SIGUSR1; adopted by %s\n", getppid() == main_pid ? "the main thread's process" : getppid() == 1 ? "init" : "someone else");
		else printf("child: no parent-death signal\n");
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	return (void *)(long)pid; /* this thread ends here */
}

int main(void) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	main_pid = getpid();
	char name[16];
	prctl(PR_SET_NAME, "worker-thread-with-long-name");
	prctl(PR_GET_NAME, name);
	printf("name: '%s' (%zu bytes)\n", name, strlen(name));
	printf("dumpable %d, no_new_privs %d\n", prctl(PR_GET_DUMPABLE), prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	printf("no_new_privs now %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	int r = prctl(PR_SET_PDEATHSIG, 99);
	printf("bad signal: %d %s\n", r, strerror(errno));
	r = prctl(12345, 0);
	printf("unknown option: %d %s\n", r, strerror(errno));
	r = prctl(PR_GET_PDEATHSIG, NULL);
	printf("no pointer: %d %s\n", r, strerror(errno));

	int ready[2];
	pipe(ready);
	pthread_t t;
	void *ret;
	pthread_create(&t, NULL, creator, ready);
	pthread_join(t, &ret);
	pid_t pid = (pid_t)(long)ret;
	int status;
	if (waitpid(pid, &status, 0) == pid) printf("main: child exited %d\n", WEXITSTATUS(status));
	else {
		printf("main: waitpid: %s\n", strerror(errno));
		sleep(3);
	}

	/* A subreaper adopts an orphaned grandchild instead of init. */
	pid_t me = getpid();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	int sr = 0;
	prctl(PR_GET_CHILD_SUBREAPER, &sr);
	printf("subreaper %d\n", sr);
	pid_t mid = fork();
	if (mid == 0) {
		if (fork() == 0) {
			sleep(1);
			printf("grandchild: adopted by %s\n", getppid() == me ? "the subreaper" : "someone else");
			_exit(7);
		}
		_exit(0);
	}
	waitpid(mid, &status, 0);
	pid_t g = wait(&status);
	printf("subreaper reaped %s, status %d\n", g > 0 && g != mid ? "the grandchild" : "nothing", WEXITSTATUS(status));
	return 0;
}
