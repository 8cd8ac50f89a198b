/*
 * mq_thread.c — mq_notify with SIGEV_THREAD: when a message arrives on the empty queue, a new
 * thread runs the notification function with the registered value (once); it is not the main
 * thread. Then the registration is gone (a second message starts nothing) and can be made again.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static mqd_t q;
static pthread_t main_thread;
static sem_t done;
static int calls;

static void notified(union sigval sv) {
	char buf[8192];
	unsigned prio;
	ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
	calls++;
	printf("notification %d: value %d, another thread %d, received %zd bytes '%s' prio %u\n", calls, sv.sival_int,
		!pthread_equal(pthread_self(), main_thread), n, n > 0 ? buf : "", prio);
	fflush(stdout);
	sem_post(&done);
}

static int arm(int value) {
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = notified;
	ev.sigev_notify_attributes = NULL;
	ev.sigev_value.sival_int = value;
	return mq_notify(q, &ev);
}

int main(void) {
	main_thread = pthread_self();
	sem_init(&done, 0, 0);
	mq_unlink("/labthreadq");
	q = mq_open("/labthreadq", O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	if (q < 0) { perror("mq_open"); return 1; }
	if (arm(7) != 0) {
		printf("mq_notify SIGEV_THREAD: %s\n", strerror(errno));
		mq_unlink("/labthreadq");
		return 0;
	}
	int again = arm(8);
	printf("second registration: %d %s\n", again, again ? strerror(errno) : "");
	mq_send(q, "first", 6, 4);
	while (sem_wait(&done) != 0) {}
	mq_send(q, "second", 7, 2);
	usleep(20000);
	struct mq_attr a;
	mq_getattr(q, &a);
	printf("no second notification: calls %d, curmsgs %ld\n", calls, a.mq_curmsgs);
	char buf[8192];
	mq_receive(q, buf, sizeof buf, NULL);
	printf("re-armed: %d\n", arm(9));
	mq_send(q, "third", 6, 1);
	while (sem_wait(&done) != 0) {}
	mq_close(q);
	mq_unlink("/labthreadq");
	return 0;
}
