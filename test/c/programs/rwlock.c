/* rwlock.c — reader-writer and spin locks from C: return codes, then two writers and a spin lock. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t spin;
static long shared, counter;

static void *probe(void *arg) {
	int r1 = pthread_rwlock_tryrdlock(&rw), r2 = pthread_rwlock_trywrlock(&rw);
	printf("%s: tryrdlock %s, trywrlock %s\n", (char *)arg, r1 ? strerror(r1) : "0", r2 ? strerror(r2) : "0");
	if (r1 == 0) pthread_rwlock_unlock(&rw);
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 1000000;
	if (t.tv_nsec >= 1000000000) { t.tv_sec++; t.tv_nsec -= 1000000000; }
	printf("%s: timedwrlock %s\n", (char *)arg, strerror(pthread_rwlock_timedwrlock(&rw, &t)));
	return 0;
}

static void *worker(void *arg) {
	(void)arg;
	for (int i = 0; i < 200; i++) {
		pthread_rwlock_wrlock(&rw);
		long v = shared;
		for (volatile int k = 0; k < 40; k++) {}
		shared = v + 1;
		pthread_rwlock_unlock(&rw);
		pthread_spin_lock(&spin);
		long c = counter;
		for (volatile int k = 0; k < 40; k++) {}
		counter = c + 1;
		pthread_spin_unlock(&spin);
	}
	return 0;
}

int main(void) {
	pthread_t t[2];
	pthread_rwlockattr_t a;
	pthread_rwlockattr_init(&a);
	printf("setpshared(SHARED): %d\n", pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	pthread_rwlock_rdlock(&rw);
	pthread_create(&t[0], 0, probe, "read-held");
	pthread_join(t[0], 0);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_wrlock(&rw);
	pthread_create(&t[0], 0, probe, "write-held");
	pthread_join(t[0], 0);
	pthread_rwlock_unlock(&rw);
	pthread_spin_lock(&spin);
	printf("spin_trylock held: %s\n", strerror(pthread_spin_trylock(&spin)));
	pthread_spin_unlock(&spin);
	for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, worker, 0);
	for (int i = 0; i < 2; i++) pthread_join(t[i], 0);
	printf("shared %ld, counter %ld, destroy %d %d\n", shared, counter, pthread_rwlock_destroy(&rw), pthread_spin_destroy(&spin));
	return 0;
}
