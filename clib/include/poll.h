/*
 * <poll.h> — poll() on the lab's kernel (pipes, the console, /dev/slow), with Linux's event
 * values. The timeout is in milliseconds; -1 waits for ever.
 */
#ifndef _POLL_H
#define _POLL_H
/* Keep wasi-libc's own event values (a different numbering) out. */
#define __wasilibc___header_poll_h
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>

#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
#define POLLRDNORM POLLIN
#define POLLWRNORM POLLOUT

typedef unsigned long nfds_t;

struct pollfd {
	int fd;
	short events;
	short revents;
};

int poll(struct pollfd *, nfds_t, int);

#ifdef __cplusplus
}
#endif
#endif
