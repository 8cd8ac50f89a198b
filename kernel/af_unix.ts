/**
 * af_unix.ts — AF_UNIX socketpair(2): two connected sockets, each end's writes queued on the
 * other's receive queue; getsockopt/setsockopt at SOL_SOCKET.
 *
 * Mirrors net/unix/af_unix.c and net/core/sock.c:
 *  - unix_create (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW made SOCK_DGRAM; protocol 0
 *    or PF_UNIX else EPROTONOSUPPORT; another type ESOCKTNOSUPPORT; AF_INET/AF_INET6 have no
 *    pairs, EOPNOTSUPP; another family EAFNOSUPPORT) and unix_socketpair;
 *    SOCK_NONBLOCK | SOCK_CLOEXEC in the type; sk_sndbuf = sk_rcvbuf = 212992 (wmem_default).
 *  - unix_dgram_sendmsg: EMSGSIZE above sk_sndbuf - 32; sock_alloc_send_pskb waits while the
 *    sender's unread bytes (sk_wmem_alloc, counted in skb truesize) reach sk_sndbuf (a pair's
 *    peer is its own peer, so max_dgram_qlen does not apply); a dead peer: ECONNREFUSED. unix_dgram_recvmsg takes one datagram (the rest of a long one
 *    is dropped) and waits while there is none (a dgram pair never sees end of file).
 *  - unix_stream_sendmsg: EPIPE and SIGPIPE once the peer is gone; waits while sk_wmem_alloc
 *    reaches sk_sndbuf. unix_stream_read_generic: what is queued, up to n bytes; '' at end of
 *    file (the peer closed); waits otherwise. A read frees the writer's bytes (sock_wfree) and
 *    wakes it.
 *  - unix_poll / unix_dgram_poll: POLLIN with data (or a closed stream peer: POLLHUP too),
 *    POLLOUT while unix_writable (sk_wmem_alloc * 4 <= sk_sndbuf).
 *  - sock_getsockopt: SO_TYPE, SO_ERROR (0), SO_SNDBUF, SO_RCVBUF, SO_DOMAIN, SO_PROTOCOL;
 *    sock_setsockopt: SO_SNDBUF/SO_RCVBUF as min(val, 212992 = wmem_max) * 2, at least
 *    SOCK_MIN_SNDBUF (4608) / SOCK_MIN_RCVBUF (2304); another option at SOL_SOCKET ENOPROTOOPT,
 *    another level EOPNOTSUPP; a descriptor that is no socket ENOTSOCK.
 * Simplifies: a skb's truesize is its length + 576 (SKB_TRUESIZE of the head; the page frags of
 *   a long datagram are not rounded); a stream write goes in whole once the sender is under
 *   sk_sndbuf (Linux splits it into skbs of sk_sndbuf/2 - 64 and may wait between them);
 *   SEQPACKET behaves as DGRAM; no names, bind/connect/listen, send/recv flags, SCM rights,
 *   shutdown or MSG_PEEK.
 */

import type { Kernel } from './kernel.js';
import { type Task, WAKE_SIGNAL } from './task.js';
import { sleepOn } from './sched.js';
import { File, type FileOps, fdInstall, fget } from './file.js';
import { PollWaitQueue, wakeUpPoll } from './poll.js';
import { sendSignal } from './signal.js';
import {
  EAGAIN, EBADF, EINVAL, EMSGSIZE, ENOTSOCK, ENOPROTOOPT, ENOTSUP, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EAFNOSUPPORT,
  ECONNREFUSED, EPIPE, ERESTARTSYS, O_NONBLOCK, O_RDWR, POLLIN, POLLOUT, POLLHUP, SIGPIPE, SI_KERNEL,
  AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_NONBLOCK, SOCK_CLOEXEC, SOL_SOCKET, SO_TYPE, SO_ERROR,
  SO_SNDBUF, SO_RCVBUF, SO_PROTOCOL, SO_DOMAIN, S_IFSOCK,
} from './uapi.js';

