/*
 * timing.c — measuring a threaded program the way the OSTEP and LLNL exercises do: wall time
 * with gettimeofday, CPU time with clock() and CLOCKS_PER_SEC, printed with the conversions
 * that are right on x86-64 Linux (%ld for time_t, suseconds_t and clock_t, which are long
 * there). Written for the lab; plain POSIX, compiled unchanged.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 2

static void *spin(void *arg) {
    volatile long sum = 0;
    for (long i = 0; i < (long)arg; i++) sum += i;
    return NULL;
}

int main(void) {
    struct timeval start, end;
    pthread_t t[NTHREADS];
    time_t t0 = time(NULL);
    gettimeofday(&start, NULL);
    clock_t c0 = clock();
    for (long i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, spin, (void *)200000L);
    for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
    sleep(1);
    clock_t c1 = clock();
    struct timespec cpu;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    gettimeofday(&end, NULL);

    printf("CLOCKS_PER_SEC = %ld\n", (long)CLOCKS_PER_SEC);
    printf("start: time() %ld, gettimeofday %ld.%06ld\n", t0, start.tv_sec, start.tv_usec);
    long usec = (end.tv_sec - start.tv_sec) * 1000000 + (end.tv_usec - start.tv_usec);
    printf("elapsed %ld s (%ld us) with %d threads\n", end.tv_sec - start.tv_sec, usec, NTHREADS);
    printf("cpu %ld ticks = %.6f s\n", c1 - c0, (double)(c1 - c0) / CLOCKS_PER_SEC);
    long cpu_us = cpu.tv_sec * 1000000L + cpu.tv_nsec / 1000;
    printf("clock() counts microseconds of CPU time: %s\n", c1 <= cpu_us && cpu_us - c1 < 1000 ? "yes" : "no");
    printf("less CPU than wall time: %s\n", (double)(c1 - c0) / CLOCKS_PER_SEC < usec / 1e6 ? "yes" : "no");
    return 0;
}
