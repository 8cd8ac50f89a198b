/**
 * ipc/msg.ts — System V message queues: msgget, msgsnd, msgrcv, msgctl.
 *
 * Mirrors: ipc/msg.c of Linux 6.x — newque (q_qbytes = MSGMNB), do_msg_send (a size past MSGMAX
 * or below 0, or an mtype below 1: EINVAL; write permission: EACCES; a queue being removed:
 * EIDRM; msg_fits_inqueue — q_cbytes + size and q_qnum + 1 both within q_qbytes — else
 * IPC_NOWAIT's EAGAIN or the sender sleeps on q_senders until a receiver makes room; a signal
 * then returns -ERESTARTNOHAND, EINTR after a handler whatever SA_RESTART says; pipelined_send
 * hands the message straight to the first sleeping receiver that wants it, waking a receiver
 * whose buffer is too small with E2BIG), do_msgrcv (convert_mode: msgtyp 0 the first message,
 * > 0 the first of that type (MSG_EXCEPT: of any other type), < 0 the first of the lowest type
 * not above |msgtyp|; MSG_COPY with IPC_NOWAIT copies the msgtyp-th message and leaves it;
 * a message longer than the buffer: E2BIG and it stays, unless MSG_NOERROR truncates it;
 * nothing found: IPC_NOWAIT's ENOMSG, else the receiver sleeps on q_receivers; ss_wakeup lets
 * the senders whose message now fits go on), msgctl_stat (IPC_STAT: read permission),
 * msgctl_down (IPC_SET: msg_qbytes above MSGMNB needs root (CAP_SYS_RESOURCE): EPERM; sleepers
 * retry; IPC_RMID: freeque wakes every sleeper with EIDRM).
 *
 * msgctl_info (IPC_INFO: the limits; MSG_INFO: queues, messages and bytes in use) and
 * msgctl_stat (MSG_STAT / MSG_STAT_ANY: a queue by index, its id returned).
 *
 * Simplifies: one IPC namespace; message text is a
 * string of one char per byte (as pipes keep theirs); q_receivers is FIFO, as Linux's list is.
 */

import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { WaitQueue, WAKE_NORMAL, WAKE_SIGNAL } from '../task.js';
import { sleepOn, wakeUpTask } from '../sched.js';
import {
  E2BIG, EACCES, EAGAIN, EIDRM, EINVAL, ENOMSG, EPERM, ERESTARTNOHAND, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT,
  MSG_COPY, MSG_EXCEPT, MSG_NOERROR, MSGMAX, MSGMNB, MSGMNI, IPC_INFO, MSG_INFO, MSG_STAT, MSG_STAT_ANY,
} from '../uapi.js';
import { KernIpcPerm, IpcIds, ipcget, ipcperms, ipcOwnerCheck, permOut, updatePerm, modeOf, ipcSeconds, type IpcPermOut } from './util.js';

const S_IRUGO = 0o444, S_IWUGO = 0o222;
const SEARCH_ANY = 1, SEARCH_EQUAL = 2, SEARCH_NOTEQUAL = 3, SEARCH_LESSEQUAL = 4, SEARCH_NUMBER = 5;
/** r_msg's "nothing yet" (Linux's ERR_PTR(-EAGAIN)): the receiver is to look again. */
const RETRY = -EAGAIN;

/** struct msg_msg. */
interface MsgMsg { mtype: number; text: string }

/** struct msg_receiver. */
interface MsgReceiver { task: Task; msgtype: number; mode: number; maxsize: number; msg: MsgMsg | number }

/** struct msg_sender. */
interface MsgSender { task: Task; msgsz: number }

/** struct msg_queue. */
export class MsgQueue extends KernIpcPerm {
  stime = 0; rtime = 0; ctime = 0;
  cbytes = 0; qnum = 0; qbytes = MSGMNB;
  lspid = 0; lrpid = 0;
  messages: MsgMsg[] = [];
  receivers: MsgReceiver[] = [];
  senders: MsgSender[] = [];
  readonly rwait = new WaitQueue('msgrcv');
  readonly swait = new WaitQueue('msgsnd');
}

