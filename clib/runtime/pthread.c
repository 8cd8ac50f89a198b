/*
 * pthread.c — the C side of <pthread.h> and <semaphore.h>.
 *
 * Mirrors: glibc's/musl's attribute objects (plain fields, no library call), pthread_create's
 * stack allocation (here: the C stack of a WebAssembly thread, malloc'ed in the program's own
 * memory with its Asyncify buffer; a finished thread's block is freed by the next create, as
 * NPTL reuses cached stacks), thread-specific data (values kept by the library, destructors
 * called here, PTHREAD_DESTRUCTOR_ITERATIONS rounds), pthread_atfork.
 *
 * Everything else is one call into the chosen library (lab.h's imports). Objects are tagged by
 * the host in their first words; zeroed memory (the static initializers) means "create on
 * first use".
 */
#include <errno.h>
#include <stdlib.h>
#include "lab.h"

/* ---- threads ---- */

/*
 * A thread's block is how the lab runs C on a thread (WebAssembly's C stack and the Asyncify
 * buffers), not memory the program asked for: the thread's stack as Linux has it is the
 * library's (NPTL's mmap of 8 MiB, its guard, the pages its start touches). So the memory the
 * block's malloc grew is not passed to the kernel as brk — which would charge a page fault for
 * every one of its 56 pages at each new thread, ~87 µs of system time (host model) per creation
 * a real pthread_create does not pay.
 */
void *__lab_thread_block(unsigned size) {
	unsigned long before = __builtin_wasm_memory_size(0);
	void *block = malloc(size);
	unsigned long after = __builtin_wasm_memory_size(0);
	if (after > before) __lab_block_grew((unsigned)((after - before) * 65536));
	return block;
}

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg) {
	void *dead;
	while ((dead = __lab_stack_reclaim())) free(dead);
	size_t want = a ? (size_t)a->__u.__i[ATTR_STACKSIZE] : 0;
	size_t size = want ? want : LAB_DEFAULT_STACK;
	if (size < PTHREAD_STACK_MIN) size = PTHREAD_STACK_MIN;
	if (size > LAB_MAX_STACK) size = LAB_MAX_STACK;
	size = (size + 15) & ~(size_t)15;
	/* a stack the program gave (pthread_attr_setstack): the block is the Asyncify buffer only,
	 * and the host runs the thread on the attribute's stack */
	if (a && a->__u.__i[ATTR_STACKADDR]) size = 0;
	char *block = __lab_thread_block(size + LAB_NEST_BUF + LAB_ASYNC_BUF);
	if (!block) return EAGAIN;
	__lab_threaded = 1;
	__lab_live_threads++;
	int r = __lab_pthread_create(t, a, fn, arg, block, size + LAB_NEST_BUF + LAB_ASYNC_BUF);
	if (r) {
		__lab_live_threads--;
		free(block);
	}
	return r;
}

int __wrap_pthread_join(pthread_t t, void **ret) { return __lab_pthread_join(t, ret); }
pthread_t __wrap_pthread_self(void) { return __lab_pthread_self(); }
int __wrap_pthread_equal(pthread_t a, pthread_t b) { return a == b; }
int __wrap_pthread_detach(pthread_t t) { return __lab_pthread_detach(t); }
int pthread_yield(void) { return __lab_pthread_yield(); }

/* ---- attributes: plain fields ---- */

int __wrap_pthread_attr_init(pthread_attr_t *a) {
	*a = (pthread_attr_t){0};
	a->__u.__s[ATTR_DETACHED] = LAB_PAGE_SIZE << ATTR_GUARDSHIFT; /* glibc: a one-page guard */
	return 0;
}
int __wrap_pthread_attr_destroy(pthread_attr_t *a) {
	__lab_attr_free_cpuset(a);
	return 0;
}

