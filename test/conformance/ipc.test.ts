/**
 * ipc.test.ts — System V IPC and POSIX message queues through the program API (libs/api.ts,
 * libs/common/libc_ipc.ts) on every library. Keys are 'ipc:*'; where a library differs by
 * design, deviations.ts says why:
 *   - SEM_UNDO belongs to the undo list, which clone shares only with CLONE_SYSVSEM: NPTL's
 *     threads (and NGPT's natives, green's one native) share the process's, so a thread's
 *     exit leaves its adjustment for the process's exit; LinuxThreads' manager clones without
 *     it, so each thread is a process with its own list, applied when the thread exits.
 *   - a thread blocked in msgrcv (a system call no library wraps) blocks its kernel task: under
 *     green the one native, so no other thread of the process runs (rule 34).
 */

import { describe, expect, it } from 'vitest';
import {
  IPC_PRIVATE, IPC_RMID, GETVAL, SETVAL, SEM_UNDO, O_CREAT, O_RDWR, ETIMEDOUT, EIDRM, WEXITSTATUS,
  type Libc, type Ref, type Msgbuf,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program, cpus = 1): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** A thread takes one unit with SEM_UNDO and ends; the value after the join, and after the process's exit. */
const semundoThread: Program = function* (libc) {
  const id = yield* libc.semget(IPC_PRIVATE, 1, 0o600);
  yield* libc.semctl(id, 0, SETVAL, 3);
  const pid = yield* libc.fork(function* (l: Libc) {
    const t = yield* l.pthread_create(function* (l2: Libc) { return yield* l2.semop(id, [{ sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO }]); });
    yield* l.pthread_join(t);
    return yield* l.semctl(id, 0, GETVAL);
  });
  const st = { value: 0 };
  yield* libc.waitpid(pid, st, 0);
  yield* libc.printf('after the thread: %d, after the process: %d\n', WEXITSTATUS(st.value), yield* libc.semctl(id, 0, GETVAL));
  yield* libc.semctl(id, 0, IPC_RMID);
  return 0;
};

/** A thread blocks in msgrcv until a child process sends, 20 ms later: does main run meanwhile? */
const msgrcvBlocks: Program = function* (libc) {
  const id = yield* libc.msgget(IPC_PRIVATE, 0o600);
  let received = false;
  const child = yield* libc.fork(function* (l: Libc) {
    yield* l.usleep(20_000);
    return yield* l.msgsnd(id, { mtype: 1, mtext: 'wake' }, 4, 0);
  });
  const t = yield* libc.pthread_create(function* (l: Libc) {
    const m: Ref<Msgbuf> = { value: { mtype: 0, mtext: '' } };
    yield* l.msgrcv(id, m, 16, 0, 0);
    received = true;
    return 0;
  });
  yield* libc.usleep(1_000);
  yield* libc.printf('main ran while the thread waited: %d\n', received ? 0 : 1);
  yield* libc.pthread_join(t);
  yield* libc.waitpid(child, null, 0);
  yield* libc.msgctl(id, IPC_RMID);
  return 0;
};

/** EIDRM to a thread sleeping in semop (another process removes the set); mq priorities and a timed receive's timeout. */
const removalAndMq: Program = function* (libc) {
  const id = yield* libc.semget(IPC_PRIVATE, 1, 0o600);
  let r = 0, e = 0;
  // Another process removes the set: under green (and NGPT on one CPU) the sleeping thread holds
  // the only native, so no thread of this process could (rules 33, 34).
  const child = yield* libc.fork(function* (l: Libc) {
    yield* l.usleep(2_000);
    return yield* l.semctl(id, 0, IPC_RMID);
  });
  const t = yield* libc.pthread_create(function* (l: Libc) {
    r = yield* l.semop(id, [{ sem_num: 0, sem_op: -1, sem_flg: 0 }]);
    e = l.errno;
    return 0;
  });
  yield* libc.pthread_join(t);
  yield* libc.waitpid(child, null, 0);
  yield* libc.printf('semop %d %s\n', r, e === EIDRM ? 'EIDRM' : String(e));
  const q = yield* libc.mq_open('/conform', O_CREAT | O_RDWR, 0o600, null);
  for (const [s, p] of [['low', 1], ['high', 9], ['mid', 5], ['high2', 9]] as [string, number][]) yield* libc.mq_send(q, s, p);
  const got: string[] = [];
  for (let i = 0; i < 4; i++) {
    const m: Ref<string> = { value: '' }, p: Ref<number> = { value: 0 };
    yield* libc.mq_receive(q, m, 8192, p);
    got.push(`${m.value}/${p.value}`);
  }
  const tr = yield* libc.mq_timedreceive(q, { value: '' }, 8192, null, 2_000_000);
  yield* libc.printf('%s; timed %d %s\n', got.join(' '), tr, libc.errno === ETIMEDOUT ? 'ETIMEDOUT' : String(libc.errno));
  yield* libc.mq_close(q);
  yield* libc.mq_unlink('/conform');
  return 0;
};

describe.each(libraryNames())('System V IPC and mqueues on %s', (lib) => {
  check(lib, 'ipc:semundo-thread', 'a thread\'s SEM_UNDO adjustment waits for the process\'s exit (the undo list is shared with CLONE_SYSVSEM)', () => {
    expect(out(lib, semundoThread)).toEqual(['after the thread: 2, after the process: 3']);
  });
  check(lib, 'ipc:msgrcv-blocks-task', 'a thread blocked in msgrcv blocks only its own kernel task: main runs meanwhile (2 CPUs)', () => {
    expect(out(lib, msgrcvBlocks, 2)).toEqual(['main ran while the thread waited: 1']);
  });
  it('ipc: semop sleeping through IPC_RMID fails with EIDRM; mq_receive takes the highest priority first; mq_timedreceive times out', () => {
    expect(out(lib, removalAndMq)).toEqual(['semop -1 EIDRM', 'high/9 high2/9 mid/5 low/1; timed -1 ETIMEDOUT']);
  });
});
