/**
 * include.ts — the C library's headers for programs: <errno.h>, <signal.h>, <sys/wait.h>,
 * <sys/resource.h>, <fcntl.h>, <poll.h> constants and macros, plus strerror/strsignal.
 *
 * Mirrors: glibc's own copies of the kernel's values (bits/signum.h, bits/errno.h,
 * bits/waitflags.h, bits/waitstatus.h ...): a C library ships its headers, it does not read
 * the kernel's. This file imports nothing, so a program that imports its constants (through
 * libs/api.ts) loads no kernel code; test/conformance/layering.test.ts checks every value
 * against kernel/uapi.ts. SIGRTMIN is not here: it depends on the library (`libc.SIGRTMIN`),
 * as glibc's SIGRTMIN is a function call, not a constant.
 */

// ---- <errno.h> ----
export const EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
  ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
  EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25,
  ESPIPE = 29, EPIPE = 32, ERANGE = 34, EDEADLK = 35, ENOSYS = 38, EOVERFLOW = 75, ENOTSUP = 95,
  ETIMEDOUT = 110;
export const EXDEV = 18, ENOTDIR = 20, EISDIR = 21, EFBIG = 27, ENOSPC = 28, ENAMETOOLONG = 36, ENOTEMPTY = 39, ELOOP = 40;
export const ENOMSG = 42, EIDRM = 43, EMSGSIZE = 90;
export const ENOTSOCK = 88, ENOPROTOOPT = 92, EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94, EAFNOSUPPORT = 97, ECONNREFUSED = 111;

const ERRNO_TEXT: Record<number, [string, string]> = {
  [EPERM]: ['EPERM', 'Operation not permitted'], [ENOENT]: ['ENOENT', 'No such file or directory'],
  [ESRCH]: ['ESRCH', 'No such process'], [EINTR]: ['EINTR', 'Interrupted system call'],
  [EACCES]: ['EACCES', 'Permission denied'], [ENOEXEC]: ['ENOEXEC', 'Exec format error'],
  [EIO]: ['EIO', 'Input/output error'], [EBADF]: ['EBADF', 'Bad file descriptor'],
  [ECHILD]: ['ECHILD', 'No child processes'], [EAGAIN]: ['EAGAIN', 'Resource temporarily unavailable'],
  [ENOMEM]: ['ENOMEM', 'Cannot allocate memory'], [EFAULT]: ['EFAULT', 'Bad address'],
  [EBUSY]: ['EBUSY', 'Device or resource busy'], [EINVAL]: ['EINVAL', 'Invalid argument'],
  [EMFILE]: ['EMFILE', 'Too many open files'], [EPIPE]: ['EPIPE', 'Broken pipe'],
  [EDEADLK]: ['EDEADLK', 'Resource deadlock avoided'], [ENOSYS]: ['ENOSYS', 'Function not implemented'],
  [ETIMEDOUT]: ['ETIMEDOUT', 'Connection timed out'], [ENOTTY]: ['ENOTTY', 'Inappropriate ioctl for device'],
  [EXDEV]: ['EXDEV', 'Invalid cross-device link'], [ENOTDIR]: ['ENOTDIR', 'Not a directory'],
  [EISDIR]: ['EISDIR', 'Is a directory'], [EFBIG]: ['EFBIG', 'File too large'], [ENOSPC]: ['ENOSPC', 'No space left on device'],
  [ENAMETOOLONG]: ['ENAMETOOLONG', 'File name too long'], [ENOTEMPTY]: ['ENOTEMPTY', 'Directory not empty'],
  [ELOOP]: ['ELOOP', 'Too many levels of symbolic links'],
  [EOVERFLOW]: ['EOVERFLOW', 'Value too large for defined data type'], [ERANGE]: ['ERANGE', 'Numerical result out of range'],
  [ENXIO]: ['ENXIO', 'No such device or address'], [E2BIG]: ['E2BIG', 'Argument list too long'],
  [EEXIST]: ['EEXIST', 'File exists'], [ENODEV]: ['ENODEV', 'No such device'],
  [ENFILE]: ['ENFILE', 'Too many open files in system'], [ESPIPE]: ['ESPIPE', 'Illegal seek'],
  [ENOTSUP]: ['ENOTSUP', 'Operation not supported'],
  [ENOMSG]: ['ENOMSG', 'No message of desired type'], [EIDRM]: ['EIDRM', 'Identifier removed'],
  [EMSGSIZE]: ['EMSGSIZE', 'Message too long'],
  [ENOTSOCK]: ['ENOTSOCK', 'Socket operation on non-socket'], [ENOPROTOOPT]: ['ENOPROTOOPT', 'Protocol not available'],
  [EPROTONOSUPPORT]: ['EPROTONOSUPPORT', 'Protocol not supported'], [ESOCKTNOSUPPORT]: ['ESOCKTNOSUPPORT', 'Socket type not supported'],
  [EAFNOSUPPORT]: ['EAFNOSUPPORT', 'Address family not supported by protocol'], [ECONNREFUSED]: ['ECONNREFUSED', 'Connection refused'],
};

