/*
 * signal.c — the C side of <signal.h>.
 *
 * Mirrors: glibc's sigset operations (bits in the set; here 64 signals), signal() with BSD
 * semantics (glibc's default: SA_RESTART, the handler stays installed), psignal/strsignal
 * (glibc's descriptions), and the signal trampoline: the host runs a C handler as a new
 * activation on the receiving thread's stack through __lab_signal_entry, which calls it with
 * one argument or, with SA_SIGINFO, three: the third the frame's ucontext_t, placed after the
 * siginfo_t by the host as the kernel's rt_sigframe holds it (uc_sigmask the interrupted
 * mask, uc_stack the alternate stack, uc_flags; no registers).
 */
#define _GNU_SOURCE /* pthread_sigqueue */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lab.h"

static int bad(int sig) { return sig < 1 || sig >= _NSIG; }
static unsigned long bit(int sig) { return 1UL << ((sig - 1) % 32); }

int sigemptyset(sigset_t *s) { s->__bits[0] = s->__bits[1] = 0; return 0; }
int sigfillset(sigset_t *s) { s->__bits[0] = s->__bits[1] = ~0UL; return 0; }
int sigaddset(sigset_t *s, int sig) {
	if (bad(sig)) { errno = EINVAL; return -1; }
	s->__bits[(sig - 1) / 32] |= bit(sig);
	return 0;
}
int sigdelset(sigset_t *s, int sig) {
	if (bad(sig)) { errno = EINVAL; return -1; }
	s->__bits[(sig - 1) / 32] &= ~bit(sig);
	return 0;
}
int sigismember(const sigset_t *s, int sig) {
	if (bad(sig)) { errno = EINVAL; return -1; }
	return (s->__bits[(sig - 1) / 32] & bit(sig)) != 0;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old) { return __lab_sigaction(sig, act, old); }

void (*signal(int sig, void (*h)(int)))(int) {
	struct sigaction sa = {0}, old;
	sa.sa_handler = h;
	sa.sa_flags = SA_RESTART;
	if (__lab_sigaction(sig, &sa, &old) < 0) return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old) { return __lab_sigprocmask(how, set, old); }
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old) { return __lab_pthread_sigmask(how, set, old); }
int sigsuspend(const sigset_t *mask) { return __lab_sigsuspend(mask); }
int sigpending(sigset_t *set) { return __lab_sigpending(set); }
int sigwait(const sigset_t *set, int *sig) { return __lab_sigwait(set, sig); }
int kill(pid_t pid, int sig) { return __lab_kill(pid, sig); }
/* glibc's killpg: kill(-pgrp, sig); a group of 1 or less is EINVAL. */
int killpg(pid_t pgrp, int sig) {
	if (pgrp <= 1) {
		errno = EINVAL;
		return -1;
	}
	return kill(-pgrp, sig);
}
int tgkill(pid_t tgid, pid_t tid, int sig) { return __lab_tgkill(tgid, tid, sig); }
int raise(int sig) { return __lab_raise(sig); }
int pthread_kill(pthread_t t, int sig) { return __lab_pthread_kill(t, sig); }
/* glibc's pthread_sigqueue returns an error number (errno untouched), as pthread_kill. */
int pthread_sigqueue(pthread_t t, int sig, const union sigval value) { return __lab_pthread_sigqueue(t, sig, value.sival_int); }
int __libc_current_sigrtmin(void) { return __lab_sigrtmin(); }

LAB_EXPORT(__lab_signal_entry)
void __lab_signal_entry(void (*h)(int, siginfo_t *, void *), int sig, siginfo_t *info, int flags, int shape) {
	/* called with the parameters it has: `void handler()` has none in WebAssembly (host shape) */
	int arity = shape & 15;
	if (arity <= 1) __lab_call_as((void *)h, shape, (void *)(long)sig);
	else if (!(flags & SA_SIGINFO)) __lab_call_as((void *)h, 1 | (shape & ~15), (void *)(long)sig);
	else if (arity == 2) ((void (*)(int, siginfo_t *))h)(sig, info);
	else h(sig, info, (char *)info + LAB_FRAME_UCONTEXT); /* the frame's ucontext_t (host: signals.ts) */
}

