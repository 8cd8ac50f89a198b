/* sysconf/fpathconf limits as glibc answers them on Linux (clib/runtime/sysconf.c): the ones
 * computed from resource limits (set here, so native Linux prints the same) and the fixed ones
 * TLPI's t_sysconf/t_fpathconf print. Output checked against gcc + glibc on Linux. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>

static void lim(int res, rlim_t cur) {
	struct rlimit rl;
	getrlimit(res, &rl);
	rl.rlim_cur = cur;
	if (setrlimit(res, &rl) != 0) perror("setrlimit");
}

int main(void) {
	lim(RLIMIT_STACK, 8 * 1024 * 1024);
	printf("ARG_MAX stack 8M %ld", sysconf(_SC_ARG_MAX));
	lim(RLIMIT_STACK, 100 * 1024);
	printf(", 100K %ld", sysconf(_SC_ARG_MAX));
	lim(RLIMIT_STACK, RLIM_INFINITY);
	printf(", unlimited %ld\n", sysconf(_SC_ARG_MAX));
	lim(RLIMIT_NOFILE, 256);
	lim(RLIMIT_NPROC, 50);
	lim(RLIMIT_SIGPENDING, 77);
	printf("OPEN_MAX %ld CHILD_MAX %ld SIGQUEUE_MAX %ld\n", sysconf(_SC_OPEN_MAX),
	       sysconf(_SC_CHILD_MAX), sysconf(_SC_SIGQUEUE_MAX));
	printf("NGROUPS_MAX %ld RTSIG_MAX %ld SEM_VALUE_MAX %ld\n", sysconf(_SC_NGROUPS_MAX),
	       sysconf(_SC_RTSIG_MAX), sysconf(_SC_SEM_VALUE_MAX));
	printf("THREAD_KEYS_MAX %ld THREAD_DESTRUCTOR_ITERATIONS %ld STREAM_MAX %ld TZNAME_MAX %ld\n",
	       sysconf(_SC_THREAD_KEYS_MAX), sysconf(_SC_THREAD_DESTRUCTOR_ITERATIONS),
	       sysconf(_SC_STREAM_MAX), sysconf(_SC_TZNAME_MAX));
	printf("LINE_MAX %ld HOST_NAME_MAX %ld GETPW_R_SIZE_MAX %ld MQ_PRIO_MAX %ld\n",
	       sysconf(_SC_LINE_MAX), sysconf(_SC_HOST_NAME_MAX), sysconf(_SC_GETPW_R_SIZE_MAX),
	       sysconf(_SC_MQ_PRIO_MAX));
	int p[2];
	pipe(p);
	printf("pipe: PIPE_BUF %ld LINK_MAX %ld", fpathconf(p[0], _PC_PIPE_BUF), fpathconf(p[1], _PC_LINK_MAX));
	close(p[0]);
	errno = 0;
	long v = fpathconf(p[0], _PC_LINK_MAX);
	printf("; closed: %ld %s", v, errno == EBADF ? "EBADF" : "?");
	errno = 0;
	v = pathconf("", _PC_PIPE_BUF);
	printf("; pathconf(\"\") %ld %s\n", v, errno == ENOENT ? "ENOENT" : "?");
	return 0;
}
