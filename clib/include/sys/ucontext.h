/*
 * <sys/ucontext.h> — glibc 2.36's ucontext_t and mcontext_t for x86-64, as far as a C
 * program names them: uc_link, uc_stack, uc_sigmask (what getcontext/makecontext/setcontext/
 * swapcontext read and write, <ucontext.h>), uc_mcontext's gregs and the REG_* indexes.
 *
 * The registers are not in memory here: the lab keeps a context's C frames on the host
 * (clib/host/ucontext.ts) and __lab_ctx numbers its record, as jmp_buf's first word does.
 * gregs stays zero. A SA_SIGINFO handler's third argument is a ucontext_t as the kernel's
 * signal frame has it: uc_flags, uc_link NULL, uc_stack and uc_sigmask (the interrupted mask)
 * filled, no registers (clib/host/signals.ts).
 */
#ifndef _SYS_UCONTEXT_H
#define _SYS_UCONTEXT_H
#ifdef __cplusplus
extern "C" {
#endif

#include <signal.h>

typedef long long greg_t;
#define __NGREG 23
#define NGREG __NGREG
typedef greg_t gregset_t[__NGREG];
typedef struct _libc_fpstate *fpregset_t;

enum {
	REG_R8 = 0, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RDI, REG_RSI,
	REG_RBP, REG_RBX, REG_RDX, REG_RAX, REG_RCX, REG_RSP, REG_RIP, REG_EFL, REG_CSGSFS, REG_ERR,
	REG_TRAPNO, REG_OLDMASK, REG_CR2
};

typedef struct {
	gregset_t gregs;
	fpregset_t fpregs;
	unsigned long long __lab_ctx[8]; /* glibc's __reserved1; [0]: the host's record number */
} mcontext_t;

typedef struct ucontext_t {
	unsigned long uc_flags;
	struct ucontext_t *uc_link;
	stack_t uc_stack;
	mcontext_t uc_mcontext;
	sigset_t uc_sigmask;
} ucontext_t;

#ifdef __cplusplus
}
#endif
#endif
