/*
 * prodcons.c — OSTEP ch. 30's bounded buffer: several producers and consumers, one mutex, two
 * condition variables, and "while, not if" around each wait; one end marker per consumer.
 * Written for the lab from the chapter's description; plain POSIX, compiled unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#define MAX 5
int buffer[MAX]; int fill_ptr = 0, use_ptr = 0, count = 0;
int loops = 100, nprod = 3, ncons = 2;
pthread_cond_t empty = PTHREAD_COND_INITIALIZER, fill = PTHREAD_COND_INITIALIZER;
pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
void put(int v) { buffer[fill_ptr] = v; fill_ptr = (fill_ptr + 1) % MAX; count++; }
int get(void) { int t = buffer[use_ptr]; use_ptr = (use_ptr + 1) % MAX; count--; return t; }
long consumed_sum[8]; int consumed_n[8];
void *producer(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < loops; i++) {
        pthread_mutex_lock(&mutex);
        while (count == MAX) pthread_cond_wait(&empty, &mutex);
        put(id * 1000 + i);
        pthread_cond_signal(&fill);
        pthread_mutex_unlock(&mutex);
    }
    return NULL;
}
void *consumer(void *arg) {
    long id = (long)arg;
    for (;;) {
        pthread_mutex_lock(&mutex);
        while (count == 0) pthread_cond_wait(&fill, &mutex);
        int tmp = get();
        pthread_cond_signal(&empty);
        pthread_mutex_unlock(&mutex);
        if (tmp < 0) break;
        consumed_sum[id] += tmp; consumed_n[id]++;
    }
    return NULL;
}
int main(int argc, char *argv[]) {
    pthread_t p[8], c[8];
    for (long i = 0; i < nprod; i++) pthread_create(&p[i], NULL, producer, (void *)i);
    for (long i = 0; i < ncons; i++) pthread_create(&c[i], NULL, consumer, (void *)i);
    for (int i = 0; i < nprod; i++) pthread_join(p[i], NULL);
    for (int i = 0; i < ncons; i++) { /* one end marker per consumer */
        pthread_mutex_lock(&mutex);
        while (count == MAX) pthread_cond_wait(&empty, &mutex);
        put(-1); pthread_cond_signal(&fill); pthread_mutex_unlock(&mutex);
    }
    long total = 0; int n = 0;
    for (int i = 0; i < ncons; i++) { pthread_join(c[i], NULL); total += consumed_sum[i]; n += consumed_n[i]; }
    long expect = 0; for (int p = 0; p < nprod; p++) for (int i = 0; i < loops; i++) expect += p * 1000 + i;
    printf("consumed %d items, sum %ld (expected %d, %ld)\n", n, total, nprod * loops, expect);
    return total == expect ? 0 : 1;
}
