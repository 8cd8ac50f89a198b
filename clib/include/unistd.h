/*
 * <unistd.h> — wasi-libc's (read, write, close, isatty, getopt ...; sleep and usleep are the lab's, sleep.c) plus the
 * process and descriptor calls the lab's kernel provides (and sysconf for it): fork, getpid, getppid, gettid,
 * pipe, dup, dup2, alarm, pause, process groups and sessions, user and group ids, nice; syscall(2)
 * for the numbers <sys/syscall.h> names (clib/runtime/syscall.c).
 * read/write/close reach the simulated kernel; so does sleep; unlink, rmdir, access, lseek,
 * ftruncate, chdir and getcwd reach its in-memory file system (clib/runtime/fs.c). The exec* family loads only
 * the program itself, started afresh in the same process: "/proc/self/exe" or its own file,
 * /home/student/<name> (where it was started: getcwd()/argv[0] or ./name); the lab has no
 * other programs on disk, so any other path fails with ENOENT and a note on stderr.
 */
#ifndef _THREADLAB_UNISTD_H
#define _THREADLAB_UNISTD_H
/* wasi-libc declares getpid only with this; the lab defines it. */
#ifndef _WASI_EMULATED_GETPID
#define _WASI_EMULATED_GETPID
#define __THREADLAB_UNDEF_GETPID
#endif
#include_next <unistd.h>
#ifdef __THREADLAB_UNDEF_GETPID
#undef _WASI_EMULATED_GETPID
#undef __THREADLAB_UNDEF_GETPID
#endif
#ifdef __cplusplus
extern "C" {
#endif

/* glibc's bits/posix_opt.h: priority scheduling is there (the kernel's SCHED_FIFO/SCHED_RR,
 * kernel/sched_rt.ts; sysconf answers the same, clib/runtime/sysconf.c). */
#undef _POSIX_PRIORITY_SCHEDULING
#define _POSIX_PRIORITY_SCHEDULING 200809L
#undef _POSIX_THREAD_PRIORITY_SCHEDULING
#define _POSIX_THREAD_PRIORITY_SCHEDULING 200809L
/* ... and so are prioritized and synchronized I/O (aio.h's aio_reqprio; fsync, fdatasync,
 * O_SYNC) and memory locking (mlock, mlockall: clib/runtime/mman.c) */
#undef _POSIX_PRIORITIZED_IO
#define _POSIX_PRIORITIZED_IO 200809L
#undef _POSIX_SYNCHRONIZED_IO
#define _POSIX_SYNCHRONIZED_IO 200809L
#undef _POSIX_MEMLOCK
#define _POSIX_MEMLOCK 200809L
#undef _POSIX_MEMLOCK_RANGE
#define _POSIX_MEMLOCK_RANGE 200809L
/* wasi-libc leaves these out (WASI has none of them); the lab has them all: <aio.h>
 * (runtime/aio.c), named and unnamed semaphores, shm_open, mmap of files (runtime/mman.c) */
#undef _POSIX_ASYNCHRONOUS_IO
#define _POSIX_ASYNCHRONOUS_IO 200809L
#undef _POSIX_SEMAPHORES
#define _POSIX_SEMAPHORES 200809L
#undef _POSIX_SHARED_MEMORY_OBJECTS
#define _POSIX_SHARED_MEMORY_OBJECTS 200809L
#undef _POSIX_MAPPED_FILES
#define _POSIX_MAPPED_FILES 200809L
/* glibc's bits/posix_opt.h says -1 (not supported) for the sporadic server, as Linux has no
 * SCHED_SPORADIC; musl leaves them undefined, and LTP's sched_setparam/25-2..4 then #error out
 * instead of reporting UNSUPPORTED */
#undef _POSIX_SPORADIC_SERVER
#define _POSIX_SPORADIC_SERVER -1
#undef _POSIX_THREAD_SPORADIC_SERVER
#define _POSIX_THREAD_SPORADIC_SERVER -1

/* lockf(3): record locks over fcntl, from the current position (clib/runtime/unistd.c, as glibc's io/lockf64.c) */
#if defined(_XOPEN_SOURCE) || defined(_GNU_SOURCE) || defined(_BSD_SOURCE) || defined(_DEFAULT_SOURCE)
int lockf(int, int, off_t);
#endif

pid_t fork(void);
pid_t vfork(void);
long syscall(long, ...);
pid_t getppid(void);
pid_t gettid(void);
int pipe(int [2]);
#ifdef _GNU_SOURCE
int pipe2(int [2], int);
int dup3(int, int, int);
/* glibc's posix/unistd.h (__USE_GNU): evaluate EXPRESSION until it is not -1 with errno EINTR. */
#define TEMP_FAILURE_RETRY(expression) \
  (__extension__ ({ long int __result; \
     do __result = (long int) (expression); \
     while (__result == -1L && errno == EINTR); \
     __result; }))
#endif
int dup(int);
int dup2(int, int);
unsigned alarm(unsigned);
int pause(void);
pid_t setsid(void);
pid_t getsid(pid_t);
int setpgid(pid_t, pid_t);
pid_t getpgid(pid_t);
pid_t getpgrp(void);
pid_t setpgrp(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t);
int seteuid(uid_t);
int setgid(gid_t);
int setegid(gid_t);
int setreuid(uid_t, uid_t);
int setresuid(uid_t, uid_t, uid_t);
int getresuid(uid_t *, uid_t *, uid_t *);
int setresgid(gid_t, gid_t, gid_t);
int getresgid(gid_t *, gid_t *, gid_t *);
int nice(int);
/* the lab's terminal, pts/0 (unistd.c); sync/syncfs: nothing to write back from ramfs */
char *ttyname(int);
int ttyname_r(int, char *, size_t);
void sync(void);
int syncfs(int);
int chown(const char *, uid_t, gid_t);
int fchown(int, uid_t, gid_t);
int lchown(const char *, uid_t, gid_t);
int fchownat(int, const char *, uid_t, gid_t, int);
int execve(const char *, char *const [], char *const []);
int execv(const char *, char *const []);
int execvp(const char *, char *const []);
int execl(const char *, const char *, ...);
int execlp(const char *, const char *, ...);
int execle(const char *, const char *, ...);
int execvpe(const char *, char *const [], char *const []);
/* getdtablesize: RLIMIT_NOFILE's soft limit, as glibc's (clib/runtime/sysconf.c) */
int getdtablesize(void);

/* sysconf and getpagesize answer for the lab's kernel (clib/runtime/sysconf.c): 4096-byte pages
 * (wasi-libc says 65536, WebAssembly's page), PTHREAD_STACK_MIN; wasi-libc's for the rest. */
long __lab_sysconf(int);
int __lab_getpagesize(void);
#define sysconf(n) __lab_sysconf(n)
#define getpagesize() __lab_getpagesize()
/* fpathconf/pathconf as glibc answers on Linux where wasi-libc differs (_PC_PIPE_BUF, _PC_LINK_MAX) */
long __lab_fpathconf(int, int);
long __lab_pathconf(const char *, int);
#define fpathconf __lab_fpathconf
#define pathconf __lab_pathconf

#ifdef __cplusplus
}
#endif
#endif
