/**
 * usys.ts — system-call stubs: what user space yields to enter the kernel.
 *
 * Mirrors: glibc's INLINE_SYSCALL / sysdeps/unix/sysv/linux/*.S — each stub only packs the
 * number and arguments; the caller does `const r = yield sys.getpid()` and gets the raw
 * kernel return value (negative errno on failure; the C library turns that into -1/errno).
 * `compute(ns)` is not a system call: it is user code burning CPU, preemptible at ticks.
 */

import { Req, NR_COMPUTE } from './req.js';
import { NR } from './syscalls.js';
import { PR_SET_NAME } from './uapi.js';
import type { CloneArgs } from './fork.js';
import type { SigAction, SigInfo, Context } from './task.js';
import type { KRusage, KTms } from './sys_rusage.js';
import type { KSysinfo } from './sys_sysinfo.js';
import type { Utsname } from './sys_uname.js';
import type { KStack } from './sigaltstack.js';
import type { Stat } from './file.js';
import type { Flock } from './locks.js';
import type { Dirent } from './namei.js';
import type { SchedParam } from './sys_sched.js';

export const sys = {
  compute: (ns: number) => new Req(NR_COMPUTE, ns),
  getpid: () => new Req(NR.getpid),
  gettid: () => new Req(NR.gettid),
  getppid: () => new Req(NR.getppid),
  sched_yield: () => new Req(NR.sched_yield),
  exit: (code: number) => new Req(NR.exit, code),
  exit_group: (code: number) => new Req(NR.exit_group, code),
  clone: (args: CloneArgs) => new Req(NR.clone, args),
  fork: (fn: (arg: any) => Context, arg?: unknown) => new Req(NR.fork, fn, arg),
  vfork: (fn: (arg: any) => Context, arg?: unknown) => new Req(NR.vfork, fn, arg),
  /** execve(fn, argv, filename): the new image is fn(argv); filename names it (ps, comm). */
  execve: (fn: (argv: any) => Context, argv: unknown, filename: string) => new Req(NR.execve, fn, argv, filename),
  /** execve of the file at `path` (exec.ts openExec): the new image is fn(argv, the file's image). */
  execveFile: (fn: (argv: any, image: unknown) => Context, argv: unknown, path: string) => new Req(NR.execve, fn, argv, path, undefined, true),
  // ---- credentials ----
  getuid: () => new Req(NR.getuid),
  geteuid: () => new Req(NR.geteuid),
  getgid: () => new Req(NR.getgid),
  getegid: () => new Req(NR.getegid),
  setuid: (uid: number) => new Req(NR.setuid, uid),
  setgid: (gid: number) => new Req(NR.setgid, gid),
  setreuid: (ruid: number, euid: number) => new Req(NR.setreuid, ruid, euid),
  setresuid: (r: number, e: number, s: number) => new Req(NR.setresuid, r, e, s),
  getresuid: (r: { value?: number } | null, e: { value?: number } | null, s: { value?: number } | null) => new Req(NR.getresuid, r, e, s),
  setresgid: (r: number, e: number, s: number) => new Req(NR.setresgid, r, e, s),
  getresgid: (r: { value?: number } | null, e: { value?: number } | null, s: { value?: number } | null) => new Req(NR.getresgid, r, e, s),
  wait4: (pid: number, status: { value: number } | null, options: number, ru: KRusage | null = null) => new Req(NR.wait4, pid, status, options, ru),
  /** waitid(idtype, id, info, options): 0 or -errno; info.value is SIGCHLD's siginfo (exit.ts sysWaitid). */
  waitid: (idtype: number, id: number, info: { value?: SigInfo } | null, options: number) => new Req(NR.waitid, idtype, id, info, options),
  set_tid_address: (addr: number) => new Req(NR.set_tid_address, addr),
  set_tls: (tls: unknown) => new Req(NR.arch_prctl, tls),
  set_name: (name: string) => new Req(NR.prctl, PR_SET_NAME, name),
  prctl: (option: number, arg2: number | string | { value?: number | string } | null) => new Req(NR.prctl, option, arg2),
  /** setrlimit(resource, {cur, max}) (Infinity: RLIM_INFINITY); a number sets both. */
  setrlimit: (resource: number, value: number | { cur: number; max: number }) => new Req(NR.setrlimit, resource, value),
  getrlimit: (resource: number, out: { value?: { cur: number; max: number } }) => new Req(NR.getrlimit, resource, out),
  prlimit: (pid: number, resource: number, nv: { cur: number; max: number } | null, old: { value?: { cur: number; max: number } } | null) =>
    new Req(NR.prlimit64, pid, resource, nv, old),
  /**
   * mmap(len, prot): an anonymous private mapping (prot is recorded nowhere: see sys_mm.ts);
   * with flags (MAP_SHARED / MAP_PRIVATE, MAP_ANONYMOUS) and a /dev/shm descriptor: sys_mmap.ts.
   */
  mmap: (len: number, prot?: number, flags?: number, fd?: number, off?: number) => new Req(NR.mmap, len, prot, flags, fd, off),
  mprotect: (addr: number, len: number, prot: number) => new Req(NR.mprotect, addr, len, prot),
  madvise: (addr: number, len: number, advice: number) => new Req(NR.madvise, addr, len, advice),
  clone3: (args: CloneArgs) => new Req(NR.clone3, args),
  rseq: (area: unknown, len: number, flags: number, sig: number) => new Req(NR.rseq, area, len, flags, sig),
  /** set_robust_list(head, len): head is the address of a struct robust_list_head (futex_robust.ts), len 24. */
  set_robust_list: (head: unknown, len: number) => new Req(NR.set_robust_list, head, len),
  /** get_robust_list(pid, out): out.head and out.len get the head pid registered (0: the caller). */
  get_robust_list: (pid: number, out: { head?: number; len?: number } | null) => new Req(NR.get_robust_list, pid, out),
  time: () => new Req(NR.time),
  munmap: (addr: number) => new Req(NR.munmap, addr),
  /** msync(addr, len, flags): msync.ts. */
  msync: (addr: number, len: number, flags: number) => new Req(NR.msync, addr, len, flags),
  /** mlock/munlock/mlockall/munlockall: mlock.ts (RLIMIT_MEMLOCK). */
  mlock: (addr: number, len: number) => new Req(NR.mlock, addr, len),
  munlock: (addr: number, len: number) => new Req(NR.munlock, addr, len),
  mlockall: (flags: number) => new Req(NR.mlockall, flags),
  munlockall: () => new Req(NR.munlockall),
  brk: (addr: number) => new Req(NR.brk, addr),
  /** clock_gettime(which): ns on the clock (default CLOCK_MONOTONIC); CPU clocks: posix_cpu_timers.ts. */
  clock_gettime: (which?: number) => new Req(NR.clock_gettime, which),
  /** getrusage(RUSAGE_SELF | RUSAGE_THREAD | RUSAGE_CHILDREN, out): times in ns (sys_rusage.ts). */
  getrusage: (who: number, out: KRusage) => new Req(NR.getrusage, who, out),
  times: (buf: KTms | null) => new Req(NR.times, buf),
  /** sysinfo(out): uptime, load averages, memory in bytes, task count (sys_sysinfo.ts). */
  sysinfo: (out: KSysinfo) => new Req(NR.sysinfo, out),
  /** uname(out): the machine's and kernel's names (sys_uname.ts). */
  uname: (out: Partial<Utsname>) => new Req(NR.uname, out),
  /** sched_setaffinity(pid, len, mask): mask is the cpu_set_t's first `len` bytes as a bigint (bit n: CPU n). */
  sched_setaffinity: (pid: number, len: number, mask: bigint) => new Req(NR.sched_setaffinity, pid, len, mask),
  /** sched_getaffinity(pid, len, out): the bytes the kernel wrote; out.value gets the mask. */
  sched_getaffinity: (pid: number, len: number, out: { value?: bigint }) => new Req(NR.sched_getaffinity, pid, len, out),
  getcpu: (cpu: { value?: number } | null, node: { value?: number } | null) => new Req(NR.getcpu, cpu, node),
  /** getpriority returns 20 - nice (1 … 40), as the system call does; setpriority takes the nice value. */
  getpriority: (which: number, who: number) => new Req(NR.getpriority, which, who),
  setpriority: (which: number, who: number, nice: number) => new Req(NR.setpriority, which, who, nice),
  // ---- scheduling policies (sys_sched.ts): param { sched_priority } ----
  sched_setscheduler: (pid: number, policy: number, param: SchedParam | null) => new Req(NR.sched_setscheduler, pid, policy, param),
  sched_getscheduler: (pid: number) => new Req(NR.sched_getscheduler, pid),
  sched_setparam: (pid: number, param: SchedParam | null) => new Req(NR.sched_setparam, pid, param),
  sched_getparam: (pid: number, out: { value?: SchedParam } | null) => new Req(NR.sched_getparam, pid, out),
  sched_get_priority_max: (policy: number) => new Req(NR.sched_get_priority_max, policy),
  sched_get_priority_min: (policy: number) => new Req(NR.sched_get_priority_min, policy),
  /** sched_rr_get_interval(pid, out): out.value is the slice in ns (0 for SCHED_FIFO). */
  sched_rr_get_interval: (pid: number, out: { value?: number } | null) => new Req(NR.sched_rr_get_interval, pid, out),
  sigaltstack: (ss: KStack | null, oss: KStack | null) => new Req(NR.sigaltstack, ss, oss),
  /** The lab's own: the top handler frame's interrupted call fails with EINTR rather than restart; 1 if it would have. */
  lab_sigframe_norestart: () => new Req(NR.lab_sigframe_norestart),
  kill: (pid: number, sig: number) => new Req(NR.kill, pid, sig),
  tkill: (tid: number, sig: number) => new Req(NR.tkill, tid, sig),
  tgkill: (tgid: number, tid: number, sig: number) => new Req(NR.tgkill, tgid, tid, sig),
  sigqueue: (pid: number, sig: number, value: unknown) => new Req(NR.rt_sigqueueinfo, pid, sig, value),
  /** rt_tgsigqueueinfo(tgid, tid, sig, value): tgkill carrying `value` (SI_QUEUE): pthread_sigqueue. */
  tgsigqueue: (tgid: number, tid: number, sig: number, value: unknown) => new Req(NR.rt_tgsigqueueinfo, tgid, tid, sig, value),
  /** rt_sigqueueinfo with a chosen si_code (glibc's __aio_sigqueue: SI_ASYNCIO). */
  rt_sigqueueinfo: (pid: number, sig: number, code: number, value: unknown) => new Req(NR.rt_sigqueueinfo, pid, sig, value, code),
  rt_sigaction: (sig: number, act: SigAction | null, old: { value?: SigAction } | null) => new Req(NR.rt_sigaction, sig, act, old),
  rt_sigprocmask: (how: number, set: bigint | null, old: { value?: bigint } | null) => new Req(NR.rt_sigprocmask, how, set, old),
  rt_sigpending: (out: { value?: bigint }) => new Req(NR.rt_sigpending, out),
  rt_sigsuspend: (mask: bigint) => new Req(NR.rt_sigsuspend, mask),
  rt_sigtimedwait: (set: bigint, info: { value?: SigInfo } | null, timeoutNs: number | null) => new Req(NR.rt_sigtimedwait, set, info, timeoutNs),
  pause: () => new Req(NR.pause),
  futex: (uaddr: number, op: number, val: number, timeoutNs: number | null = null, uaddr2 = 0, val3 = 0) =>
    new Req(NR.futex, uaddr, op, val, timeoutNs, uaddr2, val3),
  read: (fd: number, n: number) => new Req(NR.read, fd, n),
  write: (fd: number, data: string) => new Req(NR.write, fd, data),
  close: (fd: number) => new Req(NR.close, fd),
  dup: (fd: number) => new Req(NR.dup, fd),
  dup2: (oldfd: number, newfd: number) => new Req(NR.dup2, oldfd, newfd),
  dup3: (oldfd: number, newfd: number, flags: number) => new Req(NR.dup3, oldfd, newfd, flags),
  /** fstat(fd, out): out.value = { st_mode, st_blksize } (and the rest of a Stat for a file of the file system). */
  fstat: (fd: number, out: { value?: Stat } | null) => new Req(NR.fstat, fd, out),
  ioctl: (fd: number, cmd: number) => new Req(NR.ioctl, fd, cmd),
  /** fcntl(fd, cmd, arg): arg is a struct flock object for the lock commands (F_GETLK fills it in). */
  fcntl: (fd: number, cmd: number, arg: number | Flock = 0) => new Req(NR.fcntl, fd, cmd, arg),
  /** eventfd2(initval, flags): a descriptor whose read takes the 8-byte counter and whose write adds to it (eventfd.ts). */
  eventfd2: (initval: number, flags = 0) => new Req(NR.eventfd2, initval, flags),
  /** signalfd4(fd, mask, flags): a descriptor reading the caller's pending signals of `mask` (fd -1: a new one) (signalfd.ts). */
  signalfd4: (fd: number, mask: bigint, flags = 0) => new Req(NR.signalfd4, fd, mask, flags),
  /** timerfd_create(clock, flags), timerfd_settime(fd, flags, valueNs, intervalNs, old), timerfd_gettime(fd, out) (timerfd.ts). */
  timerfd_create: (clock: number, flags = 0) => new Req(NR.timerfd_create, clock, flags),
  timerfd_settime: (fd: number, flags: number, valueNs: number, intervalNs: number, old: { value?: number; interval?: number } | null = null) =>
    new Req(NR.timerfd_settime, fd, flags, valueNs, intervalNs, old),
  timerfd_gettime: (fd: number, out: { value?: number; interval?: number }) => new Req(NR.timerfd_gettime, fd, out),
  /** flock(fd, LOCK_SH | LOCK_EX | LOCK_UN [| LOCK_NB]) (locks.ts). */
  flock: (fd: number, op: number) => new Req(NR.flock, fd, op),
  pipe: (flags = 0) => new Req(NR.pipe2, flags),
  /** socketpair(AF_UNIX, type, 0): the two descriptors (af_unix.ts). */
  socketpair: (family: number, type: number, protocol: number) => new Req(NR.socketpair, family, type, protocol),
  /** getsockopt(fd, level, name, out): out.value the option's value. */
  getsockopt: (fd: number, level: number, name: number, out: { value?: number }) => new Req(NR.getsockopt, fd, level, name, out),
  setsockopt: (fd: number, level: number, name: number, value: number) => new Req(NR.setsockopt, fd, level, name, value),
  open: (path: string, flags = 0, mode = 0o666) => new Req(NR.open, path, flags, mode),
  // ---- files by name (kernel/open.ts, namei.ts); stat's out.value is a kernel Stat ----
  openat: (dirfd: number, path: string, flags = 0, mode = 0o666) => new Req(NR.openat, dirfd, path, flags, mode),
  creat: (path: string, mode = 0o666) => new Req(NR.creat, path, mode),
  lseek: (fd: number, offset: number, whence: number) => new Req(NR.lseek, fd, offset, whence),
  /** pread64(fd, n, offset): the data (string) or -errno; the file position does not move. */
  pread: (fd: number, n: number, offset: number) => new Req(NR.pread64, fd, n, offset),
  pwrite: (fd: number, data: string, offset: number) => new Req(NR.pwrite64, fd, data, offset),
  truncate: (path: string, len: number) => new Req(NR.truncate, path, len),
  /** getdents64(fd, out, count): out.value gets the entries that `count` bytes of linux_dirent64 hold; returns those bytes. */
  getdents64: (fd: number, out: { value?: Dirent[] } | null, count: number) => new Req(NR.getdents64, fd, out, count),
  stat: (path: string, out: { value?: Stat } | null) => new Req(NR.stat, path, out),
  lstat: (path: string, out: { value?: Stat } | null) => new Req(NR.lstat, path, out),
  fstatat: (dirfd: number, path: string, out: { value?: Stat } | null, flags = 0) => new Req(NR.newfstatat, dirfd, path, out, flags),
  access: (path: string, mode: number) => new Req(NR.access, path, mode),
  faccessat: (dirfd: number, path: string, mode: number, flags = 0) => new Req(NR.faccessat, dirfd, path, mode, flags),
  unlink: (path: string) => new Req(NR.unlink, path),
  unlinkat: (dirfd: number, path: string, flags = 0) => new Req(NR.unlinkat, dirfd, path, flags),
  rename: (oldpath: string, newpath: string) => new Req(NR.rename, oldpath, newpath),
  renameat: (olddirfd: number, oldpath: string, newdirfd: number, newpath: string) => new Req(NR.renameat, olddirfd, oldpath, newdirfd, newpath),
  mkdir: (path: string, mode = 0o777) => new Req(NR.mkdir, path, mode),
  mkdirat: (dirfd: number, path: string, mode = 0o777) => new Req(NR.mkdirat, dirfd, path, mode),
  /** fchownat(dirfd, path, uid, gid, flags) and fchown(fd, uid, gid): -1 keeps an id (open.ts chownInode). */
  fchownat: (dirfd: number, path: string, uid: number, gid: number, flags = 0) => new Req(NR.fchownat, dirfd, path, uid, gid, flags),
  fchown: (fd: number, uid: number, gid: number) => new Req(NR.fchown, fd, uid, gid),
  /** mknodat(dirfd, path, mode, dev): S_IFIFO (a named pipe: fifo.ts) or S_IFREG. */
  mknodat: (dirfd: number, path: string, mode: number, dev = 0) => new Req(NR.mknodat, dirfd, path, mode, dev),
  rmdir: (path: string) => new Req(NR.rmdir, path),
  ftruncate: (fd: number, len: number) => new Req(NR.ftruncate, fd, len),
  chdir: (path: string) => new Req(NR.chdir, path),
  /** getcwd(out, size): out.value is the path; returns its length + 1 (the NUL), as the system call does. */
  getcwd: (out: { value?: string }, size: number) => new Req(NR.getcwd, out, size),
  umask: (mask: number) => new Req(NR.umask, mask),
  chmod: (path: string, mode: number) => new Req(NR.chmod, path, mode),
  fchmod: (fd: number, mode: number) => new Req(NR.fchmod, fd, mode),
  fchmodat: (dirfd: number, path: string, mode: number) => new Req(NR.fchmodat, dirfd, path, mode),
  /** poll(fds, timeoutNs): timeoutNs < 0 waits forever, 0 never sleeps; fills each revents. */
  poll: (fds: { fd: number; events: number; revents?: number }[], timeoutNs: number) => new Req(NR.poll, fds, timeoutNs),
  /** select(nfds, readfds, writefds, exceptfds, timeoutNs | null): the sets are rewritten in place. */
  select: (nfds: number, readfds: Set<number> | null, writefds: Set<number> | null, exceptfds: Set<number> | null, timeoutNs: number | null) =>
    new Req(NR.select, nfds, readfds, writefds, exceptfds, timeoutNs),
  /**
   * pselect6(nfds, readfds, writefds, exceptfds, timeout, sigmask): select with the time left
   * written back into timeout.ns, and `sigmask` (if not null) the mask for the wait, swapped atomically.
   */
  pselect6: (nfds: number, readfds: Set<number> | null, writefds: Set<number> | null, exceptfds: Set<number> | null,
    timeout: { ns: number } | null, sigmask: bigint | null) => new Req(NR.pselect6, nfds, readfds, writefds, exceptfds, timeout, sigmask),
  /** nanosleep(ns, rem): on EINTR, rem.value is the time left. */
  nanosleep: (ns: number, rem: { value?: number } | null = null) => new Req(NR.nanosleep, ns, rem),
  alarm: (seconds: number) => new Req(NR.alarm, seconds),
  /** setitimer(which: ITIMER_REAL by default, VIRTUAL, PROF) in ns; `old` receives the previous {value, interval}. */
  setitimer: (valueNs: number, intervalNs: number, old: { value?: number; interval?: number } | null = null, which = 0) =>
    new Req(NR.setitimer, which, valueNs, intervalNs, old),
  getitimer: (out: { value?: number; interval?: number }, which = 0) => new Req(NR.getitimer, which, out),
  /** POSIX timers (posix_timers.ts): a sigevent {notify, signo, value, tid} or null; the id in out.value. */
  timer_create: (clock: number, ev: { notify: number; signo?: number; value?: unknown; tid?: number } | null, out: { value?: number }) =>
    new Req(NR.timer_create, clock, ev, out),
  /** timer_settime(id, flags (TIMER_ABSTIME 1), value, interval in ns, old {value, interval}). */
  timer_settime: (id: number, flags: number, valueNs: number, intervalNs: number, old: { value?: number; interval?: number } | null = null) =>
    new Req(NR.timer_settime, id, flags, valueNs, intervalNs, old),
  timer_gettime: (id: number, out: { value?: number; interval?: number }) => new Req(NR.timer_gettime, id, out),
  timer_getoverrun: (id: number) => new Req(NR.timer_getoverrun, id),
  timer_delete: (id: number) => new Req(NR.timer_delete, id),
  // ---- System V IPC (ipc/shm.ts, sem.ts, sem_ctl.ts, msg.ts): out-parameters are { value } ----
  shmget: (key: number, size: number, flg: number) => new Req(NR.shmget, key, size, flg),
  /** shmat(id, addr (null: the kernel picks), flg): the address. */
  shmat: (id: number, addr: number | null, flg: number) => new Req(NR.shmat, id, addr, flg),
  shmdt: (addr: number) => new Req(NR.shmdt, addr),
  /** shmctl(id, cmd, buf): IPC_STAT's buf is { value }, IPC_SET's { uid, gid, mode }. */
  shmctl: (id: number, cmd: number, buf: unknown) => new Req(NR.shmctl, id, cmd, buf),
  semget: (key: number, nsems: number, flg: number) => new Req(NR.semget, key, nsems, flg),
  semop: (id: number, sops: { sem_num: number; sem_op: number; sem_flg: number }[]) => new Req(NR.semop, id, sops),
  /** semtimedop(id, sops, timeoutNs): the timeout is relative (null: none). */
  semtimedop: (id: number, sops: { sem_num: number; sem_op: number; sem_flg: number }[], timeoutNs: number | null) =>
    new Req(NR.semtimedop, id, sops, timeoutNs),
  /** semctl(id, semnum, cmd, arg): SETVAL's value, SETALL's array, GETALL/IPC_STAT's { value }, IPC_SET's perm. */
  semctl: (id: number, semnum: number, cmd: number, arg?: unknown) => new Req(NR.semctl, id, semnum, cmd, arg),
  msgget: (key: number, flg: number) => new Req(NR.msgget, key, flg),
  /** msgsnd(id, mtype, text, flg): the text is the message's bytes, one char each. */
  msgsnd: (id: number, mtype: number, text: string, flg: number) => new Req(NR.msgsnd, id, mtype, text, flg),
  /** msgrcv(id, out, bufsz, msgtyp, flg): out.value = { mtype, mtext }; returns the bytes. */
  msgrcv: (id: number, out: { value?: { mtype: number; mtext: string } } | null, bufsz: number, msgtyp: number, flg: number) =>
    new Req(NR.msgrcv, id, out, bufsz, msgtyp, flg),
  msgctl: (id: number, cmd: number, buf: unknown) => new Req(NR.msgctl, id, cmd, buf),
  // ---- POSIX message queues (ipc/mqueue.ts): the name without glibc's leading '/' ----
  mq_open: (name: string, oflag: number, mode: number, attr: { mq_maxmsg?: number; mq_msgsize?: number } | null) =>
    new Req(NR.mq_open, name, oflag, mode, attr),
  mq_unlink: (name: string) => new Req(NR.mq_unlink, name),
  /** mq_timedsend(fd, data, prio, timeoutNs): relative timeout (null: none). */
  mq_timedsend: (fd: number, data: string, prio: number, timeoutNs: number | null) => new Req(NR.mq_timedsend, fd, data, prio, timeoutNs),
  mq_timedreceive: (fd: number, out: { value?: string } | null, len: number, prio: { value?: number } | null, timeoutNs: number | null) =>
    new Req(NR.mq_timedreceive, fd, out, len, prio, timeoutNs),
  mq_notify: (fd: number, ev: { notify: number; signo?: number; value?: unknown; tid?: number } | null) => new Req(NR.mq_notify, fd, ev),
  mq_getsetattr: (fd: number, nv: { mq_flags?: number } | null, old: { value?: unknown } | null) => new Req(NR.mq_getsetattr, fd, nv, old),
  // ---- process groups and sessions ----
  setpgid: (pid: number, pgid: number) => new Req(NR.setpgid, pid, pgid),
  getpgid: (pid: number) => new Req(NR.getpgid, pid),
  getpgrp: () => new Req(NR.getpgrp),
  setsid: () => new Req(NR.setsid),
  getsid: (pid: number) => new Req(NR.getsid, pid),
  /** Kernel threads only: sleep ns (or until woken when ns < 0). */
  schedule_timeout: (ns: number) => new Req(NR.schedule_timeout, ns),
  /** Any system call by number (for tests of bad numbers). */
  raw: (nr: number, a?: any, b?: any, c?: any, d?: any, e?: any, f?: any) => new Req(nr, a, b, c, d, e, f),
};
