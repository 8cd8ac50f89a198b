/*
 * <sys/file.h> — flock(2) on the lab's kernel (kernel/locks.ts): a lock on the open file, shared
 * by the descriptors dup and fork make of it and released when the last of them closes;
 * LOCK_SH, LOCK_EX, LOCK_UN, or'ed with LOCK_NB not to wait (EWOULDBLOCK). Like glibc's, it
 * includes <fcntl.h>.
 */
#ifndef _SYS_FILE_H
#define _SYS_FILE_H
#include <fcntl.h>
#ifdef __cplusplus
extern "C" {
#endif

#ifndef LOCK_SH
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#endif

#define L_SET 0
#define L_INCR 1
#define L_XTND 2

int flock(int, int);

#ifdef __cplusplus
}
#endif
#endif
