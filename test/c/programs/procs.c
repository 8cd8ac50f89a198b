// Process groups, ids, nice, CPU-time clocks, getrusage, times, an SA_ONSTACK handler on an alternate stack, and exec of /proc/self/exe.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char altstack[SIGSTKSZ];
static volatile int on_alt;

static void handler(int sig) {
    char here;
    (void)sig;
    on_alt = &here >= altstack && &here < altstack + sizeof altstack;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "again") == 0) {
        printf("exec'd again as pid %d with argv[0] %s\n", getpid(), argv[0]);
        return 5;
    }
    pid_t pid = getpid();
    printf("pgrp is pid: %s; sid %s\n", getpgrp() == getpgid(0) ? "same" : "differs", getsid(0) > 0 ? "known" : "unknown");
    pid_t child = fork();
    if (child == 0) {
        int r = setsid();
        printf("child setsid: %s\n", r == getpid() ? "new session" : strerror(errno));
        exit(0);
    }
    waitpid(child, NULL, 0);
    printf("uid %u euid %u; setuid(0) as a user: %s\n", getuid(), geteuid(), setuid(0) == -1 ? strerror(errno) : "allowed");
    printf("nice(5) = %d, getpriority = %d\n", nice(5), getpriority(PRIO_PROCESS, 0));
    volatile unsigned h = 1;
    for (long i = 0; i < 3000000; i++) h = h * 31 + (unsigned)i;
    struct timespec cpu;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    struct tms t;
    times(&t);
    printf("cpu time: clock_gettime %s, getrusage %s, clock() %s\n", cpu.tv_nsec > 0 || cpu.tv_sec > 0 ? "> 0" : "0",
           ru.ru_utime.tv_usec + ru.ru_stime.tv_usec > 0 ? "> 0" : "0", clock() > 0 ? "> 0" : "0");
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { 0 };
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("the SA_ONSTACK handler ran on the alternate stack: %s\n", on_alt ? "yes" : "no");
    fflush(stdout);
    if (execl("/bin/ls", "ls", NULL) == -1) printf("exec of /bin/ls: %s\n", strerror(errno));
    fflush(stdout);
    char *args[] = { "procs-again", "again", NULL };
    execv("/proc/self/exe", args);
    printf("not reached (pid %d)\n", pid);
    return 1;
}