/** net.core.wmem_default / rmem_default / wmem_max on Linux 6.x. */
const SK_MEM_DEFAULT = 212992, SK_MEM_MAX = 212992;
const SOCK_MIN_SNDBUF = 4608, SOCK_MIN_RCVBUF = 2304;
/** SKB_TRUESIZE(0): sk_buff + skb_shared_info, cache aligned (x86-64). */
const SKB_OVERHEAD = 576;

/** One queued skb: its bytes, its truesize charged to the sender. */
interface Skb { data: string; truesize: number }

/** struct unix_sock: one end of the pair. */
export class UnixSock {
  peer: UnixSock | null = null;
  dead = false;
  readonly queue: Skb[] = [];
  wmem = 0;
  sndbuf = SK_MEM_DEFAULT;
  rcvbuf = SK_MEM_DEFAULT;
  readonly wq = new PollWaitQueue('unix');
  readonly queues: readonly PollWaitQueue[] = [this.wq];
  constructor(readonly type: number) {}
  get stream(): boolean { return this.type === SOCK_STREAM; }
}

/** sock_wfree: a consumed skb gives its sender room; the sender's writers wake. */
function consumed(k: Kernel, from: UnixSock, skb: Skb): void {
  from.wmem -= skb.truesize;
  wakeUpPoll(k, from.wq);
}

function dgramRecv(k: Kernel, u: UnixSock, n: number): string {
  const skb = u.queue.shift()!;
  if (u.peer) consumed(k, u.peer, skb);
  else wakeUpPoll(k, u.wq);
  return skb.data.length <= n ? skb.data : skb.data.slice(0, n);
}

function streamRecv(k: Kernel, u: UnixSock, n: number): string {
  let out = '';
  while (u.queue.length > 0 && out.length < n) {
    const skb = u.queue[0];
    const take = Math.min(n - out.length, skb.data.length);
    out += skb.data.slice(0, take);
    if (take === skb.data.length) {
      u.queue.shift();
      if (u.peer) consumed(k, u.peer, skb);
    } else skb.data = skb.data.slice(take);
  }
  return out;
}

function unixRead(k: Kernel, t: Task, f: File, n: number): string | number {
  const u = f.priv as UnixSock;
  if (u.queue.length > 0) return u.stream ? streamRecv(k, u, n) : dgramRecv(k, u, n);
  if (u.stream && (u.peer === null || u.peer.dead)) return '';
  if (f.flags & O_NONBLOCK) return -EAGAIN;
  return sleepOn(k, t, u.wq);
}


/** unix_dgram_sendmsg / unix_stream_sendmsg (the write system call is sigAware). */
function unixWrite(k: Kernel, t: Task, f: File, data: string): number {
  const u = f.priv as UnixSock;
  if (t.wakeReason === WAKE_SIGNAL) return -ERESTARTSYS;
  const peer = u.peer;
  if (peer === null || peer.dead) {
    if (!u.stream) return -ECONNREFUSED;
    sendSignal(k, SIGPIPE, { signo: SIGPIPE, code: SI_KERNEL, pid: 0 }, t, false);
    return -EPIPE;
  }
  if (!u.stream && data.length > u.sndbuf - 32) return -EMSGSIZE;
  if (u.wmem >= u.sndbuf) {
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    return sleepOn(k, t, u.wq);
  }
  const skb = { data, truesize: data.length + SKB_OVERHEAD };
  peer.queue.push(skb);
  u.wmem += skb.truesize;
  k.extraCost += k.costs.pipeCopyPerByte * data.length;
  wakeUpPoll(k, peer.wq);
  return data.length;
}

/** unix_poll / unix_dgram_poll. */
function unixPoll(_k: Kernel, f: File): number {
  const u = f.priv as UnixSock;
  const peer = u.peer !== null && !u.peer.dead ? u.peer : null;
  let mask = u.queue.length > 0 ? POLLIN : 0;
  if (u.stream && peer === null) mask |= POLLIN | POLLHUP;
  return mask | (u.wmem * 4 <= u.sndbuf ? POLLOUT : 0);
}

