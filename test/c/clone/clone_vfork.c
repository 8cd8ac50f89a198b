/* clone_vfork.c — clone(CLONE_VM|CLONE_VFORK|SIGCHLD): the parent sleeps until the child has
 * exited (rule 6), so it sees the child's store when clone returns; and a CLONE_VM child that
 * raise()s SIGTERM dies of it itself (waitpid: WIFSIGNALED, 15) — glibc >= 2.25's raise is
 * tgkill(getpid(), gettid()), not the creator's cached tid. Native Linux prints the same. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
static int glob;
static int child(void *a) { (void)a; glob = 7; return 3; }
static int killed(void *a) { (void)a; raise(SIGTERM); for (;;) pause(); return 0; }
int main(void) {
	char *st = malloc(65536) + 65536;
	int status;
	pid_t p = clone(child, st, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	printf("vfork-like: glob %d when clone returned\n", glob);
	waitpid(p, &status, 0);
	printf("status %d\n", WEXITSTATUS(status));
	p = clone(killed, st, CLONE_VM | SIGCHLD, NULL);
	waitpid(p, &status, 0);
	printf("killed by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 0;
}
