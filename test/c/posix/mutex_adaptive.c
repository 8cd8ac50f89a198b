/* glibc's PTHREAD_MUTEX_ADAPTIVE_NP and PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP (glibc 2.3.6's
   nptl/tst-mutex5a.c and tst-mutex7a.c use them): the kind is kept and reported, and the mutex
   locks as a normal one does — relocking it is no error to detect, trylock sees it held. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t st = PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;
static pthread_mutex_t m;
static int counter[2]; /* one per mutex */

static void *add(void *arg) {
	pthread_mutex_t *mu = arg;
	int *c = &counter[mu == &m];
	for (int i = 0; i < 10000; i++) { pthread_mutex_lock(mu); (*c)++; pthread_mutex_unlock(mu); }
	return NULL;
}

int main(void) {
	pthread_mutexattr_t a;
	int k = -1;
	pthread_mutexattr_init(&a);
	printf("settype ADAPTIVE_NP: %d\n", pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ADAPTIVE_NP));
	pthread_mutexattr_gettype(&a, &k);
	printf("gettype: %d (ADAPTIVE_NP %d)\n", k, PTHREAD_MUTEX_ADAPTIVE_NP);
	printf("settype 4: %s\n", strerror(pthread_mutexattr_settype(&a, 4)));
	pthread_mutex_init(&m, &a);
	pthread_mutex_lock(&m);
	printf("trylock while held: %s\n", strerror(pthread_mutex_trylock(&m)));
	printf("unlock: %d\n", pthread_mutex_unlock(&m));
	pthread_t t[4];
	for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, add, i % 2 ? (void *)&m : (void *)&st);
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
	printf("counters %d %d\n", counter[0], counter[1]);
	printf("static initializer: trylock %d, unlock %d\n", pthread_mutex_trylock(&st), pthread_mutex_unlock(&st));
	return 0;
}
