// Producer–consumer (C): two producers and two consumers share a bounded buffer guarded by one mutex and two condition variables.
#include <pthread.h>
#include <stdio.h>
#include <threadlab.h>

#define CAPACITY 4
#define PER_PRODUCER 20

static int buf[CAPACITY], head, count;
static int producers_left = 2;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
    int id = (int)(long)arg;
    for (int i = 1; i <= PER_PRODUCER; i++) {
        compute(5000); /* make an item: 5 µs */
        pthread_mutex_lock(&lock);
        while (count == CAPACITY) pthread_cond_wait(&not_full, &lock);
        buf[(head + count++) % CAPACITY] = id * 1000 + i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    producers_left--;
    pthread_cond_broadcast(&not_empty); /* wake consumers so they can see the end */
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consumer(void *arg) {
    int id = (int)(long)arg;
    long taken = 0, sum = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (count == 0 && producers_left > 0) pthread_cond_wait(&not_empty, &lock);
        if (count == 0) {
            pthread_mutex_unlock(&lock);
            break;
        }
        int item = buf[head];
        head = (head + 1) % CAPACITY;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        compute(8000); /* use the item: 8 µs */
        taken++;
        sum += item;
    }
    printf("consumer %d took %ld items\n", id, taken);
    return (void *)sum;
}

int main(void) {
    pthread_t t[4];
    pthread_create(&t[0], NULL, producer, (void *)1);
    pthread_create(&t[1], NULL, producer, (void *)2);
    pthread_create(&t[2], NULL, consumer, (void *)1);
    pthread_create(&t[3], NULL, consumer, (void *)2);
    long total = 0;
    for (int i = 2; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        total += (long)r;
    }
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("consumed %d items, checksum %ld\n", 2 * PER_PRODUCER, total);
    return 0;
}
