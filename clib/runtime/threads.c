/*
 * threads.c — C11's <threads.h> over the pthread calls, as glibc ≥ 2.28 does it.
 *
 * Mirrors: glibc's nptl/thrd_create.c, thrd_join.c, thrd_exit.c, thrd_sleep.c, mtx_init.c,
 * mtx_*.c, cnd_*.c, tss_*.c, call_once.c and thrd_priv.h's thrd_err_map (a pthread error
 * number → thrd_success/busy/nomem/timedout/error). Each call goes to the pthread call of the
 * thread library the program runs on, so a C11 program behaves as its pthread twin would on
 * LinuxThreads, NPTL, NGPT or the green threads.
 *
 * Simplified: glibc passes the C11 start routine straight to pthread_create with a flag telling
 * start_thread to keep its int result; here a small heap record carries the routine and its
 * argument to a pthread start routine that returns the int as a pointer (what thrd_join reads).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>

static int thrd_err_map(int err) {
	switch (err) {
	case 0: return thrd_success;
	case ENOMEM: return thrd_nomem;
	case ETIMEDOUT: return thrd_timedout;
	case EBUSY: return thrd_busy;
	default: return thrd_error;
	}
}

struct c11_start { thrd_start_t func; void *arg; };

static void *c11_trampoline(void *p) {
	struct c11_start s = *(struct c11_start *)p;
	free(p);
	return (void *)(intptr_t)s.func(s.arg);
}

int thrd_create(thrd_t *thr, thrd_start_t func, void *arg) {
	struct c11_start *s = malloc(sizeof *s);
	if (s == NULL) return thrd_nomem;
	s->func = func, s->arg = arg;
	int err = pthread_create(thr, NULL, c11_trampoline, s);
	if (err != 0) free(s);
	return thrd_err_map(err);
}

int thrd_join(thrd_t thr, int *res) {
	void *r;
	int err = pthread_join(thr, &r);
	if (err == 0 && res != NULL) *res = (int)(intptr_t)r;
	return thrd_err_map(err);
}

_Noreturn void thrd_exit(int res) { pthread_exit((void *)(intptr_t)res); }
int thrd_detach(thrd_t thr) { return thrd_err_map(pthread_detach(thr)); }
int thrd_equal(thrd_t a, thrd_t b) { return pthread_equal(a, b); }
thrd_t thrd_current(void) { return pthread_self(); }
void thrd_yield(void) { sched_yield(); }

/* 0 when it slept the whole time, -1 when a signal cut it short (rem then holds the rest), -2 on error. */
int thrd_sleep(const struct timespec *dur, struct timespec *rem) {
	int r = clock_nanosleep(CLOCK_REALTIME, 0, dur, rem);
	return r == 0 ? 0 : r == EINTR ? -1 : -2;
}

/* glibc: a recursive type gets PTHREAD_MUTEX_RECURSIVE, anything else the default (normal) kind. */
int mtx_init(mtx_t *m, int type) {
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	if (type == (mtx_plain | mtx_recursive) || type == (mtx_timed | mtx_recursive))
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	int err = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return thrd_err_map(err);
}
int mtx_lock(mtx_t *m) { return thrd_err_map(pthread_mutex_lock(m)); }
int mtx_trylock(mtx_t *m) { return thrd_err_map(pthread_mutex_trylock(m)); }
int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict t) { return thrd_err_map(pthread_mutex_timedlock(m, t)); }
int mtx_unlock(mtx_t *m) { return thrd_err_map(pthread_mutex_unlock(m)); }
void mtx_destroy(mtx_t *m) { pthread_mutex_destroy(m); }

void call_once(once_flag *flag, void (*func)(void)) { pthread_once(flag, func); }

int cnd_init(cnd_t *c) { return thrd_err_map(pthread_cond_init(c, NULL)); }
int cnd_signal(cnd_t *c) { return thrd_err_map(pthread_cond_signal(c)); }
int cnd_broadcast(cnd_t *c) { return thrd_err_map(pthread_cond_broadcast(c)); }
int cnd_wait(cnd_t *c, mtx_t *m) { return thrd_err_map(pthread_cond_wait(c, m)); }
int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict t) {
	return thrd_err_map(pthread_cond_timedwait(c, m, t));
}
void cnd_destroy(cnd_t *c) { pthread_cond_destroy(c); }

int tss_create(tss_t *key, tss_dtor_t dtor) { return thrd_err_map(pthread_key_create(key, dtor)); }
void *tss_get(tss_t key) { return pthread_getspecific(key); }
int tss_set(tss_t key, void *v) { return thrd_err_map(pthread_setspecific(key, v)); }
void tss_delete(tss_t key) { pthread_key_delete(key); }
