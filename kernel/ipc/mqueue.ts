/**
 * ipc/mqueue.ts — POSIX message queues: mq_open, mq_unlink, mq_timedsend, mq_timedreceive,
 * mq_notify, mq_getsetattr. A queue descriptor is a file descriptor.
 *
 * Mirrors: ipc/mqueue.c of Linux 6.x — do_mq_open (the descriptor is close-on-exec; a name
 * longer than NAME_MAX: ENAMETOOLONG; an empty one or one with a '/': EACCES, lookup_one_len's;
 * prepare_open: no queue and no O_CREAT: ENOENT; O_CREAT|O_EXCL on one: EEXIST; O_WRONLY|O_RDWR
 * together: EINVAL; the mode bits against the opener: EACCES), mqueue_create_attr /
 * mqueue_get_inode (more than queues_max (256) queues without CAP_SYS_RESOURCE: ENOSPC; the
 * defaults mq_maxmsg 10 and mq_msgsize 8192; an attribute ≤ 0: EINVAL, past msg_max / msgsize_max
 * (10 / 8192) for a user, past HARD_MSGMAX / HARD_MSGSIZEMAX for root: EINVAL; the queue's bytes
 * — maxmsg × msgsize plus its tree and message headers — charged to the user against
 * RLIMIT_MSGQUEUE: EMFILE), mqueue_unlink (the sticky root: only the owner or root, EPERM, which
 * glibc reports as EACCES), do_mq_timedsend (a priority ≥ MQ_PRIO_MAX: EINVAL; not open for
 * writing: EBADF; longer than mq_msgsize: EMSGSIZE; a full queue: O_NONBLOCK's EAGAIN or a
 * sleep ended by a receiver (pipelined_receive), the timeout (ETIMEDOUT) or a signal
 * (-ERESTARTSYS: SA_RESTART restarts it, with the same absolute timeout); a waiting receiver
 * gets the message directly (pipelined_send); otherwise msg_insert — highest priority first,
 * FIFO within one — and __do_notify when the queue just became non-empty), do_mq_timedreceive
 * (a buffer shorter than mq_msgsize: EMSGSIZE; not open for reading: EBADF; empty: EAGAIN or
 * sleep), do_mq_notify (SIGEV_NONE / SIGEV_SIGNAL; an invalid sigev_notify or signal: EINVAL;
 * another process registered: EBUSY; NULL removes the caller's registration; the signal, with
 * si_code SI_MESGQ, the value, and the sender's pid and uid, goes to the registered process
 * once, then the registration is gone), do_mq_getsetattr (mq_flags other than O_NONBLOCK:
 * EINVAL), mqueue_poll_file (POLLIN while there are messages, POLLOUT while there is room) and
 * mqueue_read_file (the "QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:..." line).
 *
 * SIGEV_THREAD: Linux writes a cookie to the netlink socket glibc's helper thread listens on
 * (sigev_signo is the socket); the lab has no netlink, so its SIGEV_THREAD names the helper
 * thread itself (`tid`, a thread of the caller's process) and a signal, sent to that thread
 * alone with si_code SI_MESGQ and the value (the C runtime's mq_notify makes this request:
 * clib/runtime/timer.c's helper, which then starts the notification thread).
 *
 * Simplifies: sleepers are served in FIFO order (wq_add sorts them by static priority: FIFO
 * among equal ones); the registration is
 * dropped when the registered process closes its last reference to the descriptor (Linux: any
 * close of it, mqueue_flush_file); the namespace is flat (no mount of /dev/mqueue).
 */

import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { WaitQueue, WAKE_NORMAL, WAKE_SIGNAL, WAKE_TIMEOUT } from '../task.js';
import { sleepOn, wakeUpTask } from '../sched.js';
import { File, fdInstall, fget, type FileOps } from '../file.js';
import { PollWaitQueue, wakeUpPoll } from '../poll.js';
import { sendSignal } from '../signal.js';
import { rlimits } from '../sys_rlimit.js';
import { NAME_MAX } from '../shmem.js';
import {
  EACCES, EAGAIN, EBADF, EBUSY, EEXIST, EINVAL, EMFILE, EMSGSIZE, ENAMETOOLONG, ENOENT, ENOSPC, EPERM, ERESTARTSYS, ETIMEDOUT,
  O_ACCMODE, O_CREAT, O_EXCL, O_NONBLOCK, O_RDONLY, O_WRONLY, POLLIN, POLLOUT, S_IFREG, SI_MESGQ, SIGEV_NONE,
  SIGEV_SIGNAL, SIGEV_THREAD, RLIMIT_MSGQUEUE, MQ_PRIO_MAX, DFLT_QUEUESMAX, DFLT_MSGMAX, DFLT_MSGSIZEMAX, HARD_MSGMAX, HARD_MSGSIZEMAX,
} from '../uapi.js';

