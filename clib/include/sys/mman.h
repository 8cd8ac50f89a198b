/*
 * <sys/mman.h> — mmap/munmap and POSIX shared memory on the lab's kernel, with Linux's values.
 * MAP_SHARED|MAP_ANONYMOUS memory stays shared with fork's children; MAP_SHARED of a shm_open
 * descriptor is shared with every process that maps the name (/dev/shm, the kernel's
 * kernel/shmem.ts); MAP_SHARED of a regular file is the file's pages (read/write see its
 * stores, msync stamps them on the file's times), MAP_PRIVATE of one a copy of its content. The
 * pages come from the program's memory (clib/runtime/mman.c); munmap takes a whole mapping,
 * from the address mmap returned. Protections are accepted (mprotect checks its arguments and
 * the range as Linux does), not enforced. madvise(MADV_DONTNEED) of a private anonymous
 * mapping reads zeros afterwards (clib/host/mlock.ts). mlock and mlockall
 * count pages against RLIMIT_MEMLOCK as Linux does (kernel/mlock.ts).
 */
#ifndef _THREADLAB_SYS_MMAN_H
#define _THREADLAB_SYS_MMAN_H
/* Keep wasi-libc's own (emulated, MAP_PRIVATE-only) header out. */
#define _SYS_MMAN_H
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>
#define __NEED_mode_t
#define __NEED_size_t
#define __NEED_off_t
#include <bits/alltypes.h>

#define MAP_FAILED ((void *) -1)

#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED    0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE  0x8000
#define MAP_NONBLOCK  0x10000
#define MAP_STACK     0x20000
#define MAP_HUGETLB   0x40000
#define MAP_FIXED_NOREPLACE 0x100000

#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP   0x02000000

#define MADV_NORMAL      0
#define MADV_RANDOM      1
#define MADV_SEQUENTIAL  2
#define MADV_WILLNEED    3
#define MADV_DONTNEED    4
#define MADV_FREE        8
#define MADV_REMOVE      9
#define MADV_DONTFORK    10
#define MADV_DOFORK      11
#define MADV_MERGEABLE   12
#define MADV_UNMERGEABLE 13
#define MADV_HUGEPAGE    14
#define MADV_NOHUGEPAGE  15
#define MADV_DONTDUMP    16
#define MADV_DODUMP      17
#define MADV_WIPEONFORK  18
#define MADV_KEEPONFORK  19
#define MADV_COLD        20
#define MADV_PAGEOUT     21

#define POSIX_MADV_NORMAL     0
#define POSIX_MADV_RANDOM     1
#define POSIX_MADV_SEQUENTIAL 2
#define POSIX_MADV_WILLNEED   3
#define POSIX_MADV_DONTNEED   4

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4

#define MCL_CURRENT   1
#define MCL_FUTURE    2
#define MCL_ONFAULT   4

void *mmap(void *, size_t, int, int, int, off_t);
int munmap(void *, size_t);
int msync(void *, size_t, int);
int mprotect(void *, size_t, int);
int madvise(void *, size_t, int);
int posix_madvise(void *, size_t, int);
int mlock(const void *, size_t);
int munlock(const void *, size_t);
int mlockall(int);
int munlockall(void);
int shm_open(const char *, int, mode_t);
int shm_unlink(const char *);

/* glibc's large-file names: off_t is already 64 bits (see <fcntl.h>) */
#if defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)
#define mmap64 mmap
#define off64_t off_t
#endif

#ifdef __cplusplus
}
#endif
#endif