/** msgctl(IPC_STAT)'s answer: struct msqid_ds. */
export interface MsqidDs {
  perm: IpcPermOut;
  stime: number; rtime: number; ctime: number; cbytes: number; qnum: number; qbytes: number; lspid: number; lrpid: number;
}

export function msgIds(k: Kernel): IpcIds<MsgQueue> {
  return (k.ext.ipcMsg ??= new IpcIds<MsgQueue>(MSGMNI));
}

/** msgget(key, msgflg): the id, or -errno. */
export function sysMsgget(k: Kernel, t: Task, key: number, flg: number): number {
  const ids = msgIds(k);
  return ipcget(t, {
    ids,
    getnew: (key2, flg2) => {
      const q = new MsgQueue(key2, modeOf(flg2), t);
      q.ctime = ipcSeconds(k.now);
      return ids.add(q);
    },
  }, key | 0, flg | 0);
}

function fits(q: MsgQueue, msgsz: number): boolean {
  return msgsz + q.cbytes <= q.qbytes && 1 + q.qnum <= q.qbytes;
}

/** msgsnd(msqid, mtype, text, msgflg): 0 or -errno; re-entered after each sleep. */
export function sysMsgsnd(k: Kernel, t: Task, msqid: number, mtype: number, text: string, flg: number): number {
  const s = t.sleepData as { q: MsgQueue } | null;
  let q: MsgQueue;
  if (s !== null) {
    q = s.q;
    if (t.wakeReason === WAKE_SIGNAL) { ssDel(q, t); return -ERESTARTNOHAND; }
  } else {
    if (typeof text !== 'string' || text.length > MSGMAX || !Number.isInteger(msqid) || msqid < 0) return -EINVAL;
    if (!(mtype >= 1)) return -EINVAL;
    const found = msgIds(k).obtain(msqid);
    if (typeof found === 'number') return found;
    q = found;
  }
  if (ipcperms(t, q, S_IWUGO) < 0) { if (s !== null) ssDel(q, t); return -EACCES; }
  if (q.deleted) return -EIDRM;
  if (!fits(q, text.length)) {
    if (flg & IPC_NOWAIT) return -EAGAIN;
    if (s === null) q.senders.push({ task: t, msgsz: text.length });
    t.sleepData = { q };
    return sleepOn(k, t, q.swait);
  }
  if (s !== null) ssDel(q, t);
  q.lspid = t.tgid;
  q.stime = ipcSeconds(k.now);
  k.extraCost += k.costs.pipeCopyPerByte * text.length;
  const msg: MsgMsg = { mtype, text };
  if (!pipelinedSend(k, q, msg)) {
    q.messages.push(msg);
    q.cbytes += text.length;
    q.qnum++;
  }
  return 0;
}

function ssDel(q: MsgQueue, t: Task): void {
  const i = q.senders.findIndex((m) => m.task === t);
  if (i >= 0) q.senders.splice(i, 1);
}

/** ss_wakeup: senders whose message fits go on (in order); the others move to the tail. kill: all (removal). */
function ssWakeup(k: Kernel, q: MsgQueue, kill: boolean): void {
  const list = q.senders;
  const stay: MsgSender[] = [], tail: MsgSender[] = [];
  for (const m of list) {
    if (!kill && !fits(q, m.msgsz)) { tail.push(m); continue; }
    if (!kill) stay.push(m); // it takes itself off when it runs (ss_del)
    wakeUpTask(k, m.task, WAKE_NORMAL);
  }
  q.senders = stay.concat(tail);
}

function testmsg(m: MsgMsg, type: number, mode: number): boolean {
  switch (mode) {
    case SEARCH_ANY: case SEARCH_NUMBER: return true;
    case SEARCH_LESSEQUAL: return m.mtype <= type;
    case SEARCH_EQUAL: return m.mtype === type;
    default: return m.mtype !== type;
  }
}

