/*
 * pthread_attr_stack.c — a thread on a stack the program gives: pthread_attr_setstack /
 * getstack, the older setstackaddr / getstackaddr, and the guard size.
 *
 * Mirrors glibc's nptl/pthread_attr_setstack.c (EINVAL for a size below PTHREAD_STACK_MIN;
 * the stored address is the stack's top, stackaddr + stacksize, as the stack grows down),
 * pthread_attr_getstack.c (top - size), pthread_attr_setstackaddr.c / getstackaddr.c (the top
 * itself, stored and returned unchecked), pthread_attr_setguardsize.c / getguardsize.c (kept
 * unrounded; pthread_attr_init sets one page, glibc's default; kept above the detach-state bit).
 *
 * The stack is the program's own memory: pthread_create (pthread.c) runs the thread's C
 * frames there, between the top and top - size (a deeper stack is the lab's stack-overflow
 * SIGSEGV), and mallocs only the thread's Asyncify buffer. Simplified: the guard size is kept
 * and reported but the lab's stacks have no guard pages (the overflow check stands in for one).
 */
#include <errno.h>
#include "lab.h"

int __wrap_pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t size) {
	if (size < PTHREAD_STACK_MIN) return EINVAL;
	a->__u.__i[ATTR_STACKSIZE] = (int)size;
	a->__u.__i[ATTR_STACKADDR] = (int)((char *)addr + size);
	return 0;
}

int __wrap_pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *size) {
	*addr = (char *)a->__u.__i[ATTR_STACKADDR] - a->__u.__i[ATTR_STACKSIZE];
	*size = (size_t)a->__u.__i[ATTR_STACKSIZE];
	return 0;
}

int __wrap_pthread_attr_setstackaddr(pthread_attr_t *a, void *top) {
	a->__u.__i[ATTR_STACKADDR] = (int)top;
	return 0;
}

int __wrap_pthread_attr_getstackaddr(const pthread_attr_t *a, void **top) {
	*top = (void *)a->__u.__i[ATTR_STACKADDR];
	return 0;
}

int __wrap_pthread_attr_setguardsize(pthread_attr_t *a, size_t size) {
	if (size > (size_t)0x7fffffff) return EINVAL; /* the lab keeps it in 31 bits */
	a->__u.__s[ATTR_DETACHED] = (a->__u.__s[ATTR_DETACHED] & 1u) | ((unsigned)size << ATTR_GUARDSHIFT);
	return 0;
}

int __wrap_pthread_attr_getguardsize(const pthread_attr_t *a, size_t *size) {
	*size = (size_t)(a->__u.__s[ATTR_DETACHED] >> ATTR_GUARDSHIFT);
	return 0;
}
