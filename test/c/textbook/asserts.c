/*
 * asserts.c — OSTEP's style of checking the thread API: every pthread call wrapped in an
 * assert on its return code (its mythreads.h), two threads counting under a lock. With the
 * argument "fail" a worker asserts something false: glibc prints "prog: file:line: function:
 * Assertion `expr' failed." on stderr and the process dies of SIGABRT (status 134 in the
 * shell). Written for the lab; plain C, compiled unchanged.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void Pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg) {
    int rc = pthread_create(t, attr, fn, arg);
    assert(rc == 0);
}
static void Pthread_join(pthread_t t, void **value) {
    int rc = pthread_join(t, value);
    assert(rc == 0);
}
static void Pthread_mutex_lock(pthread_mutex_t *m) {
    int rc = pthread_mutex_lock(m);
    assert(rc == 0);
}
static void Pthread_mutex_unlock(pthread_mutex_t *m) {
    int rc = pthread_mutex_unlock(m);
    assert(rc == 0);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter = 0;
static int fail = 0;

static void *worker(void *arg) {
    for (int i = 0; i < 1000; i++) {
        Pthread_mutex_lock(&lock);
        counter++;
        Pthread_mutex_unlock(&lock);
    }
    if (fail) assert(counter == 1000 * 3);
    return arg;
}

int main(int argc, char *argv[]) {
    fail = argc > 1 && strcmp(argv[1], "fail") == 0;
    pthread_t p1, p2;
    Pthread_create(&p1, NULL, worker, NULL);
    Pthread_create(&p2, NULL, worker, NULL);
    Pthread_join(p1, NULL);
    Pthread_join(p2, NULL);
    printf("counter = %d\n", counter);
    return 0;
}
