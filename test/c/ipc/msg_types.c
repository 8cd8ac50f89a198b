/*
 * msg_types.c — msgrcv's type selection (0, > 0, < 0, MSG_EXCEPT), E2BIG and MSG_NOERROR,
 * IPC_NOWAIT's ENOMSG and EAGAIN (a queue made small with IPC_SET), msgsnd's EINVAL, and a
 * receiver blocked until a sender comes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

struct msg { long mtype; char text[32]; };

/* The call's result and, if it failed, its errno (read after the call, not beside it). */
static void report(const char *what, long r) {
	if (r < 0) printf("%s: %ld %s\n", what, r, strerror(errno));
	else printf("%s: %ld\n", what, r);
}

static void snd(int id, long type, const char *s) {
	struct msg m;
	m.mtype = type;
	strcpy(m.text, s);
	if (msgsnd(id, &m, strlen(s) + 1, 0) < 0) perror("msgsnd");
}

static void rcv(int id, size_t size, long type, int flg) {
	struct msg m;
	memset(&m, 0, sizeof m);
	ssize_t n = msgrcv(id, &m, size, type, flg);
	if (n < 0) printf("msgrcv(%zu, %ld): %s\n", size, type, strerror(errno));
	else printf("msgrcv(%zu, %ld): type %ld, %zd bytes, '%.*s'\n", size, type, m.mtype, n, (int)n, m.text);
}

int main(void) {
	int id = msgget(IPC_PRIVATE, 0600);
	snd(id, 3, "three");
	snd(id, 1, "one");
	snd(id, 2, "two");
	snd(id, 1, "uno");
	snd(id, 5, "five");
	struct msqid_ds ds;
	msgctl(id, IPC_STAT, &ds);
	printf("qnum %lu, cbytes %lu\n", (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes);
	rcv(id, 32, 2, 0);
	rcv(id, 32, -4, 0);
	rcv(id, 32, 1, MSG_EXCEPT);
	rcv(id, 32, 0, 0);
	rcv(id, 3, 0, 0);
	rcv(id, 3, 0, MSG_NOERROR);
	rcv(id, 32, 0, IPC_NOWAIT);
	struct msg m = { 0, "x" };
	report("mtype 0", msgsnd(id, &m, 2, 0));
	m.mtype = 1;
	report("msgsz 8193", msgsnd(id, &m, 8193, 0));
	ds.msg_qbytes = 10;
	report("IPC_SET qbytes 10", msgctl(id, IPC_SET, &ds));
	report("8 bytes", msgsnd(id, &m, 8, IPC_NOWAIT));
	report("8 more", msgsnd(id, &m, 8, IPC_NOWAIT));
	rcv(id, 32, 0, 0);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(20000);
		snd(id, 7, "late");
		_exit(0);
	}
	rcv(id, 32, 7, 0);
	waitpid(pid, NULL, 0);
	msgctl(id, IPC_RMID, NULL);
	return 0;
}
