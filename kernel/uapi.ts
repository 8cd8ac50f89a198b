/**
 * uapi.ts — the constants user space and the kernel agree on.
 *
 * Mirrors: include/uapi/asm-generic/errno-base.h and errno.h, include/uapi/linux/sched.h
 * (clone flags), include/uapi/asm-generic/signal.h, include/uapi/linux/wait.h,
 * include/uapi/linux/futex.h, include/uapi/asm-generic/fcntl.h, include/uapi/asm-generic/poll.h.
 * Values are Linux's (x86), spelled as Linux spells them.
 */

// ---- errno (errno-base.h, errno.h) ----
export const EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
  ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
  EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25,
  ESPIPE = 29, EPIPE = 32, ERANGE = 34, EDEADLK = 35, ENOSYS = 38, EOVERFLOW = 75, ENOTSUP = 95,
  ETIMEDOUT = 110;
/** File-system errors (ramfs, namei). */
export const ENOTDIR = 20, EISDIR = 21, EFBIG = 27, ENOSPC = 28, EXDEV = 18, ENAMETOOLONG = 36,
  ENOTEMPTY = 39, ELOOP = 40;
/** System V IPC and POSIX message queues (ipc/): no message, identifier removed, message too long. */
export const ENOMSG = 42, EIDRM = 43, EMSGSIZE = 90;
/** Sockets (af_unix.ts): not a socket, no such option, protocol or family, peer gone. */
export const ENOTSOCK = 88, ENOPROTOOPT = 92, EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94, EAFNOSUPPORT = 97,
  ECONNREFUSED = 111;
/** Kernel-internal: restart the system call if the handler has SA_RESTART, else EINTR. */
export const ERESTARTSYS = 512;
/** Kernel-internal: always restart, after a handler too (FUTEX_LOCK_PI never fails with EINTR). */
export const ERESTARTNOINTR = 513;
/** Kernel-internal: restart only if no handler ran (pause, sigsuspend return EINTR). */
export const ERESTARTNOHAND = 514;

export const ERRNO_NAMES: Record<number, string> = {
  [EPERM]: 'EPERM', [ENOENT]: 'ENOENT', [ESRCH]: 'ESRCH', [EINTR]: 'EINTR', [EIO]: 'EIO',
  [ENXIO]: 'ENXIO', [E2BIG]: 'E2BIG', [ENOEXEC]: 'ENOEXEC', [EBADF]: 'EBADF', [ECHILD]: 'ECHILD',
  [EAGAIN]: 'EAGAIN', [ENOMEM]: 'ENOMEM', [EACCES]: 'EACCES', [EFAULT]: 'EFAULT',
  [EBUSY]: 'EBUSY', [EEXIST]: 'EEXIST', [ENODEV]: 'ENODEV', [EINVAL]: 'EINVAL',
  [ENFILE]: 'ENFILE', [EMFILE]: 'EMFILE', [ENOTTY]: 'ENOTTY', [ESPIPE]: 'ESPIPE', [EPIPE]: 'EPIPE',
  [ERANGE]: 'ERANGE', [EDEADLK]: 'EDEADLK', [ENOSYS]: 'ENOSYS', [EOVERFLOW]: 'EOVERFLOW', [ENOTSUP]: 'ENOTSUP',
  [ETIMEDOUT]: 'ETIMEDOUT', [ENOTDIR]: 'ENOTDIR', [EISDIR]: 'EISDIR', [EFBIG]: 'EFBIG',
  [ENOSPC]: 'ENOSPC', [EXDEV]: 'EXDEV', [ENAMETOOLONG]: 'ENAMETOOLONG', [ENOTEMPTY]: 'ENOTEMPTY', [ELOOP]: 'ELOOP',
  [ENOMSG]: 'ENOMSG', [EIDRM]: 'EIDRM', [EMSGSIZE]: 'EMSGSIZE',
  [ENOTSOCK]: 'ENOTSOCK', [ENOPROTOOPT]: 'ENOPROTOOPT', [EPROTONOSUPPORT]: 'EPROTONOSUPPORT',
  [ESOCKTNOSUPPORT]: 'ESOCKTNOSUPPORT', [EAFNOSUPPORT]: 'EAFNOSUPPORT', [ECONNREFUSED]: 'ECONNREFUSED',
  [ERESTARTSYS]: 'ERESTARTSYS', [ERESTARTNOINTR]: 'ERESTARTNOINTR', [ERESTARTNOHAND]: 'ERESTARTNOHAND',
};