/** strerror(e): "Resource deadlock avoided". */
export function strerror(e: number): string {
  return ERRNO_TEXT[Math.abs(e)]?.[1] ?? `Unknown error ${Math.abs(e)}`;
}

/** The symbolic name of an errno value: "EDEADLK". */
export function errname(e: number): string {
  return ERRNO_TEXT[Math.abs(e)]?.[0] ?? `E${Math.abs(e)}`;
}

// ---- <signal.h> ----
export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
  SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
  SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19,
  SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25,
  SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31;
export const SIGRTMAX = 64;
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SA_ONSTACK = 0x08000000;
export const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
/** sigaltstack's ss_flags and sizes. */
export const SS_ONSTACK = 1, SS_DISABLE = 2, MINSIGSTKSZ = 2048, SIGSTKSZ = 8192;
/** siginfo_t.si_code: who sent the signal (SI_*) or, for SIGCHLD, what the child did (CLD_*). */
export const SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_MESGQ = -3,
  SI_ASYNCIO = -4, SI_SIGIO = -5, SI_TKILL = -6;
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_TRAPPED = 4, CLD_STOPPED = 5,
  CLD_CONTINUED = 6;

const SIGNAL_NAMES = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE',
  'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT',
  'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU',
  'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];

/** The name of a signal: "SIGUSR1", "SIGRT2" for 34. */
export function signame(sig: number): string {
  if (sig >= 1 && sig < SIGNAL_NAMES.length) return SIGNAL_NAMES[sig];
  if (sig >= 32 && sig <= SIGRTMAX) return `SIGRT${sig - 32}`;
  return `SIG${sig}`;
}

// ---- <linux/futex.h>: syscall(SYS_futex, ...)'s operations (Libc.futex) ----
export const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4;
export const FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_BITSET_MATCH_ANY = -1;

// ---- <sched.h>: clone's flags (Libc.clone) ----
export const CSIGNAL = 0x000000ff, CLONE_VM = 0x00000100, CLONE_FS = 0x00000200, CLONE_FILES = 0x00000400,
  CLONE_SIGHAND = 0x00000800, CLONE_VFORK = 0x00004000, CLONE_PARENT = 0x00008000, CLONE_THREAD = 0x00010000,
  CLONE_SYSVSEM = 0x00040000, CLONE_SETTLS = 0x00080000, CLONE_PARENT_SETTID = 0x00100000,
  CLONE_CHILD_CLEARTID = 0x00200000, CLONE_CHILD_SETTID = 0x01000000;

// ---- <sys/wait.h> ----
export const WNOHANG = 0x00000001;
export const WUNTRACED = 0x00000002;
export const WCONTINUED = 0x00000008;
export const __WALL = 0x40000000;
export const __WCLONE = 0x80000000 | 0;
export const WIFEXITED = (s: number): boolean => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number): number => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number): boolean => ((s & 0x7f) + 1) >> 1 > 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number): number => s & 0x7f;
export const WCOREDUMP = (s: number): boolean => (s & 0x80) !== 0;
export const WIFSTOPPED = (s: number): boolean => (s & 0xff) === 0x7f;
export const WSTOPSIG = (s: number): number => (s >> 8) & 0xff;
/** A child continued by SIGCONT (waitpid with WCONTINUED reports status 0xffff). */
export const WIFCONTINUED = (s: number): boolean => s === 0xffff;


// ---- <sys/mman.h> ----
export const MADV_DONTNEED = 4;

// ---- <sys/prctl.h> (linux/prctl.h) ----
export const PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4,
  PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS = 8, PR_SET_NAME = 15, PR_GET_NAME = 16, PR_SET_TIMERSLACK = 29,
  PR_GET_TIMERSLACK = 30, PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37,
  PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39;
// ---- <sys/resource.h>, <sys/times.h> ----
export const RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;
export const PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;
/** <sys/resource.h> getrlimit/setrlimit resources (Linux's numbers); RLIM_INFINITY is Infinity. */
export const RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4,
  RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9,
  RLIMIT_LOCKS = 10, RLIMIT_SIGPENDING = 11, RLIMIT_MSGQUEUE = 12, RLIMIT_NICE = 13,
  RLIMIT_RTPRIO = 14, RLIMIT_RTTIME = 15, RLIM_NLIMITS = 16, RLIM_INFINITY = Infinity;
