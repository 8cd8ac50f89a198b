/**
 * syscalls_proc.ts — table entries for the process-level calls of issue 16: process groups
 * and sessions (sys_pgrp.ts), credentials (sys_cred.ts), times (sys_rusage.ts), sysinfo
 * (sys_sysinfo.ts), uname (sys_uname.ts), nice values
 * (sys_prio.ts), scheduling policies (sys_sched.ts), the alternate signal stack (sigaltstack.ts); CPU affinity and getcpu
 * (sys_affinity.ts).
 *
 * The numbers are written out (x86-64 syscall_64.tbl) rather than read from syscalls.ts's NR,
 * because syscalls.ts imports this module: NR is not yet initialised when this one evaluates.
 * A test checks that each number equals NR's.
 */

import type { SyscallEntry } from './syscalls.js';
import { sysSetpgid, sysGetpgid, sysGetpgrp, sysSetsid, sysGetsid } from './sys_pgrp.js';
import * as C from './sys_cred.js';
import { sysTimes } from './sys_rusage.js';
import { sysSysinfo } from './sys_sysinfo.js';
import { sysNewuname } from './sys_uname.js';
import { sysGetpriority, sysSetpriority } from './sys_prio.js';
import { sysSigaltstack } from './sigaltstack.js';
import { sysSchedSetaffinity, sysSchedGetaffinity, sysGetcpu } from './sys_affinity.js';
import * as P from './sys_sched.js';

/** x86-64 numbers of the calls below (must equal NR's). */
export const NR_PROC = {
  setpgid: 109, getpgrp: 111, setsid: 112, getpgid: 121, getsid: 124,
  uname: 63, times: 100, sysinfo: 99, getuid: 102, getgid: 104, setuid: 105, setgid: 106, geteuid: 107, getegid: 108, setreuid: 113,
  setresuid: 117, getresuid: 118, setresgid: 119, getresgid: 120, getpriority: 140, setpriority: 141,
  sigaltstack: 131, sched_setaffinity: 203, sched_getaffinity: 204, getcpu: 309,
  sched_setparam: 142, sched_getparam: 143, sched_setscheduler: 144, sched_getscheduler: 145,
  sched_get_priority_max: 146, sched_get_priority_min: 147, sched_rr_get_interval: 148,
} as const;

export const PROC_SYSCALLS: SyscallEntry[] = [
  { nr: NR_PROC.setpgid, name: 'setpgid', fn: sysSetpgid },
  { nr: NR_PROC.getpgrp, name: 'getpgrp', fn: sysGetpgrp },
  { nr: NR_PROC.setsid, name: 'setsid', fn: sysSetsid },
  { nr: NR_PROC.getpgid, name: 'getpgid', fn: sysGetpgid },
  { nr: NR_PROC.getsid, name: 'getsid', fn: sysGetsid },
  { nr: NR_PROC.times, name: 'times', fn: sysTimes },
  { nr: NR_PROC.sysinfo, name: 'sysinfo', fn: sysSysinfo },
  { nr: NR_PROC.uname, name: 'uname', fn: sysNewuname },
  { nr: NR_PROC.getuid, name: 'getuid', fn: C.sysGetuid },
  { nr: NR_PROC.getgid, name: 'getgid', fn: C.sysGetgid },
  { nr: NR_PROC.setuid, name: 'setuid', fn: C.sysSetuid },
  { nr: NR_PROC.setgid, name: 'setgid', fn: C.sysSetgid },
  { nr: NR_PROC.geteuid, name: 'geteuid', fn: C.sysGeteuid },
  { nr: NR_PROC.getegid, name: 'getegid', fn: C.sysGetegid },
  { nr: NR_PROC.setreuid, name: 'setreuid', fn: C.sysSetreuid },
  { nr: NR_PROC.setresuid, name: 'setresuid', fn: C.sysSetresuid },
  { nr: NR_PROC.getresuid, name: 'getresuid', fn: C.sysGetresuid },
  { nr: NR_PROC.setresgid, name: 'setresgid', fn: C.sysSetresgid },
  { nr: NR_PROC.getresgid, name: 'getresgid', fn: C.sysGetresgid },
  { nr: NR_PROC.getpriority, name: 'getpriority', fn: sysGetpriority },
  { nr: NR_PROC.setpriority, name: 'setpriority', fn: sysSetpriority },
  { nr: NR_PROC.sigaltstack, name: 'sigaltstack', fn: sysSigaltstack },
  { nr: NR_PROC.sched_setaffinity, name: 'sched_setaffinity', fn: sysSchedSetaffinity },
  { nr: NR_PROC.sched_getaffinity, name: 'sched_getaffinity', fn: sysSchedGetaffinity },
  { nr: NR_PROC.getcpu, name: 'getcpu', fn: sysGetcpu },
  { nr: NR_PROC.sched_setparam, name: 'sched_setparam', fn: P.sysSchedSetparam },
  { nr: NR_PROC.sched_getparam, name: 'sched_getparam', fn: P.sysSchedGetparam },
  { nr: NR_PROC.sched_setscheduler, name: 'sched_setscheduler', fn: P.sysSchedSetscheduler },
  { nr: NR_PROC.sched_getscheduler, name: 'sched_getscheduler', fn: P.sysSchedGetscheduler },
  { nr: NR_PROC.sched_get_priority_max, name: 'sched_get_priority_max', fn: P.sysSchedGetPriorityMax },
  { nr: NR_PROC.sched_get_priority_min, name: 'sched_get_priority_min', fn: P.sysSchedGetPriorityMin },
  { nr: NR_PROC.sched_rr_get_interval, name: 'sched_rr_get_interval', fn: P.sysSchedRrGetInterval },
];
