/* socketpair.c — AF_UNIX socketpairs (kernel/af_unix.ts): datagrams and their truncation, SO_SNDBUF and how
 * many half-buffer datagrams fit before EAGAIN, poll's POLLOUT, EMSGSIZE, ENOTSOCK, EBADF, ENOPROTOOPT,
 * setsockopt's doubling and minimum, socketpair's errors and SOCK_RAW, a stream's end of file and EPIPE, a
 * blocked writer thread woken by reads. Expected: gcc 12 + glibc 2.36 on Linux 6.x. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <signal.h>
#include <pthread.h>

#define SHOW(label, call) do { errno = 0; long _r = (long)(call); int _e = errno; printf("%s %ld %s\n", label, _r, _r == -1 ? strerror(_e) : "-"); } while (0)

static int wsv[2], whalf, wrote;
static char *wbuf;
static void *writer(void *arg) {
	(void)arg;
	for (int i = 0; i < 3; i++) if (write(wsv[0], wbuf, whalf) == whalf) wrote++;
	return 0;
}

int main(void) {
	int sv[2], v, n;
	socklen_t len = sizeof v;
	SHOW("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &len);
	printf("SO_SNDBUF %d len %d\n", v, (int)len);
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len);
	printf("SO_TYPE %d\n", v);
	SHOW("write a", write(sv[0], "hello", 5));
	SHOW("write b", write(sv[0], "world!", 6));
	char buf[64] = {0};
	SHOW("read 3 of a", read(sv[1], buf, 3));
	printf("%s\n", buf);
	memset(buf, 0, sizeof buf);
	SHOW("read b", read(sv[1], buf, sizeof buf));
	printf("%s\n", buf);
	/* how many bufsize datagrams before a write would block */
	int half = v;
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &len);
	half = v / 2;
	char *big = calloc(1, half);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	for (n = 0; n < 20 && write(sv[0], big, half) == half; n++) {}
	printf("big datagrams before EAGAIN: %d (%s)\n", n, strerror(errno));
	struct pollfd p = {sv[0], POLLOUT, 0};
	printf("poll POLLOUT %d\n", poll(&p, 1, 0));
	SHOW("read big", read(sv[1], big, half));
	int small = 0;
	for (n = 0; n < 20 && write(sv[0], "x", 1) == 1; n++) small++;
	printf("then small: %d (%s)\n", small, strerror(errno));
	SHOW("too big", write(sv[0], big, v));
	SHOW("getsockopt pipe", getsockopt(0, SOL_SOCKET, SO_TYPE, &v, &len));
	SHOW("getsockopt 99", getsockopt(99, SOL_SOCKET, SO_TYPE, &v, &len));
	SHOW("getsockopt SO_bad", getsockopt(sv[0], SOL_SOCKET, 9999, &v, &len));
	v = 1000;
	SHOW("setsockopt SNDBUF 1000", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &len);
	printf("SO_SNDBUF %d\n", v);
	SHOW("socketpair AF 2", socketpair(2, SOCK_STREAM, 0, sv));
	SHOW("socketpair type 3", socketpair(AF_UNIX, 3, 0, sv));
	SHOW("socketpair proto 1", socketpair(AF_UNIX, SOCK_STREAM, 1, sv));
	/* stream: end of file after the peer closes; EPIPE after */
	SHOW("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	printf("FD_CLOEXEC %d\n", fcntl(sv[0], F_GETFD));
	write(sv[0], "abc", 3); write(sv[0], "def", 3);
	memset(buf, 0, sizeof buf);
	SHOW("read stream", read(sv[1], buf, sizeof buf));
	printf("%s\n", buf);
	close(sv[0]);
	SHOW("read eof", read(sv[1], buf, sizeof buf));
	signal(13, SIG_IGN);
	SHOW("write closed", write(sv[1], "x", 1));
	/* a thread's third big datagram waits until the reader frees room */
	socketpair(AF_UNIX, SOCK_DGRAM, 0, wsv);
	whalf = 212992 / 2;
	wbuf = calloc(1, half);
	pthread_t t;
	pthread_create(&t, 0, writer, 0);
	usleep(50000);
	printf("after 50 ms the writer has sent %d\n", wrote);
	SHOW("read", read(wsv[1], wbuf, whalf));
	SHOW("read", read(wsv[1], wbuf, whalf));
	pthread_join(t, 0);
	printf("joined: it sent %d\n", wrote);
	SHOW("read", read(wsv[1], wbuf, whalf));
	return 0;
}
