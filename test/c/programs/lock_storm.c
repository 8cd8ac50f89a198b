/* lock_storm.c — a thread locks and unlocks mutexes in a loop while two others send it signals
 * whose handlers post semaphores (the shape of LTP's pthread_mutex_lock/3-1): uncontended
 * locks, trylocks and sem_posts from C, some interrupted, some from handlers. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile int stop;
static sem_t s1, s2;
static pthread_t worker;
static long handled;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void on1(int sig) { (void)sig; handled++; sem_post(&s1); }
static void on2(int sig) { (void)sig; handled++; sem_post(&s2); }

static void *send(void *arg) {
    sem_t *s = arg;
    int sig = s == &s1 ? SIGUSR1 : SIGUSR2;
    long n = 0;
    while (!stop && n < 300) {
        if (sem_trywait(s) == 0) { pthread_kill(worker, sig); n++; }
        else sched_yield();
    }
    return (void *)n;
}

static void *work(void *arg) {
    long iters = (long)arg, busy = 0;
    pthread_mutex_t m[3];
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m[0], NULL);
    pthread_mutex_init(&m[1], &a);
    pthread_mutex_init(&m[2], NULL);
    for (long i = 0; i < iters; i++)
        for (int k = 0; k < 3; k++) {
            if (pthread_mutex_lock(&m[k]) != 0) return (void *)-1L;
            if (pthread_mutex_trylock(&m[(k + 1) % 3]) == 0) pthread_mutex_unlock(&m[(k + 1) % 3]);
            else busy++;
            if (k == 0) pthread_cond_signal(&c);
            else if (k == 1) pthread_cond_broadcast(&c);
            pthread_mutex_unlock(&m[k]);
        }
    return (void *)busy;
}

int main(int argc, char **argv) {
    long iters = argc > 1 ? atol(argv[1]) : 3000;
    struct sigaction sa = { 0 };
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on1;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on2;
    sigaction(SIGUSR2, &sa, NULL);
    sem_init(&s1, 0, 1);
    sem_init(&s2, 0, 1);
    pthread_t t1, t2;
    pthread_create(&worker, NULL, work, (void *)iters);
    pthread_create(&t1, NULL, send, &s1);
    pthread_create(&t2, NULL, send, &s2);
    void *busy, *n1, *n2;
    pthread_join(worker, &busy);
    stop = 1;
    pthread_join(t1, &n1);
    pthread_join(t2, &n2);
    printf("locked %ld times, busy %ld, signals sent %ld\n", iters * 3, (long)busy, (long)n1 + (long)n2);
    return 0;
}
