// Signal handlers in C: sem_post from a handler wakes a waiter; SA_RESTART restarts a read, without it EINTR; a handler may be interrupted by another.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sem_t sem;
static volatile sig_atomic_t inner_ran, outer_done;

static void post(int sig) { (void)sig; sem_post(&sem); }
static void quiet(int sig) { (void)sig; }
static void inner(int sig) { (void)sig; inner_ran++; }
static void outer(int sig, siginfo_t *info, void *ctx) {
    (void)ctx;
    errno = 0;
    printf("outer handler: signal %d from pid %d\n", sig, info->si_pid == getpid() ? 0 : -1);
    raise(SIGUSR2);                /* the inner handler runs on top of this one */
    outer_done = inner_ran;
}

static void *poster(void *arg) {
    (void)arg;
    usleep(1000);
    kill(getpid(), SIGUSR1);       /* process-directed: main takes it while in sem_wait */
    return NULL;
}

static void read_with(int flags) {
    int fd[2];
    char c;
    pipe(fd);
    struct sigaction sa = {0};
    sa.sa_handler = quiet;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    ssize_t n = read(fd[0], &c, 1);       /* nobody writes: only the alarm can end it */
    if (n < 0) printf("read without SA_RESTART: %s\n", strerror(errno));
    close(fd[0]);
    close(fd[1]);
}

int main(void) {
    sem_init(&sem, 0, 0);
    signal(SIGUSR1, post);
    pthread_t t;
    pthread_create(&t, NULL, poster, NULL);
    while (sem_wait(&sem) == -1 && errno == EINTR) {}
    printf("sem_post from a handler woke main\n");
    pthread_join(t, NULL);

    struct sigaction sa = {0};
    sa.sa_sigaction = outer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGUSR2, inner);
    raise(SIGUSR1);
    printf("nested: inner ran %d time(s), inside the outer handler: %s\n", inner_ran, outer_done ? "yes" : "no");

    read_with(0);
    struct sigaction old;
    sigaction(SIGALRM, NULL, &old);
    printf("sigaction reports the handler back: %s\n", old.sa_handler == quiet ? "yes" : "no");
    return 0;
}
