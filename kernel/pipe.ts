/**
 * pipe.ts — anonymous pipes: a bounded buffer between a read end and a write end.
 *
 * Mirrors: fs/pipe.c of Linux — do_pipe2/pipe2 (two struct files on one pipe inode, flags
 * O_NONBLOCK|O_CLOEXEC, fds written to int fd[2]), pipe_read (return what is there, EOF when
 * no writer is left, -EAGAIN with O_NONBLOCK, else sleep; a signal with nothing read is
 * -ERESTARTSYS), pipe_write (no reader: SIGPIPE to the writing thread and -EPIPE; a write of at
 * most PIPE_BUF bytes goes in whole or waits; a larger one is split and may be partial, and a
 * signal after some bytes returns the count), pipe_poll, pipe_release (the last close of one
 * end wakes the other), with Linux 5.x's separate rd_wait/wr_wait queues.
 *
 * Simplifies: data are JavaScript strings, one char per byte; the buffer is one string of at
 * most PIPE_SIZE (64 KiB, 2.6's 16 pages) rather than a ring of pages; POLLOUT means room for
 * an atomic write (PIPE_BUF free), as 2.6's "a free page slot" did. Copying costs
 * pipeCopyPerByte per byte on each side (copy_from_user, copy_to_user).
 */

import type { Kernel } from './kernel.js';
import { type Task, WAKE_SIGNAL, WaitQueue } from './task.js';
import { sleepOn } from './sched.js';
import { File, type FileOps, fdInstall } from './file.js';
import { PollWaitQueue, wakeUpPoll } from './poll.js';
import { sendSignal } from './signal.js';
import {
  EAGAIN, EINVAL, EPIPE, ERESTARTSYS, O_RDONLY, O_WRONLY, O_NONBLOCK, O_CLOEXEC, POLLIN, POLLOUT,
  POLLERR, POLLHUP, PIPE_BUF, SIGPIPE, SI_KERNEL, S_IFIFO,
} from './uapi.js';

/** Capacity of a pipe: 16 pages (Linux 2.6.11+ PIPE_BUFFERS × PAGE_SIZE). */
export const PIPE_SIZE = 65536;

/** struct pipe_inode_info. */
export class PipeInode {
  buf = '';
  /** Open struct files of each end (not descriptors: fork and dup share a file). */
  readers = 1;
  writers = 1;
  /** A named pipe's opens of each end so far (r_counter, w_counter: fifo.ts waits for them to move). */
  rCounter = 0;
  wCounter = 0;
  /** Where a FIFO's opener waits for its partner (wait_for_partner). */
  readonly openWait = new WaitQueue('fifo_open');
  /** A FIFO's: called when its last end closes. */
  onRelease: (() => void) | null = null;
  rdWait = new PollWaitQueue('pipe_read');
  wrWait = new PollWaitQueue('pipe_write');
  /** What pollQueues hands out for each end (made once: a poll asks at every sleep). */
  readonly rdQueues: readonly PollWaitQueue[] = [this.rdWait];
  readonly wrQueues: readonly PollWaitQueue[] = [this.wrWait];
}

function copyCost(k: Kernel, bytes: number): void {
  k.extraCost += k.costs.pipeCopyPerByte * bytes;
}

/** pipe_read: up to n bytes of what is buffered; '' is end of file. */
function pipeRead(k: Kernel, t: Task, f: File, n: number): string | number {
  const p = f.priv as PipeInode;
  if (n === 0) return '';
  if (p.buf.length > 0) {
    const data = p.buf.length <= n ? p.buf : p.buf.slice(0, n);
    p.buf = p.buf.length <= n ? '' : p.buf.slice(n);
    copyCost(k, data.length);
    wakeUpPoll(k, p.wrWait); // room for writers
    return data;
  }
  if (p.writers === 0) return '';
  if (f.flags & O_NONBLOCK) return -EAGAIN;
  return sleepOn(k, t, p.rdWait);
}

/**
 * pipe_write. The system call is signal-aware (it is re-entered even after a signal wake-up)
 * so that a write interrupted after a partial transfer returns its count, as Linux does.
 * `t.sleepData.written` carries the progress of a write that slept.
 */
