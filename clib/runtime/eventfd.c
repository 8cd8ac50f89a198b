/*
 * eventfd.c — eventfd(2) through the chosen library (the kernel's eventfd2), and glibc's
 * eventfd_read/eventfd_write (sysdeps/unix/sysv/linux/eventfd_read.c, eventfd_write.c): one
 * 8-byte read or write, 0 when all 8 bytes moved, else -1.
 */
#include <sys/eventfd.h>
#include <unistd.h>
#include "lab.h"

int eventfd(unsigned int initval, int flags) { return __lab_eventfd(initval, flags); }

int eventfd_read(int fd, eventfd_t *value) { return read(fd, value, sizeof(eventfd_t)) != sizeof(eventfd_t) ? -1 : 0; }

int eventfd_write(int fd, eventfd_t value) { return write(fd, &value, sizeof(eventfd_t)) != sizeof(eventfd_t) ? -1 : 0; }
