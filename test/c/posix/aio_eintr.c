/* aio_eintr.c — aio_suspend and lio_listio(LIO_WAIT) waiting for a read of an empty pipe; SIGALRM's
 * handler (no SA_RESTART) writes the data. glibc 2.36 (NPTL's futex wait): both end with EINTR. */

#include <aio.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/time.h>

static int wfd;
static void on_alarm(int s) { (void)s; write(wfd, "late", 4); }

int main(void) {
	int p[2];
	char in[8] = {0};
	pipe(p);
	wfd = p[1];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, 0);
	struct aiocb r;
	memset(&r, 0, sizeof r);
	r.aio_fildes = p[0]; r.aio_buf = in; r.aio_nbytes = 4;
	aio_read(&r);
	const struct aiocb *l[1] = {&r};
	struct itimerval it = {{0, 0}, {0, 50000}};
	setitimer(ITIMER_REAL, &it, 0);
	int ret = aio_suspend(l, 1, NULL);
	int e = errno;
	printf("aio_suspend %d %s\n", ret, ret ? strerror(e) : "-");
	while (aio_error(&r) == EINPROGRESS) usleep(1000);
	printf("read %zd: %s\n", aio_return(&r), in);
	/* lio_listio(LIO_WAIT) too */
	memset(in, 0, sizeof in);
	struct aiocb *list[1] = {&r};
	r.aio_lio_opcode = LIO_READ;
	setitimer(ITIMER_REAL, &it, 0);
	ret = lio_listio(LIO_WAIT, list, 1, NULL);
	e = errno;
	printf("lio_listio %d %s\n", ret, ret ? strerror(e) : "-");
	while (aio_error(&r) == EINPROGRESS) usleep(1000);
	printf("read %zd: %s\n", aio_return(&r), in);
	return 0;
}
