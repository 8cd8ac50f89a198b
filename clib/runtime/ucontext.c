/*
 * ucontext.c — <ucontext.h>: glibc 2.36's getcontext, setcontext, swapcontext, makecontext and
 * __start_context (sysdeps/unix/sysv/linux/x86_64/ getcontext.S etc.).
 *
 * getcontext saves the signal mask in uc_sigmask (rt_sigprocmask, as getcontext.S does), then
 * the host keeps the calling thread's C frames (clib/host/ucontext.ts). setcontext restores
 * uc_sigmask, then the host resumes the context; swapcontext sets ucp's mask and saves the old
 * one in oucp in one call, as swapcontext.S does, then saves and resumes.
 *
 * makecontext, as makecontext.c on x86-64: the function, its arguments and uc_link go at the
 * top of the context's stack (here one block, where glibc pushes them for __start_context),
 * and the context, when resumed, enters __lab_start_context on the stack below it: it calls
 * the function as it is defined (wasm traps on a call through a pointer of another type: the
 * host gives its parameter count and result kind), then, like __start_context, resumes uc_link,
 * or exits the process with status 0 when uc_link is NULL (exit(-1) if setcontext failed).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <ucontext.h>
#include "lab.h"

#define MAX_ARGS 8

/* clib/host/ucontext.ts reads the record number here */
_Static_assert(__builtin_offsetof(ucontext_t, uc_mcontext.__lab_ctx) == 216, "ucontext.ts CTX_ID");

struct __lab_ctx_start {
	void *func;
	int shape;
	int argc;
	int args[MAX_ARGS];
	const ucontext_t *link;
};

int getcontext(ucontext_t *ucp) {
	sigprocmask(SIG_BLOCK, 0, &ucp->uc_sigmask);
	return __lab_getcontext(ucp);
}

int setcontext(const ucontext_t *ucp) {
	sigprocmask(SIG_SETMASK, &ucp->uc_sigmask, 0);
	return __lab_setcontext(ucp);
}

int swapcontext(ucontext_t *restrict oucp, const ucontext_t *restrict ucp) {
	sigprocmask(SIG_SETMASK, &ucp->uc_sigmask, &oucp->uc_sigmask);
	return __lab_swapcontext(oucp, ucp);
}

void makecontext(ucontext_t *ucp, void (*func)(void), int argc, ...) {
	unsigned long top = (unsigned long)ucp->uc_stack.ss_sp + ucp->uc_stack.ss_size;
	struct __lab_ctx_start *s = (struct __lab_ctx_start *)((top - sizeof *s) & ~15ul);
	s->func = (void *)func;
	s->argc = argc < 0 ? 0 : argc > MAX_ARGS ? MAX_ARGS : argc;
	s->link = ucp->uc_link;
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < s->argc; i++) s->args[i] = va_arg(ap, int);
	va_end(ap);
	for (int i = s->argc; i < MAX_ARGS; i++) s->args[i] = 0;
	s->shape = __lab_makecontext(ucp, s, (unsigned long)ucp->uc_stack.ss_sp);
}

#define A(i) s->args[i]
#define CALLS(T) switch (s->shape & 15) { \
	case 0: ((T(*)(void))s->func)(); break; \
	case 1: ((T(*)(int))s->func)(A(0)); break; \
	case 2: ((T(*)(int, int))s->func)(A(0), A(1)); break; \
	case 3: ((T(*)(int, int, int))s->func)(A(0), A(1), A(2)); break; \
	case 4: ((T(*)(int, int, int, int))s->func)(A(0), A(1), A(2), A(3)); break; \
	case 5: ((T(*)(int, int, int, int, int))s->func)(A(0), A(1), A(2), A(3), A(4)); break; \
	case 6: ((T(*)(int, int, int, int, int, int))s->func)(A(0), A(1), A(2), A(3), A(4), A(5)); break; \
	case 7: ((T(*)(int, int, int, int, int, int, int))s->func)(A(0), A(1), A(2), A(3), A(4), A(5), A(6)); break; \
	default: ((T(*)(int, int, int, int, int, int, int, int))s->func)(A(0), A(1), A(2), A(3), A(4), A(5), A(6), A(7)); break; \
	}

/* A makecontext'd context's first entry (the host calls it on the context's stack). */
LAB_EXPORT(__lab_start_context) void __lab_start_context(struct __lab_ctx_start *s) {
	if ((s->shape >> 4) == 1) { CALLS(int) }
	else { CALLS(void) }
	if (s->link != 0) exit(setcontext(s->link));
	exit(0);
}
