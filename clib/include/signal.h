/*
 * <signal.h> — Linux signals as the lab's kernel delivers them (numbers, SA_* flags and the
 * process-/thread-directed rules are Linux's). A handler is an ordinary C function; it runs on
 * the thread the kernel picked, when that thread next enters the C library or is preempted,
 * on the thread's own stack, and it may call the library (sem_post from a handler is fine).
 *
 * SIGRTMIN depends on the library (NPTL keeps two real-time signals, LinuxThreads three), so
 * it is a function call, as in glibc.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>

#define __NEED_size_t
#define __NEED_pid_t
#define __NEED_uid_t
#define __NEED_struct_timespec
#define __NEED_pthread_t
#define __NEED_time_t
#define __NEED_sigset_t
#define __NEED_pthread_attr_t
#include <bits/alltypes.h>

#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGIOT    SIGABRT
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPOLL   SIGIO
#define SIGPWR    30
#define SIGSYS    31
#define _NSIG     65
#define NSIG      _NSIG

int __libc_current_sigrtmin(void);
#define SIGRTMIN (__libc_current_sigrtmin())
#define SIGRTMAX 64

#define SA_ONSTACK   0x08000000
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000
#define SA_NOMASK    SA_NODEFER
#define SA_ONESHOT   SA_RESETHAND

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SI_USER   0
#define SI_KERNEL 0x80
#define SI_QUEUE  (-1)
#define SI_TIMER  (-2)
#define SI_MESGQ  (-3)
#define SI_ASYNCIO (-4)
#define SI_SIGIO  (-5)
#define SI_TKILL  (-6)

#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192

typedef struct sigaltstack {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

union sigval {
	int sival_int;
	void *sival_ptr;
};

/* 128 bytes, as glibc's (__SI_MAX_SIZE): the host writes the first 32 (clib/host/signals.ts
 * writeSiginfo), which a 28-byte struct would overrun into the caller's next variable. */
typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	pid_t si_pid;
	uid_t si_uid;
	int si_status;
	union sigval si_value;
	int __si_pad[25];
} siginfo_t;
/* A POSIX timer's signal (si_code SI_TIMER): the timer's id and its overrun count, in the
   words of si_pid and si_uid, as Linux's union puts them. */
#define si_timerid si_pid
#define si_overrun si_uid
/* glibc's names for the value's two members (sigqueue's, a POSIX timer's). */
#define si_int si_value.sival_int
#define si_ptr si_value.sival_ptr

/* struct sigevent (timer_create): musl's layout. SIGEV_THREAD_ID is Linux's. */
struct sigevent {
	union sigval sigev_value;
	int sigev_signo;
	int sigev_notify;
	union {
		char __pad[64 - 2 * sizeof(int) - sizeof(union sigval)];
		pid_t sigev_notify_thread_id;
		struct {
			void (*sigev_notify_function)(union sigval);
			pthread_attr_t *sigev_notify_attributes;
		} __sev_thread;
	} __sev_fields;
};
#define sigev_notify_thread_id __sev_fields.sigev_notify_thread_id
#define sigev_notify_function __sev_fields.__sev_thread.sigev_notify_function
#define sigev_notify_attributes __sev_fields.__sev_thread.sigev_notify_attributes
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4

struct sigaction {
	union {
		void (*sa_handler)(int);
		void (*sa_sigaction)(int, siginfo_t *, void *);
	} __sa_handler;
	sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void);
};
#define sa_handler   __sa_handler.sa_handler
#define sa_sigaction __sa_handler.sa_sigaction

#define SIG_ERR ((void (*)(int))-1)
#define SIG_DFL ((void (*)(int)) 0)
#define SIG_IGN ((void (*)(int)) 1)
/* XSI's sigset disposition: add the signal to the mask (glibc's bits/signum-generic.h). */
#define SIG_HOLD ((void (*)(int)) 2)

int sigemptyset(sigset_t *);
int sigfillset(sigset_t *);
int sigaddset(sigset_t *, int);
int sigdelset(sigset_t *, int);
int sigismember(const sigset_t *, int);

int sigaction(int, const struct sigaction *__restrict, struct sigaction *__restrict);
void (*signal(int, void (*)(int)))(int);
int sigprocmask(int, const sigset_t *__restrict, sigset_t *__restrict);
int pthread_sigmask(int, const sigset_t *__restrict, sigset_t *__restrict);
int sigsuspend(const sigset_t *);
int sigpending(sigset_t *);
int sigwait(const sigset_t *__restrict, int *__restrict);
int sigwaitinfo(const sigset_t *__restrict, siginfo_t *__restrict);
int sigqueue(pid_t, int, const union sigval);
int sigtimedwait(const sigset_t *__restrict, siginfo_t *__restrict, const struct timespec *__restrict);
int kill(pid_t, int);
int raise(int);
int pthread_kill(pthread_t, int);
#ifdef _GNU_SOURCE
/* glibc ≥ 2.11 (bits/sigthread.h, __USE_GNU): pthread_kill carrying a value, si_code SI_QUEUE
   (NPTL's rt_tgsigqueueinfo; the lab gives the other three libraries one too: clib/README). */
int pthread_sigqueue(pthread_t, int, const union sigval);
#endif
int tgkill(pid_t, pid_t, int);
int killpg(pid_t, int);
/* System V's (XSI) one-signal calls: sighold, sigrelse, sigignore, and sigpause as
   glibc's __xpg_sigpause (the signal unblocked while suspended). */
int sighold(int);
int sigrelse(int);
int sigignore(int);
int siginterrupt(int, int);
int sigpause(int);
/* sigset(sig, disp): sysdeps/posix/sigset.c — SIG_HOLD blocks the signal; any other disposition
   is installed and the signal unblocked; the answer is SIG_HOLD if it was blocked, else the old
   handler. */
void (*sigset(int, void (*)(int)))(int);
int sigaltstack(const stack_t *__restrict, stack_t *__restrict);
void psignal(int, const char *);
char *strsignal(int);

#ifdef __cplusplus
}
#endif
#endif
