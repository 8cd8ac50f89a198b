/*
 * sysconf.c — sysconf() and getpagesize() as the lab's Linux answers them.
 *
 * Mirrors glibc's sysdeps/unix/sysv/linux/sysconf.c for what threaded programs ask: the page
 * size (the kernel's 4096 bytes, where wasi-libc answers WebAssembly's 65536-byte page) and
 * _SC_THREAD_STACK_MIN (PTHREAD_STACK_MIN, 16384 on x86 glibc; wasi-libc answers -1), and
 * _SC_NPROCESSORS_ONLN/_CONF, the run's CPUs (--cpus; glibc's get_nprocs reads
 * /sys/devices/system/cpu/online; wasi-libc answers 1), and _SC_PRIORITY_SCHEDULING /
 * _SC_THREAD_PRIORITY_SCHEDULING, 200809L as glibc answers (wasi-libc: -1). <sys/sysinfo.h>'s get_nprocs and
 * get_nprocs_conf give the same.
 * The limits glibc computes on Linux (sysdeps/unix/sysv/linux/sysconf.c, sysdeps/posix/sysconf.c,
 * bits/local_lim.h): _SC_ARG_MAX from RLIMIT_STACK (a quarter of it, at least the legacy 131072,
 * at most 6 MiB), _SC_CHILD_MAX, _SC_OPEN_MAX and _SC_SIGQUEUE_MAX the soft RLIMIT_NPROC,
 * RLIMIT_NOFILE and RLIMIT_SIGPENDING (-1 when unlimited, as RLIM_INFINITY read as a long),
 * _SC_NGROUPS_MAX 65536 (/proc/sys/kernel/ngroups_max), and the fixed ones — RTSIG_MAX 32,
 * SEM_VALUE_MAX, PTHREAD_KEYS_MAX 1024, PTHREAD_DESTRUCTOR_ITERATIONS 4, FOPEN_MAX 16,
 * LINE_MAX 2048, HOST_NAME_MAX 64, ... — where wasi-libc answers -1 or its own numbers.
 * fpathconf/pathconf: _PC_PIPE_BUF is PIPE_BUF (4096) and _PC_LINK_MAX LINUX_LINK_MAX (127,
 * glibc's answer for a file system it has no table entry for: the lab's is a ramfs).
 * Everything else is wasi-libc's sysconf. <unistd.h> maps the names here by macro, so only
 * the program's calls change: wasi-libc's own code (its allocator's page arithmetic) keeps
 * WebAssembly's page size.
 */
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "lab.h"
#undef sysconf
#undef getpagesize
#undef fpathconf
#undef pathconf

/* A soft limit as glibc's sysconf returns it: rlim_cur as a long (RLIM_INFINITY is -1). */
static long soft_limit(int res) {
	struct rlimit rl;
	if (getrlimit(res, &rl) != 0) return -1;
	return rl.rlim_cur >= (rlim_t)LONG_MAX ? -1 : (long)rl.rlim_cur;
}

/* glibc: MIN(MAX(legacy_ARG_MAX, RLIMIT_STACK soft / 4), maximum_ARG_MAX). */
static long arg_max(void) {
	const unsigned long long legacy = 131072, maximum = 6 * 1024 * 1024;
	struct rlimit rl;
	if (getrlimit(RLIMIT_STACK, &rl) != 0) return (long)legacy;
	unsigned long long q = rl.rlim_cur / 4;
	if (q < legacy) q = legacy;
	return (long)(q < maximum ? q : maximum);
}

int getdtablesize(void) {
	long n = soft_limit(RLIMIT_NOFILE);
	return n < 0 || n > 0x7fffffffL ? 0x7fffffff : (int)n;
}