export function errnoName(e: number): string {
  return ERRNO_NAMES[Math.abs(e)] ?? `E${Math.abs(e)}`;
}

// ---- clone flags (sched.h, Linux 2.6 flag table) ----
export const CSIGNAL = 0x000000ff;
export const CLONE_VM = 0x00000100;
export const CLONE_FS = 0x00000200;
export const CLONE_FILES = 0x00000400;
export const CLONE_SIGHAND = 0x00000800;
export const CLONE_PTRACE = 0x00002000;
export const CLONE_VFORK = 0x00004000;
export const CLONE_PARENT = 0x00008000;
export const CLONE_THREAD = 0x00010000;
export const CLONE_NEWNS = 0x00020000;
export const CLONE_SYSVSEM = 0x00040000;
export const CLONE_SETTLS = 0x00080000;
export const CLONE_PARENT_SETTID = 0x00100000;
export const CLONE_CHILD_CLEARTID = 0x00200000;
export const CLONE_DETACHED = 0x00400000;
export const CLONE_UNTRACED = 0x00800000;
export const CLONE_CHILD_SETTID = 0x01000000;
export const CLONE_STOPPED = 0x02000000;
export const CLONE_NEWUTS = 0x04000000;
export const CLONE_NEWIPC = 0x08000000;
export const CLONE_NEWUSER = 0x10000000;
export const CLONE_NEWPID = 0x20000000;
/** Linux 2.6 had CLONE_IDLETASK = 0x1000 (only for fork_idle; refused from user space). */
export const CLONE_IDLETASK = 0x00001000;
/** include/linux/sched.h: what kernel_thread() users pass. */
export const CLONE_KERNEL = CLONE_FS | CLONE_FILES | CLONE_SIGHAND;

export const CLONE_FLAG_NAMES: [number, string][] = [
  [CLONE_VM, 'CLONE_VM'], [CLONE_FS, 'CLONE_FS'], [CLONE_FILES, 'CLONE_FILES'],
  [CLONE_SIGHAND, 'CLONE_SIGHAND'], [CLONE_IDLETASK, 'CLONE_IDLETASK'], [CLONE_PTRACE, 'CLONE_PTRACE'],
  [CLONE_VFORK, 'CLONE_VFORK'], [CLONE_PARENT, 'CLONE_PARENT'], [CLONE_THREAD, 'CLONE_THREAD'],
  [CLONE_NEWNS, 'CLONE_NEWNS'], [CLONE_SYSVSEM, 'CLONE_SYSVSEM'], [CLONE_SETTLS, 'CLONE_SETTLS'],
  [CLONE_PARENT_SETTID, 'CLONE_PARENT_SETTID'], [CLONE_CHILD_CLEARTID, 'CLONE_CHILD_CLEARTID'],
  [CLONE_DETACHED, 'CLONE_DETACHED'], [CLONE_UNTRACED, 'CLONE_UNTRACED'],
  [CLONE_CHILD_SETTID, 'CLONE_CHILD_SETTID'], [CLONE_STOPPED, 'CLONE_STOPPED'],
  [CLONE_NEWUTS, 'CLONE_NEWUTS'], [CLONE_NEWIPC, 'CLONE_NEWIPC'], [CLONE_NEWUSER, 'CLONE_NEWUSER'],
  [CLONE_NEWPID, 'CLONE_NEWPID'],
];

