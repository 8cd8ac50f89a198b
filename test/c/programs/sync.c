// Exercises the lab's pthread objects from C: static and dynamic mutexes, condition variables,
// a barrier, pthread_once, thread-specific data with a destructor, semaphores, per-thread errno.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t barrier;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static sem_t sem;
static int counter, arrived, once_runs, destructed;

static void init_once(void) { once_runs++; }
static void destroy(void *v) { destructed += *(int *)v; free(v); }

static void *worker(void *arg) {
    int id = (int)(long)arg;
    pthread_once(&once, init_once);
    int *mine = malloc(sizeof *mine);
    *mine = id + 1;
    pthread_setspecific(key, mine);
    /* errno is per thread: each thread sets its own and checks it after the others ran. */
    errno = 100 + id;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    arrived++;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    int serial = pthread_barrier_wait(&barrier);
    sem_post(&sem);
    int ok = errno == 100 + id && *(int *)pthread_getspecific(key) == id + 1;
    return (void *)(long)(ok ? (serial == PTHREAD_BARRIER_SERIAL_THREAD ? 2 : 1) : 0);
}

int main(void) {
    pthread_t t[N];
    pthread_key_create(&key, destroy);
    pthread_barrier_init(&barrier, NULL, N);
    sem_init(&sem, 0, 0);
    for (long i = 0; i < N; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    pthread_mutex_lock(&lock);
    while (arrived < N) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < N; i++) sem_wait(&sem);
    int good = 0, serials = 0;
    for (int i = 0; i < N; i++) {
        void *r;
        pthread_join(t[i], &r);
        good += (long)r != 0;
        serials += (long)r == 2;
    }
    int v = -1;
    sem_getvalue(&sem, &v);
    printf("counter %d, once ran %d time(s), %d/%d threads kept their errno and key, %d serial, destructors summed %d, sem %d\n",
           counter, once_runs, good, N, serials, destructed, v);
    /* errors come back as C numbers: */
    pthread_mutex_t ec;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&ec, &a);
    pthread_mutex_lock(&ec);
    int r = pthread_mutex_lock(&ec);
    printf("relock of an errorcheck mutex: %s\n", r == EDEADLK ? "EDEADLK" : strerror(r));
    errno = 0;
    if (sem_trywait(&sem) == -1) printf("sem_trywait on 0: %s\n", strerror(errno));
    if (close(77) == -1) printf("close(77): %s\n", strerror(errno));
    return 0;
}
