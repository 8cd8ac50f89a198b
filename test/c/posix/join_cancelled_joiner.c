/* A thread that joins the thread joining it, with its own cancellation pending (glibc 2.3.6's
   nptl/tst-join5.c): glibc >= 2.34 acts on the cancellation in pthread_join instead of answering
   EDEADLK; glibc 2.3 answered EDEADLK. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void *joiner(void *arg) {
	return (void *)(long)pthread_join((pthread_t)arg, NULL);
}

int main(void) {
	pthread_t th;
	void *r;
	printf("join self: %s\n", strerror(pthread_join(pthread_self(), NULL)));
	pthread_create(&th, NULL, joiner, (void *)pthread_self());
	pthread_cancel(th);
	pthread_join(th, &r);
	if (r == PTHREAD_CANCELED) printf("the joiner of main: cancelled in pthread_join\n");
	else printf("the joiner of main: pthread_join returned %s\n", strerror((int)(long)r));
	return 0;
}
