/*
 * affinity.c — CPU affinity and the concurrency hint from C: <sched.h>'s cpu_set_t helpers,
 * sched_setaffinity/sched_getaffinity/sched_getcpu, and <pthread.h>'s
 * pthread_setaffinity_np/getaffinity_np, pthread_attr_setaffinity_np/getaffinity_np and
 * pthread_setconcurrency/getconcurrency, each the chosen library's call.
 *
 * Mirrors glibc: posix/sched_cpucount.c, sched_cpualloc.c, sched_cpufree.c;
 * sysdeps/unix/sysv/linux/sched_setaffinity.c and sched_getaffinity.c (the rest of the set
 * past what the kernel wrote is zeroed); sched_getcpu.c (the vDSO); nptl/pthread_setaffinity.c,
 * pthread_getaffinity.c; nptl/pthread_attr_setaffinity.c (a malloc'ed copy of the set,
 * freed by pthread_attr_destroy or a NULL/zero-size set) and pthread_attr_getaffinity.c (EINVAL
 * if the stored set has CPUs past the caller's size; all CPUs when none was set). The set
 * crosses to the host as bytes; the host (clib/host/affinity.ts) turns it into the library's
 * bigint and back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "lab.h"

enum { AFF_SCHED_SET, AFF_SCHED_GET, AFF_PTHREAD_SET, AFF_PTHREAD_GET };

int __sched_cpucount(size_t size, const cpu_set_t *set) {
	int n = 0;
	for (size_t i = 0; i < size / sizeof(unsigned long); i++) n += __builtin_popcountl(set->__bits[i]);
	return n;
}
cpu_set_t *__sched_cpualloc(size_t count) { return malloc(CPU_ALLOC_SIZE(count)); }
void __sched_cpufree(cpu_set_t *set) { free(set); }

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set) {
	return __lab_affinity(AFF_SCHED_SET, pid, size, (void *)set);
}
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set) {
	return __lab_affinity(AFF_SCHED_GET, pid, size, set);
}
int sched_getcpu(void) { return __lab_getcpu(); }

int pthread_setaffinity_np(pthread_t t, size_t size, const cpu_set_t *set) {
	return __lab_affinity(AFF_PTHREAD_SET, (int)t, size, (void *)set);
}
int pthread_getaffinity_np(pthread_t t, size_t size, cpu_set_t *set) {
	return __lab_affinity(AFF_PTHREAD_GET, (int)t, size, set);
}

int pthread_attr_setaffinity_np(pthread_attr_t *a, size_t size, const cpu_set_t *set) {
	void *old = (void *)a->__u.__i[ATTR_CPUSET];
	if (set == NULL || size == 0) {
		free(old);
		a->__u.__i[ATTR_CPUSET] = 0;
		a->__u.__i[ATTR_CPUSETSIZE] = 0;
		return 0;
	}
	void *copy = realloc(old, size);
	if (copy == NULL) return ENOMEM;
	memcpy(copy, set, size);
	a->__u.__i[ATTR_CPUSET] = (int)copy;
	a->__u.__i[ATTR_CPUSETSIZE] = (int)size;
	return 0;
}

int pthread_attr_getaffinity_np(const pthread_attr_t *a, size_t size, cpu_set_t *set) {
	const unsigned char *have = (const unsigned char *)a->__u.__i[ATTR_CPUSET];
	size_t n = (size_t)a->__u.__i[ATTR_CPUSETSIZE];
	if (have == NULL) {
		memset(set, 0xff, size); /* no affinity set: every CPU */
		return 0;
	}
	for (size_t i = size; i < n; i++) if (have[i] != 0) return EINVAL;
	memcpy(set, have, n < size ? n : size);
	if (size > n) memset((char *)set + n, 0, size - n);
	return 0;
}

/* The attribute's set is freed with the attribute (pthread.c's destroy calls this). */
void __lab_attr_free_cpuset(pthread_attr_t *a) {
	free((void *)a->__u.__i[ATTR_CPUSET]);
	a->__u.__i[ATTR_CPUSET] = 0;
	a->__u.__i[ATTR_CPUSETSIZE] = 0;
}

int pthread_setconcurrency(int level) { return __lab_concurrency(0, level); }
int pthread_getconcurrency(void) { return __lab_concurrency(1, 0); }
