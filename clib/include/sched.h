/*
 * <sched.h> — wasi-libc's (struct sched_param; sched_yield() reaches the chosen library's
 * sched_yield through the WASI sched_yield call the lab implements), plus the scheduling
 * policy calls (clib/runtime/sched.c): the kernel's system calls. SCHED_FIFO and SCHED_RR are
 * the kernel's real-time classes (kernel/sched_rt.ts); as on Linux an unprivileged user gets
 * EPERM for them (RLIMIT_RTPRIO is 0), root (--setuid-root) gets them.
 *
 * With _GNU_SOURCE, as glibc's <sched.h> and bits/cpu-set.h: cpu_set_t (CPU_SETSIZE = 1024
 * bits in unsigned longs), the CPU_* macros and their _S variants for dynamically sized sets,
 * sched_setaffinity/sched_getaffinity (the kernel's system calls on a task: pid 0 is the
 * calling thread) and sched_getcpu (clib/runtime/affinity.c).
 */
#ifndef _THREADLAB_SCHED_H
#define _THREADLAB_SCHED_H
#include_next <sched.h>
#ifdef __cplusplus
extern "C" {
#endif

#ifndef SCHED_OTHER
#define SCHED_OTHER 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#endif

int sched_get_priority_max(int);
int sched_get_priority_min(int);
int sched_getscheduler(pid_t);
int sched_getparam(pid_t, struct sched_param *);
int sched_setscheduler(pid_t, int, const struct sched_param *);
int sched_setparam(pid_t, const struct sched_param *);
int sched_rr_get_interval(pid_t, struct timespec *);

#ifdef _GNU_SOURCE
#define CPU_SETSIZE 1024
#define __NCPUBITS (8 * sizeof(unsigned long))
typedef struct { unsigned long __bits[CPU_SETSIZE / __NCPUBITS]; } cpu_set_t;

#define __CPUELT(cpu) ((cpu) / __NCPUBITS)
#define __CPUMASK(cpu) ((unsigned long)1 << ((cpu) % __NCPUBITS))
#define CPU_ALLOC_SIZE(count) ((((size_t)(count) + __NCPUBITS - 1) / __NCPUBITS) * sizeof(unsigned long))
#define CPU_ALLOC(count) __sched_cpualloc(count)
#define CPU_FREE(set) __sched_cpufree(set)

#define CPU_ZERO_S(setsize, set) ((void)__builtin_memset((set), 0, (setsize)))
#define CPU_SET_S(cpu, setsize, set) __extension__ ({ size_t __c = (cpu); \
	__c / 8 < (setsize) ? ((set)->__bits[__CPUELT(__c)] |= __CPUMASK(__c)) : 0; })
#define CPU_CLR_S(cpu, setsize, set) __extension__ ({ size_t __c = (cpu); \
	__c / 8 < (setsize) ? ((set)->__bits[__CPUELT(__c)] &= ~__CPUMASK(__c)) : 0; })
#define CPU_ISSET_S(cpu, setsize, set) __extension__ ({ size_t __c = (cpu); \
	__c / 8 < (setsize) && ((set)->__bits[__CPUELT(__c)] & __CPUMASK(__c)) != 0; })
#define CPU_COUNT_S(setsize, set) __sched_cpucount((setsize), (set))
#define CPU_EQUAL_S(setsize, a, b) (__builtin_memcmp((a), (b), (setsize)) == 0)
#define __CPU_OP_S(setsize, dst, a, b, op) __extension__ ({ \
	cpu_set_t *__d = (dst); const cpu_set_t *__a = (a), *__b = (b); \
	for (size_t __i = 0; __i < (setsize) / sizeof(unsigned long); __i++) \
		__d->__bits[__i] = __a->__bits[__i] op __b->__bits[__i]; \
	__d; })
#define CPU_AND_S(setsize, d, a, b) __CPU_OP_S(setsize, d, a, b, &)
#define CPU_OR_S(setsize, d, a, b) __CPU_OP_S(setsize, d, a, b, |)
#define CPU_XOR_S(setsize, d, a, b) __CPU_OP_S(setsize, d, a, b, ^)

#define CPU_ZERO(set) CPU_ZERO_S(sizeof(cpu_set_t), set)
#define CPU_SET(cpu, set) CPU_SET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_CLR(cpu, set) CPU_CLR_S(cpu, sizeof(cpu_set_t), set)
#define CPU_ISSET(cpu, set) CPU_ISSET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_COUNT(set) CPU_COUNT_S(sizeof(cpu_set_t), set)
#define CPU_EQUAL(a, b) CPU_EQUAL_S(sizeof(cpu_set_t), a, b)
#define CPU_AND(d, a, b) CPU_AND_S(sizeof(cpu_set_t), d, a, b)
#define CPU_OR(d, a, b) CPU_OR_S(sizeof(cpu_set_t), d, a, b)
#define CPU_XOR(d, a, b) CPU_XOR_S(sizeof(cpu_set_t), d, a, b)

int __sched_cpucount(size_t, const cpu_set_t *);
cpu_set_t *__sched_cpualloc(size_t);
void __sched_cpufree(cpu_set_t *);
int sched_setaffinity(pid_t, size_t, const cpu_set_t *);
int sched_getaffinity(pid_t, size_t, cpu_set_t *);
int sched_getcpu(void);

/* clone(3) and its flags (glibc's bits/sched.h; Linux's values): clib/runtime/clone.c. */
#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
int clone(int (*)(void *), void *, int, void *, ...);
#endif

#ifdef __cplusplus
}
#endif
#endif
