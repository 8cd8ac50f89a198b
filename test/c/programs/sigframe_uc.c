// A SA_SIGINFO handler's third argument: the ucontext_t the kernel's rt_sigframe holds
// (arch/x86/kernel/signal.c setup_rt_frame): uc_sigmask is the mask of the code the signal
// interrupted, uc_stack the alternate signal stack as sigaltstack set it (a new thread's is
// reset: SS_DISABLE), uc_link NULL.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static char altstack[65536];
static volatile int phase;

static void handler(int sig, siginfo_t *info, void *ctx) {
    ucontext_t *uc = ctx;
    printf("%d: %s: ucontext %s, uc_link %s, si_signo %d\n", phase, strsignal(sig), uc ? "given" : "NULL",
           uc && uc->uc_link == NULL ? "NULL" : "set", info->si_signo);
    if (!uc) return;
    printf("   uc_sigmask: SIGUSR2 %d SIGTERM %d SIGHUP %d, %s %d\n", sigismember(&uc->uc_sigmask, SIGUSR2),
           sigismember(&uc->uc_sigmask, SIGTERM), sigismember(&uc->uc_sigmask, SIGHUP), strsignal(sig), sigismember(&uc->uc_sigmask, sig));
    printf("   uc_stack: ss_sp %s, ss_size %zu, ss_flags %d\n", uc->uc_stack.ss_sp == altstack ? "altstack" : uc->uc_stack.ss_sp ? "other" : "NULL",
           uc->uc_stack.ss_size, uc->uc_stack.ss_flags);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("   running mask: %s %d, SIGHUP (sa_mask) %d\n", strsignal(sig), sigismember(&now, sig), sigismember(&now, SIGHUP));
    if (phase == 3 && sig == SIGUSR1) { phase = 4; raise(SIGUSR2); }
}

static void *thread(void *arg) {
    (void)arg;
    phase = 6;
    raise(SIGUSR2); /* a thread of its own: no alternate stack, its flags SS_DISABLE (sas_ss_reset) */
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    setvbuf(stdout, NULL, _IONBF, 0);

    phase = 1;
    raise(SIGUSR1); /* nothing blocked, no alternate stack */

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    phase = 2;
    raise(SIGUSR1); /* SIGUSR2 and SIGTERM blocked where it interrupts */
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    phase = 3;
    raise(SIGUSR1); /* on the alternate stack; its handler raises SIGUSR2 (nested, on it too) */

    pthread_t t;
    pthread_create(&t, NULL, thread, NULL);
    pthread_join(t, NULL);

    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    phase = 5;
    raise(SIGUSR1); /* the stack disabled */
    return 0;
}
