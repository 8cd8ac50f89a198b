// C code costs virtual time: N iterations of arithmetic (argv[1]); with two threads (argv[2] = "2") both loop at once.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long n;
static volatile unsigned sink;
static volatile int progress[2];

static void *loop(void *arg) {
    int me = (int)(long)arg;
    unsigned h = 2166136261u;
    for (long i = 0; i < n; i++) {
        h = (h ^ (unsigned)i) * 16777619u;
        if ((i & 0xffff) == 0) progress[me]++;
    }
    sink = h;
    return NULL;
}

int main(int argc, char **argv) {
    n = argc > 1 ? atol(argv[1]) : 1000000;
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (threads == 1) {
        loop(0);
    } else {
        pthread_t t[2];
        for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, loop, (void *)i);
        for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%ld iterations in %ld us of virtual time\n", n, (long)((b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000));
    return 0;
}