function pipeWrite(k: Kernel, t: Task, f: File, data: string): number {
  const p = f.priv as PipeInode;
  const st = t.sleepData as { written: number } | null;
  let written = st ? st.written : 0;
  if (t.wakeReason === WAKE_SIGNAL) return written > 0 ? written : -ERESTARTSYS;
  if (p.readers === 0) {
    sendSignal(k, SIGPIPE, { signo: SIGPIPE, code: SI_KERNEL, pid: 0 }, t, false);
    return written > 0 ? written : -EPIPE;
  }
  const left = data.length - written;
  if (left === 0) return written;
  const room = PIPE_SIZE - p.buf.length;
  // Rule of PIPE_BUF: a small write goes in whole or not at all; a large one may be split.
  if (room >= left || (data.length > PIPE_BUF && room > 0)) {
    const chunk = room >= left ? left : room;
    p.buf += chunk === data.length ? data : data.slice(written, written + chunk);
    written += chunk;
    copyCost(k, chunk);
    wakeUpPoll(k, p.rdWait);
    if (written === data.length) return written;
  }
  if (f.flags & O_NONBLOCK) return written > 0 ? written : -EAGAIN;
  t.sleepData = { written };
  return sleepOn(k, t, p.wrWait);
}

export const readOps: FileOps = {
  name: 'pipe',
  mode: S_IFIFO,
  read: pipeRead,
  poll(k, f) {
    const p = f.priv as PipeInode;
    return (p.buf.length > 0 ? POLLIN : 0) | (p.writers === 0 ? POLLHUP : 0);
  },
  pollQueues: (f) => (f.priv as PipeInode).rdQueues,
  release(k, f) {
    const p = f.priv as PipeInode;
    p.readers--;
    if (p.readers === 0) wakeUpPoll(k, p.wrWait); // writers now get EPIPE
    pipeReleased(p);
  },
};

export const writeOps: FileOps = {
  name: 'pipe',
  mode: S_IFIFO,
  write: pipeWrite,
  poll(k, f) {
    const p = f.priv as PipeInode;
    return (PIPE_SIZE - p.buf.length >= PIPE_BUF ? POLLOUT : 0) | (p.readers === 0 ? POLLERR : 0);
  },
  pollQueues: (f) => (f.priv as PipeInode).wrQueues,
  release(k, f) {
    const p = f.priv as PipeInode;
    p.writers--;
    if (p.writers === 0) wakeUpPoll(k, p.rdWait); // readers now see end of file
    pipeReleased(p);
  },
};

/** The last end closed (put_pipe_info): a named pipe's inode lets its buffer go (fifo.ts). */
function pipeReleased(p: PipeInode): void {
  if (p.readers === 0 && p.writers === 0 && p.onRelease !== null) p.onRelease();
}

/** The pipe inode behind a file, if it is a pipe end (for tests and /proc-like views). */
export function pipeOf(f: File | null): PipeInode | null {
  return f !== null && (f.ops === readOps || f.ops === writeOps) ? (f.priv as PipeInode) : null;
}

/**
 * pipe2(flags): returns [readFd, writeFd] (the analogue of the kernel filling int fd[2]) or
 * -errno: EINVAL for flags other than O_NONBLOCK|O_CLOEXEC, EMFILE when the table is full.
 */
export function sysPipe2(k: Kernel, t: Task, flags: number): number[] | number {
  flags = flags ?? 0;
  if (!Number.isInteger(flags) || (flags & ~(O_NONBLOCK | O_CLOEXEC)) !== 0) return -EINVAL;
  const inode = new PipeInode();
  const rf = new File(readOps, O_RDONLY | (flags & O_NONBLOCK), inode);
  const wf = new File(writeOps, O_WRONLY | (flags & O_NONBLOCK), inode);
  const rfd = fdInstall(t, rf);
  if (rfd < 0) return rfd;
  const wfd = fdInstall(t, wf);
  if (wfd < 0) {
    t.files!.fd[rfd] = null;
    return wfd;
  }
  const cloexec = (flags & O_CLOEXEC) !== 0;
  t.files!.cloexec[rfd] = cloexec;
  t.files!.cloexec[wfd] = cloexec;
  return [rfd, wfd];
}

/** pipe(): pipe2 with no flags. */
export function sysPipe(k: Kernel, t: Task): number[] | number {
  return sysPipe2(k, t, 0);
}