int __wrap_pthread_attr_setdetachstate(pthread_attr_t *a, int s) {
	if (s != PTHREAD_CREATE_JOINABLE && s != PTHREAD_CREATE_DETACHED) return EINVAL;
	a->__u.__s[ATTR_DETACHED] = (a->__u.__s[ATTR_DETACHED] & ~1u) | (unsigned)s; /* the guard size above */
	return 0;
}
int __wrap_pthread_attr_getdetachstate(const pthread_attr_t *a, int *s) {
	*s = a->__u.__i[ATTR_DETACHED] & 1;
	return 0;
}
int __wrap_pthread_attr_setstacksize(pthread_attr_t *a, size_t n) {
	if (n < PTHREAD_STACK_MIN) return EINVAL;
	a->__u.__i[ATTR_STACKSIZE] = (int)n;
	return 0;
}
int __wrap_pthread_attr_getstacksize(const pthread_attr_t *a, size_t *n) {
	*n = a->__u.__i[ATTR_STACKSIZE] ? (size_t)a->__u.__i[ATTR_STACKSIZE] : (size_t)__lab_default_stacksize();
	return 0;
}
/* The scope word: 0 unset (the library's default), else the scope + 1. Whether a scope is
   taken is the library's answer (glibc: SYSTEM only, PROCESS is ENOTSUP; NGPT: both; GNU Pth:
   ENOSYS for either), so a program that checks it falls back as it would there. */
int pthread_attr_setscope(pthread_attr_t *a, int s) {
	if (s != PTHREAD_SCOPE_SYSTEM && s != PTHREAD_SCOPE_PROCESS) return EINVAL;
	int e = __lab_attr_scope(s);
	if (e != 0) return e;
	a->__u.__i[ATTR_SCOPE] = s + 1;
	return 0;
}
int pthread_attr_getscope(const pthread_attr_t *a, int *s) {
	if (a->__u.__i[ATTR_SCOPE]) { *s = a->__u.__i[ATTR_SCOPE] - 1; return 0; }
	int d = __lab_attr_scope(-1);
	if (d < 0) return -d;
	*s = d;
	return 0;
}
/* pthread_attr_setschedparam and the other scheduling attributes: sched.c. */

int __wrap_pthread_mutexattr_init(pthread_mutexattr_t *a) { a->__attr = 0; return 0; }
int __wrap_pthread_mutexattr_destroy(pthread_mutexattr_t *a) { (void)a; return 0; }
int __wrap_pthread_mutexattr_settype(pthread_mutexattr_t *a, int type) {
	if ((unsigned)type > PTHREAD_MUTEX_ADAPTIVE_NP) return EINVAL;
	a->__attr = (a->__attr & ~3u) | (unsigned)type; /* 128: pshared.c */
	return 0;
}
int __wrap_pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type) {
	*type = (int)(a->__attr & 3);
	return 0;
}

int __wrap_pthread_condattr_init(pthread_condattr_t *a) { a->__attr = 0; return 0; }
int __wrap_pthread_condattr_destroy(pthread_condattr_t *a) { (void)a; return 0; }
int __wrap_pthread_condattr_setclock(pthread_condattr_t *a, clockid_t c) {
	if (c != CLOCK_REALTIME && c != CLOCK_MONOTONIC) return EINVAL;
	a->__attr = (a->__attr & 0x80000000u) | (c == CLOCK_MONOTONIC); /* top bit: pshared.c */
	return 0;
}
int __wrap_pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *c) {
	*c = a->__attr & 1 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	return 0;
}
int __wrap_pthread_barrierattr_init(pthread_barrierattr_t *a) { a->__attr = 0; return 0; }
int __wrap_pthread_barrierattr_destroy(pthread_barrierattr_t *a) { (void)a; return 0; }

/* ---- mutexes, condition variables, barriers, once ---- */

int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) {
	/* 128: pshared.c; LAB_MUTEXATTR_ROBUST: robust.c; the protocol and ceiling: prio.c */
	return __lab_mutex_init(m, a ? (int)(a->__attr & (3 | 128 | LAB_MUTEXATTR_ROBUST | LAB_MUTEXATTR_PROTOCOL_MASK | LAB_MUTEXATTR_CEILING_MASK))
				     : PTHREAD_MUTEX_NORMAL);
}
int __wrap_pthread_mutex_lock(pthread_mutex_t *m) { return __lab_mutex_lock(m); }
int __wrap_pthread_mutex_trylock(pthread_mutex_t *m) { return __lab_mutex_trylock(m); }
int __wrap_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t) { return __lab_mutex_timedlock(m, t); }
int __wrap_pthread_mutex_unlock(pthread_mutex_t *m) { return __lab_mutex_unlock(m); }
int __wrap_pthread_mutex_destroy(pthread_mutex_t *m) { return __lab_mutex_destroy(m); }

