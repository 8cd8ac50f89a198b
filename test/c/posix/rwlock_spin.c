/*
 * rwlock_spin.c — read-write and spin locks from C on every library: writers exclude each other
 * and readers; two threads take turns on one spin lock, and the variable next to it is left
 * alone (the host's three-word tag once overran musl's int-sized pthread_spinlock_t).
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
	for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, writer, (void *)(long)(i + 1));
	for (int i = 3; i < 6; i++) pthread_create(&t[i], 0, reader, 0);
	for (int i = 0; i < 6; i++) pthread_join(t[i], 0);
	printf("shared %d\n", shared);
	pthread_spin_init(&sp, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&t[0], 0, spinner, 0); pthread_create(&t[1], 0, spinner, 0);
	pthread_join(t[0], 0); pthread_join(t[1], 0);
	pthread_spin_lock(&sp);
	printf("spins %d\n", spins);
	return pthread_rwlock_destroy(&l);
}
