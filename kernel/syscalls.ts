/**
 * syscalls.ts — the system-call table.
 *
 * Mirrors: arch/x86/entry/syscalls/syscall_64.tbl — one table, indexed by number, with the
 * x86-64 numbers. Entry and exit are charged by entry.ts (cost model `syscall`); each handler
 * adds the cost of its own work to k.extraCost. A handler returns a value (negative errno on
 * failure) or BLOCK after putting the caller to sleep; a sleeping call is re-entered with the
 * same arguments when the task runs again. `sigAware` handlers decide for themselves what a
 * signal wake-up means; for all others it means -ERESTARTSYS.
 *
 * Numbers ≥ 1000 are not Linux system calls: kernel-internal entry points that kernel threads
 * "call" (they are charged no entry cost: kernel threads never cross the boundary), and the
 * lab's own lab_sigframe_norestart, which the C loader's libraries call as a system call.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import * as S from './sys.js';
import * as G from './sys_signal.js';
import * as R from './sys_rlimit.js';
import { sysFutex } from './futex.js';
import { sysClone } from './fork.js';
import { sysPrctl } from './sys_prctl.js';
import { sysExecve } from './exec.js';
import { sysGetrusage } from './sys_rusage.js';
import { sysWait4, sysWaitid } from './exit.js';
import { sysRead, sysWrite, sysClose, sysDup, sysFcntl } from './file.js';
import { EXTRA_SYSCALLS } from './syscalls_io.js';
import { PROC_SYSCALLS } from './syscalls_proc.js';
import { MM_SYSCALLS } from './sys_mm.js';
import { MLOCK_SYSCALLS } from './mlock.js';
import { MSYNC_SYSCALLS } from './msync.js';
import { FS_SYSCALLS } from './syscalls_fs.js';
import { IPC_SYSCALLS } from './ipc/syscalls.js';
import { sysScheduleTimeout } from './kthread.js';
import { sysClockGettime } from './posix_cpu_timers.js';

export type SysFn = (k: Kernel, t: Task, a: any, b: any, c: any, d: any, e: any, f: any) => any;

export interface SyscallEntry {
  nr: number;
  name: string;
  fn: SysFn;
  sigAware?: boolean;
}

export const NR = {
  read: 0, write: 1, open: 2, close: 3, fstat: 5, poll: 7, mmap: 9, munmap: 11, brk: 12,
  rt_sigaction: 13, rt_sigprocmask: 14, ioctl: 16, select: 23, sched_yield: 24, pipe: 22, dup: 32,
  dup2: 33, dup3: 292, pause: 34, nanosleep: 35,
  getitimer: 36, alarm: 37, setitimer: 38, getpid: 39, clone: 56, fork: 57, vfork: 58,
  execve: 59, exit: 60, wait4: 61, waitid: 247, kill: 62, fcntl: 72, flock: 73, getrusage: 98, getppid: 110,
  rt_sigpending: 127, rt_sigtimedwait: 128, rt_sigqueueinfo: 129, rt_sigsuspend: 130,
  prctl: 157, arch_prctl: 158, setrlimit: 160, getrlimit: 97, prlimit64: 302, gettid: 186, tkill: 200, futex: 202,
  set_tid_address: 218, clock_gettime: 228, exit_group: 231, tgkill: 234, pipe2: 293, pselect6: 270, eventfd: 284, eventfd2: 290, signalfd: 282, signalfd4: 289, timerfd_create: 283, timerfd_settime: 286, timerfd_gettime: 287, rt_tgsigqueueinfo: 297, socketpair: 53, setsockopt: 54, getsockopt: 55,
  setpgid: 109, getpgrp: 111, setsid: 112, getpgid: 121, getsid: 124,
  uname: 63, times: 100, sysinfo: 99, getuid: 102, getgid: 104, setuid: 105, setgid: 106, geteuid: 107, getegid: 108, setreuid: 113,
  setresuid: 117, getresuid: 118, setresgid: 119, getresgid: 120, getpriority: 140, setpriority: 141,
  sigaltstack: 131, sched_setaffinity: 203, sched_getaffinity: 204, getcpu: 309,
  sched_setparam: 142, sched_getparam: 143, sched_setscheduler: 144, sched_getscheduler: 145,
  sched_get_priority_max: 146, sched_get_priority_min: 147, sched_rr_get_interval: 148,
  mprotect: 10, madvise: 28, msync: 26, mlock: 149, munlock: 150, mlockall: 151, munlockall: 152, time: 201, set_robust_list: 273, get_robust_list: 274, rseq: 334, clone3: 435,
  // files by name (syscalls_fs.ts)
  stat: 4, lstat: 6, lseek: 8, access: 21, truncate: 76, ftruncate: 77, getcwd: 79, chdir: 80,
  rename: 82, mkdir: 83, rmdir: 84, creat: 85, unlink: 87, umask: 95, openat: 257, mkdirat: 258,
  newfstatat: 262, unlinkat: 263, renameat: 264, faccessat: 269, pread64: 17, pwrite64: 18, getdents64: 217,
  chmod: 90, fchmod: 91, fchmodat: 268, mknod: 133, mknodat: 259, chown: 92, fchown: 93, lchown: 94, fchownat: 260,
  // System V IPC and POSIX message queues (ipc/syscalls.ts)
  shmget: 29, shmat: 30, shmctl: 31, semget: 64, semop: 65, semctl: 66, shmdt: 67, msgget: 68, msgsnd: 69,
  msgrcv: 70, msgctl: 71, semtimedop: 220, mq_open: 240, mq_unlink: 241, mq_timedsend: 242, mq_timedreceive: 243,
  mq_notify: 244, mq_getsetattr: 245,
  // POSIX timers (syscalls_io.ts → posix_timers.ts)
  timer_create: 222, timer_settime: 223, timer_gettime: 224, timer_getoverrun: 225, timer_delete: 226,
  // kernel-internal (kernel threads only)
  schedule_timeout: 1000, kthread_park: 1001,
  // the lab's own (no Linux number): signal.ts sysSigframeNorestart
  lab_sigframe_norestart: 1002,
} as const;

export function buildSyscallTable(): SyscallEntry[] {
  const table: SyscallEntry[] = [];
  const def = (nr: number, name: string, fn: SysFn, sigAware = false): void => {
    table[nr] = { nr, name, fn, sigAware };
  };
  def(NR.read, 'read', sysRead);
  def(NR.write, 'write', sysWrite, true); // FileOps.write decides (a partial pipe write returns its count)
  def(NR.close, 'close', sysClose);
  def(NR.dup, 'dup', sysDup);
  def(NR.fcntl, 'fcntl', sysFcntl);
  def(NR.mmap, 'mmap', S.sysMmap);
  def(NR.munmap, 'munmap', S.sysMunmap);
  def(NR.brk, 'brk', S.sysBrk);
  def(NR.rt_sigaction, 'rt_sigaction', G.sysSigaction);
  def(NR.rt_sigprocmask, 'rt_sigprocmask', G.sysSigprocmask);
  def(NR.sched_yield, 'sched_yield', S.sysSchedYield);
  def(NR.pause, 'pause', G.sysPause, true);
  def(NR.getpid, 'getpid', S.sysGetpid);
  def(NR.clone, 'clone', sysClone);
  def(NR.fork, 'fork', S.sysFork);
  def(NR.vfork, 'vfork', S.sysVfork);
  def(NR.execve, 'execve', sysExecve);
  def(NR.exit, 'exit', S.sysExit);
  def(NR.wait4, 'wait4', sysWait4, true); // do_wait reaps a child that died with the signal
  def(NR.waitid, 'waitid', sysWaitid, true);
  def(NR.kill, 'kill', G.sysKill);
  def(NR.getrusage, 'getrusage', sysGetrusage);
  def(NR.getppid, 'getppid', S.sysGetppid);
  def(NR.rt_sigpending, 'rt_sigpending', G.sysSigpending);
  def(NR.rt_sigtimedwait, 'rt_sigtimedwait', G.sysSigtimedwait, true);
  def(NR.rt_sigqueueinfo, 'rt_sigqueueinfo', G.sysSigqueue);
  def(NR.rt_sigsuspend, 'rt_sigsuspend', G.sysSigsuspend, true);
  def(NR.prctl, 'prctl', sysPrctl);
  def(NR.arch_prctl, 'arch_prctl', S.sysSetTls);
  def(NR.setrlimit, 'setrlimit', R.sysSetrlimit);
  def(NR.getrlimit, 'getrlimit', R.sysGetrlimit);
  def(NR.prlimit64, 'prlimit64', R.sysPrlimit);
  def(NR.gettid, 'gettid', S.sysGettid);
  def(NR.tkill, 'tkill', G.sysTkill);
  def(NR.futex, 'futex', sysFutex, true); // FUTEX_LOCK_PI leaves its rt_mutex on a signal (futex_pi.ts)
  def(NR.set_tid_address, 'set_tid_address', S.sysSetTidAddress);
  def(NR.clock_gettime, 'clock_gettime', sysClockGettime);
  def(NR.exit_group, 'exit_group', S.sysExitGroup);
  def(NR.tgkill, 'tgkill', G.sysTgkill);
  def(NR.rt_tgsigqueueinfo, 'rt_tgsigqueueinfo', G.sysTgsigqueueinfo);
  def(NR.schedule_timeout, 'schedule_timeout', sysScheduleTimeout, true);
  def(NR.lab_sigframe_norestart, 'lab_sigframe_norestart', G.sysSigframeNorestart);
  for (const e of EXTRA_SYSCALLS) def(e.nr, e.name, e.fn, e.sigAware ?? false);
  for (const e of PROC_SYSCALLS) def(e.nr, e.name, e.fn, e.sigAware ?? false);
  for (const e of MM_SYSCALLS) def(e.nr, e.name, e.fn, e.sigAware ?? false);
  for (const e of [...MLOCK_SYSCALLS, ...MSYNC_SYSCALLS]) def(e.nr, e.name, e.fn, e.sigAware ?? false);
  for (const e of FS_SYSCALLS) def(e.nr, e.name, e.fn, e.sigAware ?? false);
  for (const e of IPC_SYSCALLS) def(e.nr, e.name, e.fn, e.sigAware ?? false);
  return table;
}

/** Name of a system call number (for counters and traces). */
export function syscallName(k: Kernel, nr: number): string {
  return k.syscalls[nr]?.name ?? `syscall_${nr}`;
}
