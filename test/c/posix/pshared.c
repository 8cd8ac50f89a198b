/*
 * pshared.c — a parent and its fork child ping-pong through memory they share:
 *  1. a counter in a MAP_SHARED|MAP_ANONYMOUS page (stores seen both ways; a MAP_PRIVATE page
 *     stays private);
 *  2. a named semaphore pair (sem_open; the child opens the names again): five round trips;
 *  3. a PTHREAD_PROCESS_SHARED mutex + condition variable in the shared page: five turns;
 *  4. sem_init(pshared 1) in the shared page.
 * Each part prints what the library answered (ENOSYS where it cannot share: LinuxThreads,
 * NGPT, GNU Pth — deviations.ts) and goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5

struct shared {
	int counter;
	int turn;
	int log[2 * ROUNDS];
	int nlog;
	pthread_mutex_t m;
	pthread_cond_t c;
	sem_t s;
};

static const char *err(int e) { return e == ENOSYS ? "ENOSYS" : e == 0 ? "0" : strerror(e); }

static void memory(struct shared *sh) {
	int *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*priv = 1;
	sh->counter = 1;
	pid_t pid = fork();
	if (pid == 0) {
		sh->counter += 10; /* seen by the parent */
		*priv = 99;        /* not */
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("shared counter %d, private %d\n", sh->counter, *priv);
	munmap(priv, 4096);
}

static void named(void) {
	sem_unlink("/ping");
	sem_unlink("/pong");
	sem_t *ping = sem_open("/ping", O_CREAT | O_EXCL, 0600, 0);
	if (ping == SEM_FAILED) {
		printf("sem_open: %s\n", err(errno));
		return;
	}
	sem_t *pong = sem_open("/pong", O_CREAT, 0600, 0);
	sem_t *again = sem_open("/ping", O_CREAT | O_EXCL, 0600, 0);
	int eexist = again == SEM_FAILED ? errno : 0;
	pid_t pid = fork();
	if (pid == 0) {
		sem_t *a = sem_open("/ping", 0), *b = sem_open("/pong", 0);
		for (int i = 0; i < ROUNDS; i++) {
			sem_wait(a);
			sem_post(b);
		}
		sem_close(a);
		sem_close(b);
		_exit(0);
	}
	int n = 0;
	for (int i = 0; i < ROUNDS; i++) {
		sem_post(ping);
		if (sem_wait(pong) == 0) n++;
	}
	int st = -1;
	waitpid(pid, &st, 0);
	printf("named: %d round trips, O_EXCL again %s, child %d\n", n, err(eexist), st);
	sem_close(ping);
	sem_close(pong);
	int u = sem_unlink("/ping");
	sem_unlink("/pong");
	int u2 = sem_unlink("/ping");
	printf("unlink %d, again %d %s\n", u, u2, err(errno));
}

static void mutexcond(struct shared *sh) {
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_condattr_init(&ca);
	int e1 = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	int e2 = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	if (e1 || e2) {
		printf("setpshared: %s %s\n", err(e1), err(e2));
		return;
	}
	pthread_mutex_init(&sh->m, &ma);
	pthread_cond_init(&sh->c, &ca);
	sh->turn = 0;
	sh->nlog = 0;
	pid_t pid = fork();
	int me = pid == 0 ? 1 : 0;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&sh->m);
		while (sh->turn != me) pthread_cond_wait(&sh->c, &sh->m);
		sh->log[sh->nlog++] = me;
		sh->turn = 1 - me;
		pthread_cond_signal(&sh->c);
		pthread_mutex_unlock(&sh->m);
	}
	if (pid == 0) _exit(0);
	waitpid(pid, NULL, 0);
	printf("mutex+cond: ");
	for (int i = 0; i < sh->nlog; i++) printf("%d", sh->log[i]);
	printf("\n");
}

static void unnamed(struct shared *sh) {
	if (sem_init(&sh->s, 1, 0) != 0) {
		printf("sem_init pshared: %s\n", err(errno));
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		usleep(1000);
		sem_post(&sh->s);
		_exit(0);
	}
	int r = sem_wait(&sh->s);
	waitpid(pid, NULL, 0);
	printf("sem_init pshared: wait %d\n", r);
}

int main(void) {
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memory(sh);
	named();
	mutexcond(sh);
	unnamed(sh);
	return munmap(sh, sizeof *sh);
}
