/*
 * sem_open_same.c — a second sem_open of a name this process has open returns the same address
 * (POSIX; glibc's __sem_check_add_mapping, LTP sem_open/15-1), counted: the first sem_close
 * leaves it usable, the last one closes it. A fork child opening it again gets the address it
 * inherited; a semaphore made anew under the name after sem_unlink is another one.
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
	sem_t *a = sem_open("/same", O_CREAT | O_EXCL, 0600, 3);
	if (a == SEM_FAILED) { printf("sem_open: %s\n", strerror(errno)); return 1; }
	sem_t *b = sem_open("/same", 0);
	printf("second open same address: %d\n", a == b);
	pid_t pid = fork();
	if (pid == 0) {
		sem_t *c = sem_open("/same", 0);
		printf("child's open same address: %d\n", c == a);
		return 0;
	}
	waitpid(pid, 0, 0);
	int v = -1, r = sem_close(b);
	sem_post(a);
	sem_getvalue(a, &v);
	printf("first close %d, still open: value %d\n", r, v);
	sem_unlink("/same");
	sem_t *d = sem_open("/same", O_CREAT | O_EXCL, 0600, 0);
	printf("made anew after unlink: another one %d\n", d != a && d != SEM_FAILED);
	r = sem_close(a);
	int e = sem_close(a) == -1 ? errno : 0;
	printf("last close %d; closed again: %s\n", r, e == EINVAL ? "EINVAL" : "no error");
	sem_close(d);
	sem_unlink("/same");
	return 0;
}
