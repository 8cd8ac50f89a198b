/*
 * <sys/msg.h> — System V message queues, as glibc 2.36 declares them on Linux.
 *
 * The kernel's ipc/msg.ts: msgtyp 0 takes the first message, > 0 the first of that type
 * (MSG_EXCEPT: of another), < 0 the lowest type up to |msgtyp|; a message longer than msgsz is
 * E2BIG unless MSG_NOERROR; a full queue (msg_qbytes) blocks senders; a signal interrupts
 * either side with EINTR (never restarted). On WebAssembly `long` is 32 bits: a message is
 * struct { long mtype; char mtext[]; } with a 4-byte mtype, and msgsz counts mtext only.
 */
#ifndef _SYS_MSG_H
#define _SYS_MSG_H
#include <sys/ipc.h>
#include <stddef.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif

#define MSG_NOERROR 010000
#define MSG_EXCEPT 020000
#define MSG_COPY 040000

#define MSG_STAT 11
#define MSG_INFO 12
#define MSG_STAT_ANY 13

#define MSGMNI 32000
#define MSGMAX 8192
#define MSGMNB 16384

typedef unsigned long msgqnum_t;
typedef unsigned long msglen_t;

struct msqid_ds {
	struct ipc_perm msg_perm;
	time_t msg_stime;
	time_t msg_rtime;
	time_t msg_ctime;
	unsigned long __msg_cbytes;
	msgqnum_t msg_qnum;
	msglen_t msg_qbytes;
	pid_t msg_lspid;
	pid_t msg_lrpid;
	unsigned long __glibc_reserved4;
	unsigned long __glibc_reserved5;
};
#define msg_cbytes __msg_cbytes

struct msgbuf {
	long mtype;
	char mtext[1];
};

struct msginfo {
	int msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	unsigned short int msgseg;
};

int msgctl(int __msqid, int __cmd, struct msqid_ds *__buf);
int msgget(key_t __key, int __msgflg);
ssize_t msgrcv(int __msqid, void *__msgp, size_t __msgsz, long int __msgtyp, int __msgflg);
int msgsnd(int __msqid, const void *__msgp, size_t __msgsz, int __msgflg);

#ifdef __cplusplus
}
#endif
#endif
