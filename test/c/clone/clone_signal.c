/* clone_signal.c — a signal caught in a CLONE_VM|CLONE_SIGHAND child runs the shared handler on
 * the child's own task and stack: the handler records the task it ran on (gettid), the child
 * goes on after it, and its creator is not disturbed. Native Linux prints the same lines. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t handled_on;
static volatile int after;
static char *volatile child_sp, *volatile handler_sp;

static void handler(int sig) {
	char here;
	(void)sig;
	handled_on = syscall(SYS_gettid);
	handler_sp = &here;
}

static int child(void *arg) {
	char here;
	(void)arg;
	child_sp = &here;
	raise(SIGUSR1);
	after = 1;
	return 5;
}

int main(void) {
	char *stack = malloc(65536) + 65536;
	struct sigaction sa = { 0 };
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	int status;
	pid_t pid = clone(child, stack, CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
	waitpid(pid, &status, 0);
	long gap = handler_sp - child_sp;
	printf("handler ran on the child %d, parent %d, on the child's stack %d; child went on %d, status %d\n",
	       handled_on == pid, handled_on == getpid(), gap > -65536 && gap < 65536, after, WEXITSTATUS(status));
	return 0;
}
