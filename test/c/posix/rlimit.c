/*
 * rlimit.c — getrlimit/setrlimit/prlimit from C: the boot defaults (INIT_RLIMITS), Linux's
 * EINVAL/EPERM/ESRCH, RLIMIT_NOFILE bounding new descriptors (EMFILE from pipe and dup,
 * EBADF from dup2), inheritance across fork, RLIMIT_NPROC refusing fork (EAGAIN), and
 * RLIMIT_AS making malloc return NULL (ENOMEM). The program runs as the lab's user (not root).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *en(int e) { return e == EINVAL ? "EINVAL" : e == EPERM ? "EPERM" : e == ESRCH ? "ESRCH" : e == EMFILE ? "EMFILE" : e == EBADF ? "EBADF" : e == EAGAIN ? "EAGAIN" : e == ENOMEM ? "ENOMEM" : "?"; }
static long long v(rlim_t r) { return r == RLIM_INFINITY ? -1 : (long long)r; }

int main(void) {
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	printf("NOFILE %lld/%lld", v(r.rlim_cur), v(r.rlim_max));
	getrlimit(RLIMIT_STACK, &r);
	printf(", STACK %lld/%lld", v(r.rlim_cur), v(r.rlim_max));
	getrlimit(RLIMIT_CORE, &r);
	printf(", CORE %lld/%lld\n", v(r.rlim_cur), v(r.rlim_max));
	struct rlimit bad = {10, 5}, up = {1024, 8192};
	int a = setrlimit(RLIMIT_NOFILE, &bad), ea = errno;
	int b = setrlimit(RLIMIT_NOFILE, &up), eb = errno;
	int c = getrlimit(99, &r), ec = errno;
	int d = prlimit(1, RLIMIT_CORE, 0, &r), ed = errno;
	int e = prlimit(30000, RLIMIT_CORE, 0, &r), ee = errno;
	printf("soft > hard %d %s; raise hard %d %s; resource 99 %d %s; init's %d %s; no pid %d %s\n", a, en(ea), b, en(eb), c, en(ec), d, en(ed), e, en(ee));

	struct rlimit five = {5, 5};
	setrlimit(RLIMIT_NOFILE, &five);
	int p[2], q[2];
	int p1 = pipe(p);
	int p2 = pipe(q), e2 = errno;
	int d1 = dup(0), e3 = errno;
	int d2 = dup2(0, 5), e4 = errno;
	printf("NOFILE 5: pipe %d (%d %d), pipe %d %s, dup %d %s, dup2 to 5 %d %s\n", p1, p[0], p[1], p2, en(e2), d1, en(e3), d2, en(e4));
	pid_t ch = fork();
	if (ch == 0) {
		getrlimit(RLIMIT_NOFILE, &r);
		printf("child inherits %lld/%lld\n", v(r.rlim_cur), v(r.rlim_max));
		_exit(0);
	}
	waitpid(ch, 0, 0);

	struct rlimit one = {1, 1};
	setrlimit(RLIMIT_NPROC, &one);
	pid_t f = fork();
	int ef = errno;
	if (f == 0) _exit(0);
	printf("NPROC 1: fork %d %s\n", (int)f, en(ef));

	struct rlimit as = {32 << 20, 32 << 20};
	setrlimit(RLIMIT_AS, &as);
	int n = 0;
	static void *volatile last;
	for (;;) {
		void *m = malloc(1 << 20);
		if (!m) break;
		*(void **)m = last; /* a chain, as LTP's pthread_mutex_init/5-1 keeps its pages */
		last = m;
		n++;
	}
	printf("AS 32 MiB: malloc'd some MiB %d, then NULL %s\n", n > 8 && n < 32, en(errno));
	return 0;
}
