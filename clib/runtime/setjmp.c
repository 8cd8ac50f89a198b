/*
 * setjmp.c — <setjmp.h>: glibc 2.36's setjmp/sigjmp.c (__sigsetjmp, __sigjmp_save) and
 * setjmp/longjmp.c (__libc_siglongjmp, which is also longjmp and _longjmp).
 *
 * __sigsetjmp records in the jmp_buf whether it saved the mask, and the mask (sigprocmask,
 * as __sigjmp_save does), then the host keeps the C frames (clib/host/setjmp.ts: the setjmp
 * import returns 0 now, and `val` when a longjmp rewinds them). siglongjmp restores the saved
 * mask first — still inside a signal handler, if it is called from one — then jumps.
 */
#include <setjmp.h>
#include <signal.h>
#include "lab.h"

int __sigsetjmp(struct __jmp_buf_tag *env, int savemask) {
	env->__mask_was_saved = savemask != 0 && sigprocmask(SIG_BLOCK, 0, &env->__saved_mask) == 0;
	return __lab_setjmp(env);
}

int sigsetjmp(sigjmp_buf env, int savemask) { return __sigsetjmp(env, savemask); }
int setjmp(jmp_buf env) { return __sigsetjmp(env, 0); }
int _setjmp(jmp_buf env) { return __sigsetjmp(env, 0); }

_Noreturn void siglongjmp(sigjmp_buf env, int val) {
	if (env->__mask_was_saved) sigprocmask(SIG_SETMASK, &env->__saved_mask, 0);
	__lab_longjmp(env, val);
}

_Noreturn void longjmp(jmp_buf env, int val) { siglongjmp(env, val); }
_Noreturn void _longjmp(jmp_buf env, int val) { siglongjmp(env, val); }
