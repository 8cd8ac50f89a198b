/*
 * robust.c — robust mutexes (POSIX.1-2008; glibc >= 2.4 with Linux >= 2.6.17's robust futex
 * list): the attribute, a thread that dies holding one (EOWNERDEAD, pthread_mutex_consistent),
 * one unlocked without consistent (ENOTRECOVERABLE), a waiter woken by the owner's death, the
 * robust kinds' ownership checks, and the textbook case — a process killed while holding a
 * PTHREAD_PROCESS_SHARED robust mutex in MAP_SHARED memory. Where the library has no robust
 * mutexes (setrobust fails) it prints that and stops.
 */
#define _GNU_SOURCE
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* the _np names */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *en(int e) {
	switch (e) {
	case 0: return "0";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case EPERM: return "EPERM";
	case EDEADLK: return "EDEADLK";
	case ENOSYS: return "ENOSYS";
	case ETIMEDOUT: return "ETIMEDOUT";
	default: return "?";
	}
}

static pthread_mutex_t m;
static sem_t locked;

static void robust_init(pthread_mutex_t *mx, int type, int pshared) {
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, type);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (pshared) pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(mx, &a);
	pthread_mutexattr_destroy(&a);
}

static void *die_holding(void *arg) {
	pthread_mutex_lock(&m);
	if (arg) sem_post(&locked);
	return NULL; /* the thread ends with the mutex locked */
}

static void *die_later(void *arg) {
	(void)arg;
	pthread_mutex_lock(&m);
	sem_post(&locked);
	usleep(20000); /* main is asleep in pthread_mutex_lock by now */
	return NULL;
}

static void *try_unlock(void *arg) {
	return (void *)(long)pthread_mutex_unlock((pthread_mutex_t *)arg);
}

static void dead_owner(int waiting) {
	pthread_t t;
	pthread_create(&t, NULL, waiting ? die_later : die_holding, NULL);
	if (waiting) sem_wait(&locked);
	else pthread_join(t, NULL);
	int r = pthread_mutex_lock(&m);
	if (waiting) pthread_join(t, NULL);
	printf("%s: lock %s", waiting ? "waiter" : "dead owner", en(r));
}

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	pthread_mutexattr_t a;
	int v = -1;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_getrobust(&a, &v);
	int r = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (r != 0) {
		printf("setrobust: %s\n", en(r));
		return 0;
	}
	int v2 = -1;
	pthread_mutexattr_getrobust(&a, &v2);
	printf("attr: default %d, set %d", v, v2);
	printf(", bad %s", en(pthread_mutexattr_setrobust(&a, 2)));
	printf(", _np %s", en(pthread_mutexattr_setrobust_np(&a, PTHREAD_MUTEX_STALLED_NP)));
	pthread_mutexattr_getrobust_np(&a, &v2);
	printf(" (now %d)\n", v2);
	sem_init(&locked, 0, 0);

	/* 1. the owner thread dies: EOWNERDEAD, consistent, and it is an ordinary mutex again */
	robust_init(&m, PTHREAD_MUTEX_NORMAL, 0);
	dead_owner(0);
	printf(", consistent %s", en(pthread_mutex_consistent(&m)));
	printf(", again %s", en(pthread_mutex_consistent(&m)));
	printf(", unlock %s", en(pthread_mutex_unlock(&m)));
	printf(", lock %s", en(pthread_mutex_lock(&m)));
	printf(", unlock %s\n", en(pthread_mutex_unlock(&m)));

	/* 2. unlocked without consistent: not recoverable for good */
	dead_owner(0);
	printf(", unlock %s", en(pthread_mutex_unlock(&m)));
	printf(", lock %s", en(pthread_mutex_lock(&m)));
	printf(", consistent %s", en(pthread_mutex_consistent(&m)));
	printf(", trylock %s\n", en(pthread_mutex_trylock(&m))); /* glibc leaves this one holding it */
	pthread_mutex_destroy(&m);

	/* 3. a thread asleep in pthread_mutex_lock is woken by the owner's death */
	robust_init(&m, PTHREAD_MUTEX_NORMAL, 0);
	dead_owner(1);
	printf(", consistent %s", en(pthread_mutex_consistent(&m)));
	printf(", unlock %s\n", en(pthread_mutex_unlock(&m)));

	/* 4. trylock and timedlock find the owner dead too */
	pthread_t t;
	pthread_create(&t, NULL, die_holding, NULL);
	pthread_join(t, NULL);
	printf("trylock %s", en(pthread_mutex_trylock(&m)));
	pthread_mutex_consistent(&m);
	pthread_mutex_unlock(&m);
	pthread_create(&t, NULL, die_holding, NULL);
	pthread_join(t, NULL);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	printf(", timedlock %s", en(pthread_mutex_timedlock(&m, &ts)));
	pthread_mutex_consistent(&m);
	void *res;
	pthread_create(&t, NULL, try_unlock, &m);
	pthread_join(t, &res);
	printf(", unlock by another %s", en((int)(long)res));
	printf(", unlock %s", en(pthread_mutex_unlock(&m)));
	printf(", unlock again %s\n", en(pthread_mutex_unlock(&m)));
	pthread_mutex_destroy(&m);

	/* 5. the robust kinds: error-checking relock, recursive count */
	robust_init(&m, PTHREAD_MUTEX_ERRORCHECK, 0);
	pthread_mutex_lock(&m);
	printf("errorcheck relock %s", en(pthread_mutex_lock(&m)));
	pthread_mutex_unlock(&m);
	pthread_mutex_destroy(&m);
	robust_init(&m, PTHREAD_MUTEX_RECURSIVE, 0);
	pthread_mutex_lock(&m);
	printf(", recursive relock %s", en(pthread_mutex_lock(&m)));
	printf(", unlock %s", en(pthread_mutex_unlock(&m)));
	printf(" %s", en(pthread_mutex_unlock(&m)));
	printf(" %s\n", en(pthread_mutex_unlock(&m)));
	pthread_mutex_destroy(&m);

	/* 6. a stalled (default) mutex whose owner died stays locked */
	pthread_mutex_init(&m, NULL);
	pthread_create(&t, NULL, die_holding, NULL);
	pthread_join(t, NULL);
	printf("stalled: trylock %s\n", en(pthread_mutex_trylock(&m)));

	/* 7. process-shared: a child killed while holding it, the parent asleep in lock */
	pthread_mutex_t *pm = mmap(NULL, sizeof *pm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	robust_init(pm, PTHREAD_MUTEX_NORMAL, 1);
	int fd[2];
	pipe(fd);
	pid_t pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(pm);
		write(fd[1], "x", 1);
		pause();
		_exit(1);
	}
	char c;
	read(fd[0], &c, 1);
	printf("pshared: child holds it, trylock %s", en(pthread_mutex_trylock(pm)));
	kill(pid, SIGKILL);
	r = pthread_mutex_lock(pm);
	int st;
	waitpid(pid, &st, 0);
	printf(", after SIGKILL lock %s (child killed by %d)", en(r), WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	printf(", consistent %s", en(pthread_mutex_consistent(pm)));
	printf(", unlock %s\n", en(pthread_mutex_unlock(pm)));

	/* 8. a child that exits normally while holding it, and the parent's second look */
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(pm);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	r = pthread_mutex_lock(pm);
	printf("pshared: child exited holding it, lock %s", en(r));
	printf(", unlock %s", en(pthread_mutex_unlock(pm)));
	printf(", lock %s\n", en(pthread_mutex_lock(pm)));
	return 0;
}
