/**
 * kernel-sysv-shm-msg.test.ts — System V shared memory (kernel/ipc/shm.ts) and message queues
 * (kernel/ipc/msg.ts) on raw tasks. Shared memory: a segment attached before fork is the same
 * memory in both processes, shm_nattch counts attachments (fork's child's too), exit and exec
 * drop them, IPC_RMID of an attached segment waits for the last detach (SHM_DEST, the key made
 * private), SHM_RDONLY's permission check, shmdt's EINVAL. Messages: msgtyp 0 / > 0 / < 0 and
 * MSG_EXCEPT, E2BIG and MSG_NOERROR, ENOMSG, a full queue blocking its sender until a receiver
 * makes room, a sleeping receiver served directly by a sender (pipelined_send), EIDRM on
 * removal, EINTR after a handler whatever SA_RESTART says (-ERESTARTNOHAND), IPC_SET's EPERM
 * for raising msg_qbytes past MSGMNB.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { uload, ustore } from '../kernel/uaccess.js';
import {
  IPC_PRIVATE, IPC_CREAT, IPC_NOWAIT, IPC_RMID, IPC_STAT, IPC_SET, SHM_RDONLY, SHM_DEST, MSG_NOERROR, MSG_EXCEPT,
  EACCES, EINVAL, EIDRM, EINTR, E2BIG, ENOMSG, EAGAIN, EPERM, SIGUSR1, SA_RESTART, MSGMNB,
} from '../kernel/uapi.js';
import { run, thread, catchSig, sleep, MS } from './kernel-ipc-helpers.js';
import type { Sim } from '../kernel/req.js';

type ShmDs = { segsz: number; nattch: number; cpid: number; lpid: number; perm: { key: number; mode: number } };
function* shmStat(id: number): Sim<ShmDs | number> {
  const out: { value?: ShmDs } = {};
  const r = (yield sys.shmctl(id, IPC_STAT, out)) as number;
  return r < 0 ? r : out.value!;
}
function* wait(pid: number): Sim<number> { const st = { value: 0 }; yield sys.wait4(pid, st, 0); return st.value; }

describe('System V shared memory', () => {
  it('a segment attached before fork is the same memory in parent and child; nattch counts both; exit drops the child\'s', () => {
    const seen: number[] = [];
    run(function* () {
      const id = (yield sys.shmget(IPC_PRIVATE, 100, IPC_CREAT | 0o600)) as number;
      const a = (yield sys.shmat(id, null, 0)) as number;
      ustore(a, 7);
      const pid = (yield sys.fork(function* () {
        seen.push(uload(a), ((yield* shmStat(id)) as ShmDs).nattch);
        ustore(a + 4, 42);
        return 0;
      })) as number;
      yield* wait(pid);
      const st = (yield* shmStat(id)) as ShmDs;
      seen.push(uload(a + 4), st.nattch, st.segsz, st.lpid === pid ? 1 : 0);
      return 0;
    });
    expect(seen).toEqual([7, 2, 42, 1, 100, 1]);
  });

  it('IPC_RMID while attached marks SHM_DEST and makes the key private; the last detach destroys it', () => {
    const r: (number | string)[] = [];
    run(function* () {
      const id = (yield sys.shmget(0x1234, 4096, IPC_CREAT | 0o600)) as number;
      const a = (yield sys.shmat(id, null, 0)) as number;
      r.push((yield sys.shmctl(id, IPC_RMID, null)) as number);
      const st = (yield* shmStat(id)) as ShmDs;
      r.push(st.perm.mode & SHM_DEST ? 'dest' : 'live', st.perm.key, st.nattch);
      r.push((yield sys.shmget(0x1234, 4096, 0)) as number); // the key no longer finds it
      const b = (yield sys.shmat(id, null, 0)) as number; // Linux still attaches by id
      r.push(b > 0 ? 'attached' : b);
      yield sys.shmdt(a);
      r.push(((yield* shmStat(id)) as ShmDs).nattch);
      yield sys.shmdt(b);
      r.push((yield* shmStat(id)) as number);
      return 0;
    });
    expect(r).toEqual([0, 'dest', 0, 1, -2, 'attached', 1, -EINVAL]);
  });

  it('shmat: SHM_RDONLY needs read permission only, read-write both (EACCES); shmdt of an address that is no segment: EINVAL', () => {
    const r: number[] = [];
    run(function* () {
      const id = (yield sys.shmget(IPC_PRIVATE, 8192, 0o400)) as number;
      r.push((yield sys.shmat(id, null, 0)) as number);
      const a = (yield sys.shmat(id, null, SHM_RDONLY)) as number;
      r.push(a > 0 ? 1 : a, (yield sys.shmdt(a + 4096)) as number, (yield sys.shmdt(a)) as number, (yield sys.shmdt(a)) as number);
      r.push((yield sys.shmget(IPC_PRIVATE, 0, 0o600)) as number, (yield sys.shmat(99, null, 0)) as number);
      r.push((yield sys.shmget(0x99, 8192, IPC_CREAT | 0o600)) as number >= 0 ? 1 : 0, (yield sys.shmget(0x99, 8193, 0)) as number);
      return 0;
    });
    expect(r).toEqual([-EACCES, 1, -EINVAL, 0, -EINVAL, -EINVAL, -EINVAL, 1, -EINVAL]);
  });

  it('exec drops the attachments', () => {
    const r: number[] = [];
    run(function* () {
      const id = (yield sys.shmget(IPC_PRIVATE, 4096, 0o600)) as number;
      const pid = (yield sys.fork(function* () {
        yield sys.shmat(id, null, 0);
        yield sys.execve(function* () { yield* sleep(MS); return 0; }, [], 'other');
        return 1;
      })) as number;
      yield* sleep(MS / 2);
      r.push(((yield* shmStat(id)) as ShmDs).nattch);
      yield* wait(pid);
      return 0;
    });
    expect(r).toEqual([0]);
  });
});

type Msg = { value?: { mtype: number; mtext: string } };
function* rcv(id: number, size: number, typ: number, flg = 0): Sim<string> {
  const out: Msg = {};
  const r = (yield sys.msgrcv(id, out, size, typ, flg)) as number;
  return r < 0 ? `err${-r}` : `${out.value!.mtype}:${out.value!.mtext}`;
}

describe('System V message queues', () => {
  it('msgtyp 0 takes the first, > 0 the first of that type, < 0 the lowest type up to |msgtyp|, MSG_EXCEPT any other type', () => {
    const got: string[] = [];
    run(function* () {
      const id = (yield sys.msgget(IPC_PRIVATE, 0o600)) as number;
      for (const [t, s] of [[3, 'a'], [1, 'b'], [2, 'c'], [1, 'd'], [5, 'e']] as [number, string][]) yield sys.msgsnd(id, t, s, 0);
      got.push(yield* rcv(id, 10, 2), yield* rcv(id, 10, -4), yield* rcv(id, 10, 1, MSG_EXCEPT), yield* rcv(id, 10, 0), yield* rcv(id, 10, -9));
      got.push(yield* rcv(id, 10, 0, IPC_NOWAIT));
      return 0;
    });
    expect(got).toEqual(['2:c', '1:b', '3:a', '1:d', '5:e', `err${ENOMSG}`]);
  });

  it('a message longer than msgsz: E2BIG and it stays; MSG_NOERROR truncates it; msgsnd\'s mtype < 1 and msgsz > MSGMAX: EINVAL', () => {
    const got: (string | number)[] = [];
    run(function* () {
      const id = (yield sys.msgget(IPC_PRIVATE, 0o600)) as number;
      yield sys.msgsnd(id, 1, 'hello world', 0);
      got.push(yield* rcv(id, 5, 0), yield* rcv(id, 5, 0, MSG_NOERROR), yield* rcv(id, 5, 0, IPC_NOWAIT));
      got.push((yield sys.msgsnd(id, 0, 'x', 0)) as number, (yield sys.msgsnd(id, 1, 'x'.repeat(8193), 0)) as number);
      return 0;
    });
    expect(got).toEqual([`err${E2BIG}`, '1:hello', `err${ENOMSG}`, -EINVAL, -EINVAL]);
  });

  it('a full queue (msg_qbytes) blocks the sender until a receiver makes room; IPC_NOWAIT: EAGAIN; raising msg_qbytes past MSGMNB is EPERM for a user', () => {
    const log: string[] = [];
    run(function* () {
      const id = (yield sys.msgget(IPC_PRIVATE, 0o600)) as number;
      yield sys.msgsnd(id, 1, 'x'.repeat(8192), 0); // MSGMAX
      yield sys.msgsnd(id, 1, 'x'.repeat(MSGMNB - 8192 - 10), 0);
      log.push(`nowait ${(yield sys.msgsnd(id, 1, 'y'.repeat(20), IPC_NOWAIT)) as number}`);
      yield* thread(function* () {
        yield sys.msgsnd(id, 2, 'y'.repeat(20), 0);
        log.push('sent');
        return 0;
      });
      yield* sleep(MS);
      log.push('receiving');
      yield* rcv(id, 8192, 1);
      yield* sleep(MS);
      const st: { value?: { qnum: number; cbytes: number; qbytes: number } } = {};
      yield sys.msgctl(id, IPC_STAT, st);
      log.push(`${st.value!.qnum} ${st.value!.cbytes} ${st.value!.qbytes}`);
      log.push(`set ${(yield sys.msgctl(id, IPC_SET, { qbytes: MSGMNB + 1 })) as number} ${(yield sys.msgctl(id, IPC_SET, { qbytes: 100 })) as number}`);
      return 0;
    });
    expect(log).toEqual([`nowait ${-EAGAIN}`, 'receiving', 'sent', `2 ${MSGMNB - 8192 - 10 + 20} ${MSGMNB}`, `set ${-EPERM} 0`]);
  });

  it('a sleeping receiver gets the message the moment it is sent; IPC_RMID wakes sleepers with EIDRM', () => {
    const got: string[] = [];
    run(function* () {
      const id = (yield sys.msgget(IPC_PRIVATE, 0o600)) as number;
      yield* thread(function* () { got.push(yield* rcv(id, 100, 7)); return 0; });
      yield* thread(function* () { got.push(yield* rcv(id, 100, 8)); return 0; });
      yield* sleep(MS);
      yield sys.msgsnd(id, 7, 'seven', 0);
      yield* sleep(MS);
      const st: { value?: { qnum: number } } = {};
      yield sys.msgctl(id, IPC_STAT, st);
      got.push(`qnum ${st.value!.qnum}`);
      yield sys.msgctl(id, IPC_RMID, null);
      yield* sleep(MS);
      got.push(yield* rcv(id, 100, 0));
      return 0;
    });
    expect(got).toEqual(['7:seven', 'qnum 0', `err${EIDRM}`, `err${EINVAL}`]);
  });

  it('a handler ends a sleeping msgrcv with EINTR, with SA_RESTART too (-ERESTARTNOHAND)', () => {
    const got: string[] = [];
    for (const flags of [0, SA_RESTART]) {
      run(function* () {
        yield* catchSig(SIGUSR1, function* () {}, flags);
        const id = (yield sys.msgget(IPC_PRIVATE, 0o600)) as number;
        const t = yield* thread(function* () { got.push(yield* rcv(id, 100, 0)); return 0; });
        yield* sleep(MS);
        yield sys.tgkill((yield sys.getpid()) as number, t, SIGUSR1);
        yield* sleep(MS);
        yield sys.msgctl(id, IPC_RMID, null);
        return 0;
      });
    }
    expect(got).toEqual([`err${EINTR}`, `err${EINTR}`]);
  });
});
