/*
 * shm_prodcons.c — the classic bounded buffer between two processes: a System V shared memory
 * segment holds the ring, three System V semaphores (empty, full, mutex) guard it; the producer
 * is a fork child. Then what IPC_STAT says, IPC_RMID while attached (SHM_DEST, the key made
 * private) and after the last detach.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };

#define N 4
#define ITEMS 20
struct ring { int buf[N]; int in, out; };
enum { EMPTY, FULL, MUTEX };

static void sem_add(int id, int num, int delta) {
	struct sembuf op = { (unsigned short)num, (short)delta, 0 };
	while (semop(id, &op, 1) < 0) {
		if (errno != EINTR) { perror("semop"); exit(1); }
	}
}

int main(void) {
	int shmid = shmget(IPC_PRIVATE, sizeof(struct ring), IPC_CREAT | 0600);
	int semid = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	if (shmid < 0 || semid < 0) { perror("get"); return 1; }
	unsigned short vals[3] = { N, 0, 1 };
	union semun arg;
	arg.array = vals;
	if (semctl(semid, 0, SETALL, arg) < 0) { perror("SETALL"); return 1; }
	struct ring *r = shmat(shmid, NULL, 0);
	if (r == (void *)-1) { perror("shmat"); return 1; }
	r->in = r->out = 0;
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 1; i <= ITEMS; i++) {
			sem_add(semid, EMPTY, -1);
			sem_add(semid, MUTEX, -1);
			r->buf[r->in] = i * i;
			r->in = (r->in + 1) % N;
			sem_add(semid, MUTEX, 1);
			sem_add(semid, FULL, 1);
		}
		shmdt(r);
		_exit(0);
	}
	long sum = 0;
	for (int i = 0; i < ITEMS; i++) {
		sem_add(semid, FULL, -1);
		sem_add(semid, MUTEX, -1);
		int v = r->buf[r->out];
		r->out = (r->out + 1) % N;
		sem_add(semid, MUTEX, 1);
		sem_add(semid, EMPTY, 1);
		sum += v;
		printf("%d%c", v, i == ITEMS - 1 ? '\n' : ' ');
	}
	int st;
	waitpid(pid, &st, 0);
	struct shmid_ds ds;
	shmctl(shmid, IPC_STAT, &ds);
	printf("sum %ld; nattch %lu, segsz %zu, cpid is me %d, lpid is the producer %d, mode %o\n", sum,
		(unsigned long)ds.shm_nattch, ds.shm_segsz, ds.shm_cpid == getpid(), ds.shm_lpid == pid,
		(unsigned)ds.shm_perm.mode & 0777);
	semctl(semid, 0, GETALL, arg);
	printf("semaphores: empty %d full %d mutex %d\n", vals[0], vals[1], vals[2]);
	shmctl(shmid, IPC_RMID, NULL);
	shmctl(shmid, IPC_STAT, &ds);
	printf("after IPC_RMID: SHM_DEST %d, key %d, nattch %lu\n", (ds.shm_perm.mode & SHM_DEST) != 0, (int)ds.shm_perm.__key,
		(unsigned long)ds.shm_nattch);
	shmdt(r);
	int gone = shmctl(shmid, IPC_STAT, &ds);
	printf("after the last shmdt: %d %s\n", gone, gone < 0 ? strerror(errno) : "");
	semctl(semid, 0, IPC_RMID);
	struct sembuf op = { 0, 1, 0 };
	int s = semop(semid, &op, 1);
	printf("semop on the removed set: %d %s\n", s, strerror(errno));
	return 0;
}
