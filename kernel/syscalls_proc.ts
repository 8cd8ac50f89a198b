/**
 * syscalls_proc.ts — table entries for the process-level calls of issue 16: process groups
 * and sessions (sys_pgrp.ts).
 *
 * The numbers are written out (x86-64 syscall_64.tbl) rather than read from syscalls.ts's NR,
 * because syscalls.ts imports this module: NR is not yet initialised when this one evaluates.
 * A test checks that each number equals NR's.
 */

import type { SyscallEntry } from './syscalls.js';
import { sysSetpgid, sysGetpgid, sysGetpgrp, sysSetsid, sysGetsid } from './sys_pgrp.js';

/** x86-64 numbers of the calls below (must equal NR's). */
export const NR_PROC = {
  setpgid: 109, getpgrp: 111, setsid: 112, getpgid: 121, getsid: 124,
} as const;

export const PROC_SYSCALLS: SyscallEntry[] = [
  { nr: NR_PROC.setpgid, name: 'setpgid', fn: sysSetpgid },
  { nr: NR_PROC.getpgrp, name: 'getpgrp', fn: sysGetpgrp },
  { nr: NR_PROC.setsid, name: 'setsid', fn: sysSetsid },
  { nr: NR_PROC.getpgid, name: 'getpgid', fn: sysGetpgid },
  { nr: NR_PROC.getsid, name: 'getsid', fn: sysGetsid },
];
