/**
 * libc_ipc.ts — System V IPC and POSIX message queues as every library's libc offers them:
 * ftok; shmget/shmat/shmdt/shmctl; semget/semop/semtimedop/semctl; msgget/msgsnd/msgrcv/msgctl;
 * mq_open/mq_close/mq_unlink/mq_send/mq_receive/mq_timedsend/mq_timedreceive/mq_getattr/
 * mq_setattr/mq_notify (kernel/ipc/).
 *
 * Mirrors: glibc 2.36 sysvipc/ftok.c (st_ino's low 16 bits, st_dev's low 8, proj_id's low 8 on
 * top), sysdeps/unix/sysv/linux/{shmat,shmdt,shmget,shmctl,semget,semop,semtimedop,semctl,msgget,
 * msgsnd,msgrcv,msgctl}.c (plain system calls; msgsnd, msgrcv and the mq send/receive calls are
 * cancellation points, semop is not), mq_open.c (a name must begin with '/': EINVAL; the kernel
 * gets it without), mq_unlink.c (EPERM reported as EACCES), mq_getattr.c (mq_setattr with no new
 * attributes), mq_send.c / mq_receive.c (the timed calls with no timeout), mq_close.c (close).
 *
 * The kernel's calls are the libraries' common ground: NGPT and green wrap none of these, so a
 * user thread that blocks in semop, msgrcv or mq_receive blocks its native — and under green the
 * whole process — as the real many-to-one and M:N libraries did (DESIGN rules 33, 34).
 *
 * TypeScript shapes: message text and mqueue data are strings (one char per byte, as read and
 * write take them); out-parameters are Ref objects; timeouts are relative, in ns.
 */

import { sys, EINVAL, EACCES, EPERM, type Sim, type Req } from '../../kernel/index.js';
import type { Ref, IpcPerm, ShmidDs, SemidDs, MsqidDs, Sembuf, Msgbuf, MqAttr, MqSigevent } from '../api.js';
import { IPC_STAT, IPC_SET, IPC_INFO, GETALL, SEM_INFO, SEM_STAT, SEM_STAT_ANY } from '../include.js';
import { LibcShm } from './libc_shm.js';

type KPerm = { key: number; uid: number; gid: number; cuid: number; cgid: number; mode: number; seq: number };

function perm(p: KPerm): IpcPerm {
  return { __key: p.key, uid: p.uid, gid: p.gid, cuid: p.cuid, cgid: p.cgid, mode: p.mode, __seq: p.seq };
}

/** IPC_SET's fields from a user's struct (its *_perm part). */
function setPerm(p: IpcPerm | undefined): { uid?: number; gid?: number; mode?: number } | null {
  return p ? { uid: p.uid, gid: p.gid, mode: p.mode } : null;
}

export abstract class LibcIpc extends LibcShm {
  /** SYSCALL_CANCEL (LibcBase): a system call that is a cancellation point. */
  protected abstract csc(req: Req): Sim<number>;
  abstract close(fd: number): Sim<number>;

  /** ftok(path, proj_id): the key, or -1 with stat's errno. */
  *ftok(path: string, projId: number): Sim<number> {
    const st: { value?: { st_ino?: number; st_dev?: number } } = {};
    const r = (yield sys.stat(path, st as never)) as number;
    if (r < 0) return this.setErrno(-r);
    const s = st.value!;
    return ((s.st_ino ?? 0) & 0xffff) | (((s.st_dev ?? 0) & 0xff) << 16) | ((projId & 0xff) << 24);
  }

  // ---- shared memory ----
  *shmget(key: number, size: number, flg: number): Sim<number> { return yield* this.sc(sys.shmget(key, size, flg)); }
  /** shmat(shmid, shmaddr, shmflg): the address, or -1 ((void *) -1) with errno. */
  *shmat(id: number, addr: number | null, flg: number): Sim<number> { return yield* this.sc(sys.shmat(id, addr, flg)); }
  *shmdt(addr: number): Sim<number> { return yield* this.sc(sys.shmdt(addr)); }
  *shmctl(id: number, cmd: number, buf?: Ref<ShmidDs> | null): Sim<number> {
    const out: { value?: any } = {};
    const arg = cmd === IPC_SET ? setPerm(buf?.value?.shm_perm) : out;
    const r = yield* this.sc(sys.shmctl(id, cmd, arg));
    if (r >= 0 && buf && out.value) {
      const v = out.value;
      if (v.perm === undefined) { buf.value = v; return r; } // IPC_INFO, SHM_INFO: struct shminfo / shm_info
      buf.value = {
        shm_perm: perm(v.perm), shm_segsz: v.segsz, shm_atime: v.atime, shm_dtime: v.dtime, shm_ctime: v.ctime,
        shm_cpid: v.cpid, shm_lpid: v.lpid, shm_nattch: v.nattch,
      };
    }
    return r;
  }

