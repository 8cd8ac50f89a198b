/*
 * prctl.c — prctl(2) from C: glibc's variadic wrapper (sysdeps/unix/sysv/linux/prctl.c) over
 * the lab's system call (kernel/sys_prctl.ts; clib/host/ids.ts copies names and values between
 * C memory and the call). Every option the lab has reads at most arg2.
 */
#include <stdarg.h>
#include <sys/prctl.h>
#include "lab.h"

int prctl(int option, ...) {
	va_list ap;
	va_start(ap, option);
	unsigned long arg2 = va_arg(ap, unsigned long);
	va_end(ap);
	return __lab_prctl(option, arg2);
}
