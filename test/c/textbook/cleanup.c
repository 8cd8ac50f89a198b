/*
 * cleanup.c — APUE ch. 11's thread cleanup handlers: handlers pushed and popped, run by
 * pthread_exit (in reverse order) but not by a return from the start routine (glibc: a
 * return skips them, as the C macros' scope ends), and pthread_cleanup_pop(1). Written for
 * the lab; plain POSIX, compiled unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
void cleanup(void *arg) { printf("cleanup: %s\n", (char *)arg); }
void *thr_fn1(void *arg) {
    printf("thread 1 start\n");
    pthread_cleanup_push(cleanup, "thread 1 first handler");
    pthread_cleanup_push(cleanup, "thread 1 second handler");
    printf("thread 1 push complete\n");
    if (arg) return((void *)1);
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    return((void *)1);
}
void *thr_fn2(void *arg) {
    printf("thread 2 start\n");
    pthread_cleanup_push(cleanup, "thread 2 first handler");
    pthread_cleanup_push(cleanup, "thread 2 second handler");
    printf("thread 2 push complete\n");
    if (arg) pthread_exit((void *)2);
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    pthread_exit((void *)2);
}
void *thr_fn3(void *arg) {
    pthread_cleanup_push(cleanup, "thread 3 popped with 1");
    pthread_cleanup_push(cleanup, "thread 3 popped with 0");
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(1);
    return (void *)3;
}
int main(void) {
    pthread_t tid1, tid2, tid3; void *tret;
    pthread_create(&tid1, NULL, thr_fn1, (void *)1);
    pthread_join(tid1, &tret);
    printf("thread 1 exit code %ld\n", (long)tret);
    pthread_create(&tid2, NULL, thr_fn2, (void *)1);
    pthread_join(tid2, &tret);
    printf("thread 2 exit code %ld\n", (long)tret);
    pthread_create(&tid3, NULL, thr_fn3, NULL);
    pthread_join(tid3, &tret);
    printf("thread 3 exit code %ld\n", (long)tret);
    exit(0);
}
