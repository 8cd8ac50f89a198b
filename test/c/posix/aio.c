/* aio.c — <aio.h> from C (clib/runtime/aio.c, glibc 2.36's user-level aio): write, read, SIGEV_SIGNAL (SI_ASYNCIO and the
 * value), SIGEV_THREAD, EINVAL/EBADF through aio_error, aio_fsync, aio_cancel's three answers, lio_listio's EIO,
 * aio_suspend's EAGAIN. The expected output is gcc 12 + glibc 2.36's on Linux. */
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#define SHOW(label, call) do { errno = 0; long _r = (long)(call); int _e = errno; printf("%s %ld %s\n", label, _r, _r == -1 ? strerror(_e) : "-"); } while (0)
#include <pthread.h>

static volatile sig_atomic_t got_sig, got_code, got_val;
static void on_sig(int s, siginfo_t *si, void *u) { (void)u; got_sig = s; got_code = si->si_code; got_val = si->si_value.sival_int; }

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int thread_val;
static void on_thread(union sigval v) {
	pthread_mutex_lock(&m);
	thread_val = v.sival_int;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
}

int main(void) {
	char name[] = "/tmp/aioXXXXXX";
	int fd = mkstemp(name);
	unlink(name);
	char buf[64] = "hello, asynchronous world", in[64];
	struct aiocb w, r;
	memset(&w, 0, sizeof w);
	w.aio_fildes = fd; w.aio_buf = buf; w.aio_nbytes = strlen(buf); w.aio_offset = 0;
	printf("aio_write %d\n", aio_write(&w));
	const struct aiocb *l[1] = {&w};
	printf("aio_suspend %d\n", aio_suspend(l, 1, NULL));
	printf("error %d return %zd\n", aio_error(&w), aio_return(&w));

	/* SIGEV_SIGNAL: SI_ASYNCIO and the value */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sig; sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN + 1, &sa, 0);
	memset(&r, 0, sizeof r);
	r.aio_fildes = fd; r.aio_buf = in; r.aio_nbytes = 5; r.aio_offset = 7;
	r.aio_sigevent.sigev_notify = SIGEV_SIGNAL;
	r.aio_sigevent.sigev_signo = SIGRTMIN + 1;
	r.aio_sigevent.sigev_value.sival_int = 42;
	memset(in, 0, sizeof in);
	printf("aio_read %d\n", aio_read(&r));
	while (!got_sig) usleep(1000);
	printf("signal %d SI_ASYNCIO %d value %d error %d return %zd data %s\n", got_sig == SIGRTMIN + 1, got_code == SI_ASYNCIO, got_val, aio_error(&r), aio_return(&r), in);

	/* SIGEV_THREAD */
	memset(&r, 0, sizeof r);
	r.aio_fildes = fd; r.aio_buf = in; r.aio_nbytes = 3; r.aio_offset = 0;
	r.aio_sigevent.sigev_notify = SIGEV_THREAD;
	r.aio_sigevent.sigev_notify_function = on_thread;
	r.aio_sigevent.sigev_value.sival_int = 7;
	pthread_mutex_lock(&m);
	printf("aio_read %d\n", aio_read(&r));
	while (thread_val == 0) pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	printf("thread value %d return %zd\n", thread_val, aio_return(&r));

	/* EINVAL cases */
	memset(&r, 0, sizeof r);
	r.aio_fildes = fd; r.aio_buf = in; r.aio_nbytes = 3; r.aio_reqprio = 21;
	SHOW("reqprio 21:", aio_read(&r));
	r.aio_reqprio = 0; r.aio_offset = -1;
	printf("offset -1: %d ", aio_read(&r));
	aio_suspend(l, 0, NULL);
	{ const struct aiocb *rl[1] = {&r}; aio_suspend(rl, 1, NULL); }
	printf("aio_error %s return %zd\n", strerror(aio_error(&r)), aio_return(&r));
	r.aio_offset = 0; r.aio_fildes = 99;
	printf("fd 99: %d ", aio_read(&r));
	{ const struct aiocb *rl[1] = {&r}; aio_suspend(rl, 1, NULL); }
	printf("aio_error %s\n", strerror(aio_error(&r)));
	SHOW("aio_fsync(99)", aio_fsync(O_SYNC, &r));
	r.aio_fildes = fd;
	SHOW("aio_fsync(bad op)", aio_fsync(12345, &r));
	printf("aio_fsync(O_SYNC) %d ", aio_fsync(O_SYNC, &r));
	{ const struct aiocb *rl[1] = {&r}; aio_suspend(rl, 1, NULL); }
	printf("error %d return %zd\n", aio_error(&r), aio_return(&r));
	SHOW("aio_cancel(99)", aio_cancel(99, NULL));
	printf("aio_cancel(fd) %d (AIO_ALLDONE %d)\n", aio_cancel(fd, NULL), AIO_ALLDONE);
	printf("aio_cancel(fd, done) %d\n", aio_cancel(fd, &r));

	/* lio_listio: a bad opcode and a good read; LIO_WAIT fails with EIO */
	struct aiocb a, b, n;
	memset(&a, 0, sizeof a); memset(&b, 0, sizeof b); memset(&n, 0, sizeof n);
	a.aio_fildes = fd; a.aio_buf = in; a.aio_nbytes = 4; a.aio_lio_opcode = LIO_READ;
	b.aio_fildes = fd; b.aio_buf = in + 10; b.aio_nbytes = 4; b.aio_lio_opcode = 99;
	n.aio_lio_opcode = LIO_NOP;
	struct aiocb *list[3] = {&a, &b, &n};
	SHOW("lio_listio", lio_listio(LIO_WAIT, list, 3, NULL));
	printf("a %d %zd b %s %zd\n", aio_error(&a), aio_return(&a), strerror(aio_error(&b)), aio_return(&b));
	SHOW("lio_listio(bad mode)", lio_listio(7, list, 3, NULL));
	b.aio_lio_opcode = LIO_WRITE;
	printf("lio_listio ok %d\n", lio_listio(LIO_WAIT, list, 3, NULL));
	struct timespec z = {0, 0};
	printf("aio_suspend(done) %d\n", aio_suspend((const struct aiocb *const *)list, 1, &z));
	/* a timeout: a read of an empty pipe stays in progress */
	int p[2];
	pipe(p);
	memset(&r, 0, sizeof r);
	r.aio_fildes = p[0]; r.aio_buf = in; r.aio_nbytes = 4;
	{ int rr = aio_read(&r); printf("pipe aio_read %d error EINPROGRESS %d\n", rr, aio_error(&r) == EINPROGRESS); }
	struct timespec t = {0, 20000000};
	{ const struct aiocb *rl[1] = {&r}; SHOW("aio_suspend(timeout)", aio_suspend(rl, 1, &t)); }
	SHOW("aio_cancel(pipe)", aio_cancel(p[0], &r));
	write(p[1], "abcd", 4);
	{ const struct aiocb *rl[1] = {&r}; SHOW("aio_suspend", aio_suspend(rl, 1, NULL)); }
	printf("error %d return %zd\n", aio_error(&r), aio_return(&r));
	/* a queued request behind the one a helper holds is cancelled */
	struct aiocb q1, q2;
	memset(&q1, 0, sizeof q1); memset(&q2, 0, sizeof q2);
	q1.aio_fildes = q2.aio_fildes = p[0]; q1.aio_buf = in; q2.aio_buf = in + 8; q1.aio_nbytes = q2.aio_nbytes = 2;
	aio_read(&q1); aio_read(&q2);
	usleep(10000);
	SHOW("aio_cancel(fd, NULL)", aio_cancel(p[0], NULL));
	printf("q2 %s %zd q1 EINPROGRESS %d\n", strerror(aio_error(&q2)), aio_return(&q2), aio_error(&q1) == EINPROGRESS);
	write(p[1], "xy", 2);
	{ const struct aiocb *rl[1] = {&q1}; aio_suspend(rl, 1, NULL); }
	printf("q1 %d %zd\n", aio_error(&q1), aio_return(&q1));
	return 0;
}
