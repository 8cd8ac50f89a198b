/**
 * sys_uname.ts — uname(2): the name of the machine and of its kernel.
 *
 * Mirrors: kernel/sys.c newuname (a copy of the task's UTS namespace's struct new_utsname,
 * include/uapi/linux/utsname.h: six strings of at most 64 characters), with init_uts_ns's
 * values (init/version.c: UTS_SYSNAME "Linux", UTS_NODENAME and UTS_DOMAINNAME "(none)"
 * unless set). The lab's machine is a fixed one, the same in every run:
 *   sysname    "Linux"
 *   nodename   "threadlab" (a booted system's hostname)
 *   release    "6.18.0-threadlab" (the kernel the scheduler follows: Linux 6.18's fair.c)
 *   version    "#1 SMP PREEMPT_DYNAMIC threadlab"
 *   machine    "x86_64" (the numbers in syscalls.ts are x86-64's)
 *   domainname "(none)"
 * Simplifies: one UTS namespace, and no sethostname/setdomainname (the program runs as a user,
 * who may not set them: EPERM natively).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { EFAULT } from './uapi.js';

/** struct new_utsname (__NEW_UTS_LEN 64: each field 65 bytes with its NUL). */
export interface Utsname {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
  domainname: string;
}

/** init_uts_ns as the lab boots it. */
export const LAB_UTSNAME: Readonly<Utsname> = Object.freeze({
  sysname: 'Linux',
  nodename: 'threadlab',
  release: '6.18.0-threadlab',
  version: '#1 SMP PREEMPT_DYNAMIC threadlab',
  machine: 'x86_64',
  domainname: '(none)',
});

/** newuname(out): the fields copied into `out`. */
export function sysNewuname(k: Kernel, t: Task, out: Partial<Utsname> | null): number {
  if (out === null) return -EFAULT; // copy_to_user to a null buffer
  Object.assign(out, LAB_UTSNAME);
  return 0;
}
