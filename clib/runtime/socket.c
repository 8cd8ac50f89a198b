/*
 * socket.c — socketpair, getsockopt and setsockopt through the chosen library (the kernel's
 * kernel/af_unix.ts; host: socket.ts), as glibc's system-call wrappers.
 */
#include <sys/socket.h>
#include "lab.h"

int socketpair(int domain, int type, int protocol, int sv[2]) { return __lab_socketpair(domain, type, protocol, sv); }

int getsockopt(int fd, int level, int name, void *__restrict val, socklen_t *__restrict len) {
	return __lab_sockopt(0, fd, level, name, val, (unsigned)(unsigned long)len);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len) {
	return __lab_sockopt(1, fd, level, name, (void *)val, len);
}
