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
 * Everything else is wasi-libc's sysconf. <unistd.h> maps the names here by macro, so only
 * the program's calls change: wasi-libc's own code (its allocator's page arithmetic) keeps
 * WebAssembly's page size.
 */
#include <limits.h>
#include <pthread.h>
#include <unistd.h>
#include "lab.h"
#undef sysconf
#undef getpagesize

long __lab_sysconf(int name) {
	switch (name) {
	case _SC_PAGESIZE: return LAB_PAGE_SIZE;
	case _SC_THREAD_STACK_MIN: return PTHREAD_STACK_MIN;
	case _SC_NPROCESSORS_ONLN: case _SC_NPROCESSORS_CONF: return __lab_nprocs();
	/* glibc's sysconf: _POSIX_PRIORITY_SCHEDULING and _POSIX_THREAD_PRIORITY_SCHEDULING are
	 * 200809L (the kernel has SCHED_FIFO/SCHED_RR: kernel/sched_rt.ts) */
	case _SC_PRIORITY_SCHEDULING: case _SC_THREAD_PRIORITY_SCHEDULING: return 200809L;
	default: return sysconf(name);
	}
}

int __lab_getpagesize(void) { return LAB_PAGE_SIZE; }

int get_nprocs(void) { return __lab_nprocs(); }
int get_nprocs_conf(void) { return __lab_nprocs(); }
