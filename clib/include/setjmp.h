/*
 * <setjmp.h> — setjmp/longjmp, sigsetjmp/siglongjmp, _setjmp/_longjmp as glibc 2.36 gives them
 * on Linux: setjmp does not save the signal mask (it is _setjmp, sigsetjmp(env, 0));
 * sigsetjmp(env, nonzero) does, and a jump to that env restores it — longjmp and siglongjmp
 * are one function, as in glibc. longjmp(env, 0) makes setjmp return 1. Jumping out of a
 * signal handler leaves it for good: after a plain longjmp the handler's mask (the signal
 * blocked) stays, as TLPI's sigmask_longjmp.c shows.
 *
 * How (clib/host/setjmp.ts): setjmp keeps a copy of the calling thread's suspended C frames;
 * longjmp puts it back. Non-volatile locals changed after setjmp come back with their values
 * at setjmp when the compiler kept them in registers (indeterminate in C: C11 7.13.2.1);
 * volatile ones, and any in memory, keep their latest values.
 *
 * A longjmp to a jmp_buf whose setjmp's function or handler has returned, or that another
 * thread's setjmp filled, is undefined in C: the lab ends the process (SIGABRT) with one line
 * saying so — for a returned function only when the stack pointer shows it (the function had a
 * stack frame, or the longjmp comes from higher up the stack).
 */
#ifndef _SETJMP_H
#define _SETJMP_H
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>

#define __NEED_sigset_t
#include <bits/alltypes.h>

/* glibc's struct __jmp_buf_tag: __jmpbuf[0] numbers the host's record of the setjmp. */
typedef struct __jmp_buf_tag {
	unsigned long __jmpbuf[2];
	int __mask_was_saved;
	sigset_t __saved_mask;
} jmp_buf[1];
typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf) __attribute__((__returns_twice__));
int _setjmp(jmp_buf) __attribute__((__returns_twice__));
int sigsetjmp(sigjmp_buf, int) __attribute__((__returns_twice__));
int __sigsetjmp(struct __jmp_buf_tag *, int) __attribute__((__returns_twice__));
_Noreturn void longjmp(jmp_buf, int);
_Noreturn void _longjmp(jmp_buf, int);
_Noreturn void siglongjmp(sigjmp_buf, int);

#ifdef __cplusplus
}
#endif
#endif