// ---- <sched.h>, <pthread.h> scheduling ----
/** Policies (bits/sched.h); SCHED_RESET_ON_FORK is or'ed into sched_setscheduler's policy. */
export const SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5;
export const SCHED_RESET_ON_FORK = 0x40000000;
/** sysconf(_SC_CLK_TCK): the unit of times()'s clock_t values. */
export const CLK_TCK = 100;
/** <time.h> clocks: CLOCK_MONOTONIC is what clock_gettime() reads by default; the CPU-time clocks read the kernel's accounting. */
export const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;
/** <signal.h> sigev_notify values (SIGEV_THREAD_ID is Linux's, or'd with SIGEV_SIGNAL) and timer_settime's TIMER_ABSTIME. */
export const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4, TIMER_ABSTIME = 1;

// ---- <fcntl.h>, <poll.h> ----
export const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 0o4000;
export const F_GETFL = 3, F_SETFL = 4;
export const O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000, O_APPEND = 0o2000, O_DIRECTORY = 0o200000,
  O_CLOEXEC = 0o2000000;
export const F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;
/** Record locks (struct flock: fcntl's F_GETLK/F_SETLK/F_SETLKW and the F_OFD_ forms) and <sys/file.h>'s flock operations. */
export const F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
export const F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
export const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
/** <sys/eventfd.h> */
export const EFD_SEMAPHORE = 1, EFD_CLOEXEC = 0o2000000, EFD_NONBLOCK = 0o4000;
/** <sys/signalfd.h> */
export const SFD_CLOEXEC = 0o2000000, SFD_NONBLOCK = 0o4000;
/** <sys/timerfd.h> */
export const TFD_CLOEXEC = 0o2000000, TFD_NONBLOCK = 0o4000, TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;
// ---- <unistd.h>, <sys/stat.h> ----
export const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
export const F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4;
export const AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EACCESS = 0x200;
export const S_IFMT = 0o170000, S_IFIFO = 0o010000, S_IFCHR = 0o020000, S_IFDIR = 0o040000, S_IFREG = 0o100000;
export const S_ISREG = (m: number): boolean => (m & S_IFMT) === S_IFREG;
export const S_ISDIR = (m: number): boolean => (m & S_IFMT) === S_IFDIR;
/** <dirent.h> d_type values. */
export const DT_UNKNOWN = 0, DT_DIR = 4, DT_REG = 8;
export const POLLIN = 0x001, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010, POLLNVAL = 0x020;

// ---- <sys/mman.h>: msync's and mlockall's flags, MAP_LOCKED ----
export const MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4, MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4,
  MAP_LOCKED = 0x2000;
/**
 * Where a process's data segment starts in the kernel's address space (i386's 0x08048000): a C
 * program's own memory (heap, globals, C stacks) is that segment, so the C host names byte `a`
 * of it as USER_BASE + a when the kernel must judge a range (mlock, msync).
 */
export const USER_BASE = 0x08048000;

// ---- <sys/ipc.h>, <sys/shm.h>, <sys/sem.h>, <sys/msg.h>, <mqueue.h> (Linux's values) ----
export const IPC_PRIVATE = 0, IPC_CREAT = 0o1000, IPC_EXCL = 0o2000, IPC_NOWAIT = 0o4000;
export const IPC_RMID = 0, IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3;
export const SHM_RDONLY = 0o10000, SHM_RND = 0o20000, SHM_REMAP = 0o40000, SHM_EXEC = 0o100000;
export const SHM_DEST = 0o1000, SHM_LOCKED = 0o2000, SHM_LOCK = 11, SHM_UNLOCK = 12;
export const GETPID = 11, GETVAL = 12, GETALL = 13, GETNCNT = 14, GETZCNT = 15, SETVAL = 16, SETALL = 17, SEM_UNDO = 0x1000;
export const SEM_STAT = 18, SEM_INFO = 19, SEM_STAT_ANY = 20, SHM_STAT = 13, SHM_INFO = 14, SHM_STAT_ANY = 15;
export const MSG_NOERROR = 0o10000, MSG_EXCEPT = 0o20000, MSG_COPY = 0o40000, MSG_STAT = 11, MSG_INFO = 12, MSG_STAT_ANY = 13;
export const SEMVMX = 32767, SEMMSL = 32000, SEMOPM = 500, MSGMAX = 8192, MSGMNB = 16384, MQ_PRIO_MAX = 32768;

/** Sockets (kernel/af_unix.ts: AF_UNIX socketpairs): families, types, SOL_SOCKET options. */
export const AF_UNIX = 1, AF_LOCAL = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5,
  SOCK_NONBLOCK = 0o4000, SOCK_CLOEXEC = 0o2000000;
export const SOL_SOCKET = 1, SO_TYPE = 3, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_PROTOCOL = 38, SO_DOMAIN = 39;
