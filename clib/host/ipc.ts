/**
 * ipc.ts — C's System V IPC and POSIX message queues (clib/runtime/ipc.c) over the chosen
 * library's calls (libs/common/libc_ipc.ts → kernel/ipc/).
 *
 * Models: glibc's wrappers, which hand the kernel C structures: here struct sembuf arrays,
 * messages (struct { long mtype; char mtext[]; }: a 4-byte mtype on wasm32), mq_attr and
 * sigevent are read from C memory, and the control structures cross as 16 64-bit words in the
 * order ipc.c's IPC_WORDS uses (perm: key uid gid cuid cgid mode seq; then the family's fields).
 * IPC times are the virtual clock's seconds plus the realtime epoch C's clock_gettime adds.
 *
 * shmat attaches in the kernel, then the runtime gives page-aligned pages of its own memory
 * (shm_bind) and the range becomes one of the process's shared regions — exactly as a MAP_SHARED
 * mmap does (shmem.ts opMmap), so the segment is coherent with every other process attaching
 * it, and fork's child keeps the region (fork.ts copies the list) as the kernel's child keeps
 * the attachment.
 */

import type { Sim, Ref, Msgbuf, MqAttr } from '../../libs/api.js';
import {
  IPC_STAT, IPC_SET, IPC_INFO, GETALL, SETALL, SHM_STAT, SHM_INFO, SHM_STAT_ANY, SEM_STAT, SEM_INFO, SEM_STAT_ANY, MSG_STAT, MSG_INFO,
  MSG_STAT_ANY,
} from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess } from './process.js';
import type { CThread } from './process.js';
import { realtimeEpochNs } from './wasi.js';

const PAGE = 4096;
const FAM_SHM = 0, FAM_SEM = 1, FAM_MSG = 2;
/** A message longer than MSGMAX / an op count past SEMOPM is refused by the kernel: read no more than this. */
const MAX_MSG_READ = 8193, MAX_SOPS_READ = 501;
const EPOCH_S = Math.floor(realtimeEpochNs / 1e9);

/** The segment a thread's shmat attached, until the runtime binds pages to it. */
const pending = new WeakMap<CThread, { kaddr: number; len: number }>();

function sc(p: CProcess, a: Activation, r: number): number {
  if (r === -1) a.thread.errno = p.libc.errno;
  return r;
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b).toString('latin1');
}

function* opIpcGet(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  const r = a.a0 === FAM_SHM ? yield* l.shmget(a.a1, a.a2 >>> 0, a.a3)
    : a.a0 === FAM_SEM ? yield* l.semget(a.a1, a.a2, a.a3) : yield* l.msgget(a.a1, a.a3);
  return sc(p, a, r);
}

/** shmat(id, flg): attach in the kernel; the whole pages' size for the runtime to give. */
function* opShmat(p: CProcess, a: Activation): Sim<number> {
  const k = yield* p.libc.shmat(a.a0, null, a.a1);
  if (k === -1) return sc(p, a, -1);
  const m = p.libc.lab_mapping(k)!;
  const len = Math.ceil(m.shm.size / PAGE) * PAGE;
  pending.set(a.thread, { kaddr: k, len });
  return len;
}

/** shm_bind(pages): the runtime's pages mirror the segment (0: none could be had — detach). */
function* opShmBind(p: CProcess, a: Activation): Sim<number> {
  const at = pending.get(a.thread);
  if (at === undefined) return -1;
  pending.delete(a.thread);
  const addr = a.a0 >>> 0;
  if (addr === 0) { yield* p.libc.shmdt(at.kaddr); return 0; }
  p.mappings.set(addr, at.kaddr);
  p.mappingLens.set(addr, at.len);
  const m = p.libc.lab_mapping(at.kaddr)!;
  m.shm.sync(); // a mapping of it this process already has is written back first
  (p.shared ??= []).push({ addr, len: at.len, kaddr: at.kaddr, m });
  p.acquireShared(); // copies the segment's content into the new range
  return 0;
}

/** shmdt(addr): 1 when detached (the runtime frees the pages), else -1 with errno (EINVAL). */
function* opShmdt(p: CProcess, a: Activation): Sim<number> {
  const addr = a.a0 >>> 0;
  const k = p.mappings.get(addr);
  if (k === undefined) { a.thread.errno = 22; return -1; } // EINVAL: nothing attached there
  const r = p.regionAt(addr);
  if (r !== null && r.m.shm.holder === p.holder) r.m.shm.sync(); // its last stores reach the segment
  const res = yield* p.libc.shmdt(k);
  if (res === -1) return sc(p, a, -1);
  if (r !== null && r.addr === addr) {
    const rest = p.shared!.filter((q) => q !== r);
    p.shared = rest.length ? rest : null;
  }
  p.mappings.delete(addr);
  p.mappingLens.delete(addr);
  return 1;
}

