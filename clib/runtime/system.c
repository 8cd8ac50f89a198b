/*
 * system.c — system(3), popen(3) and pclose(3): a command run by /bin/sh in a child process.
 *
 * Mirrors: glibc's sysdeps/posix/system.c (do_system: SIGINT and SIGQUIT ignored and SIGCHLD
 * blocked in the caller while the child runs; the child gets the caller's dispositions and
 * mask back; the wait status is returned, or 127 << 8 when the shell could not be run;
 * system(NULL) asks whether a shell exists) and libio/iopopen.c (a pipe to the child's
 * standard input or output; pclose waits for the child and returns its status; each child
 * closes the other popen streams' pipe ends, which POSIX requires). glibc starts the shell
 * with posix_spawn, which reports an exec that failed: system then returns 127 << 8 and popen
 * NULL (errno ENOMEM: iopopen.c's spawn_failure sets it, whatever the spawn said). Here a fork child reports it the way posix_spawn's does, through a
 * close-on-exec pipe that stays silent if the exec succeeds.
 *
 * The lab has no programs on disk, so there is no /bin/sh: the exec fails (the lab's exec
 * prints its one-line notice to the child's standard error). So system(cmd) returns
 * 127 << 8, popen returns NULL with errno ENOMEM, and system(NULL) returns 0 — what glibc
 * 2.36 gives on a Linux without /bin/sh (checked: an x86-64 Linux with /bin hidden).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHELL_PATH "/bin/sh"

/* In the child: exec the shell; if that fails, tell the parent through `report` and exit 127. */
static void run_shell(const char *cmd, int report) {
	execl(SHELL_PATH, "sh", "-c", "--", cmd, (char *)NULL);
	int e = errno;
	write(report, &e, sizeof e);
	_exit(127);
}

/* In the parent: exec's errno if the child's exec failed, else 0 (the pipe closed on exec). */
static int exec_error(int report[2]) {
	int e = 0;
	close(report[1]);
	ssize_t n;
	while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR) continue;
	close(report[0]);
	return n == (ssize_t)sizeof e ? e : 0;
}

/* waitpid, again after EINTR; the status, or -1. */
static int wait_status(pid_t pid) {
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) return -1;
	}
	return status;
}

int system(const char *cmd) {
	if (cmd == NULL) return 0; /* no shell: glibc's do_system("exit 0") would not return 0 */
	struct sigaction ign, intr, quit;
	sigset_t block, omask;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &intr);
	sigaction(SIGQUIT, &ign, &quit);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &omask);
	int status, report[2];
	pid_t pid = pipe2(report, O_CLOEXEC) == 0 ? fork() : -1;
	if (pid == 0) {
		sigaction(SIGINT, &intr, NULL);
		sigaction(SIGQUIT, &quit, NULL);
		sigprocmask(SIG_SETMASK, &omask, NULL);
		close(report[0]);
		run_shell(cmd, report[1]);
	}
	int saved = errno;
	if (pid < 0) status = -1;
	else {
		int e = exec_error(report);
		status = wait_status(pid);
		if (e != 0) { status = 127 << 8; saved = e; } /* W_EXITCODE (127, 0), errno from the spawn */
	}
	sigaction(SIGINT, &intr, NULL);
	sigaction(SIGQUIT, &quit, NULL);
	sigprocmask(SIG_SETMASK, &omask, NULL);
	errno = saved;
	return status;
}

/* The open popen streams and their children (iopopen.c's proc_file_chain). */
struct popen_file {
	FILE *fp;
	pid_t pid;
	struct popen_file *next;
};
static struct popen_file *popen_list;

FILE *popen(const char *cmd, const char *mode) {
	int reading = mode[0] == 'r';
	if ((mode[0] != 'r' && mode[0] != 'w') || (mode[1] != '\0' && mode[1] != 'e')) {
		errno = EINVAL;
		return NULL;
	}
	struct popen_file *pf = malloc(sizeof *pf);
	int p[2], report[2];
	if (pf == NULL) return NULL;
	if (pipe(p) != 0) { free(pf); return NULL; }
	if (pipe2(report, O_CLOEXEC) != 0) { close(p[0]); close(p[1]); free(pf); return NULL; }
	int parent_end = reading ? p[0] : p[1], child_end = reading ? p[1] : p[0];
	int child_fd = reading ? STDOUT_FILENO : STDIN_FILENO;
	pid_t pid = fork();
	if (pid == 0) {
		for (struct popen_file *o = popen_list; o != NULL; o = o->next) close(fileno(o->fp));
		close(parent_end);
		if (child_end != child_fd) {
			dup2(child_end, child_fd);
			close(child_end);
		}
		close(report[0]);
		run_shell(cmd, report[1]);
	}
	close(child_end);
	if (pid < 0) { close(parent_end); close(report[0]); close(report[1]); free(pf); return NULL; }
	int e = exec_error(report);
	if (e != 0) {
		close(parent_end);
		wait_status(pid);
		free(pf);
		errno = ENOMEM; /* iopopen.c's spawn_failure sets ENOMEM, whatever the spawn said */
		return NULL;
	}
	FILE *fp = fdopen(parent_end, reading ? "r" : "w");
	if (fp == NULL) { close(parent_end); wait_status(pid); free(pf); return NULL; }
	pf->fp = fp;
	pf->pid = pid;
	pf->next = popen_list;
	popen_list = pf;
	return fp;
}

int pclose(FILE *fp) {
	struct popen_file **at = &popen_list;
	while (*at != NULL && (*at)->fp != fp) at = &(*at)->next;
	if (*at == NULL) { errno = ECHILD; return -1; }
	struct popen_file *pf = *at;
	*at = pf->next;
	fclose(fp);
	int status = wait_status(pf->pid);
	free(pf);
	return status;
}
