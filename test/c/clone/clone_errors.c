/* clone_errors.c — what clone() refuses, as glibc and Linux do: a NULL fn or stack is EINVAL
 * before any system call (clone.S); CLONE_THREAD without CLONE_SIGHAND and CLONE_SIGHAND
 * without CLONE_VM are EINVAL from the kernel (rule 1; copy_process), and no task is made. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int fn(void *arg) { (void)arg; return 0; }

static void try(const char *what, int (*f)(void *), void *stack, int flags) {
	errno = 0;
	int r = clone(f, stack, flags, NULL);
	printf("%s: %d %s\n", what, r, r == -1 ? strerror(errno) : "created");
}

int main(void) {
	char *stack = malloc(65536) + 65536;
	try("NULL stack", fn, NULL, CLONE_VM | SIGCHLD);
	try("NULL fn", NULL, stack, CLONE_VM | SIGCHLD);
	try("CLONE_THREAD without CLONE_SIGHAND", fn, stack, CLONE_VM | CLONE_THREAD);
	try("CLONE_SIGHAND without CLONE_VM", fn, stack, CLONE_SIGHAND | SIGCHLD);
	errno = 0;
	int w = waitpid(-1, NULL, __WALL);
	printf("no child was made: %d %s\n", w, strerror(errno));
	return 0;
}
