/*
 * <sys/sem.h> — System V semaphores, as glibc 2.36 declares them on Linux.
 *
 * The kernel's ipc/sem.ts: semop applies every operation or none and sleeps (in the kernel:
 * under NGPT and green the whole native) until it can; EINTR on a signal (never restarted),
 * EIDRM when the set is removed; SEM_UNDO's adjustments are applied when the undo list's last
 * user exits — the process under NPTL, the thread under LinuxThreads (no CLONE_SYSVSEM).
 *
 * The caller defines union semun, as POSIX says. semctl is a macro here besides a function:
 * on WebAssembly a union passed through `...` travels by reference and an int by value, so a
 * call that passes an int for SETVAL (as many programs do, and gcc on x86-64 takes) would read
 * garbage through the variadic function; the macro passes the argument's bytes instead.
 */
#ifndef _SYS_SEM_H
#define _SYS_SEM_H
#include <sys/ipc.h>
#include <stddef.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif

#define SEM_UNDO 0x1000

#define GETPID 11
#define GETVAL 12
#define GETALL 13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL 16
#define SETALL 17

#define SEM_STAT 18
#define SEM_INFO 19
#define SEM_STAT_ANY 20

#define SEMMNI 32000
#define SEMMSL 32000
#define SEMMNS (SEMMNI * SEMMSL)
#define SEMOPM 500
#define SEMVMX 32767
#define SEMAEM SEMVMX

struct semid_ds {
	struct ipc_perm sem_perm;
	time_t sem_otime;
	time_t sem_ctime;
	unsigned long sem_nsems;
	unsigned long __glibc_reserved3;
	unsigned long __glibc_reserved4;
};

struct sembuf {
	unsigned short int sem_num;
	short int sem_op;
	short int sem_flg;
};

struct seminfo {
	int semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};

int semctl(int __semid, int __semnum, int __cmd, ...);
int semget(key_t __key, int __nsems, int __semflg);
int semop(int __semid, struct sembuf *__sops, size_t __nsops);
int semtimedop(int __semid, struct sembuf *__sops, size_t __nsops, const struct timespec *__timeout);

/* semctl's fourth argument as its bytes (see the header comment). */
int __lab_semctl_arg(int __semid, int __semnum, int __cmd, const void *__arg, size_t __size);
#define __LAB_SEMCTL_PICK(_1, _2, _3, _4, NAME, ...) NAME
#define __LAB_SEMCTL3(id, num, cmd) __lab_semctl_arg(id, num, cmd, NULL, 0)
#define __LAB_SEMCTL4(id, num, cmd, arg) \
	__extension__({ __auto_type __lab_semun_arg = (arg); \
		__lab_semctl_arg(id, num, cmd, &__lab_semun_arg, sizeof __lab_semun_arg); })
#define semctl(...) __LAB_SEMCTL_PICK(__VA_ARGS__, __LAB_SEMCTL4, __LAB_SEMCTL3, _)(__VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
