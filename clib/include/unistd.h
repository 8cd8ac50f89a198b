/*
 * <unistd.h> — wasi-libc's (read, write, close, sleep, usleep, isatty, getopt ...) plus the
 * process and descriptor calls the lab's kernel provides: fork, getpid, getppid, gettid,
 * pipe, dup, dup2, alarm, pause. read/write/close reach the simulated kernel; so does sleep.
 * exec* is declared but refused (the lab has no programs on disk to load): it returns -1
 * with errno ENOSYS and says so on stderr.
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

pid_t fork(void);
pid_t getppid(void);
pid_t gettid(void);
int pipe(int [2]);
int dup(int);
int dup2(int, int);
unsigned alarm(unsigned);
int pause(void);
int execve(const char *, char *const [], char *const []);
int execv(const char *, char *const []);
int execvp(const char *, char *const []);
int execl(const char *, const char *, ...);
int execlp(const char *, const char *, ...);

#ifdef __cplusplus
}
#endif
#endif