const POLLRDNORM = 0x40, POLLWRNORM = 0x100;
/** sizeof(struct msg_msg) and sizeof(struct posix_msg_tree_node) on x86-64 (the queue's accounting). */
const MSG_MSG_SIZE = 48, TREE_NODE_SIZE = 48;

/** struct mq_attr. */
export interface MqAttr { mq_flags: number; mq_maxmsg: number; mq_msgsize: number; mq_curmsgs: number }

interface MqMsg { prio: number; text: string }

/** A sleeper (struct ext_wait_queue): state READY once a partner completed its operation. */
interface MqWaiter { task: Task; msg: MqMsg | null; ready: boolean }

/** struct mqueue_inode_info. */
export class MqInode {
  messages: MqMsg[] = [];
  qsize = 0;
  receivers: MqWaiter[] = [];
  senders: MqWaiter[] = [];
  readonly waitq = new WaitQueue('mqueue');
  readonly pollq = new PollWaitQueue('mqueue_poll');
  readonly pollQueues: readonly PollWaitQueue[] = [this.pollq];
  notifyOwner = 0;
  notify = { notify: SIGEV_NONE, signo: 0, value: undefined as unknown, tid: 0 };
  name: string | null;
  opens = 0;
  constructor(name: string, public mode: number, public uid: number, public gid: number, public maxmsg: number,
    public msgsize: number, public bytes: number) {
    this.name = name;
  }
}

interface MqState { names: Map<string, MqInode>; count: number; userBytes: Map<number, number> }

function mqState(k: Kernel): MqState {
  return (k.ext.mqueue ??= { names: new Map(), count: 0, userBytes: new Map() });
}

const readPos = new WeakMap<File, number>();

export const mqueueFileOps: FileOps = {
  name: 'mqueue', mode: S_IFREG,
  read: mqueueRead,
  poll(_k, f) {
    const q = f.priv as MqInode;
    return (q.messages.length ? POLLIN | POLLRDNORM : 0) | (q.messages.length < q.maxmsg ? POLLOUT | POLLWRNORM : 0);
  },
  pollQueues: (f) => (f.priv as MqInode).pollQueues,
  release(k, f) {
    const q = f.priv as MqInode;
    const cur = k?.current;
    if (cur && q.notifyOwner === cur.tgid) q.notifyOwner = 0;
    if (--q.opens === 0 && q.name === null && k) evict(k, q);
  },
  stat(f) {
    const q = f.priv as MqInode;
    return { st_mode: S_IFREG | q.mode, st_blksize: 4096, st_uid: q.uid, st_size: q.qsize, st_nlink: q.name === null ? 0 : 1 };
  },
};

/** mqueue_read_file: the queue's state line, read like a file from its position. */
function mqueueRead(_k: Kernel, _t: Task, f: File, n: number): string {
  const q = f.priv as MqInode;
  const own = q.notifyOwner !== 0;
  const line = `QSIZE:${pad(q.qsize, 10)} NOTIFY:${pad(own ? q.notify.notify : 0, 5)} SIGNO:${pad(own && q.notify.notify === SIGEV_SIGNAL ? q.notify.signo : 0, 5)} NOTIFY_PID:${pad(q.notifyOwner, 6)}\n`;
  const pos = readPos.get(f) ?? 0;
  const s = line.slice(pos, pos + n);
  readPos.set(f, pos + s.length);
  return s;
}

function pad(v: number, w: number): string {
  return String(v).padEnd(w);
}

/** The inode is gone (unlinked and closed): its bytes go back to the user's RLIMIT_MSGQUEUE. */
function evict(k: Kernel, q: MqInode): void {
  const s = mqState(k);
  s.userBytes.set(q.uid, (s.userBytes.get(q.uid) ?? 0) - q.bytes);
}