/** "CLONE_VM|CLONE_FS|SIGCHLD" — for traces and ps. */
export function cloneFlagsToString(flags: number): string {
  const parts: string[] = [];
  for (const [bit, name] of CLONE_FLAG_NAMES) if (flags & bit) parts.push(name);
  const sig = flags & CSIGNAL;
  if (sig) parts.push(SIGNAL_NAMES[sig] ?? String(sig));
  return parts.length ? parts.join('|') : '0';
}

// ---- signals (asm-generic/signal.h) ----
export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
  SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
  SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19,
  SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25,
  SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31;
/** The kernel's first real-time signal; glibc reserves some and reports a higher SIGRTMIN. */
export const SIGRTMIN_KERNEL = 32;
export const SIGRTMAX = 64;
export const NSIG = 64;

export const SIGNAL_NAMES: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS',
  8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE',
  14: 'SIGALRM', 15: 'SIGTERM', 16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP',
  20: 'SIGTSTP', 21: 'SIGTTIN', 22: 'SIGTTOU', 23: 'SIGURG', 24: 'SIGXCPU', 25: 'SIGXFSZ',
  26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGIO', 30: 'SIGPWR', 31: 'SIGSYS',
};

export function signalName(sig: number): string {
  if (SIGNAL_NAMES[sig]) return SIGNAL_NAMES[sig];
  if (sig >= SIGRTMIN_KERNEL && sig <= SIGRTMAX) return `SIGRT${sig - SIGRTMIN_KERNEL}`;
  return `SIG${sig}`;
}

export function validSignal(sig: number): boolean {
  return Number.isInteger(sig) && sig >= 1 && sig <= NSIG;
}

export const SIG_DFL = 0;
export const SIG_IGN = 1;
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SA_ONSTACK = 0x08000000;
/** sigaltstack (asm-generic/signal.h): ss_flags, and the sizes glibc's <signal.h> gives. */
export const SS_ONSTACK = 1, SS_DISABLE = 2, MINSIGSTKSZ = 2048, SIGSTKSZ = 8192;

export const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

// si_code values (asm-generic/siginfo.h)
export const SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_MESGQ = -3,
  SI_ASYNCIO = -4, SI_SIGIO = -5, SI_TKILL = -6;
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_TRAPPED = 4, CLD_STOPPED = 5,
  CLD_CONTINUED = 6;

// ---- wait (wait.h) ----
export const WNOHANG = 0x00000001;
export const WUNTRACED = 0x00000002;
export const WSTOPPED = WUNTRACED;
export const WEXITED = 0x00000004;
export const WCONTINUED = 0x00000008;
export const WNOWAIT = 0x01000000;
/** waitid's idtype_t (P_PIDFD is not modelled). */
export const P_ALL = 0, P_PID = 1, P_PGID = 2;
export const __WNOTHREAD = 0x20000000;
export const __WALL = 0x40000000;
export const __WCLONE = 0x80000000 | 0; // stays a negative int32, as in C's int options

/** Wait-status helpers (sys/wait.h macros). */
export const W_EXITCODE = (ret: number, sig: number): number => ((ret & 0xff) << 8) | sig;
export const W_STOPCODE = (sig: number): number => (sig << 8) | 0x7f;
export const WIFEXITED = (s: number): boolean => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number): number => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number): boolean => ((s & 0x7f) + 1) >> 1 > 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number): number => s & 0x7f;
export const WIFSTOPPED = (s: number): boolean => (s & 0xff) === 0x7f;
export const WSTOPSIG = (s: number): number => (s >> 8) & 0xff;
export const WIFCONTINUED = (s: number): boolean => s === 0xffff;

// ---- futex (futex.h) ----
export const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4;
export const FUTEX_PRIVATE_FLAG = 128;
/** FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET (2.6.25) and their clock flag and match-any mask. */
export const FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_BITSET_MATCH_ANY = -1;
/** The priority-inheritance operations (2.6.18; FUTEX_LOCK_PI2 5.14): futex_pi.ts. */
export const FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8, FUTEX_LOCK_PI2 = 13;

