/*
 * <ucontext.h> — getcontext, setcontext, makecontext, swapcontext as glibc 2.36 gives them
 * on Linux (sysdeps/unix/sysv/linux/x86_64/{getcontext,setcontext,swapcontext,makecontext,
 * __start_context}.S): coroutines and user-level threads on one kernel thread.
 *
 * getcontext(ucp) saves the caller's context and its signal mask (uc_sigmask), returns 0.
 * setcontext(ucp) restores uc_sigmask and resumes ucp: the getcontext (or swapcontext) that
 * saved it returns 0 again, or a makecontext'd context starts. makecontext(ucp, func, argc,
 * ...) — ucp filled by getcontext, with uc_stack.ss_sp/ss_size and uc_link set — makes ucp
 * call func(args) (int arguments, at most 8) on that stack; when func returns, uc_link is
 * resumed, or the process exits with status 0 if uc_link is NULL (glibc's __start_context).
 * swapcontext(oucp, ucp) saves the current context in oucp and resumes ucp.
 *
 * How (clib/host/ucontext.ts): as setjmp, the host keeps a copy of the calling thread's
 * suspended C frames and stack pointer for each saved context, and rewinds it to resume it.
 *
 * Undefined in C, an error in the lab (the process ends with SIGABRT and one line): resuming
 * a context another thread saved, or one never saved (or saved in a signal handler that has
 * returned). From a signal handler, setcontext to a context saved outside it leaves the
 * handler as siglongjmp does; swapcontext from a handler (preemptive user threads switched by
 * SIGALRM or SIGVTALRM) saves the handler and the code it interrupted, and resuming that
 * context runs the rest of the handler, then returns to that code as sigreturn would. Not
 * supported (SIGABRT and a line): swapcontext from a fault's (SIGSEGV) handler.
 */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H
#ifdef __cplusplus
extern "C" {
#endif

#include <sys/ucontext.h>

int getcontext(ucontext_t *) __attribute__((__returns_twice__));
int setcontext(const ucontext_t *);
void makecontext(ucontext_t *, void (*)(void), int, ...);
int swapcontext(ucontext_t *__restrict, const ucontext_t *__restrict) __attribute__((__returns_twice__));

#ifdef __cplusplus
}
#endif
#endif
