/* glibc's PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP (_GNU_SOURCE): a statically
   initialised lock that prefers writers — with a writer waiting, a new reader is refused —
   against PTHREAD_RWLOCK_INITIALIZER's reader preference (glibc's default). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_rwlock_t writers = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static pthread_rwlock_t readers = PTHREAD_RWLOCK_INITIALIZER;

static void *writer(void *l) {
	pthread_rwlock_wrlock(l);
	pthread_rwlock_unlock(l);
	return NULL;
}

static void *reader(void *l) {
	int e = pthread_rwlock_tryrdlock(l);
	if (e == 0) pthread_rwlock_unlock(l);
	return (void *)(long)e;
}

static void try(const char *name, pthread_rwlock_t *l) {
	pthread_t w, r;
	void *e;
	pthread_rwlock_rdlock(l);
	pthread_create(&w, NULL, writer, l);
	usleep(50000); /* the writer is waiting now */
	pthread_create(&r, NULL, reader, l);
	pthread_join(r, &e);
	printf("%s: a new reader with a writer waiting: %s\n", name, e ? strerror((int)(long)e) : "got it");
	pthread_rwlock_unlock(l);
	pthread_join(w, NULL);
}

int main(void) {
	try("PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP", &writers);
	try("PTHREAD_RWLOCK_INITIALIZER", &readers);
	return 0;
}
