/*
 * cancel.c — cancellation from C (the outside tester's case): a deferred cancel of a thread
 * blocked in sleep runs its cleanup handlers, newest first, then its key destructor, and
 * pthread_join gives PTHREAD_CANCELED; pthread_exit runs cleanup handlers before key
 * destructors; pthread_cleanup_pop(1) runs one; pthread_setcancelstate hands back the old
 * state; a cancel with cancellation disabled waits for pthread_testcancel after re-enabling.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sem_t s;
static pthread_key_t key;
static char order[64];

static void note(const char *w) { strcat(order, w); }
static void cleanup(void *a) { note(a); }
static void dtor(void *v) { (void)v; note("D"); }

static void *waiter(void *a) {
	(void)a;
	pthread_setspecific(key, &key);
	pthread_cleanup_push(cleanup, "1");
	pthread_cleanup_push(cleanup, "2");
	sleep(100); /* NGPT's and green's sem_wait keep the semaphore's mutex if cancelled */
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return (void *)5;
}

static void *exiter(void *a) {
	(void)a;
	pthread_setspecific(key, &key);
	pthread_cleanup_push(cleanup, "X");
	pthread_exit((void *)7);
	pthread_cleanup_pop(0);
	return 0;
}

static void *popper(void *a) {
	(void)a;
	pthread_cleanup_push(cleanup, "P");
	pthread_cleanup_pop(1);
	return 0;
}

static void *disabled(void *a) {
	int old = -1, i;
	(void)a;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	note(old == PTHREAD_CANCEL_ENABLE ? "e" : "?");
	sem_wait(&s); /* not acted on while disabled */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	note(old == PTHREAD_CANCEL_DISABLE ? "d" : "?");
	for (i = 0; i < 3; i++) pthread_testcancel();
	note("!"); /* not reached */
	return 0;
}

static void exit_case(void) {
	pthread_t t;
	void *r;
	order[0] = 0;
	pthread_create(&t, 0, exiter, 0);
	pthread_join(t, &r);
	printf("pthread_exit: %ld, %s\n", (long)r, order);
}

/* argv[1] "exit": only the pthread_exit case */
int main(int argc, char **argv) {
	pthread_t t;
	void *r;
	sem_init(&s, 0, 0);
	pthread_key_create(&key, dtor);
	if (argc > 1 && strcmp(argv[1], "exit") == 0) {
		exit_case();
		return 0;
	}
	pthread_create(&t, 0, waiter, 0);
	usleep(1000);
	pthread_cancel(t);
	pthread_join(t, &r);
	printf("cancelled: %s, %s\n", r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "value", order);
	exit_case();
	order[0] = 0;
	pthread_create(&t, 0, popper, 0);
	pthread_join(t, 0);
	printf("pop(1): %s\n", order);
	order[0] = 0;
	pthread_create(&t, 0, disabled, 0);
	usleep(1000);
	pthread_cancel(t);
	usleep(1000);
	sem_post(&s);
	pthread_join(t, &r);
	printf("disabled then testcancel: %s, %s\n", r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "value", order);
	return 0;
}
