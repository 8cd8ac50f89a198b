/**
 * ipc.test.ts — C programs using System V IPC and POSIX message queues (<sys/shm.h>,
 * <sys/sem.h>, <sys/msg.h>, <mqueue.h>: clib/runtime/ipc.c, clib/host/ipc.ts, kernel/ipc/) on
 * every library. Each expected output is test/c/ipc/NAME.out: what the program printed built
 * with gcc 12 + glibc 2.36 on this machine's Linux 6.18, run as uid 1000 (`setpriv --reuid=1000
 * --regid=1000 --clear-groups`), since the lab runs programs as the user "student" (1000) and
 * root's answers differ (CAP_SYS_RESOURCE lifts the mqueue limits, CAP_IPC_OWNER the modes);
 * ipc_ls.c, which prints ids, ran in a fresh IPC namespace (`unshare --ipc`), as each lab run is.
 *
 * The programs synchronise every print, so real concurrency prints the same lines; each is a
 * single-threaded process (fork), so no library is meant to differ.
 */

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, ROOT } from './c-helpers.js';

const COMPILE = 180_000;
const expected = (name: string): string => readFileSync(resolve(ROOT, 'test/c/ipc', `${name}.out`), 'utf8');

describe.each(libraryNames())('System V IPC and POSIX message queues from C on %s', (lib) => {
  it('shm_prodcons.c: a fork child produces into a shared-memory ring guarded by three SysV semaphores; IPC_STAT; IPC_RMID waits for the last shmdt', async () => {
    const r = await runC('test/c/ipc/shm_prodcons.c', lib, [], { cpus: 2 });
    expect(r.stdout).toBe(expected('shm_prodcons'));
    expect(r.exitCode).toBe(0);
  }, COMPILE);

  it('msg_server.c: clients get only their own answer (mtype = pid); IPC_STAT after; EINVAL after IPC_RMID', async () => {
    const r = await runC('test/c/ipc/msg_server.c', lib, [], { cpus: 2 });
    expect(r.stdout).toBe(expected('msg_server'));
  }, COMPILE);

  it('msg_types.c: msgtyp 0, > 0, < 0, MSG_EXCEPT; E2BIG, MSG_NOERROR, ENOMSG, EAGAIN on a small queue; a receiver waiting for its type', async () => {
    const r = await runC('test/c/ipc/msg_types.c', lib);
    expect(r.stdout).toBe(expected('msg_types'));
  }, COMPILE);

  it('sem_undo.c: SEM_UNDO given back when a child is killed; GETNCNT; SETVAL with an int; semtimedop EAGAIN/EINVAL; EINTR despite SA_RESTART; EIDRM to a sleeper', async () => {
    const r = await runC('test/c/ipc/sem_undo.c', lib, [], { cpus: 2 });
    expect(r.stdout).toBe(expected('sem_undo'));
  }, COMPILE);

  it('mq_prio.c: defaults 10/8192, priorities, ETIMEDOUT, O_NONBLOCK, EMSGSIZE, a user\'s limits, mq_notify SI_MESGQ once and EBUSY', async () => {
    const r = await runC('test/c/ipc/mq_prio.c', lib);
    expect(r.stdout).toBe(expected('mq_prio'));
  }, COMPILE);

  it('ipc_ls.c: IPC_INFO, MSG_INFO, SEM_INFO, SHM_INFO (limits, highest index, what is in use) and *_STAT by index (ids as a fresh IPC namespace gives them)', async () => {
    const r = await runC('test/c/ipc/ipc_ls.c', lib);
    expect(r.stdout).toBe(expected('ipc_ls'));
  }, COMPILE);

  it('mq_thread.c: mq_notify(SIGEV_THREAD) runs the function on a new thread with the value, once; EBUSY while registered (NPTL\'s librt; ENOSYS elsewhere)', async () => {
    const r = await runC('test/c/ipc/mq_thread.c', lib, [], { cpus: 2 });
    // As SIGEV_THREAD timers (deviations.ts 'posix:timer-sigev-thread'): the helper thread is
    // librt's service over NPTL; LinuxThreads', NGPT's and GNU Pth's era had none in the lab.
    expect(r.stdout).toBe(lib === 'nptl' ? expected('mq_thread') : 'mq_notify SIGEV_THREAD: Function not implemented\n');
  }, COMPILE);
});
