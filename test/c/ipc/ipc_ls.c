/*
 * ipc_ls.c — what ipcs(1) and TLPI's svmsg_ls read: IPC_INFO and *_INFO (the limits, the
 * highest index in use, what is in use), and *_STAT by index (the id back). Run in a fresh IPC
 * namespace, so the ids are the first ones (0, 1, ...) as in the lab.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

struct m { long mtype; char t[100]; };

int main(void) {
	int q0 = msgget(0x111, IPC_CREAT | 0600), q1 = msgget(IPC_PRIVATE, 0640);
	msgctl(q0, IPC_RMID, NULL);
	int q2 = msgget(IPC_PRIVATE, 0600);
	struct m msg = { 3, "hello" };
	msgsnd(q2, &msg, 10, 0);
	msgsnd(q2, &msg, 20, 0);
	struct msginfo mi;
	int maxq = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	printf("MSG_INFO: max index %d, queues %d, messages %d, bytes %d\n", maxq, mi.msgpool, mi.msgmap, mi.msgtql);
	maxq = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	printf("IPC_INFO: max index %d, msgpool %d msgmax %d msgmnb %d msgmni %d msgssz %d msgseg %d\n", maxq, mi.msgpool, mi.msgmax,
		mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgseg);
	for (int i = 0; i <= maxq; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT, &ds);
		if (id < 0) { printf("  index %d: %s\n", i, strerror(errno)); continue; }
		printf("  index %d: id %d, key 0x%x, qnum %lu, mode %o\n", i, id, (unsigned)ds.msg_perm.__key, (unsigned long)ds.msg_qnum,
			(unsigned)ds.msg_perm.mode);
	}
	printf("ids: %d %d %d\n", q0, q1, q2);

	int s = semget(IPC_PRIVATE, 3, 0600);
	struct seminfo si;
	int maxs = semctl(0, 0, SEM_INFO, (struct seminfo *)&si);
	printf("SEM_INFO: max index %d, sets %d, semaphores %d\n", maxs, si.semusz, si.semaem);
	semctl(0, 0, IPC_INFO, &si);
	printf("IPC_INFO: semmni %d semmsl %d semmns %d semopm %d semvmx %d semume %d semmap %d semmnu %d\n", si.semmni, si.semmsl,
		si.semmns, si.semopm, si.semvmx, si.semume, si.semmap, si.semmnu);
	struct semid_ds sd;
	int r = semctl(0, 0, SEM_STAT, &sd);
	printf("SEM_STAT 0: %d (set %d), nsems %lu\n", r, s, (unsigned long)sd.sem_nsems);

	int m = shmget(IPC_PRIVATE, 10000, 0600);
	struct shm_info shi;
	int maxm = shmctl(0, SHM_INFO, (struct shmid_ds *)&shi);
	printf("SHM_INFO: max index %d, segments %d, pages %lu\n", maxm, shi.used_ids, shi.shm_tot);
	struct shminfo sm;
	shmctl(0, IPC_INFO, (struct shmid_ds *)&sm);
	printf("IPC_INFO: shmmin %lu shmmni %lu shmseg %lu\n", sm.shmmin, sm.shmmni, sm.shmseg);
	struct shmid_ds md;
	r = shmctl(0, SHM_STAT, &md);
	printf("SHM_STAT 0: %d (segment %d), segsz %zu\n", r, m, md.shm_segsz);
	int bad = shmctl(5, SHM_STAT, &md);
	printf("SHM_STAT 5: %d %s\n", bad, strerror(errno));
	msgctl(q1, IPC_RMID, NULL);
	msgctl(q2, IPC_RMID, NULL);
	semctl(s, 0, IPC_RMID);
	shmctl(m, IPC_RMID, NULL);
	maxq = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	printf("after removal: max index %d, queues %d\n", maxq, mi.msgpool);
	return 0;
}