/** The perm words and a family's fields of an IPC_STAT answer. */
function storeWords(p: CProcess, at: number, v: any, fields: string[], times: string[]): void {
  const pm = v.shm_perm ?? v.sem_perm ?? v.msg_perm;
  const w = [pm.__key, pm.uid, pm.gid, pm.cuid, pm.cgid, pm.mode, pm.__seq];
  for (const f of fields) w.push(times.includes(f) && v[f] !== 0 ? v[f] + EPOCH_S : v[f]);
  w.forEach((x, i) => p.storeI64(at + 8 * i, x));
}

function permWords(p: CProcess, at: number): { uid: number; gid: number; mode: number; __key: number; cuid: number; cgid: number; __seq: number } {
  return { uid: p.loadI64(at + 8), gid: p.loadI64(at + 16), mode: p.loadI64(at + 40), __key: 0, cuid: 0, cgid: 0, __seq: 0 };
}

/** The *_STAT commands (a family's by index, and IPC_STAT) and the *_INFO ones, per family. */
const STAT_CMDS = [[IPC_STAT, SHM_STAT, SHM_STAT_ANY], [IPC_STAT, SEM_STAT, SEM_STAT_ANY], [IPC_STAT, MSG_STAT, MSG_STAT_ANY]];
const INFO_CMDS = [[IPC_INFO, SHM_INFO], [IPC_INFO, SEM_INFO], [IPC_INFO, MSG_INFO]];
/** struct shminfo / shm_info / seminfo / msginfo's fields, in order (ipc.c reads them so). */
const INFO_FIELDS: Record<string, string[]> = {
  [`0:${IPC_INFO}`]: ['shmmax', 'shmmin', 'shmmni', 'shmseg', 'shmall'],
  [`0:${SHM_INFO}`]: ['used_ids', 'shm_tot', 'shm_rss', 'shm_swp', 'swap_attempts', 'swap_successes'],
  [`1:${IPC_INFO}`]: ['semmap', 'semmni', 'semmns', 'semmnu', 'semmsl', 'semopm', 'semume', 'semusz', 'semvmx', 'semaem'],
  [`2:${IPC_INFO}`]: ['msgpool', 'msgmap', 'msgmax', 'msgmnb', 'msgmni', 'msgssz', 'msgtql', 'msgseg'],
};
INFO_FIELDS[`1:${SEM_INFO}`] = INFO_FIELDS[`1:${IPC_INFO}`];
INFO_FIELDS[`2:${MSG_INFO}`] = INFO_FIELDS[`2:${IPC_INFO}`];

function storeInfo(p: CProcess, at: number, v: Record<string, number | bigint>, fields: string[]): void {
  fields.forEach((f, i) => {
    const x = v[f];
    if (typeof x === 'bigint') p.dv().setBigUint64(at + 8 * i, x, true);
    else p.storeI64(at + 8 * i, x);
  });
}

/** ipc_ctl(family, id, semnum, cmd, arg, words): shmctl, semctl, msgctl. */
function* opIpcCtl(p: CProcess, a: Activation): Sim<number> {
  const [fam, id, semnum, cmd, arg, w] = [a.a0, a.a1, a.a2, a.a3, a.a4 >>> 0, a.a5 >>> 0];
  const l = p.libc;
  const ref: Ref<any> = { value: undefined };
  if (cmd === IPC_SET) {
    const perm = permWords(p, w);
    ref.value = fam === FAM_SHM ? { shm_perm: perm } : fam === FAM_SEM ? { sem_perm: perm } : { msg_perm: perm, msg_qbytes: p.loadI64(w + 96) };
  }
  const isStat = STAT_CMDS[fam].includes(cmd), isInfo = INFO_CMDS[fam].includes(cmd);
  const withRef = isStat || isInfo || cmd === IPC_SET;
  let r: number;
  if (fam === FAM_SHM) r = yield* l.shmctl(id, cmd, withRef ? ref : null);
  else if (fam === FAM_MSG) r = yield* l.msgctl(id, cmd, withRef ? ref : null);
  else r = yield* semctl(p, id, semnum, cmd, arg, ref, withRef);
  if (r >= 0 && isInfo && ref.value !== undefined) storeInfo(p, w, ref.value, INFO_FIELDS[`${fam}:${cmd}`]);
  if (r >= 0 && isStat && ref.value !== undefined) {
    if (fam === FAM_SHM) storeWords(p, w, ref.value, ['shm_segsz', 'shm_atime', 'shm_dtime', 'shm_ctime', 'shm_cpid', 'shm_lpid', 'shm_nattch'], ['shm_atime', 'shm_dtime', 'shm_ctime']);
    else if (fam === FAM_SEM) storeWords(p, w, ref.value, ['sem_otime', 'sem_ctime', 'sem_nsems'], ['sem_otime', 'sem_ctime']);
    else storeWords(p, w, ref.value, ['msg_stime', 'msg_rtime', 'msg_ctime', '__msg_cbytes', 'msg_qnum', 'msg_qbytes', 'msg_lspid', 'msg_lrpid'], ['msg_stime', 'msg_rtime', 'msg_ctime']);
  }
  return sc(p, a, r);
}

