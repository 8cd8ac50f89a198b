/* pthread_mutex_destroy of a mutex a condition variable waits with: EBUSY, as glibc's
   __nusers counts the waiter (a condition wait releases the mutex without counting it out);
   glibc 2.3.6's nptl/tst-mutex8.c checks it for each kind. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready, go;

static void *waiter(void *arg) {
	(void)arg;
	pthread_mutex_lock(&m);
	ready = 1;
	while (!go) pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void check(const char *name, int type) {
	pthread_mutexattr_t a;
	pthread_t t;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, type);
	pthread_mutex_init(&m, &a);
	ready = go = 0;
	pthread_create(&t, NULL, waiter, NULL);
	pthread_mutex_lock(&m);
	while (!ready) { pthread_mutex_unlock(&m); usleep(1000); pthread_mutex_lock(&m); }
	pthread_mutex_unlock(&m); /* the waiter is in pthread_cond_wait: the mutex is free */
	int e1 = pthread_mutex_destroy(&m);
	pthread_mutex_lock(&m);
	int e2 = pthread_mutex_destroy(&m);
	go = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	int e3 = pthread_mutex_destroy(&m);
	printf("%s: destroy with a condition waiter %s, while locked %s, after %s\n", name,
	       e1 ? strerror(e1) : "0", e2 ? strerror(e2) : "0", e3 ? strerror(e3) : "0");
}

int main(void) {
	check("normal", PTHREAD_MUTEX_NORMAL);
	check("recursive", PTHREAD_MUTEX_RECURSIVE);
	check("error-checking", PTHREAD_MUTEX_ERRORCHECK);
	return 0;
}
