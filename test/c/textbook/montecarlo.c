/*
 * montecarlo.c — the parallel-programming class's estimate of pi: each thread throws darts
 * with its own rand_r seed and adds its hits under a mutex; main draws a few numbers with
 * srand/rand and srandom/random first. The numbers are glibc's, so the output is the one the
 * same program prints on Linux. Written for the lab; plain C, compiled unchanged.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define DARTS 20000

static long hits = 0;
static pthread_mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER;

static void *throw_darts(void *arg) {
    unsigned seed = (unsigned)(long)arg;
    long mine = 0;
    for (int i = 0; i < DARTS; i++) {
        double x = (double)rand_r(&seed) / RAND_MAX;
        double y = (double)rand_r(&seed) / RAND_MAX;
        if (x * x + y * y <= 1.0) mine++;
    }
    printf("thread %ld: %ld hits\n", (long)arg, mine);
    pthread_mutex_lock(&hits_lock);
    hits += mine;
    pthread_mutex_unlock(&hits_lock);
    return NULL;
}

int main(void) {
    int first = rand();
    printf("rand() before srand: %d\n", first);
    srand(2024);
    printf("srand(2024): ");
    for (int i = 0; i < 5; i++) printf("%d ", rand() % 100);
    printf("\n");
    srandom(7);
    long r1 = random();
    long r2 = random();
    printf("srandom(7): %ld %ld\n", r1, r2);

    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, throw_darts, (void *)(i + 1));
    for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
    printf("pi is about %.5f\n", 4.0 * hits / (NTHREADS * DARTS));
    return 0;
}
