/*
 * ids.c — process groups and sessions, user and group ids, nice, resource usage, the
 * alternate signal stack, exec, uname, and the CPU-time clocks: each the chosen library's call.
 *
 * Mirrors: glibc's system-call wrappers (-1 and errno). The id calls share one import,
 * __lab_id(which, a, b, c), with `which` naming the call (ID_* below; clib/host/ids.ts has the
 * same list). exec* runs only the program itself, anew: "/proc/self/exe" or its file, ./name
 * in the cwd it started in; the lab has no other programs on disk. execvp, execlp and execvpe
 * search glibc's way (a name without '/' through PATH; the lab's environment has none, so
 * glibc's default /bin:/usr/bin) — the host does the search (clib/host/ids.ts).
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include "lab.h"

enum {
	ID_SETSID, ID_GETSID, ID_SETPGID, ID_GETPGID, ID_GETPGRP, ID_GETUID, ID_GETEUID, ID_GETGID,
	ID_GETEGID, ID_SETUID, ID_SETEUID, ID_SETGID, ID_SETEGID, ID_SETREUID, ID_SETRESUID,
	ID_SETRESGID, ID_NICE, ID_GETPRIORITY, ID_SETPRIORITY,
};

pid_t setsid(void) { return __lab_id(ID_SETSID, 0, 0, 0); }
pid_t getsid(pid_t p) { return __lab_id(ID_GETSID, p, 0, 0); }
int setpgid(pid_t p, pid_t g) { return __lab_id(ID_SETPGID, p, g, 0); }
pid_t getpgid(pid_t p) { return __lab_id(ID_GETPGID, p, 0, 0); }
pid_t setpgrp(void) { return setpgid(0, 0); }
pid_t getpgrp(void) { return __lab_id(ID_GETPGRP, 0, 0, 0); }
uid_t getuid(void) { return __lab_id(ID_GETUID, 0, 0, 0); }
uid_t geteuid(void) { return __lab_id(ID_GETEUID, 0, 0, 0); }
gid_t getgid(void) { return __lab_id(ID_GETGID, 0, 0, 0); }
gid_t getegid(void) { return __lab_id(ID_GETEGID, 0, 0, 0); }
int setuid(uid_t u) { return __lab_id(ID_SETUID, (int)u, 0, 0); }
int seteuid(uid_t u) { return __lab_id(ID_SETEUID, (int)u, 0, 0); }
int setgid(gid_t g) { return __lab_id(ID_SETGID, (int)g, 0, 0); }
int setegid(gid_t g) { return __lab_id(ID_SETEGID, (int)g, 0, 0); }
int setreuid(uid_t r, uid_t e) { return __lab_id(ID_SETREUID, (int)r, (int)e, 0); }
int setresuid(uid_t r, uid_t e, uid_t s) { return __lab_id(ID_SETRESUID, (int)r, (int)e, (int)s); }
int setresgid(gid_t r, gid_t e, gid_t s) { return __lab_id(ID_SETRESGID, (int)r, (int)e, (int)s); }
int getresuid(uid_t *r, uid_t *e, uid_t *s) { return __lab_getresid(0, r, e, s); }
int getresgid(gid_t *r, gid_t *e, gid_t *s) { return __lab_getresid(1, r, e, s); }
int nice(int inc) { return __lab_id(ID_NICE, inc, 0, 0); }
int getpriority(int which, id_t who) { return __lab_id(ID_GETPRIORITY, which, (int)who, 0); }
int setpriority(int which, id_t who, int prio) { return __lab_id(ID_SETPRIORITY, which, (int)who, prio); }

int getrusage(int who, struct rusage *r) { return __lab_getrusage(who, r); }
clock_t times(struct tms *t) { return (clock_t)__lab_times(t); }
int sysinfo(struct sysinfo *info) { return __lab_sysinfo(info); }
/* uname(2): the kernel's names (kernel/sys_uname.ts), in place of wasi-libc's "wasi"; its gethostname reads nodename from here. */
int uname(struct utsname *u) { return __lab_uname(u); }

/* glibc's sysinfo.c qmemsize: pages of `num` units of `unit` bytes, without overflowing. */
static long mem_pages(unsigned long num, unsigned int unit) {
	unsigned long long bytes = (unsigned long long)num * (unit ? unit : 1);
	return (long)(bytes / (unsigned long long)sysconf(_SC_PAGESIZE));
}
long get_phys_pages(void) {
	struct sysinfo info;
	return sysinfo(&info) != 0 ? -1 : mem_pages(info.totalram, info.mem_unit);
}
long get_avphys_pages(void) {
	struct sysinfo info;
	return sysinfo(&info) != 0 ? -1 : mem_pages(info.freeram, info.mem_unit);
}
int sigaltstack(const stack_t *ss, stack_t *old) { return __lab_sigaltstack(ss, old); }

/* The CPU-time clocks: clock_gettime reaches the host's clock_time_get with these ids. */
struct __clockid { int id; };
const struct __clockid _CLOCK_PROCESS_CPUTIME_ID = { 2 };
const struct __clockid _CLOCK_THREAD_CPUTIME_ID = { 3 };

/* clock(): the process's CPU time in CLOCKS_PER_SEC units — glibc's clock.c, microseconds (XSI's
   1000000; the lab's <time.h> replaces wasi-libc's 1000000000). */
clock_t clock(void) {
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return (clock_t)-1;
	return (clock_t)ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / (1000000000 / CLOCKS_PER_SEC);
}

int execve(const char *p, char *const a[], char *const e[]) { (void)e; return __lab_execve(p, a, 0); }
int execv(const char *p, char *const a[]) { return __lab_execve(p, a, 0); }
int execvp(const char *p, char *const a[]) { return __lab_execve(p, a, 1); }

#define MAX_ARGS 64
static int execl_args(const char *p, const char *a0, va_list ap, int search) {
	char *argv[MAX_ARGS + 1];
	int n = 0;
	for (const char *a = a0; a && n < MAX_ARGS; a = va_arg(ap, const char *)) argv[n++] = (char *)a;
	argv[n] = 0;
	return __lab_execve(p, argv, search);
}
int execl(const char *p, const char *a, ...) {
	va_list ap;
	va_start(ap, a);
	int r = execl_args(p, a, ap, 0);
	va_end(ap);
	return r;
}
/* execle's environment (after the NULL) is not passed on: the lab's execve keeps the
   process's environment, as it does for execve's envp. */
int execle(const char *p, const char *a, ...) {
	va_list ap;
	va_start(ap, a);
	int r = execl_args(p, a, ap, 0);
	va_end(ap);
	return r;
}
int execvpe(const char *p, char *const a[], char *const e[]) { (void)e; return __lab_execve(p, a, 1); }
int execlp(const char *p, const char *a, ...) {
	va_list ap;
	va_start(ap, a);
	int r = execl_args(p, a, ap, 1);
	va_end(ap);
	return r;
}
