// Hello, threads (C): main starts four threads, each prints who it is, and main joins them all.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <threadlab.h>

static void *worker(void *arg) {
    long n = (long)arg;
    compute(10000); /* 10 µs of work */
    printf("hello from thread %ld (tid %d)\n", n, gettid());
    return (void *)(n * n);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 4;
    pthread_t threads[64];
    if (n < 1 || n > 64) n = 4;
    for (long i = 0; i < n; i++) pthread_create(&threads[i], NULL, worker, (void *)i);
    long sum = 0;
    for (int i = 0; i < n; i++) {
        void *ret;
        pthread_join(threads[i], &ret);
        sum += (long)ret;
    }
    printf("main (pid %d) joined %d threads, sum of squares %ld\n", getpid(), n, sum);
    return 0;
}
