/*
 * lab.h — the runtime's private header: the imports through which C reaches the chosen
 * thread library (clib/host/imports*.ts implements each, by the same name), and the layout
 * of the lab's fields inside the C types.
 *
 * Two import modules:
 *   "threadlab"       calls that may suspend the calling thread (a Libc call: the host
 *                     unwinds the C stack with Asyncify, runs the call as a generator, and
 *                     rewinds). The host may also answer at once when no Libc call is needed.
 *   "threadlab_sync"  calls that never suspend (pure host bookkeeping).
 *
 * Functions the runtime defines in place of wasi-libc's are named __wrap_NAME: the host links
 * with --wrap=NAME for each, so every reference (the program's and wasi-libc's own) reaches
 * the lab's version and wasi-libc's stub (a single-threaded placeholder) is never linked.
 * Files by name (fs.c) are plain strong definitions instead: --wrap would still pull in the
 * wasi-libc member that defines the name (and its preopened-directory start-up).
 */
#ifndef _THREADLAB_RUNTIME_LAB_H
#define _THREADLAB_RUNTIME_LAB_H

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <poll.h>
#include <sys/select.h>

#define LAB_CALL(name) __attribute__((import_module("threadlab"), import_name(#name)))
#define LAB_SYNC(name) __attribute__((import_module("threadlab_sync"), import_name(#name)))
#define LAB_EXPORT(name) __attribute__((export_name(#name), used))

/* Each created thread's block: its C stack, then its Asyncify buffer at the top (the host
 * knows this layout: clib/host/layout.ts). */
#define LAB_ASYNC_BUF 65536
/* Below the Asyncify buffer: the buffers of nested activations (signal handlers, once
 * routines), off the thread's C stack, so a PTHREAD_STACK_MIN stack still runs a handler. */
#define LAB_NEST_BUF 32768
#define LAB_MAIN_ASYNC_BUF 131072
#define LAB_DEFAULT_STACK (128 * 1024)
#define LAB_MAX_STACK (8 * 1024 * 1024)

/* pthread_attr_t words (musl's union __i[]). */
#define ATTR_STACKSIZE 0
#define ATTR_DETACHED 1
#define ATTR_SCOPE 2
#define ATTR_PRIORITY 3
#define ATTR_INHERIT 4
#define ATTR_POLICY 5
#define ATTR_CPUSET 6     /* pthread_attr_setaffinity_np: a malloc'ed copy of the set (affinity.c) */
#define ATTR_CPUSETSIZE 7 /* its size in bytes */
#define ATTR_STACKADDR 8  /* the stack's top (pthread_attr_stack.c); 0: the library's */
/* The detach-state word keeps the guard size above its bit 0 (glibc keeps both in the attribute's
 * flags and guardsize fields; musl's union has no tenth word). */
#define ATTR_GUARDSHIFT 1
#define LAB_PAGE_SIZE 4096 /* the lab kernel's page (sysconf _SC_PAGESIZE) */

/* threads */
LAB_CALL(pthread_create) int __lab_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *, void *, unsigned);
LAB_CALL(pthread_join) int __lab_pthread_join(pthread_t, void **);
LAB_CALL(pthread_exit) _Noreturn void __lab_pthread_exit(void *);
LAB_CALL(pthread_self) pthread_t __lab_pthread_self(void);
LAB_CALL(pthread_detach) int __lab_pthread_detach(pthread_t);
LAB_CALL(pthread_yield) int __lab_pthread_yield(void);
LAB_SYNC(stack_reclaim) void *__lab_stack_reclaim(void);
LAB_SYNC(block_grew) void __lab_block_grew(unsigned); /* a thread block's memory growth: the lab's, not the program's (pthread.c) */
void *__lab_thread_block(unsigned); /* malloc a thread's block, its growth kept out of the program's brk (pthread.c) */
LAB_SYNC(default_stacksize) unsigned __lab_default_stacksize(void); /* the library's, for a fresh attribute */
LAB_SYNC(attr_scope) int __lab_attr_scope(int); /* setscope's answer for a scope; -1: a fresh attribute's scope, or -errno */

