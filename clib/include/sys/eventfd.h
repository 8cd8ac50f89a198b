/*
 * <sys/eventfd.h> — eventfd(2) on the lab's kernel (kernel/eventfd.ts, after fs/eventfd.c): a
 * descriptor over a 64-bit counter; write(2) adds an 8-byte value, read(2) takes the count (or
 * 1 with EFD_SEMAPHORE), waiting while it is 0 (EAGAIN with EFD_NONBLOCK); poll and select see
 * it readable while the count is above 0. eventfd_read/eventfd_write are glibc's 8-byte
 * read/write (clib/runtime/eventfd.c).
 */
#ifndef _SYS_EVENTFD_H
#define _SYS_EVENTFD_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t eventfd_t;

enum {
	EFD_SEMAPHORE = 00000001,
#define EFD_SEMAPHORE EFD_SEMAPHORE
	EFD_CLOEXEC = 02000000,
#define EFD_CLOEXEC EFD_CLOEXEC
	EFD_NONBLOCK = 00004000
#define EFD_NONBLOCK EFD_NONBLOCK
};

int eventfd(unsigned int, int);
int eventfd_read(int, eventfd_t *);
int eventfd_write(int, eventfd_t);

#ifdef __cplusplus
}
#endif
#endif