/** pipelined_send: give the message to the first sleeping receiver that wants it. */
function pipelinedSend(k: Kernel, q: MsgQueue, msg: MsgMsg): boolean {
  for (const r of q.receivers.slice()) {
    if (!testmsg(msg, r.msgtype, r.mode)) continue;
    q.receivers.splice(q.receivers.indexOf(r), 1);
    if (r.maxsize < msg.text.length) {
      r.msg = -E2BIG;
      wakeUpTask(k, r.task, WAKE_NORMAL);
      continue;
    }
    q.lrpid = r.task.pid; // task_pid(msr->r_tsk), as Linux stores it
    q.rtime = ipcSeconds(k.now);
    r.msg = msg;
    wakeUpTask(k, r.task, WAKE_NORMAL);
    return true;
  }
  return false;
}

/** convert_mode: the search and the type it compares with. */
function convertMode(msgtyp: number, flg: number): [number, number] {
  if (flg & MSG_COPY) return [SEARCH_NUMBER, msgtyp];
  if (msgtyp === 0) return [SEARCH_ANY, 0];
  if (msgtyp < 0) return [SEARCH_LESSEQUAL, -msgtyp];
  return [flg & MSG_EXCEPT ? SEARCH_NOTEQUAL : SEARCH_EQUAL, msgtyp];
}

/** find_msg: the message the search selects (its index), or -1. */
function findMsg(q: MsgQueue, type: number, mode: number): number {
  let found = -1;
  for (let i = 0; i < q.messages.length; i++) {
    const m = q.messages[i];
    if (mode === SEARCH_NUMBER) { if (i === type) return i; continue; }
    if (!testmsg(m, type, mode)) continue;
    found = i;
    if (mode !== SEARCH_LESSEQUAL || m.mtype === 1) break;
    type = m.mtype - 1;
  }
  return found;
}

/**
 * msgrcv(msqid, out, msgsz, msgtyp, msgflg): the bytes copied (out.value = { mtype, mtext }), or
 * -errno; re-entered after each sleep with the receiver entry in t.sleepData.
 */
export function sysMsgrcv(k: Kernel, t: Task, msqid: number, out: { value?: { mtype: number; mtext: string } } | null, bufsz: number, msgtyp: number, flg: number): number {
  let r = t.sleepData as (MsgReceiver & { q: MsgQueue }) | null;
  if (r !== null) {
    const m = r.msg;
    if (typeof m !== 'number') return deliver(k, out, m, bufsz);
    if (m !== RETRY) return m;
    const i = r.q.receivers.indexOf(r);
    if (i >= 0) r.q.receivers.splice(i, 1);
    if (t.wakeReason === WAKE_SIGNAL) return -ERESTARTNOHAND;
    t.sleepData = null;
  }
  if (!Number.isInteger(msqid) || msqid < 0 || !(bufsz >= 0)) return -EINVAL;
  if (flg & MSG_COPY && (flg & MSG_EXCEPT || !(flg & IPC_NOWAIT))) return -EINVAL;
  const [mode, type] = convertMode(msgtyp, flg);
  const q = msgIds(k).obtain(msqid);
  if (typeof q === 'number') return q;
  if (ipcperms(t, q, S_IRUGO) < 0) return -EACCES;
  if (q.deleted) return -EIDRM;
  const i = findMsg(q, type, mode);
  if (i >= 0) {
    const m = q.messages[i];
    if (bufsz < m.text.length && !(flg & MSG_NOERROR)) return -E2BIG;
    if (flg & MSG_COPY) return deliver(k, out, m, bufsz);
    q.messages.splice(i, 1);
    q.qnum--;
    q.rtime = ipcSeconds(k.now);
    q.lrpid = t.tgid;
    q.cbytes -= m.text.length;
    ssWakeup(k, q, false);
    return deliver(k, out, m, bufsz);
  }
  if (flg & IPC_NOWAIT) return -ENOMSG;
  r = { task: t, msgtype: type, mode, maxsize: flg & MSG_NOERROR ? 0x7fffffff : bufsz, msg: RETRY, q };
  q.receivers.push(r);
  t.sleepData = r;
  return sleepOn(k, t, q.rwait);
}

