// A data race (C): two threads add to a shared counter without a lock; on two CPUs (or a preemption between the load and the store) updates are lost.
#include <pthread.h>
#include <stdio.h>

#define LOOPS 2000000

static volatile long counter; /* volatile: each += is a real load and store, as at -O0 */

static void *adder(void *arg) {
    (void)arg;
    for (long i = 0; i < LOOPS; i++) counter = counter + 1; /* load, add, store: not atomic */
    return NULL;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, adder, NULL);
    pthread_create(&b, NULL, adder, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("counter = %ld (expected %d)\n", counter, 2 * LOOPS);
    printf(counter == 2 * LOOPS ? "no update was lost\n" : "updates were lost\n");
    return 0;
}