int __wrap_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a) {
	return __lab_cond_init(c, a ? (int)(a->__attr & 1) | (a->__attr & 0x80000000u ? 2 : 0) : 0);
}
int __wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) { return __lab_cond_wait(c, m); }
int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t) {
	return __lab_cond_timedwait(c, m, t);
}
int __wrap_pthread_cond_signal(pthread_cond_t *c) { return __lab_cond_signal(c); }
int __wrap_pthread_cond_broadcast(pthread_cond_t *c) { return __lab_cond_broadcast(c); }
int __wrap_pthread_cond_destroy(pthread_cond_t *c) { return __lab_cond_destroy(c); }

int __wrap_pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned n) {
	if (n == 0) return EINVAL;
	return __lab_barrier_init(b, n, a && (a->__attr & 0x80000000u) ? 1 : 0);
}
int __wrap_pthread_barrier_wait(pthread_barrier_t *b) { return __lab_barrier_wait(b); }
int __wrap_pthread_barrier_destroy(pthread_barrier_t *b) { return __lab_barrier_destroy(b); }

int __wrap_pthread_once(pthread_once_t *o, void (*fn)(void)) { return __lab_once(o, fn); }

/* ---- thread-specific data: values in the library, destructors here ---- */

#define KEYS_MAX 1024
static void (*key_dtors[KEYS_MAX])(void *);

int __wrap_pthread_key_create(pthread_key_t *k, void (*dtor)(void *)) {
	int r = __lab_key_create(k);
	if (r == 0 && *k < KEYS_MAX) key_dtors[*k] = dtor;
	return r;
}
int __wrap_pthread_key_delete(pthread_key_t k) {
	int r = __lab_key_delete(k);
	if (r == 0 && k < KEYS_MAX) key_dtors[k] = 0;
	return r;
}
void *__wrap_pthread_getspecific(pthread_key_t k) { return __lab_getspecific(k); }
int __wrap_pthread_setspecific(pthread_key_t k, const void *v) { return __lab_setspecific(k, v); }

void __lab_tsd_run(void) {
	for (int round = 0; round < 4; round++) {
		int ran = 0;
		for (pthread_key_t k = 0; k < KEYS_MAX; k++) {
			if (!key_dtors[k]) continue;
			void *v = __lab_getspecific(k);
			if (!v) continue;
			__lab_setspecific(k, 0);
			key_dtors[k](v);
			ran = 1;
		}
		if (!ran) return;
	}
}

/* ---- semaphores ---- */

int sem_init(sem_t *s, int pshared, unsigned value) { return __lab_sem_init(s, pshared, value); }
int sem_wait(sem_t *s) { return __lab_sem_wait(s); }
int sem_timedwait(sem_t *s, const struct timespec *t) { return __lab_sem_timedwait(s, t); }
int sem_trywait(sem_t *s) { return __lab_sem_trywait(s); }
int sem_post(sem_t *s) { return __lab_sem_post(s); }
int sem_getvalue(sem_t *s, int *v) { return __lab_sem_getvalue(s, v); }
int sem_destroy(sem_t *s) { return __lab_sem_destroy(s); }

/* ---- pthread_atfork: handlers run by fork() (unistd.c) ---- */

#define ATFORK_MAX 32
static struct { void (*prepare)(void), (*parent)(void), (*child)(void); } atfork[ATFORK_MAX];
static int natfork;

int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void)) {
	if (natfork == ATFORK_MAX) return ENOMEM;
	atfork[natfork].prepare = prepare;
	atfork[natfork].parent = parent;
	atfork[natfork].child = child;
	natfork++;
	return 0;
}

void __lab_atfork(int when) {
	if (when == 0) {
		for (int i = natfork - 1; i >= 0; i--) if (atfork[i].prepare) atfork[i].prepare();
		return;
	}
	for (int i = 0; i < natfork; i++) {
		void (*f)(void) = when == 1 ? atfork[i].parent : atfork[i].child;
		if (f) f();
	}
}
