/* glibc's TEMP_FAILURE_RETRY (<unistd.h>, _GNU_SOURCE), as glibc's test-skeleton.c uses it
   around waitpid: the expression again while it fails with EINTR, not for other errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int calls;

static long interrupted_twice(void) {
	if (++calls < 3) { errno = EINTR; return -1; }
	return 42;
}

static long fails(void) {
	++calls;
	errno = EBADF;
	return -1;
}

static void on_alarm(int sig) { (void)sig; }

int main(void) {
	long r = TEMP_FAILURE_RETRY(interrupted_twice());
	printf("EINTR twice: %ld after %d calls\n", r, calls);
	calls = 0;
	r = TEMP_FAILURE_RETRY(fails());
	printf("EBADF: %ld after %d call(s)\n", r, calls);
	/* a real EINTR: waitpid interrupted by a handled SIGALRM (no SA_RESTART), then retried */
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) { sleep(2); _exit(7); }
	alarm(1);
	int status;
	pid_t w = TEMP_FAILURE_RETRY(waitpid(pid, &status, 0));
	printf("waitpid across a signal: child %s, exit %d\n", w == pid ? "reaped" : "lost", WEXITSTATUS(status));
	return 0;
}