function checkName(name: string): number {
  if (typeof name !== 'string') return -EINVAL;
  if (name.length > NAME_MAX) return -ENAMETOOLONG;
  if (name.length === 0 || name.includes('/')) return -EACCES;
  return 0;
}

/** may_open's mode bits (inode_permission): root passes. */
function permitted(t: Task, q: MqInode, want: number): boolean {
  const c = t.cred;
  const euid = c ? c.euid : 0;
  if (euid === 0) return true;
  const bits = euid === q.uid ? (q.mode >> 6) & 7 : (c ? c.fsgid : 0) === q.gid ? (q.mode >> 3) & 7 : q.mode & 7;
  return (bits & want) === want;
}

/** mq_open(name (without glibc's leading '/'), oflag, mode, attr): a descriptor or -errno. */
export function sysMqOpen(k: Kernel, t: Task, name: string, oflag: number, mode: number, attr: Partial<MqAttr> | null): number {
  const e = checkName(name);
  if (e) return e;
  const s = mqState(k);
  let q = s.names.get(name);
  if (q === undefined) {
    if (!(oflag & O_CREAT)) return -ENOENT;
    const made = mqueueCreate(k, t, s, name, mode, attr);
    if (typeof made === 'number') return made;
    q = made;
  } else {
    if ((oflag & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) return -EEXIST;
    const acc = oflag & O_ACCMODE;
    if (acc === O_ACCMODE) return -EINVAL;
    if (!permitted(t, q, acc === O_RDONLY ? 4 : acc === O_WRONLY ? 2 : 6)) return -EACCES;
  }
  q.opens++;
  const fd = fdInstall(t, new File(mqueueFileOps, oflag & (O_ACCMODE | O_NONBLOCK), q));
  if (fd < 0) { q.opens--; return fd; }
  t.files!.cloexec[fd] = true; // get_unused_fd_flags(O_CLOEXEC)
  return fd;
}

/** mqueue_create_attr + mqueue_get_inode: the limits, then the user's RLIMIT_MSGQUEUE. */
function mqueueCreate(k: Kernel, t: Task, s: MqState, name: string, mode: number, attr: Partial<MqAttr> | null): MqInode | number {
  const root = (t.cred ? t.cred.euid : 0) === 0;
  if (s.count >= DFLT_QUEUESMAX && !root) return -ENOSPC;
  const maxmsg = attr ? Number(attr.mq_maxmsg) : DFLT_MSGMAX;
  const msgsize = attr ? Number(attr.mq_msgsize) : DFLT_MSGSIZEMAX;
  if (!(maxmsg > 0) || !(msgsize > 0)) return -EINVAL;
  if (root ? maxmsg > HARD_MSGMAX || msgsize > HARD_MSGSIZEMAX : maxmsg > DFLT_MSGMAX || msgsize > DFLT_MSGSIZEMAX) return -EINVAL;
  const bytes = maxmsg * msgsize + maxmsg * MSG_MSG_SIZE + Math.min(maxmsg, MQ_PRIO_MAX) * TREE_NODE_SIZE;
  const uid = t.cred ? t.cred.euid : 0;
  const used = (s.userBytes.get(uid) ?? 0) + bytes;
  if (used > rlimits(k, t.signal!)[RLIMIT_MSGQUEUE].cur) return -EMFILE;
  s.userBytes.set(uid, used);
  s.count++;
  const q = new MqInode(name, (mode & 0o7777) & ~(t.fs ? t.fs.umask : 0o022), uid, t.cred ? t.cred.egid : 0, maxmsg, msgsize, bytes);
  s.names.set(name, q);
  return q;
}

/** mq_unlink(name): ENOENT; the sticky root's EPERM for another user's queue. */
export function sysMqUnlink(k: Kernel, t: Task, name: string): number {
  const e = checkName(name);
  if (e) return e;
  const s = mqState(k);
  const q = s.names.get(name);
  if (q === undefined) return -ENOENT;
  const euid = t.cred ? t.cred.euid : 0;
  if (euid !== 0 && euid !== q.uid) return -EPERM;
  s.names.delete(name);
  s.count--;
  q.name = null;
  if (q.opens === 0) evict(k, q);
  return 0;
}

function mqFile(t: Task, fd: number): File | null {
  const f = fget(t, fd);
  return f !== null && f.ops === mqueueFileOps ? f : null;
}

/**
 * The timeout of a timed call as an absolute virtual time, kept in the call's spare argument
 * slot so that a restart (ERESTARTSYS) ends at the same time: -1 none, NaN invalid.
 */
function expiry(k: Kernel, t: Task, rel: number | null | undefined, slot: number | undefined, set: (v: number) => void): number {
  if (typeof slot === 'number') return slot;
  if (rel === null || rel === undefined) return -1;
  if (!Number.isFinite(rel)) return NaN;
  const at = k.now + Math.max(0, rel);
  set(at);
  return at;
}

/** msg_insert: after the last message of at least its priority. */
function msgInsert(q: MqInode, m: MqMsg): void {
  let i = q.messages.length;
  while (i > 0 && q.messages[i - 1].prio < m.prio) i--;
  q.messages.splice(i, 0, m);
  q.qsize += m.text.length;
}

/** mq_timedsend(fd, data, prio, timeoutNs (relative; null: none)): 0 or -errno. */
export function sysMqTimedsend(k: Kernel, t: Task, fd: number, data: string, prio: number, rel: number | null, slot?: number): number {
  const w = t.sleepData as MqWaiter | null;
  const at = expiry(k, t, rel, slot, (v) => { t.se = v; });
  if (Number.isNaN(at)) return -EINVAL;
  const f = mqFile(t, fd);
  if (w !== null) return sleptResult(k, t, (f?.priv as MqInode) ?? null, w, 'senders', at);
  if (!Number.isInteger(prio) || prio < 0 || prio >= MQ_PRIO_MAX) return -EINVAL;
  if (f === null || (f.flags & O_ACCMODE) === O_RDONLY) return -EBADF;
  const q = f.priv as MqInode;
  if (typeof data !== 'string' || data.length > q.msgsize) return -EMSGSIZE;
  const m: MqMsg = { prio, text: data };
  k.extraCost += k.costs.pipeCopyPerByte * data.length;
  if (q.messages.length >= q.maxmsg) {
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    const nw: MqWaiter = { task: t, msg: m, ready: false };
    q.senders.push(nw);
    t.sleepData = nw;
    return sleepOn(k, t, q.waitq, at < 0 ? -1 : Math.max(0, at - k.now));
  }
  const r = q.receivers.shift();
  if (r !== undefined) { r.msg = m; r.ready = true; wakeUpTask(k, r.task, WAKE_NORMAL); return 0; }
  msgInsert(q, m);
  if (q.messages.length === 1) doNotify(k, t, q);
  wakeUpPoll(k, q.pollq);
  return 0;
}

/** A sleeper runs again: READY (a partner did the work), or the timeout / a signal / sleep on. */
function sleptResult(k: Kernel, t: Task, q: MqInode | null, w: MqWaiter, side: 'senders' | 'receivers', at: number): number {
  if (w.ready) return 0;
  if (q === null) return -EBADF;
  if (t.wakeReason === WAKE_SIGNAL || t.wakeReason === WAKE_TIMEOUT) {
    const l = q[side];
    const i = l.indexOf(w);
    if (i >= 0) l.splice(i, 1);
    return t.wakeReason === WAKE_SIGNAL ? -ERESTARTSYS : -ETIMEDOUT;
  }
  return sleepOn(k, t, q.waitq, at < 0 ? -1 : Math.max(0, at - k.now));
}

/** __do_notify: the queue just became non-empty — signal the registered process, once. */
function doNotify(k: Kernel, t: Task, q: MqInode): void {
  if (q.notifyOwner === 0) return;
  const n = q.notify;
  const thread = n.notify === SIGEV_THREAD;
  const to = k.findTask(thread ? n.tid : q.notifyOwner);
  if ((n.notify === SIGEV_SIGNAL || thread) && n.signo !== 0 && to !== undefined && to.tgid === q.notifyOwner) {
    const uid = t.cred ? t.cred.uid : 0;
    sendSignal(k, n.signo, { signo: n.signo, code: SI_MESGQ, pid: t.tgid, uid, value: n.value }, to, !thread);
  }
  q.notifyOwner = 0;
}

/**
 * mq_timedreceive(fd, out, len, prio, timeoutNs (relative; null: none)): the message's length
 * (out.value its bytes, prio.value its priority) or -errno.
 */
export function sysMqTimedreceive(k: Kernel, t: Task, fd: number, out: { value?: string } | null, len: number,
  prioOut: { value?: number } | null, rel: number | null, slot?: number): number {
  const w = t.sleepData as MqWaiter | null;
  const at = expiry(k, t, rel, slot, (v) => { t.sf = v; });
  if (Number.isNaN(at)) return -EINVAL;
  const f = mqFile(t, fd);
  if (w !== null) {
    const r = sleptResult(k, t, (f?.priv as MqInode) ?? null, w, 'receivers', at);
    return r === 0 && w.ready ? received(k, w.msg!, out, prioOut) : r;
  }
  if (f === null || (f.flags & O_ACCMODE) === O_WRONLY) return -EBADF;
  const q = f.priv as MqInode;
  if (!(len >= q.msgsize)) return -EMSGSIZE;
  if (q.messages.length === 0) {
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    const nw: MqWaiter = { task: t, msg: null, ready: false };
    q.receivers.push(nw);
    t.sleepData = nw;
    return sleepOn(k, t, q.waitq, at < 0 ? -1 : Math.max(0, at - k.now));
  }
  const m = q.messages.shift()!;
  q.qsize -= m.text.length;
  pipelinedReceive(k, q);
  return received(k, m, out, prioOut);
}

/** pipelined_receive: room now — the first sleeping sender's message goes in and it runs. */
function pipelinedReceive(k: Kernel, q: MqInode): void {
  const s = q.senders.shift();
  if (s === undefined) { wakeUpPoll(k, q.pollq); return; }
  msgInsert(q, s.msg!);
  s.ready = true;
  wakeUpTask(k, s.task, WAKE_NORMAL);
}

function received(k: Kernel, m: MqMsg, out: { value?: string } | null, prioOut: { value?: number } | null): number {
  if (out !== null && typeof out === 'object') out.value = m.text;
  if (prioOut !== null && typeof prioOut === 'object') prioOut.value = m.prio;
  k.extraCost += k.costs.pipeCopyPerByte * m.text.length;
  return m.text.length;
}

/** mq_notify(fd, sigevent | null): 0 or -errno (see the header). */
export function sysMqNotify(k: Kernel, t: Task, fd: number, ev: { notify: number; signo?: number; value?: unknown; tid?: number } | null): number {
  if (ev !== null && ev !== undefined) {
    if (ev.notify !== SIGEV_NONE && ev.notify !== SIGEV_SIGNAL && ev.notify !== SIGEV_THREAD) return -EINVAL;
    const sig = ev.signo ?? 0;
    if (ev.notify !== SIGEV_NONE && !(Number.isInteger(sig) && sig >= 0 && sig <= 64)) return -EINVAL;
    if (ev.notify === SIGEV_THREAD && k.findTask(ev.tid ?? 0)?.tgid !== t.tgid) return -EBADF; // no such listener
  }
  const f = mqFile(t, fd);
  if (f === null) return -EBADF;
  const q = f.priv as MqInode;
  if (ev === null || ev === undefined) {
    if (q.notifyOwner === t.tgid) q.notifyOwner = 0;
    return 0;
  }
  if (q.notifyOwner !== 0) return -EBUSY;
  q.notify = { notify: ev.notify, signo: ev.notify === SIGEV_NONE ? 0 : ev.signo ?? 0, value: ev.value, tid: ev.tid ?? 0 };
  q.notifyOwner = t.tgid;
  return 0;
}

/** mq_getsetattr(fd, new | null, old | null): old.value gets the attributes; new sets O_NONBLOCK only. */
export function sysMqGetsetattr(_k: Kernel, t: Task, fd: number, nv: Partial<MqAttr> | null, old: { value?: MqAttr } | null): number {
  if (nv && (Number(nv.mq_flags ?? 0) & ~O_NONBLOCK) !== 0) return -EINVAL;
  const f = mqFile(t, fd);
  if (f === null) return -EBADF;
  const q = f.priv as MqInode;
  if (old) old.value = { mq_flags: f.flags & O_NONBLOCK, mq_maxmsg: q.maxmsg, mq_msgsize: q.msgsize, mq_curmsgs: q.messages.length };
  if (nv) f.flags = (f.flags & ~O_NONBLOCK) | (Number(nv.mq_flags ?? 0) & O_NONBLOCK);
  return 0;
}

