/*
 * <sys/shm.h> — System V shared memory, as glibc 2.36 declares it on Linux.
 *
 * A segment is shared memory every attaching process sees (the kernel's ipc/shm.ts maps it as
 * a MAP_SHARED mapping; the C host keeps each process's copy coherent: clib/host/ipc.ts). fork's
 * child inherits the attachments; exit and exec drop them; IPC_RMID of an attached segment
 * waits for the last detach (SHM_DEST in shm_perm.mode). The lab's differences: shmat's address
 * must be NULL (the lab places every mapping itself; any other address is EINVAL), and
 * SHM_RDONLY is checked against the permissions but does not make the pages read-only.
 */
#ifndef _SYS_SHM_H
#define _SYS_SHM_H
#include <sys/ipc.h>
#include <stddef.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif

#define SHM_R 0400
#define SHM_W 0200
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000

#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15

#define SHM_DEST 01000
#define SHM_LOCKED 02000
#define SHM_HUGETLB 04000
#define SHM_NORESERVE 010000

/* The lab kernel's page (glibc: __getpagesize ()). */
#define SHMLBA 4096

typedef unsigned long shmatt_t;

struct shmid_ds {
	struct ipc_perm shm_perm;
	size_t shm_segsz;
	time_t shm_atime;
	time_t shm_dtime;
	time_t shm_ctime;
	pid_t shm_cpid;
	pid_t shm_lpid;
	shmatt_t shm_nattch;
	unsigned long __glibc_reserved5;
	unsigned long __glibc_reserved6;
};

/* shmctl(IPC_INFO) and shmctl(SHM_INFO) fill these (passed as a struct shmid_ds *). */
struct shminfo {
	unsigned long shmmax;
	unsigned long shmmin;
	unsigned long shmmni;
	unsigned long shmseg;
	unsigned long shmall;
	unsigned long __glibc_reserved1, __glibc_reserved2, __glibc_reserved3, __glibc_reserved4;
};

struct shm_info {
	int used_ids;
	unsigned long shm_tot;
	unsigned long shm_rss;
	unsigned long shm_swp;
	unsigned long swap_attempts;
	unsigned long swap_successes;
};

int shmctl(int __shmid, int __cmd, struct shmid_ds *__buf);
int shmget(key_t __key, size_t __size, int __shmflg);
void *shmat(int __shmid, const void *__shmaddr, int __shmflg);
int shmdt(const void *__shmaddr);

#ifdef __cplusplus
}
#endif
#endif
