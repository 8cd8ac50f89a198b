/*
 * clone.c — glibc's clone(3): int clone(int (*fn)(void *), void *stack, int flags, void *arg,
 * ... pid_t *parent_tid, void *tls, pid_t *child_tid).
 *
 * Mirrors: glibc's sysdeps/unix/sysv/linux/x86_64/clone.S — EINVAL for a NULL fn or stack
 * before any system call, then one clone system call with the flags as given (the kernel
 * refuses the combinations rule 1 names with EINVAL, which becomes errno), and in the child
 * fn(arg) followed by the exit system call with its value (this task only, not exit_group).
 *
 * Simplifies: the lab runs C code on its own stacks, so `stack` is checked and then unused:
 * the child's C stack is a block malloc'ed here, as pthread_create's (freed after the child
 * ends, by the next thread creation). CLONE_SETTLS is dropped (the lab switches each C
 * thread's thread-local variables itself: the child has its own errno and __thread copies,
 * where glibc's child would share the caller's unless it set a TLS). The host: clone.ts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include "lab.h"

extern int __lab_threaded;

int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...) {
	va_list ap;
	va_start(ap, arg);
	pid_t *ptid = va_arg(ap, pid_t *);
	(void)va_arg(ap, void *); /* tls */
	pid_t *ctid = va_arg(ap, pid_t *);
	va_end(ap);
	if (!fn || !stack) {
		errno = EINVAL;
		return -1;
	}
	void *dead;
	while ((dead = __lab_stack_reclaim())) free(dead);
	unsigned size = LAB_DEFAULT_STACK + LAB_NEST_BUF + LAB_ASYNC_BUF;
	char *block = __lab_thread_block(size);
	if (!block) {
		errno = ENOMEM;
		return -1;
	}
	struct __lab_clone_args a = { fn, arg, flags, ptid, ctid, block, size };
	if (flags & CLONE_VM) __lab_threaded = 1;
	int r = __lab_clone(&a);
	if (r == -1 || !(flags & CLONE_VM)) free(block); /* without CLONE_VM the child has its own copy */
	return r;
}
