/* file_locks_threads.c — a process's threads and its locks (test/c/file_locks.test.ts): POSIX
 * record locks belong to the process, so a thread neither conflicts with main's locks nor
 * keeps its own when another thread closes the file; flock locks belong to the open file,
 * which the threads share. The output is gcc + glibc (NPTL)'s on Linux. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH "file_locks_threads.tmp"

static int fd;
static pid_t main_pid;

static int setlk(int type, off_t start, off_t len) {
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, F_SETLK, &fl);
}

static void getlk(const char *label, off_t start, off_t len) {
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	fcntl(fd, F_GETLK, &fl);
	if (fl.l_type == F_UNLCK) printf("%s: none\n", label);
	else printf("%s: %s %lld len %lld by %s\n", label, fl.l_type == F_RDLCK ? "read" : "write", (long long)fl.l_start,
		    (long long)fl.l_len, fl.l_pid == main_pid ? "main" : "another process");
}

static void result(const char *label, int r) {
	if (r == 0) printf("%s: 0\n", label);
	else printf("%s: -1 %s\n", label, strerror(errno));
}

static void *worker(void *arg) {
	(void)arg;
	result("thread: F_SETLK write [5,10)", setlk(F_WRLCK, 5, 5));
	getlk("thread: F_GETLK [0,1)", 0, 1);
	result("thread: F_SETLK write [20,30)", setlk(F_WRLCK, 20, 10));
	result("thread: flock(fd, LOCK_EX|LOCK_NB)", flock(fd, LOCK_EX | LOCK_NB));
	int other = open(PATH, O_RDWR);
	result("thread: flock(own open, LOCK_EX|LOCK_NB)", flock(other, LOCK_EX | LOCK_NB));
	close(other); /* closes a descriptor of the file: the caller's record locks on it go */
	puts("thread: closed its own descriptor of the file");
	return NULL;
}

int main(void) {
	main_pid = getpid();
	setvbuf(stdout, NULL, _IOLBF, 0);
	unlink(PATH);
	fd = open(PATH, O_RDWR | O_CREAT, 0644);
	result("main: F_SETLK write [0,10)", setlk(F_WRLCK, 0, 10));
	result("main: flock(fd, LOCK_EX)", flock(fd, LOCK_EX));
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		getlk("child: F_GETLK [0,1)", 0, 1);
		getlk("child: F_GETLK [20,21)", 20, 1);
		fflush(stdout);
		_exit(0);
	}
	waitpid(p, NULL, 0);
	close(fd);
	unlink(PATH);
	return 0;
}
