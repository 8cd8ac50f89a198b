// Signals to the process vs to one thread: kill(getpid()) goes to any thread that does not block it; pthread_kill() to exactly one.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <threadlab.h>

static pthread_t main_thread, w1, w2;
static volatile sig_atomic_t done, handled;

static const char *name_of(pthread_t t) {
    return pthread_equal(t, main_thread) ? "main" : pthread_equal(t, w1) ? "worker-1" : pthread_equal(t, w2) ? "worker-2" : "an unnamed thread";
}

static void handler(int sig) {
    printf("  %s handled by %s\n", sig == SIGUSR1 ? "SIGUSR1" : "SIGUSR2", name_of(pthread_self()));
    handled++;
}

static void *worker(void *arg) {
    if (arg) { /* worker-1 accepts SIGUSR1; worker-2 keeps it blocked (inherited from main) */
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGUSR1);
        pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    }
    while (!done) {
        compute(20000);
        usleep(200);
    }
    return NULL;
}

static void wait_handled(int n) {
    for (int i = 0; i < 1000 && handled < n; i++) usleep(100);
}

int main(void) {
    main_thread = pthread_self();
    signal(SIGUSR1, handler);
    signal(SIGUSR2, handler);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, NULL); /* main (and threads it creates) block SIGUSR1 */
    pthread_create(&w1, NULL, worker, (void *)1);
    pthread_create(&w2, NULL, worker, NULL);
    usleep(1000);
    printf("kill(getpid(), SIGUSR1): process-directed, only worker-1 does not block it\n");
    kill(getpid(), SIGUSR1);
    wait_handled(1);
    printf("pthread_kill(worker-2, SIGUSR2): thread-directed\n");
    pthread_kill(w2, SIGUSR2);
    wait_handled(2);
    done = 1;
    pthread_join(w1, NULL);
    pthread_join(w2, NULL);
    printf("%d signals handled\n", handled);
    return 0;
}