  // ---- semaphores ----
  *semget(key: number, nsems: number, flg: number): Sim<number> { return yield* this.sc(sys.semget(key, nsems, flg)); }
  *semop(id: number, sops: Sembuf[]): Sim<number> { return yield* this.sc(sys.semop(id, sops)); }
  /** semtimedop(id, sops, timeoutNs): EAGAIN when the relative timeout passes first. */
  *semtimedop(id: number, sops: Sembuf[], timeoutNs: number | null): Sim<number> {
    return yield* this.sc(sys.semtimedop(id, sops, timeoutNs));
  }
  /**
   * semctl(id, semnum, cmd, arg): SETVAL's value (a number), SETALL's values (an array), GETALL's
   * and IPC_STAT's Ref, IPC_SET's Ref<SemidDs> (its sem_perm).
   */
  *semctl(id: number, semnum: number, cmd: number, arg?: number | number[] | Ref<SemidDs> | Ref<number[]> | null): Sim<number> {
    const ref = arg !== null && typeof arg === 'object' && !Array.isArray(arg) ? (arg as Ref<any>) : null;
    const out: { value?: any } = {};
    const outCmd = cmd === IPC_STAT || cmd === GETALL || cmd === IPC_INFO || cmd === SEM_INFO || cmd === SEM_STAT || cmd === SEM_STAT_ANY;
    const karg = cmd === IPC_SET ? setPerm(ref?.value?.sem_perm) : outCmd ? out : arg;
    const r = yield* this.sc(sys.semctl(id, semnum, cmd, karg));
    if (r >= 0 && ref && out.value) {
      const v = out.value;
      ref.value = cmd === GETALL || v.perm === undefined ? v : { sem_perm: perm(v.perm), sem_otime: v.otime, sem_ctime: v.ctime, sem_nsems: v.nsems };
    }
    return r;
  }

  // ---- message queues ----
  *msgget(key: number, flg: number): Sim<number> { return yield* this.sc(sys.msgget(key, flg)); }
  /** msgsnd(id, msg, msgsz, flg): the first msgsz bytes of msg.mtext (NUL-padded) with its mtype. */
  *msgsnd(id: number, msg: Msgbuf, msgsz: number, flg: number): Sim<number> {
    if (!(msgsz >= 0)) return this.setErrno(EINVAL);
    const t = msg.mtext.length >= msgsz ? msg.mtext.slice(0, msgsz) : msg.mtext + '\0'.repeat(msgsz - msg.mtext.length);
    return yield* this.csc(sys.msgsnd(id, msg.mtype, t, flg));
  }
  /** msgrcv(id, out, msgsz, msgtyp, flg): the bytes received (out.value: mtype and mtext), or -1. */
  *msgrcv(id: number, out: Ref<Msgbuf> | null, msgsz: number, msgtyp: number, flg: number): Sim<number> {
    return yield* this.csc(sys.msgrcv(id, out as never, msgsz, msgtyp, flg));
  }
  *msgctl(id: number, cmd: number, buf?: Ref<MsqidDs> | null): Sim<number> {
    const out: { value?: any } = {};
    const v0 = buf?.value;
    const arg = cmd === IPC_SET ? (v0 ? { ...setPerm(v0.msg_perm), qbytes: v0.msg_qbytes } : null) : out;
    const r = yield* this.sc(sys.msgctl(id, cmd, arg));
    if (r >= 0 && buf && out.value) {
      const v = out.value;
      if (v.perm === undefined) { buf.value = v; return r; } // IPC_INFO, MSG_INFO: struct msginfo
      buf.value = {
        msg_perm: perm(v.perm), msg_stime: v.stime, msg_rtime: v.rtime, msg_ctime: v.ctime, __msg_cbytes: v.cbytes,
        msg_qnum: v.qnum, msg_qbytes: v.qbytes, msg_lspid: v.lspid, msg_lrpid: v.lrpid,
      };
    }
    return r;
  }

  // ---- POSIX message queues (librt) ----
  /** mq_open(name, oflag, mode, attr): a descriptor (close-on-exec), or -1 with errno. */
  *mq_open(name: string, oflag: number, mode = 0o600, attr: Partial<MqAttr> | null = null): Sim<number> {
    if (typeof name !== 'string' || name[0] !== '/') return this.setErrno(EINVAL);
    return yield* this.sc(sys.mq_open(name.slice(1), oflag, mode, attr));
  }
  *mq_close(fd: number): Sim<number> { return yield* this.close(fd); }
  *mq_unlink(name: string): Sim<number> {
    if (typeof name !== 'string' || name[0] !== '/') return this.setErrno(EINVAL);
    const r = (yield sys.mq_unlink(name.slice(1))) as number;
    if (r >= 0) return 0;
    return this.setErrno(-r === EPERM ? EACCES : -r);
  }
  *mq_send(fd: number, data: string, prio: number): Sim<number> { return yield* this.mq_timedsend(fd, data, prio, null); }
  *mq_timedsend(fd: number, data: string, prio: number, timeoutNs: number | null): Sim<number> {
    return yield* this.csc(sys.mq_timedsend(fd, data, prio, timeoutNs));
  }
  /** mq_receive(fd, out, len, prio): the message's length (out.value its bytes), or -1. */
  *mq_receive(fd: number, out: Ref<string> | null, len: number, prio: Ref<number> | null = null): Sim<number> {
    return yield* this.mq_timedreceive(fd, out, len, prio, null);
  }
  *mq_timedreceive(fd: number, out: Ref<string> | null, len: number, prio: Ref<number> | null, timeoutNs: number | null): Sim<number> {
    return yield* this.csc(sys.mq_timedreceive(fd, out, len, prio, timeoutNs));
  }
  *mq_getattr(fd: number, out: Ref<MqAttr>): Sim<number> { return yield* this.mq_setattr(fd, null, out); }
  *mq_setattr(fd: number, nv: Partial<MqAttr> | null, old: Ref<MqAttr> | null): Sim<number> {
    return yield* this.sc(sys.mq_getsetattr(fd, nv, old as never));
  }
  /** mq_notify(fd, sev): SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD's kernel form (null: unregister). */
  *mq_notify(fd: number, sev: MqSigevent | null): Sim<number> {
    const ev = sev ? { notify: sev.sigev_notify, signo: sev.sigev_signo, value: sev.sigev_value, tid: sev.sigev_notify_thread_id } : null;
    return yield* this.sc(sys.mq_notify(fd, ev));
  }
}
