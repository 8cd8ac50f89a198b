/* file_locks.c — flock(2), fcntl record locks, OFD locks and lockf(3), one process and its
 * children (test/c/file_locks.test.ts; the output is gcc + glibc's on Linux). Pids are printed
 * as who holds a lock ("parent", "child"), so the text does not depend on them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH "file_locks.tmp"

static pid_t parent;

static const char *who(pid_t pid) { return pid == parent ? "parent" : pid == -1 ? "ofd" : "other"; }

static int setlk(int fd, int cmd, int type, off_t start, off_t len) {
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

/* F_GETLK for a write lock on [start, start+len): what stands in the way */
static void getlk(const char *label, int fd, int cmd, off_t start, off_t len) {
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	if (fcntl(fd, cmd, &fl) == -1) { printf("%s: getlk %s\n", label, strerror(errno)); return; }
	if (fl.l_type == F_UNLCK) { printf("%s: none\n", label); return; }
	printf("%s: %s %lld len %lld whence %d by %s\n", label, fl.l_type == F_RDLCK ? "read" : "write",
	       (long long)fl.l_start, (long long)fl.l_len, fl.l_whence, who(fl.l_pid));
}

static void result(const char *label, int r) {
	if (r == 0) printf("%s: 0\n", label);
	else printf("%s: %d %s%s\n", label, r, strerror(errno), errno == EWOULDBLOCK ? " (EWOULDBLOCK)" : "");
}

/* run fn in a child and wait for it (its output is flushed before it exits) */
static void child(void (*fn)(int), int fd) {
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) { fn(fd); fflush(stdout); _exit(0); }
	waitpid(p, NULL, 0);
}

static void child_flock(int fd) {
	int other = open(PATH, O_RDWR);
	result("  child flock(inherited fd, LOCK_EX|LOCK_NB)", flock(fd, LOCK_EX | LOCK_NB));
	result("  child flock(own open, LOCK_SH|LOCK_NB)", flock(other, LOCK_SH | LOCK_NB));
	close(other);
}

static void child_ranges(int fd) {
	getlk("  [0,10)", fd, F_GETLK, 0, 10);
	getlk("  [40,45)", fd, F_GETLK, 40, 5);
	getlk("  [45,55)", fd, F_GETLK, 45, 10);
	getlk("  [60,90)", fd, F_GETLK, 60, 30);
	getlk("  [95,105)", fd, F_GETLK, 95, 10);
	getlk("  [150,eof)", fd, F_GETLK, 150, 0);
	result("  child read lock [50,60)", setlk(fd, F_SETLK, F_RDLCK, 50, 10));
	result("  child write lock [50,60)", setlk(fd, F_SETLK, F_WRLCK, 50, 10));
	result("  child write lock [40,50)", setlk(fd, F_SETLK, F_WRLCK, 40, 10));
	struct flock t = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	result("  child F_GETLK with l_type F_UNLCK", (t.l_type = F_UNLCK, fcntl(fd, F_GETLK, &t)));
	lseek(fd, 0, SEEK_SET);
	result("  child lockf(F_TEST, 10)", lockf(fd, F_TEST, 10));
	lseek(fd, 40, SEEK_SET);
	result("  child lockf(F_TEST, 5) at 40", lockf(fd, F_TEST, 5));
	result("  child lockf(F_TLOCK, 5) at 40", lockf(fd, F_TLOCK, 5));
}

static void child_after_close(int fd) {
	getlk("  [0,eof)", fd, F_GETLK, 0, 0);
	getlk("  [40,41)", fd, F_GETLK, 40, 1);
}

static void child_deadlock(int fd) {
	result("  child write lock [1,2)", setlk(fd, F_SETLK, F_WRLCK, 1, 1));
	kill(parent, SIGUSR1); /* the parent now waits for byte 1 */
	usleep(100000);
	result("  child F_SETLKW [0,1) (the parent waits for the child)", setlk(fd, F_SETLKW, F_WRLCK, 0, 1));
}

static void on_usr1(int sig) { (void)sig; }

