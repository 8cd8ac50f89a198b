/*
 * rwlock_pshared.c — a PTHREAD_PROCESS_SHARED reader-writer lock in a MAP_SHARED mapping is one
 * lock for parent and child (LTP's pthread_rwlockattr_getpshared/2-1): the parent read-locks
 * it and forks; the child, through a second mapping of the same object, finds it held
 * (trywrlock EBUSY), then blocks in wrlock until the parent unlocks. The same for a
 * PTHREAD_PROCESS_SHARED spin lock (LTP's pthread_spin_init/2-1).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared { pthread_rwlock_t rw; pthread_spinlock_t sp; volatile int step; };

int main(void) {
	int fd = shm_open("/rwlock_pshared", O_RDWR | O_CREAT | O_EXCL, 0600);
	ftruncate(fd, sizeof(struct shared));
	struct shared *s = mmap(0, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pthread_rwlockattr_t a;
	pthread_rwlockattr_init(&a);
	int r = pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	printf("setpshared: %s\n", r ? strerror(r) : "0");
	pthread_rwlock_init(&s->rw, &a);
	pthread_rwlock_rdlock(&s->rw);
	pthread_spin_init(&s->sp, PTHREAD_PROCESS_SHARED);
	pthread_spin_lock(&s->sp);
	pid_t pid = fork();
	if (pid == 0) {
		struct shared *c = mmap(0, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		r = pthread_rwlock_trywrlock(&c->rw);
		printf("child trywrlock: %s\n", r ? strerror(r) : "0");
		if (r == 0) pthread_rwlock_unlock(&c->rw);
		r = pthread_spin_trylock(&c->sp);
		printf("child spin_trylock: %s\n", r ? strerror(r) : "0");
		if (r == 0) pthread_spin_unlock(&c->sp);
		c->step = 1;
		r = pthread_rwlock_wrlock(&c->rw);
		printf("child wrlock %d after the parent's unlock: %d\n", r, c->step == 2);
		pthread_rwlock_unlock(&c->rw);
		r = pthread_spin_lock(&c->sp);
		printf("child spin_lock %d\n", r);
		return 0;
	}
	while (s->step == 0) usleep(1000);
	usleep(10000);
	s->step = 2;
	pthread_spin_unlock(&s->sp);
	pthread_rwlock_unlock(&s->rw);
	int st;
	waitpid(pid, &st, 0);
	shm_unlink("/rwlock_pshared");
	printf("child exited %d\n", WEXITSTATUS(st));
	return 0;
}
