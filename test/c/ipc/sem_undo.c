/*
 * sem_undo.c — System V semaphores between processes: SEM_UNDO given back when a child dies
 * (by SIGKILL, without a word), GETPID, GETNCNT while a child sleeps, semctl(SETVAL) with a
 * plain int (as many programs pass it), EIDRM to a sleeper when the set is removed,
 * semtimedop's EAGAIN, and a signal handler ending semop with EINTR even with SA_RESTART.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The call's result and, if it failed, its errno (read after the call, not beside it). */
static void report(const char *what, long r) {
	if (r < 0) printf("%s: %ld %s\n", what, r, strerror(errno));
	else printf("%s: %ld\n", what, r);
}

static void wait_sleepers(int id, int cmd, int n) {
	while (semctl(id, 0, cmd) < n) usleep(1000);
}

static void on_usr1(int sig) { (void)sig; }

int main(void) {
	int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	semctl(id, 0, SETVAL, 1);
	pid_t a = fork();
	if (a == 0) {
		struct sembuf take = { 0, -1, SEM_UNDO };
		semop(id, &take, 1);
		kill(getpid(), SIGKILL);
		_exit(0);
	}
	int st;
	waitpid(a, &st, 0);
	printf("child killed by %d; value %d; GETPID is the child %d\n", WTERMSIG(st), semctl(id, 0, GETVAL), semctl(id, 0, GETPID) == a);

	pid_t b = fork();
	if (b == 0) {
		struct sembuf take2 = { 0, -2, 0 };
		_exit(semop(id, &take2, 1) == 0 ? 0 : 1);
	}
	wait_sleepers(id, GETNCNT, 1);
	printf("GETNCNT %d GETZCNT %d\n", semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));
	semctl(id, 0, SETVAL, 2);
	waitpid(b, &st, 0);
	printf("sleeper took 2: exit %d, value %d\n", WEXITSTATUS(st), semctl(id, 0, GETVAL));

	struct timespec ts = { 0, 30 * 1000 * 1000 };
	struct sembuf take = { 0, -1, 0 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = semtimedop(id, &take, 1, &ts);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	report("semtimedop", r);
	printf("waited >= 30 ms: %d\n", ms >= 30);
	ts.tv_nsec = 1000000000;
	report("semtimedop with tv_nsec 1e9", semtimedop(id, &take, 1, &ts));

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid_t c = fork();
	if (c == 0) {
		wait_sleepers(id, GETNCNT, 1);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	report("semop interrupted (SA_RESTART)", semop(id, &take, 1));
	waitpid(c, NULL, 0);

	pid_t d = fork();
	if (d == 0) {
		int e = semop(id, &take, 1) < 0 ? errno : 0;
		_exit(e == EIDRM ? 0 : 1);
	}
	wait_sleepers(id, GETNCNT, 1);
	semctl(id, 0, IPC_RMID);
	waitpid(d, &st, 0);
	printf("sleeper saw EIDRM: %d\n", WEXITSTATUS(st) == 0);
	report("GETVAL after IPC_RMID", semctl(id, 0, GETVAL));
	report("semget nsems 0", semget(IPC_PRIVATE, 0, 0600));
	int k = semget(0x5eed, 2, IPC_CREAT | IPC_EXCL | 0600);
	report("EEXIST", semget(0x5eed, 2, IPC_CREAT | IPC_EXCL | 0600));
	report("more than it has", semget(0x5eed, 3, 0));
	report("fewer", semget(0x5eed, 1, 0) == k);
	semctl(k, 0, IPC_RMID);
	report("ENOENT", semget(0x5eed, 2, 0));
	return 0;
}