// ---- files (fcntl.h, poll.h) ----
export const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3, O_NONBLOCK = 0o4000,
  O_CLOEXEC = 0o2000000;
export const F_GETFL = 3, F_SETFL = 4;
/** open(2) flags for files by name (asm-generic/fcntl.h), F_GETFD/F_SETFD, lseek whence, *at(). */
export const O_CREAT = 0o100, O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000,
  O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000;
export const F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;
/** fcntl's record locks (struct flock's l_type) and open file description locks; flock(2)'s operations (locks.ts). */
export const F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
export const F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
export const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
/** eventfd2's flags (<sys/eventfd.h>: EFD_CLOEXEC is O_CLOEXEC, EFD_NONBLOCK O_NONBLOCK). */
export const EFD_SEMAPHORE = 1, EFD_CLOEXEC = 0o2000000, EFD_NONBLOCK = 0o4000;
/** signalfd4's flags (<sys/signalfd.h>). */
export const SFD_CLOEXEC = 0o2000000, SFD_NONBLOCK = 0o4000;
/** timerfd_create's and timerfd_settime's flags (<sys/timerfd.h>). */
export const TFD_CLOEXEC = 0o2000000, TFD_NONBLOCK = 0o4000, TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;
export const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
export const AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EACCESS = 0x200;
export const F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4;
export const POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010,
  POLLNVAL = 0x020;
/** limits.h: writes of at most PIPE_BUF bytes to a pipe are atomic. */
export const PIPE_BUF = 4096;

// ---- timers (include/uapi/linux/time.h) ----
export const ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
/** struct sigevent's sigev_notify (SIGEV_THREAD_ID is Linux's) and timer_settime's flag. */
export const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4, TIMER_ABSTIME = 1;

// ---- getrusage, setpriority (include/uapi/linux/resource.h), times (USER_HZ) ----
export const RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;
export const PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;
/** USER_HZ: the clock_t unit of times() (sysconf(_SC_CLK_TCK)). */
export const CLK_TCK = 100;

// ---- scheduling policies (include/uapi/linux/sched.h, include/linux/sched/prio.h, rt.h) ----
export const SCHED_NORMAL = 0, SCHED_OTHER = SCHED_NORMAL, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5, SCHED_DEADLINE = 6;
/** Or'ed into sched_setscheduler's policy: children start as SCHED_NORMAL, nice >= 0. */
export const SCHED_RESET_ON_FORK = 0x40000000;
/** Real-time priorities are 1 … MAX_RT_PRIO - 1. */
export const MAX_RT_PRIO = 100;
/** RR_TIMESLICE: SCHED_RR's time slice, 100 ms (include/linux/sched/rt.h; 2.6's DEF_TIMESLICE). */
export const RR_TIMESLICE_NS = 100_000_000;

// ---- resource limits ----
/** getrlimit/setrlimit resources (sys_rlimit.ts); RLIM_INFINITY is Infinity. */
export const RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4,
  RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9,
  RLIMIT_LOCKS = 10, RLIMIT_SIGPENDING = 11, RLIMIT_MSGQUEUE = 12, RLIMIT_NICE = 13,
  RLIMIT_RTPRIO = 14, RLIMIT_RTTIME = 15, RLIM_NLIMITS = 16;
export const RLIM_INFINITY = Infinity;

// ---- mmap ----
export const PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2;
/** madvise advice: drop the pages (the next touch faults in zeroed ones). */
export const MADV_DONTNEED = 4;
export const MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20, MAP_STACK = 0x20000;
/** MAP_LOCKED: lock the new mapping's pages (mlock_future_ok and RLIMIT_MEMLOCK apply). */
export const MAP_LOCKED = 0x2000;
/** msync's flags (asm-generic/mman-common.h). */
export const MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;
/** mlockall's flags. */
export const MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;