/** semctl with C's argument: SETVAL's value, GETALL's and SETALL's unsigned short array. */
function* semctl(p: CProcess, id: number, semnum: number, cmd: number, arg: number, ref: Ref<any>, withRef: boolean): Sim<number> {
  const l = p.libc;
  if (withRef) return yield* l.semctl(id, semnum, cmd, ref);
  if (cmd === GETALL) {
    const out: Ref<number[]> = { value: [] };
    const r = yield* l.semctl(id, semnum, cmd, out);
    if (r >= 0) out.value.forEach((v, i) => p.dv().setUint16(arg + 2 * i, v, true));
    return r;
  }
  if (cmd === SETALL) {
    // The set's size is the kernel's to know: it reads as many values as the set has.
    const vals = new Proxy([] as number[], {
      get: (t, key) => (key === 'length' ? Infinity : typeof key === 'string' && /^\d+$/.test(key) ? p.dv().getUint16(arg + 2 * Number(key), true) : (t as any)[key]),
    });
    return yield* l.semctl(id, semnum, cmd, vals);
  }
  return yield* l.semctl(id, semnum, cmd, arg | 0);
}

/** semop(id, sops, nsops, timeout, timed): the relative timeout's validity is semtimedop's EINVAL. */
function* opSemop(p: CProcess, a: Activation): Sim<number> {
  const n = a.a2 >>> 0;
  const sops = [];
  const dv = p.dv();
  for (let i = 0; i < Math.min(n, MAX_SOPS_READ); i++) {
    const at = (a.a1 >>> 0) + 6 * i;
    sops.push({ sem_num: dv.getUint16(at, true), sem_op: dv.getInt16(at + 2, true), sem_flg: dv.getInt16(at + 4, true) });
  }
  if (a.a4 === 0) return sc(p, a, yield* p.libc.semop(a.a0, sops));
  const sec = p.loadI64(a.a3 >>> 0), nsec = p.load32((a.a3 >>> 0) + 8);
  const rel = sec < 0 || nsec < 0 || nsec >= 1e9 ? NaN : sec * 1e9 + nsec;
  return sc(p, a, yield* p.libc.semtimedop(a.a0, sops, rel));
}

function* opMsgsnd(p: CProcess, a: Activation): Sim<number> {
  const at = a.a1 >>> 0, n = a.a2 >>> 0;
  const msg: Msgbuf = { mtype: p.load32(at), mtext: latin1(p.bytes(at + 4, Math.min(n, MAX_MSG_READ))) };
  return sc(p, a, yield* p.libc.msgsnd(a.a0, msg, Math.min(n, MAX_MSG_READ), a.a3));
}

function* opMsgrcv(p: CProcess, a: Activation): Sim<number> {
  const at = a.a1 >>> 0;
  const out: Ref<Msgbuf> = { value: { mtype: 0, mtext: '' } };
  const r = yield* p.libc.msgrcv(a.a0, out, a.a2 >>> 0, a.a3, a.a4);
  if (r >= 0) {
    p.store32(at, out.value.mtype);
    p.u8().set(Buffer.from(out.value.mtext, 'latin1'), at + 4);
  }
  return sc(p, a, r);
}

/** An absolute CLOCK_REALTIME timespec as the relative ns the library takes (null: none; NaN: invalid). */
function* relativeTo(p: CProcess, ts: number): Sim<number | null> {
  if (ts === 0) return null;
  const sec = p.loadI64(ts), nsec = p.load32(ts + 8);
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return NaN;
  const now = (yield* p.libc.clock_gettime()) + realtimeEpochNs;
  return sec * 1e9 + nsec - now;
}

