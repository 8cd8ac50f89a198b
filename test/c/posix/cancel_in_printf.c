/* A thread cancelled inside printf — on a terminal the line's write is a cancellation point —
   must not take stdout's lock with it: glibc's stdio unlocks the FILE as the cancellation
   unwinds (_IO_acquire_lock's cleanup). Before, main's next printf waited for the dead thread. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_barrier_t b;

static void *printer(void *arg) {
	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	pthread_barrier_wait(&b); /* main cancels it now: the request waits */
	pthread_barrier_wait(&b);
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	printf("the printer's line\n"); /* its write acts on the cancellation */
	return NULL;
}

int main(void) {
	pthread_t t;
	void *r;
	pthread_barrier_init(&b, NULL, 2);
	pthread_create(&t, NULL, printer, NULL);
	pthread_barrier_wait(&b);
	pthread_cancel(t);
	pthread_barrier_wait(&b);
	pthread_join(t, &r);
	printf("printer %s; main prints after it\n", r == PTHREAD_CANCELED ? "cancelled" : "not cancelled");
	return 0;
}