// ---- <sys/stat.h> file types, <asm/ioctls.h> ----
export const S_IFMT = 0o170000, S_IFIFO = 0o010000, S_IFCHR = 0o020000, S_IFBLK = 0o060000, S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
/** <dirent.h> d_type values (getdents64). */
export const DT_UNKNOWN = 0, DT_DIR = 4, DT_REG = 8;
/** TCGETS: read a terminal's termios; ENOTTY on anything that is not a terminal (isatty). */
export const TCGETS = 0x5401;

/** include/uapi/linux/prctl.h: the prctl options the lab's kernel has (sys_prctl.ts). */
export const PR_SET_PDEATHSIG = 1;
export const PR_GET_PDEATHSIG = 2;
export const PR_GET_DUMPABLE = 3;
export const PR_SET_DUMPABLE = 4;
export const PR_GET_KEEPCAPS = 7;
export const PR_SET_KEEPCAPS = 8;
export const PR_SET_NAME = 15;
export const PR_GET_NAME = 16;
export const PR_SET_CHILD_SUBREAPER = 36;
export const PR_GET_CHILD_SUBREAPER = 37;
export const PR_SET_TIMERSLACK = 29;
export const PR_GET_TIMERSLACK = 30;
export const PR_SET_NO_NEW_PRIVS = 38;
export const PR_GET_NO_NEW_PRIVS = 39;

// ---- System V IPC (include/uapi/linux/ipc.h, shm.h, sem.h, msg.h) and POSIX mqueues (mqueue.h) ----
export const IPC_PRIVATE = 0, IPC_CREAT = 0o1000, IPC_EXCL = 0o2000, IPC_NOWAIT = 0o4000;
export const IPC_RMID = 0, IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3;
export const SHM_RDONLY = 0o10000, SHM_RND = 0o20000, SHM_REMAP = 0o40000, SHM_EXEC = 0o100000;
/** shm_perm.mode bits: the segment is marked for destruction / locked in memory. */
export const SHM_DEST = 0o1000, SHM_LOCKED = 0o2000;
export const SHM_LOCK = 11, SHM_UNLOCK = 12, SHM_STAT = 13, SHM_INFO = 14, SHM_STAT_ANY = 15;
export const GETPID = 11, GETVAL = 12, GETALL = 13, GETNCNT = 14, GETZCNT = 15, SETVAL = 16, SETALL = 17;
export const SEM_STAT = 18, SEM_INFO = 19, SEM_STAT_ANY = 20, SEM_UNDO = 0x1000;
export const MSG_STAT = 11, MSG_INFO = 12, MSG_STAT_ANY = 13, MSG_NOERROR = 0o10000, MSG_EXCEPT = 0o20000, MSG_COPY = 0o40000;
/** ipc/util.h and the sysctl defaults of Linux 6.x (include/uapi/linux/{shm,sem,msg}.h). */
export const SEMMSL = 32000, SEMMNI = 32000, SEMOPM = 500, SEMVMX = 32767, SEMAEM = SEMVMX;
export const MSGMAX = 8192, MSGMNB = 16384, MSGMNI = 32000, SHMMNI = 4096, SHMMIN = 1;
/** mqueue: MQ_PRIO_MAX and the fs.mqueue sysctl defaults (ipc/mq_sysctl.c, include/linux/ipc_namespace.h). */
export const MQ_PRIO_MAX = 32768, DFLT_QUEUESMAX = 256, DFLT_MSGMAX = 10, DFLT_MSGSIZEMAX = 8192,
  HARD_MSGMAX = 65536, HARD_MSGSIZEMAX = 16 * 1024 * 1024;

// ---- sockets (include/linux/socket.h, net.h, asm-generic/socket.h): AF_UNIX socketpairs only ----
export const AF_UNIX = 1, AF_LOCAL = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5;
export const SOCK_NONBLOCK = O_NONBLOCK, SOCK_CLOEXEC = O_CLOEXEC;
export const SOL_SOCKET = 1, SO_TYPE = 3, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_PROTOCOL = 38, SO_DOMAIN = 39;
export const S_IFSOCK = 0o140000;
