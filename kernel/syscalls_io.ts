/**
 * syscalls_io.ts — table entries for pipes, poll/select, sleeping and timers, the slow
 * device, flock (locks.ts), AF_UNIX socketpair and its socket options (af_unix.ts), eventfd (eventfd.ts), signalfd (signalfd.ts), timerfd (timerfd.ts), fstat/ioctl/dup2 (their handlers live in pipe.ts, poll.ts, time.ts, dev_slow.ts and
 * file.ts), and the POSIX timers (posix_timers.ts).
 *
 * The numbers are written out (x86-64 syscall_64.tbl) rather than read from syscalls.ts's NR,
 * because syscalls.ts imports this module: NR is not yet initialised when this one evaluates.
 * A test checks that each number equals NR's.
 *
 * sigAware entries decide for themselves what a signal wake-up means: poll, select and
 * nanosleep return -ERESTARTNOHAND with a restart_block-style absolute expiry in a spare
 * argument slot (EINTR after a handler, restarted for the time left otherwise).
 */

import type { SyscallEntry } from './syscalls.js';
import { sysPipe, sysPipe2 } from './pipe.js';
import { sysPoll, sysSelect, sysPselect6 } from './poll.js';
import { sysNanosleep, sysAlarm, sysSetitimer, sysGetitimer } from './time.js';
import { sysOpen } from './dev_slow.js';
import * as PT from './posix_timers.js';
import { sysFstat, sysIoctl, sysDup2, sysDup3 } from './file.js';
import { sysFlock } from './locks.js';
import { sysEventfd, sysEventfd2 } from './eventfd.js';
import { sysSignalfd, sysSignalfd4 } from './signalfd.js';
import { sysTimerfdCreate, sysTimerfdSettime, sysTimerfdGettime } from './timerfd.js';
import { sysSocketpair, sysGetsockopt, sysSetsockopt } from './af_unix.js';

/** x86-64 numbers of the calls below (must equal NR's). */
export const NR_IO = {
  open: 2, fstat: 5, poll: 7, ioctl: 16, pipe: 22, select: 23, dup2: 33, dup3: 292, nanosleep: 35,
  getitimer: 36, alarm: 37, setitimer: 38, pipe2: 293, flock: 73, pselect6: 270, eventfd: 284, eventfd2: 290, signalfd: 282, signalfd4: 289, timerfd_create: 283, timerfd_settime: 286, timerfd_gettime: 287,
  socketpair: 53, setsockopt: 54, getsockopt: 55,
  timer_create: 222, timer_settime: 223, timer_gettime: 224, timer_getoverrun: 225, timer_delete: 226,
} as const;

export const EXTRA_SYSCALLS: SyscallEntry[] = [
  { nr: NR_IO.open, name: 'open', fn: sysOpen, sigAware: true }, // fifo.ts: a waiting open undoes itself on a signal
  { nr: NR_IO.poll, name: 'poll', fn: sysPoll, sigAware: true },
  { nr: NR_IO.pipe, name: 'pipe', fn: sysPipe },
  { nr: NR_IO.socketpair, name: 'socketpair', fn: sysSocketpair },
  { nr: NR_IO.setsockopt, name: 'setsockopt', fn: sysSetsockopt },
  { nr: NR_IO.getsockopt, name: 'getsockopt', fn: sysGetsockopt },
  { nr: NR_IO.select, name: 'select', fn: sysSelect, sigAware: true },
  { nr: NR_IO.pselect6, name: 'pselect6', fn: sysPselect6, sigAware: true },
  { nr: NR_IO.nanosleep, name: 'nanosleep', fn: sysNanosleep, sigAware: true },
  { nr: NR_IO.getitimer, name: 'getitimer', fn: sysGetitimer },
  { nr: NR_IO.alarm, name: 'alarm', fn: sysAlarm },
  { nr: NR_IO.setitimer, name: 'setitimer', fn: sysSetitimer },
  { nr: NR_IO.pipe2, name: 'pipe2', fn: sysPipe2 },
  { nr: NR_IO.fstat, name: 'fstat', fn: sysFstat },
  { nr: NR_IO.ioctl, name: 'ioctl', fn: sysIoctl },
  { nr: NR_IO.dup2, name: 'dup2', fn: sysDup2 },
  { nr: NR_IO.dup3, name: 'dup3', fn: sysDup3 },
  { nr: NR_IO.flock, name: 'flock', fn: sysFlock },
  { nr: NR_IO.eventfd, name: 'eventfd', fn: sysEventfd },
  { nr: NR_IO.eventfd2, name: 'eventfd2', fn: sysEventfd2 },
  { nr: NR_IO.signalfd, name: 'signalfd', fn: sysSignalfd },
  { nr: NR_IO.signalfd4, name: 'signalfd4', fn: sysSignalfd4 },
  { nr: NR_IO.timerfd_create, name: 'timerfd_create', fn: sysTimerfdCreate },
  { nr: NR_IO.timerfd_settime, name: 'timerfd_settime', fn: sysTimerfdSettime },
  { nr: NR_IO.timerfd_gettime, name: 'timerfd_gettime', fn: sysTimerfdGettime },
  { nr: NR_IO.timer_create, name: 'timer_create', fn: PT.sysTimerCreate },
  { nr: NR_IO.timer_settime, name: 'timer_settime', fn: PT.sysTimerSettime },
  { nr: NR_IO.timer_gettime, name: 'timer_gettime', fn: PT.sysTimerGettime },
  { nr: NR_IO.timer_getoverrun, name: 'timer_getoverrun', fn: PT.sysTimerGetoverrun },
  { nr: NR_IO.timer_delete, name: 'timer_delete', fn: PT.sysTimerDelete },
];
