/*
 * ipc.c — System V IPC (<sys/shm.h>, <sys/sem.h>, <sys/msg.h>, ftok) and POSIX message queues
 * (<mqueue.h>) over the chosen library's calls (libs/common/libc_ipc.ts; the kernel's
 * kernel/ipc/). The host side is clib/host/ipc.ts; control structures cross as 64-bit words
 * (IPC_WORDS below, in that file's order).
 *
 * Mirrors: glibc 2.36 sysvipc/ftok.c, and the Linux wrappers of sysdeps/unix/sysv/linux
 * (shmat.c, semctl.c's variadic argument, msgrcv.c, mq_open.c: mode and attributes are read
 * only with O_CREAT; mq_getattr.c, mq_send.c, mq_receive.c, mq_close.c).
 *
 * shmat takes pages from the program's own memory (page-aligned, as mman.c's mmap does) and
 * the host mirrors the segment there (the single-holder rule of kernel/shmem.ts); shmdt gives
 * them back.
 */
#include <errno.h>
#include <malloc.h>
#include <mqueue.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lab.h"

#define IPC_WORDS 16
enum { FAM_SHM = 0, FAM_SEM = 1, FAM_MSG = 2 };

key_t ftok(const char *path, int proj_id) {
	struct stat st;
	if (stat(path, &st) < 0) return -1;
	return (key_t)((st.st_ino & 0xffff) | ((st.st_dev & 0xff) << 16) | ((unsigned)(proj_id & 0xff) << 24));
}

/* ---- struct ipc_perm and the three *_ds structures as words ---- */
static void perm_out(struct ipc_perm *p, const long long *w) {
	p->__key = (key_t)w[0];
	p->uid = (uid_t)w[1];
	p->gid = (gid_t)w[2];
	p->cuid = (uid_t)w[3];
	p->cgid = (gid_t)w[4];
	p->mode = (mode_t)w[5];
	p->__seq = (unsigned short)w[6];
}

static void perm_in(long long *w, const struct ipc_perm *p) {
	w[1] = p->uid;
	w[2] = p->gid;
	w[5] = p->mode;
}

/* ---- shared memory ---- */
int shmget(key_t key, size_t size, int flg) {
	return __lab_ipc_get(FAM_SHM, key, size > 0x7fffffffu ? 0x7fffffffu : (unsigned)size, flg);
}

void *shmat(int id, const void *addr, int flg) {
	if (addr != NULL) { /* the lab places every mapping itself (see <sys/shm.h>) */
		errno = EINVAL;
		return (void *)-1;
	}
	int n = __lab_shmat(id, flg);
	if (n < 0) return (void *)-1;
	void *p = aligned_alloc(LAB_PAGE_SIZE, (size_t)n);
	if (!p) {
		__lab_shm_bind(NULL);
		errno = ENOMEM;
		return (void *)-1;
	}
	memset(p, 0, (size_t)n);
	__lab_shm_bind(p);
	return p;
}

int shmdt(const void *addr) {
	int r = __lab_shmdt(addr);
	if (r == 1) {
		free((void *)addr);
		return 0;
	}
	return r;
}

int shmctl(int id, int cmd, struct shmid_ds *buf) {
	long long w[IPC_WORDS] = {0};
	if (cmd == IPC_SET && buf) perm_in(w, &buf->shm_perm);
	int r = __lab_ipc_ctl(FAM_SHM, id, 0, cmd, 0, w);
	if (r >= 0 && cmd == IPC_INFO && buf) {
		struct shminfo *si = (struct shminfo *)buf;
		memset(si, 0, sizeof *si);
		si->shmmax = (unsigned long)w[0];
		si->shmmin = (unsigned long)w[1];
		si->shmmni = (unsigned long)w[2];
		si->shmseg = (unsigned long)w[3];
		si->shmall = (unsigned long)w[4];
	} else if (r >= 0 && cmd == SHM_INFO && buf) {
		struct shm_info *si = (struct shm_info *)buf;
		si->used_ids = (int)w[0];
		si->shm_tot = (unsigned long)w[1];
		si->shm_rss = (unsigned long)w[2];
		si->shm_swp = (unsigned long)w[3];
		si->swap_attempts = (unsigned long)w[4];
		si->swap_successes = (unsigned long)w[5];
	} else if (r >= 0 && (cmd == IPC_STAT || cmd == SHM_STAT || cmd == SHM_STAT_ANY) && buf) {
		memset(buf, 0, sizeof *buf);
		perm_out(&buf->shm_perm, w);
		buf->shm_segsz = (size_t)w[7];
		buf->shm_atime = w[8];
		buf->shm_dtime = w[9];
		buf->shm_ctime = w[10];
		buf->shm_cpid = (pid_t)w[11];
		buf->shm_lpid = (pid_t)w[12];
		buf->shm_nattch = (shmatt_t)w[13];
	}
	return r;
}