/* mutexes, condition variables, barriers, once, keys, semaphores */
LAB_CALL(mutex_init) int __lab_mutex_init(pthread_mutex_t *, int);
LAB_CALL(mutex_lock) int __lab_mutex_lock(pthread_mutex_t *);
LAB_CALL(mutex_trylock) int __lab_mutex_trylock(pthread_mutex_t *);
LAB_CALL(mutex_timedlock) int __lab_mutex_timedlock(pthread_mutex_t *, const struct timespec *);
LAB_CALL(mutex_unlock) int __lab_mutex_unlock(pthread_mutex_t *);
LAB_CALL(mutex_destroy) int __lab_mutex_destroy(pthread_mutex_t *);
LAB_CALL(cond_init) int __lab_cond_init(pthread_cond_t *, int);
LAB_CALL(cond_wait) int __lab_cond_wait(pthread_cond_t *, pthread_mutex_t *);
LAB_CALL(cond_timedwait) int __lab_cond_timedwait(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
LAB_CALL(cond_signal) int __lab_cond_signal(pthread_cond_t *);
LAB_CALL(cond_broadcast) int __lab_cond_broadcast(pthread_cond_t *);
LAB_CALL(cond_destroy) int __lab_cond_destroy(pthread_cond_t *);
LAB_CALL(barrier_init) int __lab_barrier_init(pthread_barrier_t *, unsigned, int);
LAB_CALL(barrier_wait) int __lab_barrier_wait(pthread_barrier_t *);
LAB_CALL(barrier_destroy) int __lab_barrier_destroy(pthread_barrier_t *);
LAB_CALL(once) int __lab_once(pthread_once_t *, void (*)(void));
LAB_CALL(key_create) int __lab_key_create(pthread_key_t *);
LAB_CALL(key_delete) int __lab_key_delete(pthread_key_t);
LAB_CALL(getspecific) void *__lab_getspecific(pthread_key_t);
LAB_CALL(setspecific) int __lab_setspecific(pthread_key_t, const void *);
LAB_CALL(sem_init) int __lab_sem_init(sem_t *, int, unsigned);
LAB_CALL(sem_wait) int __lab_sem_wait(sem_t *);
LAB_CALL(sem_timedwait) int __lab_sem_timedwait(sem_t *, const struct timespec *);
LAB_CALL(sem_trywait) int __lab_sem_trywait(sem_t *);
LAB_CALL(sem_post) int __lab_sem_post(sem_t *);
LAB_CALL(sem_getvalue) int __lab_sem_getvalue(sem_t *, int *);
LAB_CALL(sem_destroy) int __lab_sem_destroy(sem_t *);

/* shared memory and named semaphores (mman.c, host shmem.ts) */
LAB_CALL(mmap) int __lab_mmap(void *, unsigned, int, int, int, int);
LAB_CALL(munmap) int __lab_munmap(void *);
LAB_CALL(msync) int __lab_msync(void *, unsigned, int);
LAB_CALL(mprotect) int __lab_mprotect(int op, void *, unsigned, int);
/* op 0 mlock, 1 munlock, 2 mlockall(flags), 3 munlockall */
LAB_CALL(mlock) int __lab_mlock(int, void *, unsigned, int);
LAB_CALL(shm_open) int __lab_shm_open(const char *, int, int);
LAB_CALL(shm_unlink) int __lab_shm_unlink(const char *);
LAB_CALL(sem_open) sem_t *__lab_sem_open(sem_t *, const char *, int, int, unsigned);
LAB_CALL(sem_close) int __lab_sem_close(sem_t *);
LAB_CALL(sem_unlink) int __lab_sem_unlink(const char *);
LAB_CALL(pshared) int __lab_pshared(int, int);
/* robust mutexes (robust.c): the library's answer to setrobust; pthread_mutex_consistent */
#define LAB_MUTEXATTR_ROBUST 0x40000000u /* glibc's PTHREAD_MUTEXATTR_FLAG_ROBUST */
LAB_CALL(robust) int __lab_robust(int);
LAB_CALL(mutex_consistent) int __lab_mutex_consistent(pthread_mutex_t *);
/* priority protocols (prio.c): glibc's attribute bits; the library's answer to an attribute
 * call (op 0 setprotocol, 1 setprioceiling, 2 getprotocol: 0 or an errno; 3 getprioceiling: the
 * ceiling or -errno); a mutex's ceiling (op 0 get: the ceiling or -errno; 1 set: an errno, *old) */
#define LAB_MUTEXATTR_PROTOCOL_SHIFT 28
#define LAB_MUTEXATTR_PROTOCOL_MASK 0x30000000u
#define LAB_MUTEXATTR_CEILING_SHIFT 12
#define LAB_MUTEXATTR_CEILING_MASK 0x00fff000u
LAB_CALL(prio_attr) int __lab_prio_attr(int, int);
LAB_CALL(mutex_prioceiling) int __lab_mutex_prioceiling(pthread_mutex_t *, int, int, int *);

/* stdio locks (one per FILE, recursive) */
/* io: 1 from a stdio call's own lock (stdio.c LOCKED), 0 from flockfile/funlockfile */
LAB_CALL(flockfile) void __lab_flockfile(FILE *, int io);
LAB_CALL(funlockfile) void __lab_funlockfile(FILE *, int io);
/* A thread that ends inside a stdio call (cancelled there) lets its FILE locks go (cancel.c). */
LAB_CALL(io_release) void __lab_io_release(void);
LAB_CALL(ftrylockfile) int __lab_ftrylockfile(FILE *);

/* processes */
LAB_CALL(fork) pid_t __lab_fork(void);
LAB_CALL(vfork) pid_t __lab_vfork(void);

/* setjmp/longjmp (setjmp.c): the host keeps the calling thread's frames in a record numbered
 * in the jmp_buf, and puts them back (clib/host/setjmp.ts) */
struct __jmp_buf_tag;
LAB_CALL(setjmp) int __lab_setjmp(struct __jmp_buf_tag *);
LAB_CALL(longjmp) _Noreturn void __lab_longjmp(struct __jmp_buf_tag *, int);
/* <ucontext.h> (ucontext.c): the host keeps a saved context's frames in a record numbered in
 * uc_mcontext, and resumes it (clib/host/ucontext.ts); makecontext answers the function's shape */
struct ucontext_t;
LAB_CALL(getcontext) int __lab_getcontext(struct ucontext_t *);
LAB_CALL(setcontext) int __lab_setcontext(const struct ucontext_t *);
LAB_CALL(swapcontext) int __lab_swapcontext(struct ucontext_t *, const struct ucontext_t *);
LAB_SYNC(makecontext) int __lab_makecontext(struct ucontext_t *, void *, unsigned long);
LAB_CALL(getpid) pid_t __lab_getpid(void);
LAB_CALL(getppid) pid_t __lab_getppid(void);
LAB_CALL(gettid) pid_t __lab_gettid(void);
LAB_CALL(waitpid) pid_t __lab_waitpid(pid_t, int *, int);
LAB_CALL(wait4) pid_t __lab_wait4(pid_t, int *, int, void *);
LAB_CALL(waitid) int __lab_waitid(int, int, void *, int);
LAB_CALL(exit) _Noreturn void __lab_exit(int);
LAB_CALL(_exit) _Noreturn void __lab__exit(int);
/* clone(3) (clone.c, host clone.ts): the arguments in one block on the caller's stack */
struct __lab_clone_args {
	int (*fn)(void *);
	void *arg;
	int flags;
	pid_t *ptid;
	pid_t *ctid;
	void *block; /* the child's C stack and Asyncify buffer, as pthread_create's */
	unsigned size;
};
LAB_CALL(clone) int __lab_clone(struct __lab_clone_args *);
/* syscall(SYS_futex, ...): the kernel's futex on a word of this memory (host futex.ts) */
LAB_CALL(futex) long __lab_futex(void *, int, unsigned, const void *, void *, unsigned);

/* signals */
LAB_CALL(sigaction) int __lab_sigaction(int, const struct sigaction *, struct sigaction *);
LAB_CALL(sigprocmask) int __lab_sigprocmask(int, const sigset_t *, sigset_t *);
LAB_CALL(pthread_sigmask) int __lab_pthread_sigmask(int, const sigset_t *, sigset_t *);
LAB_CALL(sigsuspend) int __lab_sigsuspend(const sigset_t *);
LAB_CALL(sigpending) int __lab_sigpending(sigset_t *);
LAB_CALL(sigwait) int __lab_sigwait(const sigset_t *, int *);
LAB_CALL(kill) int __lab_kill(pid_t, int);
LAB_CALL(tgkill) int __lab_tgkill(pid_t, pid_t, int);
LAB_CALL(raise) int __lab_raise(int);
LAB_CALL(pthread_kill) int __lab_pthread_kill(pthread_t, int);
LAB_CALL(pthread_sigqueue) int __lab_pthread_sigqueue(pthread_t, int, int);
LAB_CALL(alarm) unsigned __lab_alarm(unsigned);
/* setitimer (set != 0) or getitimer: [value, interval] in ns (itimer.c) */
LAB_CALL(itimer) int __lab_itimer(int which, const long long *set, long long *old);
LAB_CALL(pause) int __lab_pause(void);
/* sigwaitinfo (timeout 0) or sigtimedwait (timeout: ns); POSIX timers (timer.c; host: timers.ts):
   a sigevent as [notify, signo, sival_int, tid], times as [value, interval] in ns */
LAB_CALL(sigwaitinfo) int __lab_sigwaitinfo(const sigset_t *, siginfo_t *, const long long *timeout);
LAB_CALL(sigqueue) int __lab_sigqueue(pid_t, int, int);
LAB_CALL(timer_create) int __lab_timer_create(int clock, const int *ev, int *id);
LAB_CALL(timer_settime) int __lab_timer_settime(int id, int flags, int realtime, const long long *set, long long *old);
LAB_CALL(timer_gettime) int __lab_timer_gettime(int id, long long *out);
/* timerfd (timerfd.c): op 0 create(clock, flags), 1 settime(fd, flags, realtime, set, old), 2 gettime(fd, out) */
LAB_CALL(timerfd) int __lab_timerfd(int op, int a, int b, int c, const long long *set, long long *out);
LAB_CALL(timer_getoverrun) int __lab_timer_getoverrun(int id);
LAB_CALL(timer_delete) int __lab_timer_delete(int id);
LAB_SYNC(timer_thread_ok) int __lab_timer_thread_ok(void); /* SIGEV_THREAD: NPTL's librt only */
LAB_SYNC(sigrtmin) int __lab_sigrtmin(void);
/* asynchronous I/O (aio.c; host: aio.ts): a completion's signal (rt_sigqueueinfo, si_code
   SI_ASYNCIO) and whether a waiter may sleep on a raw futex (NPTL, LinuxThreads) */
LAB_CALL(aio_sigqueue) int __lab_aio_sigqueue(pid_t, int, int);
LAB_SYNC(aio_futex_ok) int __lab_aio_futex_ok(void);
/* AF_UNIX socketpair and SOL_SOCKET options (socket.c; host: socket.ts): sockopt op 0 get
   (len: its address), 1 set (len: the value's length) */
LAB_CALL(socketpair) int __lab_socketpair(int, int, int, int *);
LAB_CALL(sockopt) int __lab_sockopt(int op, int fd, int level, int name, void *val, unsigned len);

/* cancellation (cancel.c) */
LAB_CALL(pthread_cancel) int __lab_pthread_cancel(pthread_t);
LAB_CALL(setcancel) int __lab_setcancel(int which, int value, int *old);
LAB_CALL(testcancel) int __lab_testcancel(void);
LAB_SYNC(cleanup_push) int __lab_cleanup_push(void (*)(void *), void *);
LAB_CALL(cleanup_pop) int __lab_cleanup_pop(int);
LAB_SYNC(thread_gone) int __lab_thread_gone(void);
void __lab_thread_end(void *); /* the runtime's own cleanup record on every thread */
void *__lab_call_as(void *fn, int shape, void *arg); /* start.c: fn called as it is defined */
/* scheduling policies (sched.c; host clib/host/sched.ts) */
LAB_CALL(sched) int __lab_sched(int, int, int, int);
LAB_SYNC(attr_sched) int __lab_attr_sched(int, int, int); /* an attribute setter's answer: 0, an error number, -1: the library faults */

/* process groups, sessions, credentials, nice, resource usage, sigaltstack, exec */
LAB_CALL(id) int __lab_id(int which, int a, int b, int c);
LAB_CALL(prctl) int __lab_prctl(int option, unsigned long arg2);
LAB_CALL(getresid) int __lab_getresid(int gid, unsigned *, unsigned *, unsigned *);
LAB_CALL(getrusage) int __lab_getrusage(int, void *);
/* prlimit64(pid, resource, new, old): struct rlimit as two 64-bit words (rlimit.c; host: rlimit.ts) */
LAB_CALL(prlimit) int __lab_prlimit(int pid, int res, const void *nv, void *old);
LAB_CALL(times) int __lab_times(void *);
LAB_CALL(sysinfo) int __lab_sysinfo(void *);
/* A signal handler's frame: siginfo_t, then at this offset its ucontext_t (clib/host/signals.ts FRAME_UCONTEXT). */
#define LAB_FRAME_UCONTEXT 128
LAB_CALL(uname) int __lab_uname(void *);
LAB_CALL(sigaltstack) int __lab_sigaltstack(const void *, void *);
LAB_CALL(execve) int __lab_execve(const char *, char *const *, int search);

/* CPU affinity and the concurrency hint (affinity.c; host: affinity.ts) */
LAB_CALL(affinity) int __lab_affinity(int op, int who, size_t size, void *set);
LAB_CALL(getcpu) int __lab_getcpu(void);
LAB_CALL(nprocs) int __lab_nprocs(void);
LAB_CALL(concurrency) int __lab_concurrency(int op, int level);
void __lab_attr_free_cpuset(pthread_attr_t *);

/* thread names and glibc's join extensions (thread_np.c; host: thread_np.ts) */
LAB_CALL(setname) int __lab_setname(pthread_t, const char *);
LAB_CALL(getname) int __lab_getname(pthread_t, char *, size_t);
LAB_CALL(tryjoin) int __lab_tryjoin(pthread_t, void **, const struct timespec *, int timed);
LAB_CALL(cpuclock) int __lab_cpuclock(pthread_t, int *);
/* pthread_getattr_np: [stack top, size, guard, detached] (thread_np.c) */
LAB_CALL(getattr_np) int __lab_getattr_np(pthread_t, int *);

/* System V IPC and POSIX message queues (ipc.c; host: ipc.ts). Control structures cross as
 * 16 64-bit words; a semop timeout is relative, an mqueue one absolute (CLOCK_REALTIME). */
LAB_CALL(ipc_get) int __lab_ipc_get(int family, int key, unsigned arg, int flg);
LAB_CALL(shmat) int __lab_shmat(int id, int flg); /* the bytes to give, then shm_bind */
LAB_CALL(shm_bind) int __lab_shm_bind(void *pages); /* NULL: the pages could not be had */
LAB_CALL(shmdt) int __lab_shmdt(const void *addr); /* 1: detached (free the pages) */
LAB_CALL(ipc_ctl) int __lab_ipc_ctl(int family, int id, int semnum, int cmd, unsigned long arg, long long *words);
LAB_CALL(semop) int __lab_semop(int id, void *sops, unsigned nsops, const struct timespec *timeout, int timed);
LAB_CALL(msgsnd) int __lab_msgsnd(int id, const void *msgp, unsigned msgsz, int flg);
LAB_CALL(msgrcv) int __lab_msgrcv(int id, void *msgp, unsigned msgsz, long msgtyp, int flg);
LAB_CALL(mq_open) int __lab_mq_open(const char *name, int oflag, int mode, const void *attr);
LAB_CALL(mq_unlink) int __lab_mq_unlink(const char *name);
LAB_CALL(mq_send) int __lab_mq_send(int fd, const char *msg, unsigned len, unsigned prio, const struct timespec *abs);
LAB_CALL(mq_receive) int __lab_mq_receive(int fd, char *msg, unsigned len, unsigned *prio, const struct timespec *abs);
LAB_CALL(mq_getsetattr) int __lab_mq_getsetattr(int fd, const void *nv, void *old);
LAB_CALL(mq_notify) int __lab_mq_notify(int fd, const struct sigevent *sev);

/* descriptors, time, lab calls */
LAB_CALL(pipe) int __lab_pipe(int *, int flags);
LAB_CALL(dup) int __lab_dup(int);
LAB_CALL(dup2) int __lab_dup2(int, int);
LAB_CALL(dup3) int __lab_dup3(int, int, int);
/* files by name (fs.c; host: fs.ts). struct stat crosses as 13 64-bit words. */
LAB_CALL(fs_open) int __lab_fs_open(int dirfd, const char *, int flags, int mode);
LAB_CALL(fs_stat) int __lab_fs_stat(int kind, int fd, const char *, int flags, long long *words);
LAB_CALL(fs_path) int __lab_fs_path(int op, int dirfd, const char *, int arg, int flags);
/* fchownat(dirfd, path, uid, gid, flags); path NULL: fchown(fd = dirfd, uid, gid) */
LAB_CALL(chown) int __lab_chown(int dirfd, const char *, int uid, int gid, int flags);
LAB_CALL(fs_rename) int __lab_fs_rename(int, const char *, int, const char *);
LAB_CALL(fs_seek) int __lab_fs_seek(int op, int fd, long long off, int whence, long long *out);
LAB_CALL(fs_getcwd) int __lab_fs_getcwd(char *, size_t);
LAB_CALL(fs_pio) int __lab_fs_pio(int op, int fd, const void *buf, size_t count, long long off);
LAB_CALL(fs_getdents) int __lab_fs_getdents(int fd, char *buf, int size);
LAB_CALL(fcntl) int __lab_fcntl(int, int, int); /* the lock commands' int is a struct flock * */
LAB_CALL(flock) int __lab_flock(int, int);
LAB_CALL(eventfd) int __lab_eventfd(unsigned int, int);
LAB_CALL(signalfd) int __lab_signalfd(int, const sigset_t *, int);
LAB_CALL(poll) int __lab_poll(struct pollfd *, unsigned, int);
/* select (mask (sigset_t *)-1: the timeout is a struct timeval, written back) and pselect (a timespec; mask or NULL) */
LAB_CALL(select) int __lab_select(int, fd_set *, fd_set *, fd_set *, const void *timeout, const sigset_t *mask);
LAB_CALL(nanosleep) int __lab_nanosleep(const struct timespec *, struct timespec *);
LAB_CALL(compute) void __lab_compute(long long);
LAB_CALL(read_slow_device) int __lab_read_slow_device(int);
/* Called by the instrumented code (instrument.ts) when a thread's fuel is used up. */
LAB_CALL(preempt) void __lab_preempt(int);
/* A stack overflow (0) or a null-page access (1): the host raises the fault (SIGSEGV). */
LAB_SYNC(fault) _Noreturn void __lab_fault(int);

/* runtime state shared between the runtime's files */
extern int __lab_threaded;     /* a thread was created: stdio locks from now on */
extern int __lab_live_threads; /* threads of this process still running C code */
extern int __lab_stderr_oriented; /* stderr had byte output (glibc's fwide(stderr, 0) != 0) */
void __lab_tsd_run(void);      /* thread-specific-data destructors of the calling thread */
void __lab_atfork(int when);   /* 0 prepare, 1 parent, 2 child */
extern const char *const __lab_errlist[]; /* glibc's messages by Linux error number (errlist.c) */
extern const int __lab_nerr;
char *__lab_expand_m(const char *fmt);    /* printf's %m spelled out, or NULL (strerror.c) */

#endif
