/**
 * fifo.ts — named pipes: mknod(S_IFIFO) / mkfifo make a FIFO inode in the file system, and
 * open gives a pipe end on the pipe that inode carries while it is open.
 *
 * Mirrors: fs/pipe.c fifo_open (Linux 6.x) and fs/namei.c do_mknodat. An open for reading
 * counts a reader (r_counter++, readers++) and, without O_NONBLOCK, waits until a writer has
 * opened (w_counter moves: wait_for_partner); with O_NONBLOCK it returns at once (reads then
 * see end of file while no writer is there). An open for writing with O_NONBLOCK and no reader
 * is ENXIO; without it, it waits for a reader. O_RDWR never waits (Linux's choice; POSIX leaves
 * it undefined). A signal while waiting undoes the count and the open is -ERESTARTSYS. The
 * buffer lives while an end is open: bytes written and never read are gone with the last close.
 * Reads, writes, poll and SIGPIPE are the anonymous pipe's (pipe.ts); fstat reports the FIFO inode.
 *
 * mknod accepts S_IFIFO and S_IFREG (a plain file, as do_mknodat makes one), and a character
 * device 0:0 — the whiteout, which vfs_mknod lets anyone make (overlayfs's); it opens as no
 * device, ENXIO. Any other device needs CAP_MKNOD, and the lab has no device numbers to give
 * it: EPERM, for root too.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { WAKE_SIGNAL } from './task.js';
import { sleepOn, wakeUp, BLOCK } from './sched.js';
import { File, type FileOps } from './file.js';
import { PipeInode, readOps, writeOps } from './pipe.js';
import { type Inode, inodeStat } from './fs_ramfs.js';
import { createAt } from './namei.js';
import {
  AT_FDCWD, EINVAL, ENXIO, EPERM, ERESTARTSYS, O_ACCMODE, O_NONBLOCK, O_RDONLY,
  O_RDWR, O_WRONLY, S_IFBLK, S_IFCHR, S_IFIFO, S_IFMT, S_IFREG, POLLIN, POLLOUT,
} from './uapi.js';

/** The pipe behind each FIFO inode while an end is open (inode->i_pipe). */
const pipes = new WeakMap<Inode, PipeInode>();
const inodes = new WeakMap<PipeInode, Inode>();

const stat = (f: File) => inodeStat(inodes.get(f.priv as PipeInode)!);
const fifoReadOps: FileOps = { ...readOps, name: 'fifo', stat };
const fifoWriteOps: FileOps = { ...writeOps, name: 'fifo', stat };
/** O_RDWR: both ends in one file. */
const fifoRdwrOps: FileOps = {
  ...readOps, name: 'fifo', stat, write: writeOps.write,
  poll: (k, f) => (readOps.poll!(k, f) & POLLIN) | (writeOps.poll!(k, f) & POLLOUT),
  pollQueues: (f) => [...readOps.pollQueues!(f), ...writeOps.pollQueues!(f)],
  release(k, f) { readOps.release!(k, f); writeOps.release!(k, f); },
};

/** Is this inode a FIFO? */
export function isFifo(ino: Inode): boolean {
  return (ino.mode & S_IFMT) === S_IFIFO;
}

/** inode->i_pipe, made at the first open (alloc_pipe_info), dropped with the last close. */
function inodePipe(ino: Inode): PipeInode {
  let p = pipes.get(ino);
  if (p === undefined) {
    p = new PipeInode();
    p.readers = p.writers = 0;
    p.onRelease = () => { pipes.delete(ino); };
    pipes.set(ino, p);
    inodes.set(p, ino);
  }
  return p;
}

/** An open waiting for its partner: the file made at the first entry, and the counter it watches. */
interface FifoWait { fifoFile: File; watch: 'r' | 'w'; cur: number }

/**
 * fifo_open: the open file for FIFO `ino`, BLOCK while waiting for the other end, or -errno.
 * Re-entered after the wait (t.sleepData holds the file made at the first entry).
 */
export function fifoOpen(k: Kernel, t: Task, ino: Inode, flags: number, kept: number): File | number {
  const w = t.sleepData as FifoWait | null;
  if (w !== null && w.fifoFile !== undefined) return fifoWaitAgain(k, t, w);
  const acc = flags & O_ACCMODE, nonblock = (flags & O_NONBLOCK) !== 0;
  if (acc === O_WRONLY && nonblock && (pipes.get(ino)?.readers ?? 0) === 0) return -ENXIO;
  const p = inodePipe(ino);
  if (acc === O_RDONLY) {
    p.rCounter++;
    if (p.readers++ === 0) wakeUp(k, p.openWait);
    const f = new File(fifoReadOps, kept, p);
    if (p.writers > 0 || nonblock) return f;
    return fifoWait(k, t, { fifoFile: f, watch: 'w', cur: p.wCounter });
  }
  if (acc === O_WRONLY) {
    p.wCounter++;
    if (p.writers++ === 0) wakeUp(k, p.openWait);
    const f = new File(fifoWriteOps, kept, p);
    if (p.readers > 0) return f;
    return fifoWait(k, t, { fifoFile: f, watch: 'r', cur: p.rCounter });
  }
  p.readers++; p.writers++; p.rCounter++; p.wCounter++;
  if (p.readers === 1 || p.writers === 1) wakeUp(k, p.openWait);
  return new File(fifoRdwrOps, (kept & ~O_ACCMODE) | O_RDWR, p);
}

function fifoWait(k: Kernel, t: Task, w: FifoWait): number {
  t.sleepData = w;
  return sleepOn(k, t, (w.fifoFile.priv as PipeInode).openWait);
}

/** wait_for_partner, again: the counter moved (done), a signal (undo: -ERESTARTSYS), or sleep on. */
function fifoWaitAgain(k: Kernel, t: Task, w: FifoWait): File | number {
  const p = w.fifoFile.priv as PipeInode;
  if ((w.watch === 'w' ? p.wCounter : p.rCounter) !== w.cur) { t.sleepData = null; return w.fifoFile; }
  if (t.wakeReason === WAKE_SIGNAL) {
    t.sleepData = null;
    w.fifoFile.ops.release!(k, w.fifoFile); // err_rd / err_wr: the count given back
    return -ERESTARTSYS;
  }
  return sleepOn(k, t, p.openWait);
}

/** mknodat(dirfd, path, mode, dev): a FIFO or a plain file; a device is EPERM. */
export function sysMknodat(k: Kernel, t: Task, dirfd: number, path: string, mode: number, dev = 0): number {
  mode = Number(mode) | 0;
  const type = (mode & S_IFMT) || S_IFREG;
  if ((type === S_IFCHR && Number(dev) !== 0) || type === S_IFBLK) return -EPERM;
  if (type !== S_IFIFO && type !== S_IFREG && type !== S_IFCHR) return -EINVAL;
  const ino = createAt(k, t, dirfd, path, type, mode & 0o7777);
  if (typeof ino === 'number') return ino;
  ino.dirty = type === S_IFREG;
  return 0;
}

export function sysMknod(k: Kernel, t: Task, path: string, mode: number, dev = 0): number {
  return sysMknodat(k, t, AT_FDCWD, path, mode, dev);
}

export { BLOCK };
