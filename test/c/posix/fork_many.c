/* fork_many.c — 40 children, one at a time, each exits at once. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
	int ok = 0;
	for (int i = 0; i < 40; i++) {
		pid_t p = fork();
		if (p == 0) _exit(i % 7);
		int st;
		if (waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == i % 7) ok++;
	}
	printf("%d children reaped\n", ok);
	return 0;
}