/** unix_release_sock: the peer's readers see end of file (stream), its writers wake. */
function unixRelease(k: Kernel, f: File): void {
  const u = f.priv as UnixSock;
  u.dead = true;
  u.queue.length = 0;
  if (u.peer !== null) wakeUpPoll(k, u.peer.wq);
}

const unixOps: FileOps = {
  name: 'socket',
  mode: S_IFSOCK,
  read: unixRead,
  write: unixWrite,
  poll: unixPoll,
  pollQueues: (f) => (f.priv as UnixSock).queues,
  release: unixRelease,
};

/** The socket behind fd, or -EBADF / -ENOTSOCK. */
function sockOf(t: Task, fd: number): UnixSock | number {
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  return f.ops === unixOps ? (f.priv as UnixSock) : -ENOTSOCK;
}

/**
 * __sock_create + unix_create: the socket's type (SOCK_RAW is made SOCK_DGRAM), or -errno.
 * AF_INET and AF_INET6 exist but cannot make pairs (sock_no_socketpair: EOPNOTSUPP).
 */
function createType(family: number, type: number, protocol: number): number {
  if (family === AF_INET || family === AF_INET6) return -ENOTSUP;
  if (family !== AF_UNIX) return -EAFNOSUPPORT;
  if (protocol !== 0 && protocol !== AF_UNIX) return -EPROTONOSUPPORT;
  const base = type & 0xf;
  if (base === SOCK_RAW) return SOCK_DGRAM;
  if (base !== SOCK_STREAM && base !== SOCK_DGRAM && base !== SOCK_SEQPACKET) return -ESOCKTNOSUPPORT;
  return base;
}
const AF_INET = 2, AF_INET6 = 10, SOCK_RAW = 3;

/** socketpair(family, type, protocol): the two descriptors, or -errno. */
export function sysSocketpair(k: Kernel, t: Task, family: number, type: number, protocol: number): number[] | number {
  if (!Number.isInteger(type) || (type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) return -EINVAL;
  const base = createType(family, type, protocol);
  if (base < 0) return base;
  const a = new UnixSock(base), b = new UnixSock(base);
  a.peer = b;
  b.peer = a;
  const flags = O_RDWR | (type & SOCK_NONBLOCK ? O_NONBLOCK : 0);
  const fa = fdInstall(t, new File(unixOps, flags, a));
  if (fa < 0) return fa;
  const fb = fdInstall(t, new File(unixOps, flags, b));
  if (fb < 0) { t.files!.fd[fa] = null; return fb; }
  t.files!.cloexec[fa] = t.files!.cloexec[fb] = (type & SOCK_CLOEXEC) !== 0;
  return [fa, fb];
}

/** getsockopt(fd, level, name, out): out.value the option's int, or -errno. */
export function sysGetsockopt(k: Kernel, t: Task, fd: number, level: number, name: number, out: { value?: number }): number {
  const u = sockOf(t, fd);
  if (typeof u === 'number') return u;
  if (level !== SOL_SOCKET) return -ENOTSUP;
  const v = name === SO_TYPE ? u.type : name === SO_ERROR || name === SO_PROTOCOL ? 0
    : name === SO_SNDBUF ? u.sndbuf : name === SO_RCVBUF ? u.rcvbuf : name === SO_DOMAIN ? AF_UNIX : null;
  if (v === null) return -ENOPROTOOPT;
  out.value = v;
  return 0;
}

/** setsockopt(fd, level, name, value): SO_SNDBUF and SO_RCVBUF (doubled, clamped), or -errno. */
export function sysSetsockopt(k: Kernel, t: Task, fd: number, level: number, name: number, value: number): number {
  const u = sockOf(t, fd);
  if (typeof u === 'number') return u;
  if (level !== SOL_SOCKET) return -ENOTSUP;
  const v = Math.min(Math.max(value | 0, 0), SK_MEM_MAX) * 2;
  if (name === SO_SNDBUF) { u.sndbuf = Math.max(v, SOCK_MIN_SNDBUF); wakeUpPoll(k, u.wq); return 0; }
  if (name === SO_RCVBUF) { u.rcvbuf = Math.max(v, SOCK_MIN_RCVBUF); return 0; }
  return -ENOPROTOOPT;
}
