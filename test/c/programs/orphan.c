/*
 * orphan.c — a child that outlives its parent (TLPI's procexec/orphan.c, shortened): adopted by
 * init, it goes on writing to the terminal after the shell has reaped the parent, and a real
 * run's output has its lines. On Linux: `./orphan > out; sleep 3; cat out` shows all five.
 */
#include <stdio.h>
#include <unistd.h>

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	pid_t parent = getpid();
	if (fork() == 0) {
		for (int i = 0; i < 3 && getppid() == parent; i++) {
			printf("child: my parent is the program\n");
			sleep(1);
		}
		printf("child: orphaned, my parent is now pid %d\n", (int)getppid());
		return 0;
	}
	sleep(2);
	printf("parent: exiting\n");
	return 4;
}