function* opMqOpen(p: CProcess, a: Activation): Sim<number> {
  const at = a.a3 >>> 0;
  const attr: Partial<MqAttr> | null = at === 0 ? null : { mq_maxmsg: p.load32(at + 4), mq_msgsize: p.load32(at + 8) };
  return sc(p, a, yield* p.libc.mq_open(p.cString(a.a0 >>> 0), a.a1, a.a2, attr));
}

function* opMqUnlink(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.mq_unlink(p.cString(a.a0 >>> 0)));
}

function* opMqSend(p: CProcess, a: Activation): Sim<number> {
  const len = Math.min(a.a2 >>> 0, p.u8().length - (a.a1 >>> 0));
  const data = latin1(p.bytes(a.a1 >>> 0, len));
  const rel = yield* relativeTo(p, a.a4 >>> 0);
  return sc(p, a, yield* p.libc.mq_timedsend(a.a0, data, a.a3 >>> 0, rel));
}

function* opMqReceive(p: CProcess, a: Activation): Sim<number> {
  const out: Ref<string> = { value: '' }, prio: Ref<number> = { value: 0 };
  const rel = yield* relativeTo(p, a.a4 >>> 0);
  const r = yield* p.libc.mq_timedreceive(a.a0, out, a.a2 >>> 0, prio, rel);
  if (r >= 0) {
    p.u8().set(Buffer.from(out.value, 'latin1'), a.a1 >>> 0);
    if (a.a3 !== 0) p.store32(a.a3 >>> 0, prio.value);
  }
  return sc(p, a, r);
}

/** mq_getsetattr(fd, new, old): struct mq_attr is four 4-byte longs (and padding) on wasm32. */
function* opMqGetsetattr(p: CProcess, a: Activation): Sim<number> {
  const nv = a.a1 === 0 ? null : { mq_flags: p.load32(a.a1 >>> 0) };
  const old: Ref<MqAttr> | null = a.a2 === 0 ? null : { value: { mq_flags: 0, mq_maxmsg: 0, mq_msgsize: 0, mq_curmsgs: 0 } };
  const r = yield* p.libc.mq_setattr(a.a0, nv, old);
  if (r === 0 && old !== null) {
    const at = a.a2 >>> 0, v = old.value;
    [v.mq_flags, v.mq_maxmsg, v.mq_msgsize, v.mq_curmsgs].forEach((x, i) => p.store32(at + 4 * i, x));
  }
  return sc(p, a, r);
}

/** mq_notify(fd, sev): musl's struct sigevent — sigev_value, sigev_signo, sigev_notify, then the thread id (timer.c's helper for SIGEV_THREAD). */
function* opMqNotify(p: CProcess, a: Activation): Sim<number> {
  const at = a.a1 >>> 0;
  const sev = at === 0 ? null
    : { sigev_value: p.load32(at), sigev_signo: p.load32(at + 4), sigev_notify: p.load32(at + 8), sigev_notify_thread_id: p.load32(at + 12) };
  return sc(p, a, yield* p.libc.mq_notify(a.a0, sev));
}

export function ipcImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    ipc_get: (fam, key, arg, flg) => suspend(p, opIpcGet, fam, key, arg, flg),
    shmat: (id, flg) => suspend(p, opShmat, id, flg),
    shm_bind: (pages) => suspend(p, opShmBind, pages),
    shmdt: (addr) => suspend(p, opShmdt, addr),
    ipc_ctl: (fam, id, semnum, cmd, arg, words) => suspend(p, opIpcCtl, fam, id, semnum, cmd, arg, words),
    semop: (id, sops, n, ts, timed) => suspend(p, opSemop, id, sops, n, ts, timed),
    msgsnd: (id, msgp, n, flg) => suspend(p, opMsgsnd, id, msgp, n, flg),
    msgrcv: (id, msgp, n, typ, flg) => suspend(p, opMsgrcv, id, msgp, n, typ, flg),
    mq_open: (name, oflag, mode, attr) => suspend(p, opMqOpen, name, oflag, mode, attr),
    mq_unlink: (name) => suspend(p, opMqUnlink, name),
    mq_send: (fd, msg, len, prio, ts) => suspend(p, opMqSend, fd, msg, len, prio, ts),
    mq_receive: (fd, msg, len, prio, ts) => suspend(p, opMqReceive, fd, msg, len, prio, ts),
    mq_getsetattr: (fd, nv, old) => suspend(p, opMqGetsetattr, fd, nv, old),
    mq_notify: (fd, sev) => suspend(p, opMqNotify, fd, sev),
  };
}