/* ---- semaphores ---- */
int semget(key_t key, int nsems, int flg) { return __lab_ipc_get(FAM_SEM, key, (unsigned)nsems, flg); }

int semop(int id, struct sembuf *sops, size_t nsops) { return __lab_semop(id, sops, (unsigned)nsops, NULL, 0); }

int semtimedop(int id, struct sembuf *sops, size_t nsops, const struct timespec *timeout) {
	return __lab_semop(id, sops, (unsigned)nsops, timeout, timeout != NULL);
}

/* semctl's argument as a word: the value (SETVAL), or the address of the array or structure. */
static int lab_semctl(int id, int num, int cmd, unsigned long arg) {
	long long w[IPC_WORDS] = {0};
	struct semid_ds *ds = (struct semid_ds *)arg;
	int stat = cmd == IPC_STAT || cmd == SEM_STAT || cmd == SEM_STAT_ANY;
	if (cmd == IPC_SET && ds) perm_in(w, &ds->sem_perm);
	if (stat || cmd == IPC_SET || cmd == IPC_INFO || cmd == SEM_INFO) arg = 0;
	int r = __lab_ipc_ctl(FAM_SEM, id, num, cmd, arg, w);
	if (r >= 0 && (cmd == IPC_INFO || cmd == SEM_INFO) && ds) {
		struct seminfo *si = (struct seminfo *)ds;
		int *f[] = { &si->semmap, &si->semmni, &si->semmns, &si->semmnu, &si->semmsl, &si->semopm, &si->semume, &si->semusz,
			&si->semvmx, &si->semaem };
		for (int i = 0; i < 10; i++) *f[i] = (int)w[i];
	} else if (r >= 0 && stat && ds) {
		memset(ds, 0, sizeof *ds);
		perm_out(&ds->sem_perm, w);
		ds->sem_otime = w[7];
		ds->sem_ctime = w[8];
		ds->sem_nsems = (unsigned long)w[9];
	}
	return r;
}

int __lab_semctl_arg(int id, int num, int cmd, const void *arg, size_t size) {
	unsigned long v = 0;
	if (arg && size) memcpy(&v, arg, size < sizeof v ? size : sizeof v);
	return lab_semctl(id, num, cmd, v);
}

#undef semctl
union lab_semun {
	int val;
	void *buf;
	unsigned short *array;
};

/* The function itself (through a pointer, or with the macro suppressed): glibc reads a union semun. */
int semctl(int id, int num, int cmd, ...) {
	unsigned long v = 0;
	switch (cmd) {
	case SETVAL: case GETALL: case SETALL: case IPC_STAT: case IPC_SET: case IPC_INFO: case SEM_INFO: case SEM_STAT:
	case SEM_STAT_ANY: {
		va_list ap;
		va_start(ap, cmd);
		union lab_semun u = va_arg(ap, union lab_semun);
		va_end(ap);
		memcpy(&v, &u, sizeof u < sizeof v ? sizeof u : sizeof v);
		break;
	}
	}
	return lab_semctl(id, num, cmd, v);
}

/* ---- message queues ---- */
int msgget(key_t key, int flg) { return __lab_ipc_get(FAM_MSG, key, 0, flg); }

int msgsnd(int id, const void *msgp, size_t msgsz, int flg) {
	return __lab_msgsnd(id, msgp, msgsz > 0x7fffffffu ? 0x7fffffffu : (unsigned)msgsz, flg);
}