static const char *const names[32] = {
	"Unknown signal 0", "Hangup", "Interrupt", "Quit", "Illegal instruction",
	"Trace/breakpoint trap", "Aborted", "Bus error", "Floating point exception", "Killed",
	"User defined signal 1", "Segmentation fault", "User defined signal 2", "Broken pipe",
	"Alarm clock", "Terminated", "Stack fault", "Child exited", "Continued",
	"Stopped (signal)", "Stopped", "Stopped (tty input)", "Stopped (tty output)",
	"Urgent I/O condition", "CPU time limit exceeded", "File size limit exceeded",
	"Virtual timer expired", "Profiling timer expired", "Window changed", "I/O possible",
	"Power failure", "Bad system call",
};

char *strsignal(int sig) {
	static char buf[32];
	if (sig >= 0 && sig < 32) return (char *)names[sig];
	if (sig >= 32 && sig < _NSIG) snprintf(buf, sizeof buf, "Real-time signal %d", sig - 32);
	else snprintf(buf, sizeof buf, "Unknown signal %d", sig);
	return buf;
}

void psignal(int sig, const char *s) {
	if (s && *s) fprintf(stderr, "%s: %s\n", s, strsignal(sig));
	else fprintf(stderr, "%s\n", strsignal(sig));
}

/* sysv_signal's cousins (signal/sighold.c, sigrelse.c, sigignore.c, sigpause.c, and
   sysdeps/posix/sigset.c in glibc). */
static int mask_one(int how, int sig) {
	sigset_t set;
	sigemptyset(&set);
	if (sigaddset(&set, sig) < 0) return -1;
	return sigprocmask(how, &set, NULL);
}
int sighold(int sig) { return mask_one(SIG_BLOCK, sig); }
int sigrelse(int sig) { return mask_one(SIG_UNBLOCK, sig); }
/* signal/siginterrupt.c: a nonzero flag makes sig's handler interrupt system calls (no
   SA_RESTART), zero restarts them. */
int siginterrupt(int sig, int flag) {
	struct sigaction sa;
	if (sigaction(sig, NULL, &sa) < 0) return -1;
	if (flag) sa.sa_flags &= ~SA_RESTART;
	else sa.sa_flags |= SA_RESTART;
	return sigaction(sig, &sa, NULL);
}
int sigignore(int sig) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	return sigaction(sig, &sa, NULL);
}
/* sysdeps/posix/sigset.c */
void (*sigset(int sig, void (*disp)(int)))(int) {
	struct sigaction act, oact;
	sigset_t set, oset;
	sigemptyset(&set);
	if (sigaddset(&set, sig) < 0) return SIG_ERR;
	if (disp == SIG_HOLD) {
		if (sigprocmask(SIG_BLOCK, &set, &oset) < 0) return SIG_ERR;
		if (sigismember(&oset, sig)) return SIG_HOLD;
		if (sigaction(sig, NULL, &oact) < 0) return SIG_ERR;
		return oact.sa_handler;
	}
	memset(&act, 0, sizeof act);
	act.sa_handler = disp;
	sigemptyset(&act.sa_mask);
	if (sigaction(sig, &act, &oact) < 0) return SIG_ERR;
	if (sigprocmask(SIG_UNBLOCK, &set, &oset) < 0) return SIG_ERR;
	return sigismember(&oset, sig) ? SIG_HOLD : oact.sa_handler;
}
int sigpause(int sig) {
	sigset_t set;
	if (sigprocmask(SIG_BLOCK, NULL, &set) < 0 || sigdelset(&set, sig) < 0) return -1;
	return sigsuspend(&set);
}
