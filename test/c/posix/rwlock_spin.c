/*
 * rwlock_spin.c — read-write locks (reader preference, EBUSY, EDEADLK) and spin locks from C,
 * on every library: writers exclude each other and readers; two threads spinning on one lock.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
static pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t sp;
static int shared, spins;
static void *reader(void *a) {
	(void)a; pthread_rwlock_rdlock(&l); usleep(100); int v = shared; pthread_rwlock_unlock(&l); return (void *)(long)v; }
static void *writer(void *a) { pthread_rwlock_wrlock(&l); shared += (int)(long)a; usleep(100); pthread_rwlock_unlock(&l); return 0; }
static void *spinner(void *a) { for (int i = 0; i < 1000; i++) { pthread_spin_lock(&sp); spins++; pthread_spin_unlock(&sp); } return a; }
int main(void) {
	pthread_t t[6];
	pthread_rwlock_rdlock(&l);
	printf("trywr while read: %d (EBUSY %d), tryrd: %d\n", pthread_rwlock_trywrlock(&l), EBUSY, pthread_rwlock_tryrdlock(&l));
	pthread_rwlock_unlock(&l); pthread_rwlock_unlock(&l);
	pthread_rwlock_wrlock(&l);
	printf("wr again: %d (EDEADLK %d) rd: %d\n", pthread_rwlock_wrlock(&l), EDEADLK, pthread_rwlock_rdlock(&l));
	pthread_rwlock_unlock(&l);
	for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, writer, (void *)(long)(i + 1));
	for (int i = 3; i < 6; i++) pthread_create(&t[i], 0, reader, 0);
	for (int i = 0; i < 6; i++) pthread_join(t[i], 0);
	printf("shared %d, unlock unheld %d\n", shared, pthread_rwlock_unlock(&l));
	pthread_spin_init(&sp, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&t[0], 0, spinner, 0); pthread_create(&t[1], 0, spinner, 0);
	pthread_join(t[0], 0); pthread_join(t[1], 0);
	pthread_spin_lock(&sp);
	printf("spins %d, trylock held %d\n", spins, pthread_spin_trylock(&sp));
	return pthread_rwlock_destroy(&l);
}
