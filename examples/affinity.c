// CPU affinity (C): two CPU-bound threads pinned to different CPUs finish in the time of one; pinned to the same CPU they take twice as long (run with --cpus 2).
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <threadlab.h>

#define WORK_NS 20000000LL /* 20 ms of CPU per thread */

static void *worker(void *arg) {
    int id = (int)(long)arg;
    compute(WORK_NS);                      /* burn CPU: preemptible, charged as user time */
    printf("  thread %d ran on CPU %d\n", id, sched_getcpu());
    return NULL;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Start two workers, worker i allowed only on cpus[i]; return 0 or the error of pthread_create. */
static int round_of_two(const int cpus[2]) {
    pthread_t t[2];
    double start = now_ms();
    for (int i = 0; i < 2; i++) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpus[i], &set);
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setaffinity_np(&attr, sizeof set, &set);
        int e = pthread_create(&t[i], &attr, worker, (void *)(long)i);
        pthread_attr_destroy(&attr);
        if (e != 0) return e;
    }
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("  both done in %.0f ms\n", now_ms() - start);
    return 0;
}

int main(void) {
    static const int apart[2] = {0, 1}, together[2] = {0, 0};
    printf("pinned to CPUs 0 and 1:\n");
    int e = round_of_two(apart);
    if (e != 0) {
        printf("pthread_create with an affinity attribute: %s\n", strerror(e));
        printf("(this library's threads have no kernel task of their own to pin)\n");
        return 0;
    }
    printf("both pinned to CPU 0:\n");
    round_of_two(together);
    return 0;
}