long __lab_sysconf(int name) {
	switch (name) {
	case _SC_PAGESIZE: return LAB_PAGE_SIZE;
	case _SC_THREAD_STACK_MIN: return PTHREAD_STACK_MIN;
	case _SC_NPROCESSORS_ONLN: case _SC_NPROCESSORS_CONF: return __lab_nprocs();
	case _SC_PHYS_PAGES: return get_phys_pages();     /* glibc: sysinfo's totalram */
	case _SC_AVPHYS_PAGES: return get_avphys_pages(); /* and its freeram */
	/* glibc's sysconf: _POSIX_PRIORITY_SCHEDULING and _POSIX_THREAD_PRIORITY_SCHEDULING are
	 * 200809L (the kernel has SCHED_FIFO/SCHED_RR: kernel/sched_rt.ts) */
	case _SC_PRIORITY_SCHEDULING: case _SC_THREAD_PRIORITY_SCHEDULING: return 200809L;
	case _SC_ARG_MAX: return arg_max();
	case _SC_CHILD_MAX: return soft_limit(RLIMIT_NPROC);
	case _SC_OPEN_MAX: return soft_limit(RLIMIT_NOFILE);
	case _SC_SIGQUEUE_MAX: return soft_limit(RLIMIT_SIGPENDING);
	case _SC_NGROUPS_MAX: return 65536;         /* /proc/sys/kernel/ngroups_max */
	case _SC_RTSIG_MAX: return 32;              /* RTSIG_MAX */
	case _SC_SEM_VALUE_MAX: return SEM_VALUE_MAX;
	case _SC_THREAD_KEYS_MAX: return 1024;      /* PTHREAD_KEYS_MAX (pthread.c's KEYS_MAX) */
	case _SC_THREAD_DESTRUCTOR_ITERATIONS: return 4;
	case _SC_STREAM_MAX: return 16;             /* glibc's FOPEN_MAX */
	case _SC_TZNAME_MAX: return -1;
	case _SC_LINE_MAX: return 2048;
	case _SC_HOST_NAME_MAX: return 64;
	case _SC_GETPW_R_SIZE_MAX: case _SC_GETGR_R_SIZE_MAX: return 1024; /* NSS_BUFLEN_* */
	case _SC_RE_DUP_MAX: return 0x7fff;
	case _SC_SYMLOOP_MAX: return -1;
	case _SC_BC_BASE_MAX: return 99;
	case _SC_EXPR_NEST_MAX: return 32;
	case _SC_MQ_PRIO_MAX: return 32768;
	case _SC_MQ_OPEN_MAX: return -1;
	/* glibc's aio (aio.c): _POSIX_ASYNCHRONOUS_IO; no AIO_LISTIO_MAX or AIO_MAX; AIO_PRIO_DELTA_MAX */
	case _SC_ASYNCHRONOUS_IO: return 200809L;
	case _SC_AIO_LISTIO_MAX: case _SC_AIO_MAX: return -1;
	case _SC_AIO_PRIO_DELTA_MAX: return 20;
	/* glibc's bits/posix_opt.h: aio_reqprio orders requests; fsync/fdatasync/O_SYNC exist */
	case _SC_PRIORITIZED_IO: case _SC_SYNCHRONIZED_IO: return 200809L;
	default: return sysconf(name);
	}
}

int __lab_getpagesize(void) { return LAB_PAGE_SIZE; }

/* <sys/sysinfo.h>: glibc's get_nprocs reads /sys/devices/system/cpu/online (wasi-libc answers 1). */
int get_nprocs(void) { return __lab_nprocs(); }
int get_nprocs_conf(void) { return __lab_nprocs(); }

/* glibc's fpathconf/pathconf (sysdeps/posix and sysdeps/unix/sysv/linux) where they differ from
 * wasi-libc's: _PC_PIPE_BUF is PIPE_BUF for any open file (or path), _PC_LINK_MAX comes from
 * fstatfs/statfs — LINUX_LINK_MAX, 127, for a file system glibc has no entry for (the lab's
 * is a ramfs) — so a bad descriptor or path fails as fstatfs/statfs would. */
long __lab_fpathconf(int fd, int name) {
	struct stat st;
	switch (name) {
	case _PC_PIPE_BUF:
		if (fd < 0) { errno = EBADF; return -1; }
		return 4096;
	case _PC_LINK_MAX: return fstat(fd, &st) == 0 ? 127 : -1;
	default: return fpathconf(fd, name);
	}
}

long __lab_pathconf(const char *path, int name) {
	struct stat st;
	switch (name) {
	case _PC_PIPE_BUF:
		if (path[0] == '\0') { errno = ENOENT; return -1; }
		return 4096;
	case _PC_LINK_MAX: return stat(path, &st) == 0 ? 127 : -1;
	default: return pathconf(path, name);
	}
}
