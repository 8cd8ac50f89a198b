/**
 * ipc/syscalls.ts — table entries for System V IPC (shm.ts, sem.ts, sem_ctl.ts, msg.ts) and
 * POSIX message queues (mqueue.ts), with the x86-64 numbers of syscall_64.tbl.
 *
 * The numbers are written out rather than read from syscalls.ts's NR, because syscalls.ts
 * imports this module (see syscalls_io.ts); a test checks that each number equals NR's.
 * semop/semtimedop, msgsnd/msgrcv and mq_timedsend/mq_timedreceive are sigAware: they decide
 * what a signal wake-up means themselves (semop EINTR, never restarted; msgsnd/msgrcv
 * -ERESTARTNOHAND; the mqueue calls -ERESTARTSYS).
 */

import type { SyscallEntry } from '../syscalls.js';
import { sysShmget, sysShmat, sysShmdt, sysShmctl } from './shm.js';
import { sysSemget, sysSemop, sysSemtimedop } from './sem.js';
import { sysSemctl } from './sem_ctl.js';
import { sysMsgget, sysMsgsnd, sysMsgrcv, sysMsgctl } from './msg.js';
import { sysMqOpen, sysMqUnlink, sysMqTimedsend, sysMqTimedreceive, sysMqNotify, sysMqGetsetattr } from './mqueue.js';

/** x86-64 numbers of the calls below (must equal NR's). */
export const NR_IPC = {
  shmget: 29, shmat: 30, shmctl: 31, semget: 64, semop: 65, semctl: 66, shmdt: 67, msgget: 68, msgsnd: 69,
  msgrcv: 70, msgctl: 71, semtimedop: 220, mq_open: 240, mq_unlink: 241, mq_timedsend: 242, mq_timedreceive: 243,
  mq_notify: 244, mq_getsetattr: 245,
} as const;

export const IPC_SYSCALLS: SyscallEntry[] = [
  { nr: NR_IPC.shmget, name: 'shmget', fn: sysShmget },
  { nr: NR_IPC.shmat, name: 'shmat', fn: sysShmat },
  { nr: NR_IPC.shmctl, name: 'shmctl', fn: sysShmctl },
  { nr: NR_IPC.shmdt, name: 'shmdt', fn: sysShmdt },
  { nr: NR_IPC.semget, name: 'semget', fn: sysSemget },
  { nr: NR_IPC.semop, name: 'semop', fn: sysSemop, sigAware: true },
  { nr: NR_IPC.semtimedop, name: 'semtimedop', fn: sysSemtimedop, sigAware: true },
  { nr: NR_IPC.semctl, name: 'semctl', fn: sysSemctl },
  { nr: NR_IPC.msgget, name: 'msgget', fn: sysMsgget },
  { nr: NR_IPC.msgsnd, name: 'msgsnd', fn: sysMsgsnd, sigAware: true },
  { nr: NR_IPC.msgrcv, name: 'msgrcv', fn: sysMsgrcv, sigAware: true },
  { nr: NR_IPC.msgctl, name: 'msgctl', fn: sysMsgctl },
  { nr: NR_IPC.mq_open, name: 'mq_open', fn: sysMqOpen },
  { nr: NR_IPC.mq_unlink, name: 'mq_unlink', fn: sysMqUnlink },
  { nr: NR_IPC.mq_timedsend, name: 'mq_timedsend', fn: sysMqTimedsend, sigAware: true },
  { nr: NR_IPC.mq_timedreceive, name: 'mq_timedreceive', fn: sysMqTimedreceive, sigAware: true },
  { nr: NR_IPC.mq_notify, name: 'mq_notify', fn: sysMqNotify },
  { nr: NR_IPC.mq_getsetattr, name: 'mq_getsetattr', fn: sysMqGetsetattr },
];
