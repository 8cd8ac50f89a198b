/*
 * exit_system.c — on_exit(3) beside atexit(3) (one list, last registered first, each on_exit
 * handler given exit's status), and system(3)/popen(3)/pclose(3) when there is no /bin/sh
 * (as in the lab: the child exits 127); pipe2(2)'s flags.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_exit_handler(int status, void *arg) { printf("on_exit: status=%d, arg=%ld\n", status, (long)arg); }
static void atexit1(void) { printf("atexit 1\n"); }
static void atexit2(void) { printf("atexit 2\n"); }

int main(int argc, char **argv) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	int fds[2];
	int r = pipe2(fds, O_CLOEXEC | O_NONBLOCK);
	printf("pipe2: %d, cloexec %d, nonblock %d\n", r, fcntl(fds[0], F_GETFD) & FD_CLOEXEC, (fcntl(fds[1], F_GETFL) & O_NONBLOCK) != 0);
	r = pipe2(fds, 0x4);
	printf("pipe2 bad flags: %d %s\n", r, strerror(errno));
	printf("system(NULL) = %d\n", system(NULL));
	int s = system("echo hello");
	printf("system: status %d, exited %d, code %d\n", s, WIFEXITED(s), WEXITSTATUS(s));
	FILE *f = popen("echo hello", "r");
	if (f == NULL) printf("popen: NULL, %s\n", strerror(errno));
	else {
		char buf[64];
		printf("popen: read %s", fgets(buf, sizeof buf, f) ? buf : "end of file\n");
		int ps = pclose(f);
		printf("pclose: code %d\n", WEXITSTATUS(ps));
	}
	struct sigaction sa;
	sigaction(SIGINT, NULL, &sa);
	printf("SIGINT after system: %s\n", sa.sa_handler == SIG_DFL ? "default" : "changed");

	on_exit(on_exit_handler, (void *)10);
	atexit(atexit1);
	atexit(atexit2);
	on_exit(on_exit_handler, (void *)20);
	if (fork() == 0) exit(5); /* the child runs the same handlers with its own status */
	wait(NULL);
	exit(argc > 1 ? 3 : 2);
}
