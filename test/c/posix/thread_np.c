/*
 * thread_np.c — glibc's _np thread calls from C: pthread_setname_np / pthread_getname_np on the
 * caller and on another thread (ERANGE for a 16-byte name and a 15-byte buffer), and
 * pthread_tryjoin_np / pthread_timedjoin_np (EBUSY, ETIMEDOUT, then the joined value).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <threadlab.h>

static volatile int go, burnt;
static void *burner(void *arg) {
	compute(3000000);
	burnt = 1;
	while (!go) usleep(100);
	return arg;
}
static void *worker(void *arg) {
	while (!go) usleep(100);
	return arg;
}

static const char *err(int e) {
	return e == 0 ? "0" : e == ERANGE ? "ERANGE" : e == EBUSY ? "EBUSY" : e == ETIMEDOUT ? "ETIMEDOUT" :
	       e == ENOSYS ? "ENOSYS" : e == ENOENT ? "ENOENT" : "?";
}

int main(void) {
	pthread_t t;
	char buf[16] = "";
	pthread_create(&t, NULL, worker, (void *)42);
	printf("self %s", err(pthread_setname_np(pthread_self(), "boss")));
	printf(" get %s %s", err(pthread_getname_np(pthread_self(), buf, sizeof buf)), buf);
	printf(" other %s", err(pthread_setname_np(t, "worker")));
	strcpy(buf, "-");
	printf(" get %s %s", err(pthread_getname_np(t, buf, sizeof buf)), buf);
	printf(" long %s short %s\n", err(pthread_setname_np(t, "0123456789abcdef")), err(pthread_getname_np(t, buf, 15)));

	void *ret = NULL;
	printf("tryjoin %s", err(pthread_tryjoin_np(t, &ret)));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 2000000;
	if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
	printf(" timedjoin %s", err(pthread_timedjoin_np(t, &ret, &ts)));
	go = 1;
	ts.tv_sec += 10;
	printf(" timedjoin %s %ld\n", err(pthread_timedjoin_np(t, &ret, &ts)), (long)ret);
	if (ret == NULL) pthread_join(t, NULL);

	go = 0;
	pthread_create(&t, NULL, burner, NULL);
	while (!burnt) usleep(100);
	clockid_t c;
	int e = pthread_getcpuclockid(t, &c);
	struct timespec cpu = {0, 0};
	if (e == 0) clock_gettime(c, &cpu);
	long long ns = cpu.tv_sec * 1000000000LL + cpu.tv_nsec;
	go = 1;
	pthread_join(t, NULL);
	printf("cpuclock %s %s\n", err(e), e ? "-" : ns >= 3000000 && ns < 3500000 ? "3ms" : "wrong");
	return 0;
}
