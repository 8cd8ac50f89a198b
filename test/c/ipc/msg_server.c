/*
 * msg_server.c — a System V message queue client/server: clients send requests with mtype 1
 * and their pid inside; the server answers each with mtype = the client's pid, so every client
 * receives only its own answer (msgrcv by type). Then msgctl's IPC_STAT and IPC_RMID.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

struct request { long mtype; int client; int n; };
struct reply { long mtype; int result; };
#define REQ_SIZE (sizeof(struct request) - sizeof(long))
#define REP_SIZE (sizeof(struct reply) - sizeof(long))
#define CLIENTS 4

/* The call's result and, if it failed, its errno (read after the call, not beside it). */
static void report(const char *what, long r) {
	if (r < 0) printf("%s: %ld %s\n", what, r, strerror(errno));
	else printf("%s: %ld\n", what, r);
}

static void server(int id) {
	struct request rq;
	for (;;) {
		if (msgrcv(id, &rq, REQ_SIZE, 1, 0) < 0) { perror("server msgrcv"); _exit(1); }
		if (rq.n < 0) _exit(0);
		struct reply rp = { rq.client, rq.n * rq.n };
		if (msgsnd(id, &rp, REP_SIZE, 0) < 0) { perror("server msgsnd"); _exit(1); }
	}
}

static void client(int id, int n) {
	struct request rq = { 1, getpid(), n };
	struct reply rp;
	if (msgsnd(id, &rq, REQ_SIZE, 0) < 0) _exit(255);
	if (msgrcv(id, &rp, REP_SIZE, getpid(), 0) != (ssize_t)REP_SIZE || rp.mtype != getpid()) _exit(254);
	_exit(rp.result);
}

int main(void) {
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (id < 0) { perror("msgget"); return 1; }
	pid_t clients[CLIENTS];
	for (int i = 0; i < CLIENTS; i++) {
		clients[i] = fork();
		if (clients[i] == 0) client(id, i + 2);
	}
	pid_t srv = fork();
	if (srv == 0) server(id);
	for (int i = 0; i < CLIENTS; i++) {
		int st;
		waitpid(clients[i], &st, 0);
		printf("client %d: %d squared is %d\n", i, i + 2, WEXITSTATUS(st));
	}
	struct request stop = { 1, 0, -1 };
	msgsnd(id, &stop, REQ_SIZE, 0);
	int st;
	waitpid(srv, &st, 0);
	printf("server exited %d\n", WEXITSTATUS(st));
	struct msqid_ds ds;
	msgctl(id, IPC_STAT, &ds);
	printf("qnum %lu, cbytes %lu, qbytes %lu, lspid is me %d, lrpid is the server %d\n", (unsigned long)ds.msg_qnum,
		(unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes, ds.msg_lspid == getpid(), ds.msg_lrpid == srv);
	report("IPC_RMID", msgctl(id, IPC_RMID, NULL));
	report("msgsnd after it", msgsnd(id, &stop, REQ_SIZE, 0));
	return 0;
}
