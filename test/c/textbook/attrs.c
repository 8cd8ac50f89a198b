/*
 * attrs.c — thread attributes as the LLNL tutorial and APUE ch. 12 set them: joinable and
 * detached threads, a stack size, and the contention scope, checking each call's result and
 * falling back to the default when the library refuses (glibc takes only
 * PTHREAD_SCOPE_SYSTEM; PROCESS is ENOTSUP). Written for the lab; plain POSIX, compiled unchanged.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NUM_THREADS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int detached_done = 0;

static void *work(void *arg) {
    long id = (long)arg;
    return (void *)(id * 10);
}

static void *detached_work(void *arg) {
    (void)arg;
    pthread_mutex_lock(&lock);
    detached_done++;
    pthread_cond_signal(&done_cv);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static const char *scope_name(int s) {
    return s == PTHREAD_SCOPE_SYSTEM ? "PTHREAD_SCOPE_SYSTEM" : s == PTHREAD_SCOPE_PROCESS ? "PTHREAD_SCOPE_PROCESS" : "?";
}

int main(void) {
    pthread_attr_t attr;
    pthread_t threads[NUM_THREADS];
    int rc, scope;

    pthread_attr_init(&attr);
    rc = pthread_attr_getscope(&attr, &scope);
    if (rc) printf("pthread_attr_getscope: %s\n", strerror(rc));
    else printf("default scope: %s\n", scope_name(scope));
    rc = pthread_attr_setscope(&attr, PTHREAD_SCOPE_PROCESS);
    printf("set PTHREAD_SCOPE_PROCESS: %s\n", rc ? strerror(rc) : "ok");
    rc = pthread_attr_setscope(&attr, PTHREAD_SCOPE_SYSTEM);
    if (rc) printf("set PTHREAD_SCOPE_SYSTEM: %s; using the default scope\n", strerror(rc));
    else printf("set PTHREAD_SCOPE_SYSTEM: ok\n");
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
    pthread_attr_setstacksize(&attr, 256 * 1024);

    for (long t = 0; t < NUM_THREADS; t++) {
        rc = pthread_create(&threads[t], &attr, work, (void *)t);
        if (rc) { printf("ERROR; return code from pthread_create() is %d (%s)\n", rc, strerror(rc)); exit(1); }
    }
    long sum = 0;
    for (int t = 0; t < NUM_THREADS; t++) {
        void *status;
        rc = pthread_join(threads[t], &status);
        if (rc) { printf("ERROR; return code from pthread_join() is %d\n", rc); exit(1); }
        sum += (long)status;
    }
    printf("joined %d threads, statuses sum to %ld\n", NUM_THREADS, sum);

    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int t = 0; t < NUM_THREADS; t++) {
        pthread_t tid;
        rc = pthread_create(&tid, &attr, detached_work, NULL);
        if (rc) { printf("ERROR; detached pthread_create() is %d (%s)\n", rc, strerror(rc)); exit(1); }
    }
    pthread_attr_destroy(&attr);
    pthread_mutex_lock(&lock);
    while (detached_done < NUM_THREADS) pthread_cond_wait(&done_cv, &lock);
    pthread_mutex_unlock(&lock);
    printf("%d detached threads finished\n", detached_done);
    return 0;
}
