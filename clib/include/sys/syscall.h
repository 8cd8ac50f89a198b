/*
 * threadlab: <sys/syscall.h> — the SYS_ numbers (x86-64 Linux's) of the system calls that
 * syscall(2) reaches in the lab (clib/runtime/syscall.c): the process and thread ids, signals
 * to a thread, sched_yield, read and write, and futex (<linux/futex.h> has its operations).
 * Others are left undefined on purpose, so that syscall(SYS_clone, ...) — which returns twice
 * on one stack and needs assembly even on Linux; clone(3) in <sched.h> is the C call — is a
 * compile error, never a silent ENOSYS.
 */
#ifndef _THREADLAB_SYS_SYSCALL_H
#define _THREADLAB_SYS_SYSCALL_H

#define SYS_read 0
#define SYS_write 1
#define SYS_sched_yield 24
#define SYS_getpid 39
#define SYS_kill 62
#define SYS_getuid 102
#define SYS_getgid 104
#define SYS_geteuid 107
#define SYS_getegid 108
#define SYS_getppid 110
#define SYS_gettid 186
#define SYS_tkill 200
#define SYS_futex 202
#define SYS_tgkill 234

#define __NR_read SYS_read
#define __NR_write SYS_write
#define __NR_sched_yield SYS_sched_yield
#define __NR_getpid SYS_getpid
#define __NR_kill SYS_kill
#define __NR_getuid SYS_getuid
#define __NR_getgid SYS_getgid
#define __NR_geteuid SYS_geteuid
#define __NR_getegid SYS_getegid
#define __NR_getppid SYS_getppid
#define __NR_gettid SYS_gettid
#define __NR_tkill SYS_tkill
#define __NR_futex SYS_futex
#define __NR_tgkill SYS_tgkill

#endif
