/*
 * cancel.c — the C side of cancellation: pthread_cancel, pthread_setcancelstate/_setcanceltype,
 * pthread_testcancel, and the pthread_cleanup_push/_pop macros' functions (glibc's
 * _pthread_cleanup_push/_pop in nptl/cleanup_compat.c and linuxthreads/cancel.c).
 *
 * Each is the chosen library's call: the library keeps the cleanup records on the thread's
 * descriptor and runs them (the host enters C through __lab_call1 for each). The record a
 * macro's block carries (struct __ptcb) is unused: the library's list is the one that counts.
 *
 * __lab_thread_end is the runtime's own record, pushed first on every thread (start.c): run
 * after the program's records when the thread exits or acts on a cancellation, it does what
 * start_thread does after the start routine — key destructors, then the last thread to go
 * calls exit(0) — and tells the host the thread is gone.
 */
#include <errno.h>
#include <stdlib.h>
#include "lab.h"

int pthread_cancel(pthread_t t) { return __lab_pthread_cancel(t); }
int pthread_setcancelstate(int state, int *old) { return __lab_setcancel(0, state, old); }
int pthread_setcanceltype(int type, int *old) { return __lab_setcancel(1, type, old); }
void pthread_testcancel(void) { __lab_testcancel(); }

void _pthread_cleanup_push(struct __ptcb *cb, void (*f)(void *), void *x) {
	cb->__f = f;
	cb->__x = x;
	__lab_cleanup_push(f, x);
}

void _pthread_cleanup_pop(struct __ptcb *cb, int execute) {
	(void)cb;
	__lab_cleanup_pop(execute);
}

/* A cleanup routine, called as it is defined (start.c __lab_call_as). */
LAB_EXPORT(__lab_call1) void __lab_call1(void (*fn)(void *), void *arg, int shape) {
	__lab_call_as((void *)fn, shape, arg);
}

void __lab_thread_end(void *unused) {
	(void)unused;
	__lab_io_release(); /* a stdio call the thread was cancelled in: glibc's _IO_acquire_lock cleanup */
	__lab_tsd_run();
	__lab_thread_gone();
	if (--__lab_live_threads == 0) exit(0);
}
