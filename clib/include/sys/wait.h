/*
 * <sys/wait.h> — waiting for child processes, with Linux's status encoding and flags
 * (__WALL and __WCLONE too: they matter for LinuxThreads' threads, which are processes):
 * wait, waitpid, wait3/wait4 (the child's struct rusage), waitid (a siginfo_t: P_ALL, P_PID,
 * P_PGID; WEXITED, WSTOPPED, WCONTINUED, WNOWAIT).
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>
#define __NEED_pid_t
#define __NEED_id_t
#include <bits/alltypes.h>
#include <signal.h>

#ifndef WNOHANG
#define WNOHANG    1
#define WUNTRACED  2
#endif
#define WCONTINUED 8
#define WSTOPPED   2
#define WEXITED    4
#define WNOWAIT    0x1000000
#define __WNOTHREAD 0x20000000
#define __WALL     0x40000000
#define __WCLONE   0x80000000

#ifndef WEXITSTATUS
#define WEXITSTATUS(s) (((s) & 0xff00) >> 8)
#define WTERMSIG(s) ((s) & 0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WIFEXITED(s) (!WTERMSIG(s))
#define WIFSTOPPED(s) ((short)((((s)&0xffff)*0x10001U)>>8) > 0x7f00)
#define WIFSIGNALED(s) (((s)&0xffff)-1U < 0xffu)
#endif
#ifndef WCOREDUMP
#define WCOREDUMP(s) ((s) & 0x80)
#define WIFCONTINUED(s) ((s) == 0xffff)
#endif

typedef enum { P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3 } idtype_t;

struct rusage;
pid_t wait(int *);
pid_t waitpid(pid_t, int *, int);
pid_t wait3(int *, int, struct rusage *);
pid_t wait4(pid_t, int *, int, struct rusage *);
int waitid(idtype_t, id_t, siginfo_t *, int);

#ifdef __cplusplus
}
#endif
#endif
