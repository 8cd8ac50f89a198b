/* t_clone.c — after TLPI's procexec/t_clone.c (Kerrisk, The Linux Programming Interface, 28.2):
 * a child made with clone() closes a descriptor and changes a global; whether the parent sees
 * it depends on the flags. Three runs:
 *   vm:      CLONE_VM|CLONE_FILES|CLONE_FS|CLONE_SIGHAND|SIGCHLD — the parent sees the global
 *            changed and the descriptor closed; waitpid gives the child's exit status (fn's value)
 *   copy:    SIGCHLD only — a fork-like copy: the global and the descriptor are the parent's own
 *   sigusr1: TLPI's CHILD_SIG: the exit signal is SIGUSR1 (ignored), so waitpid without
 *            __WCLONE has no child to wait for (ECHILD) and with __WCLONE reaps it (rule 11). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE 65536

static int glob = 1;

static int childFunc(void *arg) {
	glob++;
	if (close(*((int *)arg)) == -1) { perror("close"); return 1; }
	return 42;
}

static void report_fd(int fd) {
	int s = write(fd, "x", 1);
	if (s == -1 && errno == EBADF) printf("file descriptor %d has been closed\n", fd);
	else if (s == -1) printf("write() on file descriptor %d failed unexpectedly (%s)\n", fd, strerror(errno));
	else printf("write() on file descriptor %d succeeded\n", fd);
}

static void run(const char *name, int flags, int fd, char *stackTop) {
	int status = -1;
	glob = 1;
	pid_t pid = clone(childFunc, stackTop, flags, (void *)&fd);
	if (pid == -1) { perror("clone"); exit(EXIT_FAILURE); }
	pid_t w = waitpid(pid, &status, 0);
	printf("%s: waitpid got the child %d, exited %d status %d; glob %d, child pid differs %d\n",
	       name, w == pid, WIFEXITED(status), WEXITSTATUS(status), glob, pid != getpid());
	report_fd(fd);
}

int main(void) {
	char *stack = malloc(STACK_SIZE);
	if (stack == NULL) { perror("malloc"); exit(EXIT_FAILURE); }
	char *stackTop = stack + STACK_SIZE; /* the stack grows downward */
	int fd = open("/dev/null", O_RDWR);
	run("vm", CLONE_VM | CLONE_FILES | CLONE_FS | CLONE_SIGHAND | SIGCHLD, fd, stackTop);
	fd = open("/dev/null", O_RDWR);
	run("copy", SIGCHLD, fd, stackTop);
	close(fd);

	fd = open("/dev/null", O_RDWR);
	signal(SIGUSR1, SIG_IGN);
	pid_t pid = clone(childFunc, stackTop, CLONE_FILES | SIGUSR1, (void *)&fd);
	if (pid == -1) { perror("clone"); exit(EXIT_FAILURE); }
	pid_t w = waitpid(-1, NULL, 0);
	printf("sigusr1: waitpid(-1, 0): %d %s\n", w, w == -1 ? strerror(errno) : "");
	int status;
	w = waitpid(-1, &status, __WCLONE);
	printf("sigusr1: waitpid(-1, __WCLONE) got the child %d, status %d\n", w == pid, WEXITSTATUS(status));
	report_fd(fd);
	exit(EXIT_SUCCESS);
}
