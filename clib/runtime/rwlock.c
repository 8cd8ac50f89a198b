/*
 * rwlock.c — the C side of <pthread.h>'s reader-writer locks and spin locks.
 *
 * Every call is one call into the chosen library (clib/host/rwlock.ts), attributes included:
 * whether PTHREAD_PROCESS_SHARED is accepted, and which kinds exist, is each library's answer
 * (libs/common/rwlockattr.ts). The attribute's fields are plain words (__attr[0] the kind,
 * __attr[1] pshared) that the host reads and writes. A lock is tagged by the host in its first
 * words; zeroed memory (PTHREAD_RWLOCK_INITIALIZER) means "create on first use".
 */
#include <errno.h>
#include "lab.h"

LAB_CALL(rwlock_init) int __lab_rwlock_init(pthread_rwlock_t *, const pthread_rwlockattr_t *);
LAB_CALL(rwlock_op) int __lab_rwlock_op(pthread_rwlock_t *, int);
LAB_CALL(rwlock_timed) int __lab_rwlock_timed(pthread_rwlock_t *, const struct timespec *, int);
LAB_CALL(rwlockattr_op) int __lab_rwlockattr_op(pthread_rwlockattr_t *, int, int, int *);
LAB_CALL(spin_init) int __lab_spin_init(pthread_spinlock_t *, int);
LAB_CALL(spin_op) int __lab_spin_op(pthread_spinlock_t *, int);

enum { RW_RDLOCK, RW_TRYRDLOCK, RW_WRLOCK, RW_TRYWRLOCK, RW_UNLOCK, RW_DESTROY };
enum { ATTR_INIT, ATTR_GETPSHARED, ATTR_SETPSHARED, ATTR_GETKIND, ATTR_SETKIND };
enum { SPIN_LOCK, SPIN_TRYLOCK, SPIN_UNLOCK, SPIN_DESTROY };

int __wrap_pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *a) { return __lab_rwlock_init(rw, a); }
int __wrap_pthread_rwlock_destroy(pthread_rwlock_t *rw) { return __lab_rwlock_op(rw, RW_DESTROY); }
int __wrap_pthread_rwlock_rdlock(pthread_rwlock_t *rw) { return __lab_rwlock_op(rw, RW_RDLOCK); }
int __wrap_pthread_rwlock_tryrdlock(pthread_rwlock_t *rw) { return __lab_rwlock_op(rw, RW_TRYRDLOCK); }
int __wrap_pthread_rwlock_wrlock(pthread_rwlock_t *rw) { return __lab_rwlock_op(rw, RW_WRLOCK); }
int __wrap_pthread_rwlock_trywrlock(pthread_rwlock_t *rw) { return __lab_rwlock_op(rw, RW_TRYWRLOCK); }
int __wrap_pthread_rwlock_unlock(pthread_rwlock_t *rw) { return __lab_rwlock_op(rw, RW_UNLOCK); }
int __wrap_pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *t) { return __lab_rwlock_timed(rw, t, 0); }
int __wrap_pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *t) { return __lab_rwlock_timed(rw, t, 1); }

int __wrap_pthread_rwlockattr_init(pthread_rwlockattr_t *a) { return __lab_rwlockattr_op(a, ATTR_INIT, 0, 0); }
int __wrap_pthread_rwlockattr_destroy(pthread_rwlockattr_t *a) { (void)a; return 0; }
int __wrap_pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *v) {
	return __lab_rwlockattr_op((pthread_rwlockattr_t *)a, ATTR_GETPSHARED, 0, v);
}
int __wrap_pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int v) { return __lab_rwlockattr_op(a, ATTR_SETPSHARED, v, 0); }
int pthread_rwlockattr_getkind_np(const pthread_rwlockattr_t *a, int *v) {
	return __lab_rwlockattr_op((pthread_rwlockattr_t *)a, ATTR_GETKIND, 0, v);
}
int pthread_rwlockattr_setkind_np(pthread_rwlockattr_t *a, int v) { return __lab_rwlockattr_op(a, ATTR_SETKIND, v, 0); }

int __wrap_pthread_spin_init(pthread_spinlock_t *s, int pshared) { return __lab_spin_init(s, pshared); }
int __wrap_pthread_spin_destroy(pthread_spinlock_t *s) { return __lab_spin_op(s, SPIN_DESTROY); }
int __wrap_pthread_spin_lock(pthread_spinlock_t *s) { return __lab_spin_op(s, SPIN_LOCK); }
int __wrap_pthread_spin_trylock(pthread_spinlock_t *s) { return __lab_spin_op(s, SPIN_TRYLOCK); }
int __wrap_pthread_spin_unlock(pthread_spinlock_t *s) { return __lab_spin_op(s, SPIN_UNLOCK); }
