/*
 * unistd.c — processes, descriptors, sleeping and the lab calls.
 *
 * Mirrors: glibc's fork() (atfork handlers: prepare in reverse order, parent and child in
 * order; the child keeps only the forking thread), wait(), and the system-call wrappers of
 * <unistd.h>, <fcntl.h> (fcntl; open is fs.c's), <poll.h> and nanosleep. read, write, close and isatty
 * are wasi-libc's, which reach the kernel through the WASI calls the host implements.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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
unsigned alarm(unsigned s) { return __lab_alarm(s); }
int pause(void) { return __lab_pause(); }

int __wrap_fcntl(int fd, int cmd, ...) {
	va_list ap;
	va_start(ap, cmd);
	int arg = cmd == F_SETFL || cmd == F_SETFD ? va_arg(ap, int) : 0;
	va_end(ap);
	return __lab_fcntl(fd, cmd, arg);
}

int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout) { return __lab_poll(fds, (unsigned)n, timeout); }

int __wrap_nanosleep(const struct timespec *req, struct timespec *rem) { return __lab_nanosleep(req, rem); }

void compute(long long ns) { __lab_compute(ns); }
int read_slow_device(int count) { return __lab_read_slow_device(count); }
