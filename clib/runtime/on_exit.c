/*
 * on_exit.c — glibc's on_exit(3) (stdlib/on_exit.c): a handler run at exit() with exit's status
 * and its own argument, on the same list as atexit's, so the two kinds run interleaved, last
 * registered first. Built on __cxa_atexit, whose list wasi-libc's (musl's) exit runs with
 * atexit's; exit's status is what start.c's exit wrapper recorded.
 */
#include <stdlib.h>

extern int __cxa_atexit(void (*)(void *), void *, void *);
extern int __lab_exit_status; /* start.c */

struct on_exit_rec {
	void (*fn)(int, void *);
	void *arg;
};

static void call_on_exit(void *p) {
	struct on_exit_rec *r = p;
	r->fn(__lab_exit_status, r->arg);
}

int on_exit(void (*fn)(int, void *), void *arg) {
	struct on_exit_rec *r = malloc(sizeof *r);
	if (r == NULL) return -1;
	r->fn = fn;
	r->arg = arg;
	if (__cxa_atexit(call_on_exit, r, 0) != 0) {
		free(r);
		return -1;
	}
	return 0;
}
