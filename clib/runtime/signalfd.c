/*
 * signalfd.c — signalfd(2) through the chosen library (the kernel's signalfd4, with the mask
 * read by the host: clib/host/io.ts). The records are read with read(2).
 */
#include <sys/signalfd.h>
#include "lab.h"

_Static_assert(sizeof(struct signalfd_siginfo) == 128, "struct signalfd_siginfo is 128 bytes, as glibc's");

int signalfd(int fd, const sigset_t *mask, int flags) { return __lab_signalfd(fd, mask, flags); }
