/*
 * <sys/ipc.h> — System V IPC's common part, as glibc 2.36 declares it on Linux: the flags,
 * the control commands, struct ipc_perm and ftok(3).
 *
 * The lab's kernel has all three families (kernel/ipc/: shm, sem, msg), with Linux's ids,
 * keys and permission checks; ftok is glibc's (the file's st_ino, st_dev and proj_id).
 */
#ifndef _SYS_IPC_H
#define _SYS_IPC_H
#include <sys/types.h>
#ifdef __cplusplus
extern "C" {
#endif

#ifndef __DEFINED_key_t
typedef int key_t;
#define __DEFINED_key_t
#endif

#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_NOWAIT 04000

#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3

#define IPC_PRIVATE ((key_t)0)

/* glibc's struct ipc_perm (bits/ipc-perm.h); mode is a mode_t, as POSIX has it. */
struct ipc_perm {
	key_t __key;
	uid_t uid;
	gid_t gid;
	uid_t cuid;
	gid_t cgid;
	mode_t mode;
	unsigned short __seq;
	unsigned short __pad2;
	unsigned long __glibc_reserved1;
	unsigned long __glibc_reserved2;
};

key_t ftok(const char *__pathname, int __proj_id);

#ifdef __cplusplus
}
#endif
#endif
