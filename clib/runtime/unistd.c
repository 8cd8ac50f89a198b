/*
 * unistd.c — processes, descriptors, sleeping and the lab calls.
 *
 * Mirrors: glibc's fork() (atfork handlers: prepare in reverse order, parent and child in
 * order; the child keeps only the forking thread), wait(), and the system-call wrappers of
 * <unistd.h>, <fcntl.h> (fcntl with its record locks, lockf; open is fs.c's), <sys/file.h>
 * (flock), <poll.h> and nanosleep. read, write, close and isatty
 * are wasi-libc's, which reach the kernel through the WASI calls the host implements.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <threadlab.h>
#include "lab.h"

pid_t fork(void) {
	__lab_atfork(0);
	pid_t r = __lab_fork();
	if (r == 0) {
		__lab_live_threads = 1;
		__lab_atfork(2);
	} else {
		__lab_atfork(1);
	}
	return r;
}

/*
 * vfork (glibc: the raw system call — no atfork handlers): the caller is suspended until the
 * child calls _exit or an exec (the kernel's CLONE_VFORK). The lab's child runs in a copy of
 * the memory, as fork's, where Linux's borrows the caller's: a program that keeps to what
 * POSIX allows a vfork child (_exit or exec, nothing stored) cannot tell.
 */
pid_t vfork(void) { return __lab_vfork(); }

pid_t getpid(void) { return __lab_getpid(); }
pid_t getppid(void) { return __lab_getppid(); }
pid_t gettid(void) { return __lab_gettid(); }
pid_t waitpid(pid_t pid, int *st, int options) { return __lab_waitpid(pid, st, options); }
pid_t wait(int *st) { return __lab_waitpid(-1, st, 0); }
pid_t wait4(pid_t pid, int *st, int options, struct rusage *ru) { return __lab_wait4(pid, st, options, ru); }
pid_t wait3(int *st, int options, struct rusage *ru) { return __lab_wait4(-1, st, options, ru); }
int waitid(idtype_t type, id_t id, siginfo_t *info, int options) { return __lab_waitid((int)type, (int)id, info, options); }

int pipe(int fd[2]) { return __lab_pipe(fd, 0); }
int pipe2(int fd[2], int flags) { return __lab_pipe(fd, flags); }
int dup(int fd) { return __lab_dup(fd); }
int dup2(int a, int b) { return __lab_dup2(a, b); }
int dup3(int a, int b, int flags) { return __lab_dup3(a, b, flags); }
unsigned alarm(unsigned s) { return __lab_alarm(s); }
int pause(void) { return __lab_pause(); }

/* The lock commands' argument is a struct flock *, which the host reads (and F_GETLK writes). */
static int lock_cmd(int cmd) {
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_GETLK || cmd == F_OFD_SETLK ||
		cmd == F_OFD_SETLKW;
}

int __wrap_fcntl(int fd, int cmd, ...) {
	va_list ap;
	va_start(ap, cmd);
	int arg = 0;
	if (cmd == F_SETFL || cmd == F_SETFD) arg = va_arg(ap, int);
	else if (lock_cmd(cmd)) arg = (int)(uintptr_t)va_arg(ap, struct flock *);
	va_end(ap);
	return __lab_fcntl(fd, cmd, arg);
}

int flock(int fd, int operation) { return __lab_flock(fd, operation); }

/*
 * lockf as glibc's io/lockf64.c builds it on fcntl: len bytes from the current position (0: to
 * the end, negative: before it); F_TEST asks for a read lock with F_GETLK and answers EACCES
 * only when another process holds the range.
 */
int lockf(int fd, int cmd, off_t len) {
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 0, .l_len = len };
	switch (cmd) {
	case F_TEST:
		fl.l_type = F_RDLCK;
		if (fcntl(fd, F_GETLK, &fl) < 0) return -1;
		if (fl.l_type == F_UNLCK || fl.l_pid == getpid()) return 0;
		errno = EACCES;
		return -1;
	case F_ULOCK:
		fl.l_type = F_UNLCK;
		return fcntl(fd, F_SETLK, &fl);
	case F_LOCK:
		return fcntl(fd, F_SETLKW, &fl);
	case F_TLOCK:
		return fcntl(fd, F_SETLK, &fl);
	}
	errno = EINVAL;
	return -1;
}

int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout) { return __lab_poll(fds, (unsigned)n, timeout); }

int __wrap_nanosleep(const struct timespec *req, struct timespec *rem) { return __lab_nanosleep(req, rem); }

void compute(long long ns) { __lab_compute(ns); }
int read_slow_device(int count) { return __lab_read_slow_device(count); }

/* The lab's one terminal: the shell's pts/0, where the program's console descriptors lead
   (ttyname.c: the name of the terminal open on fd; ENOTTY when it is not one). */
#define LAB_TTY "/dev/pts/0"
int ttyname_r(int fd, char *buf, size_t len) {
	if (len < sizeof "/dev/pts/") return ERANGE; /* glibc looks at the buffer first */
	if (!isatty(fd)) return errno;
	if (len < sizeof LAB_TTY) return ERANGE;
	memcpy(buf, LAB_TTY, sizeof LAB_TTY);
	return 0;
}
char *ttyname(int fd) {
	static char name[sizeof LAB_TTY];
	int e = ttyname_r(fd, name, sizeof name);
	if (e != 0) { errno = e; return 0; }
	return name;
}
/* ctermid: glibc's is always "/dev/tty". */
char *ctermid(char *s) {
	static char name[L_ctermid];
	char *out = s ? s : name;
	memcpy(out, "/dev/tty", sizeof "/dev/tty");
	return out;
}
/* sync/syncfs: the lab's files live in memory (ramfs), with nothing to write back, as on
   Linux's ramfs. */
void sync(void) {}
int syncfs(int fd) { return fcntl(fd, F_GETFD) < 0 ? -1 : 0; }