ssize_t msgrcv(int id, void *msgp, size_t msgsz, long msgtyp, int flg) {
	return __lab_msgrcv(id, msgp, msgsz > 0x7fffffffu ? 0x7fffffffu : (unsigned)msgsz, msgtyp, flg);
}

int msgctl(int id, int cmd, struct msqid_ds *buf) {
	long long w[IPC_WORDS] = {0};
	if (cmd == IPC_SET && buf) {
		perm_in(w, &buf->msg_perm);
		w[12] = (long long)buf->msg_qbytes;
	}
	int r = __lab_ipc_ctl(FAM_MSG, id, 0, cmd, 0, w);
	if (r >= 0 && (cmd == IPC_INFO || cmd == MSG_INFO) && buf) {
		struct msginfo *mi = (struct msginfo *)buf;
		int *f[] = { &mi->msgpool, &mi->msgmap, &mi->msgmax, &mi->msgmnb, &mi->msgmni, &mi->msgssz, &mi->msgtql };
		for (int i = 0; i < 7; i++) *f[i] = (int)w[i];
		mi->msgseg = (unsigned short)w[7];
	} else if (r >= 0 && (cmd == IPC_STAT || cmd == MSG_STAT || cmd == MSG_STAT_ANY) && buf) {
		memset(buf, 0, sizeof *buf);
		perm_out(&buf->msg_perm, w);
		buf->msg_stime = w[7];
		buf->msg_rtime = w[8];
		buf->msg_ctime = w[9];
		buf->__msg_cbytes = (unsigned long)w[10];
		buf->msg_qnum = (msgqnum_t)w[11];
		buf->msg_qbytes = (msglen_t)w[12];
		buf->msg_lspid = (pid_t)w[13];
		buf->msg_lrpid = (pid_t)w[14];
	}
	return r;
}

/* ---- POSIX message queues ---- */
mqd_t mq_open(const char *name, int oflag, ...) {
	int mode = 0;
	struct mq_attr *attr = NULL;
	if (oflag & O_CREAT) {
		va_list ap;
		va_start(ap, oflag);
		mode = (int)va_arg(ap, mode_t);
		attr = va_arg(ap, struct mq_attr *);
		va_end(ap);
	}
	return __lab_mq_open(name, oflag, mode, attr);
}

int mq_close(mqd_t mqdes) { return close(mqdes); }
int mq_unlink(const char *name) { return __lab_mq_unlink(name); }

int mq_timedsend(mqd_t mqdes, const char *msg, size_t len, unsigned prio, const struct timespec *abs) {
	return __lab_mq_send(mqdes, msg, len > 0x7fffffffu ? 0x7fffffffu : (unsigned)len, prio, abs);
}
int mq_send(mqd_t mqdes, const char *msg, size_t len, unsigned prio) { return mq_timedsend(mqdes, msg, len, prio, NULL); }

ssize_t mq_timedreceive(mqd_t mqdes, char *msg, size_t len, unsigned *prio, const struct timespec *abs) {
	return __lab_mq_receive(mqdes, msg, len > 0x7fffffffu ? 0x7fffffffu : (unsigned)len, prio, abs);
}
ssize_t mq_receive(mqd_t mqdes, char *msg, size_t len, unsigned *prio) { return mq_timedreceive(mqdes, msg, len, prio, NULL); }

int mq_setattr(mqd_t mqdes, const struct mq_attr *nv, struct mq_attr *old) { return __lab_mq_getsetattr(mqdes, nv, old); }
int mq_getattr(mqd_t mqdes, struct mq_attr *attr) { return __lab_mq_getsetattr(mqdes, NULL, attr); }
int __lab_mq_notify_thread(int mqdes, const struct sigevent *ev); /* timer.c: its helper thread */

int mq_notify(mqd_t mqdes, const struct sigevent *sev) {
	if (sev && sev->sigev_notify == SIGEV_THREAD) return __lab_mq_notify_thread(mqdes, sev);
	return __lab_mq_notify(mqdes, sev);
}
