// Threads share counters through C's atomic operations (OSTEP ch. 28's locks, plus C11's):
// lock-free increments (an _Atomic int's ++ and __sync_fetch_and_add), then a test-and-set spin
// lock, a compare-and-swap spin lock, a ticket lock (fetch-and-add for the ticket) and a C11
// atomic_flag lock, each guarding a plain counter. On Linux every count is exact and no thread
// ever finds another inside a lock; a lost update, an overlap, or a lock left held by nobody
// (every thread spinning until the time limit) means an atomic operation was not atomic.
// argv[1]: the number of threads (default 3); "stuck": two threads spin on a lock main never frees.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 8
#define N 3000

static int threads = 3;
static _Atomic int c11_count;
static int sync_count, plain_count, inside, overlaps;
static int tas_flag, cas_flag;
static atomic_int ticket, turn;
static atomic_flag flag = ATOMIC_FLAG_INIT;
static volatile int sink;

/* A little work whose length depends on the thread and the round, so that the threads'
   preemption points fall at every place in the loops. */
static void work(int id, int i) { for (int k = (id * 7 + i) % 5; k > 0; k--) sink += k; }

static void enter(void) { if (inside++ != 0) overlaps++; plain_count++; }
static void leave(void) { inside--; }

static void *lockfree(void *a) {
    int id = (int)(long)a;
    for (int i = 0; i < N; i++) { c11_count++; __sync_fetch_and_add(&sync_count, 1); work(id, i); }
    return NULL;
}

static void *tas(void *a) {
    int id = (int)(long)a;
    for (int i = 0; i < N; i++) {
        while (__sync_lock_test_and_set(&tas_flag, 1) == 1) ;
        enter(); work(id, i); leave();
        __sync_lock_release(&tas_flag);
        work(id, i + 1);
    }
    return NULL;
}

static void *cas(void *a) {
    int id = (int)(long)a;
    for (int i = 0; i < N; i++) {
        while (__sync_val_compare_and_swap(&cas_flag, 0, 1) == 1) ;
        enter(); work(id, i); leave();
        __sync_lock_release(&cas_flag);
        work(id, i + 1);
    }
    return NULL;
}

static void *ticketlock(void *a) {
    int id = (int)(long)a;
    for (int i = 0; i < N; i++) {
        int my = atomic_fetch_add(&ticket, 1);
        while (atomic_load(&turn) != my) ;
        enter(); work(id, i); leave();
        atomic_fetch_add(&turn, 1);
        work(id, i + 1);
    }
    return NULL;
}

static void *flaglock(void *a) {
    int id = (int)(long)a;
    for (int i = 0; i < N; i++) {
        while (atomic_flag_test_and_set(&flag)) ;
        enter(); work(id, i); leave();
        atomic_flag_clear(&flag);
        work(id, i + 1);
    }
    return NULL;
}

static void phase(const char *name, void *(*fn)(void *)) {
    pthread_t t[MAX_THREADS];
    plain_count = overlaps = 0;
    for (long i = 0; i < threads; i++) pthread_create(&t[i], NULL, fn, (void *)i);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    if (fn == lockfree) printf("%s: _Atomic ++ %d, __sync_fetch_and_add %d (of %d)\n", name, c11_count, sync_count, threads * N);
    else printf("%s: %d (of %d), %d overlaps\n", name, plain_count, threads * N, overlaps);
    fflush(stdout);
}

/* Spins on a test-and-set lock that main holds for ever: xchg stores 1 over 1 each time. */
static void *stuck(void *a) {
    (void)a;
    while (__sync_lock_test_and_set(&tas_flag, 1) == 1) ;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "stuck") == 0) {
        pthread_t t[2];
        __sync_lock_test_and_set(&tas_flag, 1);
        for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, stuck, NULL);
        for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
        return 0;
    }
    if (argc > 1) threads = atoi(argv[1]);
    if (threads < 1 || threads > MAX_THREADS) return 2;
    phase("lock-free counters", lockfree);
    phase("test-and-set lock", tas);
    phase("compare-and-swap lock", cas);
    phase("ticket lock", ticketlock);
    phase("atomic_flag lock", flaglock);
    return 0;
}
