/*
 * <semaphore.h> — unnamed POSIX semaphores on the chosen thread library (sem_init with
 * pshared 0 or 1: the lab has no shared memory between processes, so a semaphore copied by
 * fork is the child's own, as it would be in a real program that did not mmap it shared).
 * Named semaphores (sem_open) are not part of the lab.
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

#ifdef __cplusplus
}
#endif
#endif
