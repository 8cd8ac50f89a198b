/*
 * vfork.c — the caller of vfork(2) waits until the child calls _exit: the child's lines come
 * first however the scheduler would order them. No pthread_atfork handler runs (glibc's vfork is
 * the bare system call). The child touches no memory, as POSIX requires of a vfork child.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void prepare(void) { write(1, "atfork prepare\n", 15); }

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	pthread_atfork(prepare, NULL, NULL);
	pid_t pid = vfork();
	if (pid == 0) {
		write(1, "child: running while the parent waits\n", 38);
		usleep(200000);
		write(1, "child: _exit\n", 13);
		_exit(3);
	}
	printf("parent: vfork returned\n");
	int status;
	waitpid(pid, &status, 0);
	printf("parent: child exited %d\n", WEXITSTATUS(status));
	pid = fork();
	if (pid == 0) _exit(0);
	waitpid(pid, NULL, 0);
	return 0;
}
