/*
 * <semaphore.h> — POSIX semaphores on the chosen thread library. sem_init with pshared 1 in a
 * MAP_SHARED mapping (<sys/mman.h>) is one semaphore for every process mapping it (in private
 * memory fork gives the child its own copy); named semaphores (sem_open, O_CREAT/O_EXCL from
 * <fcntl.h>) live in the kernel's /dev/shm. Where the library has neither (LinuxThreads, NGPT,
 * GNU Pth) the calls fail with ENOSYS, as their sources do.
 */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>

#define __NEED_time_t
#define __NEED_struct_timespec
#include <bits/alltypes.h>

#define SEM_VALUE_MAX 0x7fffffff

typedef struct {
	volatile int __val[4*sizeof(long)/sizeof(int)];
} sem_t;

int sem_init(sem_t *, int, unsigned);
int sem_destroy(sem_t *);
int sem_wait(sem_t *);
int sem_timedwait(sem_t *__restrict, const struct timespec *__restrict);
int sem_trywait(sem_t *);
int sem_post(sem_t *);
int sem_getvalue(sem_t *__restrict, int *__restrict);

#define SEM_FAILED ((sem_t *) 0)
sem_t *sem_open(const char *, int, ...);
int sem_close(sem_t *);
int sem_unlink(const char *);

#ifdef __cplusplus
}
#endif
#endif