/** do_msg_fill: min(bufsz, size) bytes and the type. */
function deliver(k: Kernel, out: { value?: { mtype: number; mtext: string } } | null, m: MsgMsg, bufsz: number): number {
  const n = Math.min(bufsz, m.text.length);
  if (out !== null && typeof out === 'object') out.value = { mtype: m.mtype, mtext: n === m.text.length ? m.text : m.text.slice(0, n) };
  k.extraCost += k.costs.pipeCopyPerByte * n;
  return n;
}

/** msgctl(msqid, cmd, buf): IPC_STAT fills buf.value; IPC_SET reads { uid, gid, mode, qbytes }. */
export function sysMsgctl(k: Kernel, t: Task, msqid: number, cmd: number, buf: any): number {
  if (!Number.isInteger(msqid) || msqid < 0 || cmd < 0) return -EINVAL;
  const ids = msgIds(k);
  if (cmd === IPC_INFO || cmd === MSG_INFO) return msgInfo(ids, cmd, buf);
  const byIdx = cmd === MSG_STAT || cmd === MSG_STAT_ANY;
  if (cmd !== IPC_STAT && cmd !== IPC_SET && cmd !== IPC_RMID && !byIdx) return -EINVAL;
  const q = byIdx ? ids.atIndex(msqid) : ids.obtain(msqid);
  if (typeof q === 'number') return q;
  if (cmd === IPC_STAT || byIdx) {
    if (cmd !== MSG_STAT_ANY && ipcperms(t, q, S_IRUGO) < 0) return -EACCES;
    if (buf !== null && typeof buf === 'object') buf.value = msqStat(q);
    return byIdx ? q.id : 0;
  }
  const err = ipcOwnerCheck(t, q);
  if (err < 0) return err;
  if (cmd === IPC_SET) return msgctlSet(k, t, q, buf);
  expungeAll(k, q, -EIDRM);
  ssWakeup(k, q, true);
  ids.rmid(q);
  return 0;
}

function msgctlSet(k: Kernel, t: Task, q: MsgQueue, v: Partial<IpcPermOut> & { qbytes?: number } | null): number {
  if (v === null || typeof v !== 'object') return -EINVAL;
  const qbytes = v.qbytes ?? q.qbytes;
  if (qbytes > MSGMNB && (t.cred ? t.cred.euid : 0) !== 0) return -EPERM;
  q.qbytes = qbytes;
  updatePerm(q, v);
  q.ctime = ipcSeconds(k.now);
  expungeAll(k, q, RETRY); // sleeping receivers look again (their permission may have gone)
  ssWakeup(k, q, false);
  return 0;
}

/** expunge_all: every sleeping receiver woken with `res`. */
function expungeAll(k: Kernel, q: MsgQueue, res: number): void {
  const list = q.receivers;
  if (res !== RETRY) q.receivers = [];
  for (const r of list.slice()) {
    r.msg = res;
    wakeUpTask(k, r.task, WAKE_NORMAL);
  }
}

/** msgctl_info: the limits (MSGPOOL for IPC_INFO, queues in use for MSG_INFO), messages and bytes queued. */
function msgInfo(ids: IpcIds<MsgQueue>, cmd: number, buf: any): number {
  if (buf !== null && typeof buf === 'object') {
    let hdrs = 0, bytes = 0;
    for (const q of ids.all()) { hdrs += q.qnum; bytes += q.cbytes; }
    buf.value = {
      msgpool: cmd === MSG_INFO ? ids.inUse : (MSGMNI * MSGMNB) / 1024, msgmap: hdrs, msgmax: MSGMAX, msgmnb: MSGMNB,
      msgmni: MSGMNI, msgssz: 16, msgtql: bytes, msgseg: 0xffff,
    };
  }
  return ids.maxIdx();
}

function msqStat(q: MsgQueue): MsqidDs {
  return {
    perm: permOut(q), stime: q.stime, rtime: q.rtime, ctime: q.ctime, cbytes: q.cbytes, qnum: q.qnum, qbytes: q.qbytes,
    lspid: q.lspid, lrpid: q.lrpid,
  };
}
