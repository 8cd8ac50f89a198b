/* waitid (P_PID, P_PGID, P_ALL; WEXITED, WSTOPPED, WCONTINUED, WNOWAIT, WNOHANG), wait3/wait4
 * with the child's rusage, siginterrupt, getdtablesize, execle. Expected output: gcc + glibc on
 * Linux (the CPU time only as "more than 10 ms"). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

static void on_alarm(int sig) { (void)sig; }

static const char *code(int c) {
	return c == CLD_EXITED ? "CLD_EXITED" : c == CLD_KILLED ? "CLD_KILLED" : c == CLD_DUMPED ? "CLD_DUMPED"
	     : c == CLD_STOPPED ? "CLD_STOPPED" : c == CLD_CONTINUED ? "CLD_CONTINUED" : "?";
}

int main(void) {
	siginfo_t si;
	/* WNOHANG with a child still running: 0, and si_pid 0 */
	pid_t a = fork();
	if (a == 0) { pause(); _exit(0); }
	memset(&si, 0xff, sizeof si);
	int r = waitid(P_PID, a, &si, WEXITED | WNOHANG);
	printf("WNOHANG: %d si_pid %d\n", r, (int)si.si_pid);
	/* stop, continue, kill: each reported once */
	kill(a, SIGSTOP);
	r = waitid(P_PID, a, &si, WSTOPPED);
	printf("stopped: %d %s status %d pid-ok %d\n", r, code(si.si_code), si.si_status, si.si_pid == a);
	kill(a, SIGCONT);
	r = waitid(P_ALL, 0, &si, WCONTINUED);
	printf("continued: %d %s status %d\n", r, code(si.si_code), si.si_status);
	kill(a, SIGTERM);
	/* WNOWAIT leaves the zombie waitable */
	r = waitid(P_PID, a, &si, WEXITED | WNOWAIT);
	printf("peek: %d %s status %d signo %d\n", r, code(si.si_code), si.si_status, si.si_signo);
	int st;
	int reaped = waitpid(a, &st, 0) == a;
	printf("then waitpid reaps it: %d, WTERMSIG %d\n", reaped, WTERMSIG(st));
	/* P_PGID: our group */
	pid_t b = fork();
	if (b == 0) _exit(7);
	r = waitid(P_PGID, getpgrp(), &si, WEXITED);
	printf("P_PGID: %d %s status %d pid-ok %d\n", r, code(si.si_code), si.si_status, si.si_pid == b);
	r = waitid(P_ALL, 0, &si, WEXITED);
	printf("no children left: %d %s\n", r, strerror(errno));
	r = waitid(P_ALL, 0, &si, WNOHANG);
	printf("no WEXITED/WSTOPPED/WCONTINUED: %d %s\n", r, strerror(errno));
	/* wait3/wait4: the child's CPU time */
	pid_t c = fork();
	if (c == 0) { volatile unsigned long x = 1; for (long i = 0; i < 200000000L; i++) x = x * 3 + 1; _exit(3); }
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	pid_t w = wait4(c, &st, 0, &ru);
	double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	printf("wait4: pid-ok %d exit %d child cpu > 0.01 s: %d\n", w == c, WEXITSTATUS(st), cpu > 0.01);
	pid_t d = fork();
	if (d == 0) _exit(4);
	w = wait3(&st, 0, &ru);
	printf("wait3: pid-ok %d exit %d\n", w == d, WEXITSTATUS(st));
	/* siginterrupt: 1 interrupts a blocking read (EINTR), 0 restarts it */
	int fd[2];
	pipe(fd);
	signal(SIGALRM, on_alarm);
	siginterrupt(SIGALRM, 1);
	char ch;
	struct itimerval it = { {0, 0}, {0, 100000} };
	setitimer(ITIMER_REAL, &it, NULL);
	ssize_t n = read(fd[0], &ch, 1);
	printf("siginterrupt 1: read %zd %s\n", n, strerror(errno));
	siginterrupt(SIGALRM, 0);
	pid_t e = fork();
	if (e == 0) { usleep(300000); write(fd[1], "k", 1); _exit(0); }
	setitimer(ITIMER_REAL, &it, NULL);
	n = read(fd[0], &ch, 1);
	printf("siginterrupt 0: read %zd '%c'\n", n, ch);
	waitpid(e, NULL, 0);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	printf("getdtablesize == RLIMIT_NOFILE soft: %d\n", getdtablesize() == (int)rl.rlim_cur);
	char *env[] = { "X=1", NULL };
	r = execle("/no/such/prog", "prog", (char *)NULL, env);
	printf("execle of a missing file: %d %s\n", r, strerror(errno));
	return 0;
}