int main(void) {
	parent = getpid();
	setvbuf(stdout, NULL, _IOLBF, 0);
	unlink(PATH);
	int fd = open(PATH, O_RDWR | O_CREAT, 0644);
	char buf[100];
	memset(buf, 'x', sizeof buf);
	write(fd, buf, sizeof buf);

	puts("flock: the open file owns the lock");
	int other = open(PATH, O_RDWR);
	int d = dup(fd);
	result("flock(fd, LOCK_EX)", flock(fd, LOCK_EX));
	result("flock(dup, LOCK_EX|LOCK_NB)", flock(d, LOCK_EX | LOCK_NB));
	result("flock(other open, LOCK_SH|LOCK_NB)", flock(other, LOCK_SH | LOCK_NB));
	child(child_flock, fd);
	close(fd);
	result("after close(fd): flock(other open, LOCK_SH|LOCK_NB)", flock(other, LOCK_SH | LOCK_NB));
	close(d);
	result("after close(dup): flock(other open, LOCK_SH|LOCK_NB)", flock(other, LOCK_SH | LOCK_NB));
	fd = open(PATH, O_RDWR);
	result("flock(fd, LOCK_SH)", flock(fd, LOCK_SH));
	result("upgrade flock(other, LOCK_EX|LOCK_NB)", flock(other, LOCK_EX | LOCK_NB));
	result("upgrade flock(fd, LOCK_EX|LOCK_NB) (other lost its lock)", flock(fd, LOCK_EX | LOCK_NB));
	result("flock(fd, 0)", flock(fd, 0));
	result("flock(77, LOCK_SH)", flock(77, LOCK_SH));
	close(other);
	close(fd);

	puts("fcntl: the process owns record locks");
	fd = open(PATH, O_RDWR);
	result("write lock [0,100)", setlk(fd, F_SETLK, F_WRLCK, 0, 100));
	result("unlock [40,60)", setlk(fd, F_SETLK, F_UNLCK, 40, 20));
	result("read lock [50,70)", setlk(fd, F_SETLK, F_RDLCK, 50, 20));
	struct flock back = { .l_type = F_RDLCK, .l_whence = SEEK_END, .l_start = -10, .l_len = -5 };
	result("read lock SEEK_END -10 len -5", fcntl(fd, F_SETLK, &back));
	result("write lock [200,eof)", setlk(fd, F_SETLK, F_WRLCK, 200, 0));
	getlk("own locks never conflict", fd, F_GETLK, 0, 0);
	child(child_ranges, fd);
	result("read lock [40,50) (merges with [50,70))", setlk(fd, F_SETLK, F_RDLCK, 40, 10));
	child(child_after_close, fd);
	int ro = open(PATH, O_RDONLY), wo = open(PATH, O_WRONLY);
	result("write lock on O_RDONLY", setlk(ro, F_SETLK, F_WRLCK, 0, 1));
	result("read lock on O_WRONLY", setlk(wo, F_SETLK, F_RDLCK, 0, 1));
	result("bad l_type", setlk(fd, F_SETLK, 9, 0, 1));
	result("start before 0", setlk(fd, F_SETLK, F_RDLCK, -1, 1));
	close(wo);
	puts("after close() of another descriptor of the file:");
	child(child_after_close, fd);
	close(ro);

	puts("F_SETLKW and EDEADLK");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	result("write lock [0,1)", setlk(fd, F_SETLK, F_WRLCK, 0, 1));
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) { child_deadlock(fd); fflush(stdout); _exit(0); }
	sigsuspend(&old); /* the child holds byte 1 */
	result("F_SETLKW [1,2) (granted when the child exits)", setlk(fd, F_SETLKW, F_WRLCK, 1, 1));
	waitpid(p, NULL, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fd);

	puts("open file description locks");
	int a = open(PATH, O_RDWR), b = open(PATH, O_RDWR);
	result("OFD write lock via a", setlk(a, F_OFD_SETLK, F_WRLCK, 0, 10));
	result("OFD write lock via b (same process)", setlk(b, F_OFD_SETLK, F_WRLCK, 5, 1));
	getlk("F_OFD_GETLK via b", b, F_OFD_GETLK, 0, 1);
	getlk("F_OFD_GETLK via a", a, F_OFD_GETLK, 0, 1);
	getlk("F_GETLK via b", b, F_GETLK, 0, 1);
	struct flock bad = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1, .l_pid = 5 };
	result("F_OFD_SETLK with l_pid 5", fcntl(a, F_OFD_SETLK, &bad));
	close(b);
	getlk("after close(b): F_OFD_GETLK via a new open", (b = open(PATH, O_RDONLY)), F_OFD_GETLK, 0, 1);
	close(a);
	getlk("after close(a)", b, F_OFD_GETLK, 0, 1);
	close(b);
	unlink(PATH);
	return 0;
}
