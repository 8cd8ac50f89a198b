/*
 * dotprod.c — the dot product with a mutex, in the style of the LLNL "POSIX Threads
 * Programming" tutorial's dotprod_mutex example: a struct of shared data, each thread
 * computes a partial sum over its slice and adds it to the global sum under a mutex; main
 * joins through a status pointer. Written for the lab from that tutorial's description;
 * plain POSIX, compiled unchanged.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    double *a;
    double *b;
    double sum;
    int veclen;
} DOTDATA;

#define NUMTHRDS 4
#define VECLEN 100000

DOTDATA dotstr;
pthread_t callThd[NUMTHRDS];
pthread_mutex_t mutexsum;

void *dotprod(void *arg) {
    long offset = (long)arg;
    int len = dotstr.veclen;
    int start = offset * len, end = start + len;
    double *x = dotstr.a, *y = dotstr.b, mysum = 0;
    for (int i = start; i < end; i++) mysum += x[i] * y[i];
    pthread_mutex_lock(&mutexsum);
    dotstr.sum += mysum;
    printf("Thread %ld did %d to %d: mysum=%f global sum=%f\n", offset, start, end, mysum, dotstr.sum);
    pthread_mutex_unlock(&mutexsum);
    pthread_exit((void *)0);
}

int main(void) {
    double *a = malloc(NUMTHRDS * VECLEN * sizeof(double));
    double *b = malloc(NUMTHRDS * VECLEN * sizeof(double));
    void *status;
    pthread_attr_t attr;

    for (int i = 0; i < VECLEN * NUMTHRDS; i++) { a[i] = 1.0; b[i] = a[i]; }
    dotstr.veclen = VECLEN;
    dotstr.a = a;
    dotstr.b = b;
    dotstr.sum = 0;

    pthread_mutex_init(&mutexsum, NULL);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
    for (long i = 0; i < NUMTHRDS; i++) pthread_create(&callThd[i], &attr, dotprod, (void *)i);
    pthread_attr_destroy(&attr);
    for (int i = 0; i < NUMTHRDS; i++) pthread_join(callThd[i], &status);

    printf("Sum =  %f \n", dotstr.sum);
    free(a);
    free(b);
    pthread_mutex_destroy(&mutexsum);
    pthread_exit(NULL);
}
