/*
 * syscall.c — syscall(2), glibc's generic system-call entry, for the calls <sys/syscall.h>
 * names: syscall(SYS_gettid) is how thread programs printed a thread's id before glibc 2.30
 * gave gettid() a wrapper.
 *
 * Mirrors: glibc's sysdeps/unix/sysv/linux/x86_64/syscall.S (the number, then up to six long
 * arguments; a result in [-4095, -1] becomes -1 with errno set). Each number goes to the lab
 * call the C wrapper of the same name uses, so it behaves as that wrapper does (tkill(tid, sig)
 * is tgkill to the caller's own thread group, as the lab's kernel keeps one). A number the lab
 * does not implement returns -1 with ENOSYS, as Linux does for one it does not know.
 *
 * SYS_futex has no wrapper in glibc either: it goes to the lab's futex call (clib/host/futex.ts),
 * all six arguments as they are (the fourth is a timeout pointer or, for the requeue operations,
 * a count). SYS_clone stays undefined: a raw clone system call returns twice on one stack, which
 * even on Linux needs assembly; clone(3) in <sched.h> is the call C programs use.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "lab.h"

long syscall(long n, ...) {
	va_list ap;
	va_start(ap, n);
	long a = va_arg(ap, long), b = va_arg(ap, long), c = va_arg(ap, long);
	long d = va_arg(ap, long), e = va_arg(ap, long), f = va_arg(ap, long);
	va_end(ap);
	switch (n) {
	case SYS_read: return read((int)a, (void *)b, (size_t)c);
	case SYS_write: return write((int)a, (const void *)b, (size_t)c);
	case SYS_sched_yield: return sched_yield();
	case SYS_getpid: return getpid();
	case SYS_getppid: return getppid();
	case SYS_gettid: return gettid();
	case SYS_getuid: return getuid();
	case SYS_geteuid: return geteuid();
	case SYS_getgid: return getgid();
	case SYS_getegid: return getegid();
	case SYS_kill: return kill((pid_t)a, (int)b);
	case SYS_tkill: return tgkill(getpid(), (pid_t)a, (int)b);
	case SYS_tgkill: return tgkill((pid_t)a, (pid_t)b, (int)c);
	case SYS_futex: return __lab_futex((void *)a, (int)b, (unsigned)c, (const void *)d, (void *)e, (unsigned)f);
	default: errno = ENOSYS; return -1;
	}
}
