/*
 * sysconf.c — sysconf() and getpagesize() as the lab's Linux answers them.
 *
 * Mirrors glibc's sysdeps/unix/sysv/linux/sysconf.c for what threaded programs ask: the page
 * size (the kernel's 4096 bytes, where wasi-libc answers WebAssembly's 65536-byte page) and
 * _SC_THREAD_STACK_MIN (PTHREAD_STACK_MIN, 16384 on x86 glibc; wasi-libc answers -1).
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
	default: return sysconf(name);
	}
}

int __lab_getpagesize(void) { return LAB_PAGE_SIZE; }
