/*
 * start.c — how a C program starts and ends in the lab.
 *
 * Mirrors: glibc's __libc_start_main (exit(main(argc, argv))), start_thread's tail (the last
 * thread to leave calls exit(0)), exit() vs _exit() (only exit runs atexit handlers and flushes
 * stdio: wasi-libc's exit does both, in the program's own memory, before _Exit), abort()
 * (raise SIGABRT; if a handler returns, reset it and raise again).
 *
 * The host enters C only through the exports here: __lab_start (the main thread),
 * __lab_thread_entry (a created thread), __lab_signal_entry (a signal handler, signal.c) and
 * __lab_call0 (a C function pointer run on the calling thread: pthread_once's routine).
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "lab.h"

extern void __wasm_call_ctors(void);
extern int __main_void(void);
extern void __lab_progname_init(void); /* assert.c */
extern _Noreturn void __real_exit(int);

int __lab_threaded = 0;
int __lab_live_threads = 1;
static int exiting_via_exit = 0;
int __lab_exit_status = 0; /* exit()'s status, for on_exit handlers (on_exit.c) */

/* The main thread's Asyncify buffer (created threads carry theirs in their stack block). */
static char main_async_buf[LAB_MAIN_ASYNC_BUF] __attribute__((aligned(16)));

LAB_EXPORT(__lab_main_async_buf) void *__lab_main_async_buf(void) { return main_async_buf; }

/* Where __lab_get_regs (instrument.ts) stores the stack pointer, fuel and stored flag. */
static int regs[4];
LAB_EXPORT(__lab_regs) int *__lab_regs(void) { return regs; }

LAB_EXPORT(__lab_start) void __lab_start(void) {
	__wasm_call_ctors();
	__lab_cleanup_push(__lab_thread_end, 0); /* run if main calls pthread_exit or is cancelled */
	__lab_progname_init();
	exit(__main_void());
}

/* A created thread: its start routine, then what pthread_exit does after it (which the
 * runtime's cleanup record does instead if the thread exits or is cancelled: cancel.c). */
LAB_EXPORT(__lab_thread_entry) void *__lab_thread_entry(void *(*fn)(void *), void *arg, int shape) {
	__lab_cleanup_push(__lab_thread_end, 0);
	void *r = __lab_call_as((void *)fn, shape, arg);
	__lab_cleanup_pop(0);
	__lab_tsd_run();
	if (--__lab_live_threads == 0) exit(0);
	return r;
}

/* A clone() child's C code (host clone.ts): fn(arg), whose value is the task's exit status. */
LAB_EXPORT(__lab_clone_entry) int __lab_clone_entry(int (*fn)(void *), void *arg) { return fn(arg); }

LAB_EXPORT(__lab_call0) void __lab_call0(void (*fn)(void), int shape) { __lab_call_as((void *)fn, shape, 0); }

/*
 * fn called as it is defined (clib/host/process.ts shape: its parameter count in the low four
 * bits, its result's kind above: 0 none, 1 int or pointer, 2 long long, 3 float, 4 double).
 * WebAssembly traps on a call through a pointer of another type, where x86 ignores a parameter
 * too many or a result nobody reads: `void *start()`, `void *init()` given to pthread_once.
 */
void *__lab_call_as(void *fn, int shape, void *arg) {
	int kind = shape >> 4;
	if ((shape & 15) == 0) {
		if (kind == 1) return ((void *(*)(void))fn)();
		if (kind == 2) return (void *)(long)((long long (*)(void))fn)();
		if (kind == 3) ((float (*)(void))fn)();
		else if (kind == 4) ((double (*)(void))fn)();
		else ((void (*)(void))fn)();
		return 0;
	}
	if (kind == 1) return ((void *(*)(void *))fn)(arg);
	if (kind == 2) return (void *)(long)((long long (*)(void *))fn)(arg);
	if (kind == 3) ((float (*)(void *))fn)(arg);
	else if (kind == 4) ((double (*)(void *))fn)(arg);
	else ((void (*)(void *))fn)(arg);
	return 0;
}

/* Called by the instrumented code (instrument.ts): a stack pointer below the thread's stack, an
 * access to the null page. */
LAB_EXPORT(__lab_stack_fault) void __lab_stack_fault(void) { __lab_fault(0); }
LAB_EXPORT(__lab_null_fault) void __lab_null_fault(void) { __lab_fault(1); }

/* Keeps the preemption import in the link (the instrumented code calls the import itself). */
LAB_EXPORT(__lab_preempt_point) void __lab_preempt_point(int f) { __lab_preempt(f); }

/* The library runs the cleanup records, the runtime's last (__lab_thread_end), then ends the
 * thread — glibc's order: cleanup handlers, then key destructors. */
_Noreturn void __wrap_pthread_exit(void *ret) {
	__lab_pthread_exit(ret);
}

_Noreturn void __wrap_exit(int code) {
	exiting_via_exit = 1;
	__lab_exit_status = code;
	__real_exit(code); /* atexit handlers, stdio flush, then _Exit */
}

_Noreturn void __wrap__Exit(int code) {
	if (exiting_via_exit) __lab_exit(code);
	__lab__exit(code);
}

_Noreturn void __wrap_abort(void) {
	raise(SIGABRT);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	__builtin_trap();
}

