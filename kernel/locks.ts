/**
 * locks.ts — advisory file locks: flock(2), POSIX record locks (fcntl F_GETLK/F_SETLK/F_SETLKW)
 * and open file description locks (F_OFD_GETLK/F_OFD_SETLK/F_OFD_SETLKW).
 *
 * Mirrors: fs/locks.c — sys_flock, flock_make_lock and flock_lock_inode (a flock lock belongs to
 * the open file: dup and fork share it; a conversion drops the old lock first and may then
 * lose the race, EWOULDBLOCK); fcntl_getlk/fcntl_setlk, flock_to_posix_lock (l_whence,
 * l_start, l_len 0 = to the end, a negative l_len counts backwards), check_fmode_for_setlk
 * (EBADF for a read lock on a write-only file and the reverse), posix_test_lock,
 * posix_lock_inode (conflicts first, then the owner's own locks split, replaced and merged
 * with adjacent ones of the same type), posix_locks_deadlock with what_owner_is_waiting_for
 * (EDEADLK for F_SETLKW, at most MAX_DEADLK_ITERATIONS steps; OFD locks are never checked),
 * locks_remove_posix (filp_close: closing ANY descriptor of a file drops every record lock
 * the closing process holds on it) and locks_remove_file (the last close of an open file drops
 * its flock and OFD locks).
 *
 * The owner of a record lock. Linux keys it by fl_owner = current->files (the descriptor
 * table) and, up to 2.6.8, also by fl_pid (current->pid in 2.4, current->tgid in 2.6.0–2.6.8):
 * posix_same_owner compared both. The lab keeps that pair — files_struct and thread group —
 * so the owner follows from how a task was cloned, never from which library made it: NPTL's
 * and NGPT's threads (CLONE_FILES|CLONE_THREAD) share their process's locks, a green program
 * is one task, and a LinuxThreads thread (CLONE_FILES without CLONE_THREAD: its own tgid) is
 * an owner of its own — its locks conflict with its sibling threads' and its close releases
 * only its own (test/conformance/deviations.ts 'proc:fcntl-locks-shared'). Linux 2.6.9
 * dropped the pid from the comparison (locks of processes that share a descriptor table are
 * one owner's since), so on today's kernels LinuxThreads' CLONE_FILES threads would share them.
 *
 * Blocking: a waiter sleeps interruptibly on its inode's one queue and retries when anything
 * on that inode is unlocked (Linux wakes only the waiters blocked on the lock that went; the
 * outcome is the same, the lab wakes more). A signal ends the wait with -ERESTARTSYS (entry.ts),
 * so SA_RESTART restarts flock and F_SETLKW, as signal(7) lists. Which lock a sleeping owner
 * waits for (blocked_hash) is kept as entries valid while their task is in that same sleep.
 *
 * Simplifies: no leases, no mandatory locks, no /proc/locks; the lock's inode is the ramfs
 * inode, the pipe, the shared-memory object, else the device (the open file's operations);
 * offsets are JavaScript numbers (Infinity for OFFSET_MAX), so EOVERFLOW never happens.
 */

import type { Kernel } from './kernel.js';
import { type Task, WaitQueue, TASK_INTERRUPTIBLE } from './task.js';
import { type File, fget } from './file.js';
import { sleepOn, wakeUp, BLOCK } from './sched.js';
import {
  EAGAIN, EBADF, EDEADLK, EFAULT, EINVAL, O_ACCMODE, O_RDONLY, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET,
  F_GETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLKW, F_RDLCK, F_WRLCK, F_UNLCK, LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN,
} from './uapi.js';


/** fl_flags: which list a lock is on and what kind it is. */
const FL_POSIX = 1, FL_FLOCK = 2, FL_OFDLCK = 1024;
/** posix_locks_deadlock's bound on the chain it follows. */
const MAX_DEADLK_ITERATIONS = 10;

/** struct flock as fcntl's third argument: the kernel reads it and F_GETLK writes it back. */
export interface Flock {
  l_type: number;
  l_whence: number;
  l_start: number;
  l_len: number;
  l_pid: number;
}

/** struct file_lock: [start, end] inclusive, end Infinity for "to the end of the file". */
interface FileLock {
  flags: number;
  type: number;
  start: number;
  end: number;
  /** fl_owner: the files_struct (POSIX) or the open file (flock, OFD). */
  owner: object;
  /** fl_pid: the owner's thread group (POSIX, flock); -1 for OFD locks. */
  pid: number;
  file: File;
}

/** struct file_lock_context: an inode's flock and POSIX (and OFD) lists, and its waiters. */
class FileLockContext {
  flock: FileLock[] = [];
  posix: FileLock[] = [];
  wait = new WaitQueue('file_lock');
}

/** A POSIX waiter (blocked_hash): valid while `task` is still in sleep number `gen`. */
interface Blocked {
  task: Task;
  gen: number;
  owner: object;
  pid: number;
  blocker: FileLock;
}

interface LockState {
  ctx: Map<object, FileLockContext>;
  blocked: Blocked[];
}

function stateOf(k: Kernel): LockState {
  return (k.ext.fileLocks as LockState | undefined) ?? (k.ext.fileLocks = { ctx: new Map(), blocked: [] });
}

/** The inode a lock is on: the ramfs inode, the pipe, the shmem object, else the device. */
function inodeKey(f: File): object {
  const p = f.priv;
  if (p !== null && typeof p === 'object') {
    if (p.inode) return p.inode;
    if (f.ops.name === 'pipe' || f.ops.name === 'shmem') return p;
  }
  return f.ops;
}

/** locks_get_lock_context. */
function contextOf(k: Kernel, f: File): FileLockContext {
  const st = stateOf(k);
  const key = inodeKey(f);
  let c = st.ctx.get(key);
  if (c === undefined) { c = new FileLockContext(); st.ctx.set(key, c); }
  return c;
}

/** Something was unlocked: every waiter on the inode retries. */
function wakeWaiters(k: Kernel, c: FileLockContext): void {
  if (c.wait.tasks.length > 0) wakeUp(k, c.wait);
}

function overlap(a: FileLock, b: FileLock): boolean {
  return a.end >= b.start && b.end >= a.start;
}

/** posix_same_owner (2.6.0–2.6.8: fl_owner and fl_pid). */
function sameOwner(a: { owner: object; pid: number }, b: { owner: object; pid: number }): boolean {
  return a.owner === b.owner && a.pid === b.pid;
}

/** posix_locks_conflict: another owner's overlapping lock, one of the two a write lock. */
function posixConflict(req: FileLock, fl: FileLock): boolean {
  if (sameOwner(req, fl) || !overlap(req, fl)) return false;
  return req.type === F_WRLCK || fl.type === F_WRLCK;
}

/** flock_locks_conflict: another open file's lock, one of the two exclusive. */
function flockConflict(req: FileLock, fl: FileLock): boolean {
  if (req.file === fl.file) return false;
  return req.type === F_WRLCK || fl.type === F_WRLCK;
}

// ---------------------------------------------------------------------------------------
// flock(2)

/** sys_flock(fd, operation): LOCK_SH, LOCK_EX or LOCK_UN, or'ed with LOCK_NB not to wait. */
export function sysFlock(k: Kernel, t: Task, fd: number, cmd: number): number {
  const f = fget(t, fd);
  if (f === null) return -EBADF;
  if (!Number.isInteger(cmd)) return -EINVAL;
  const canSleep = (cmd & LOCK_NB) === 0;
  const op = cmd & ~LOCK_NB;
  const type = op === LOCK_SH ? F_RDLCK : op === LOCK_EX ? F_WRLCK : op === LOCK_UN ? F_UNLCK : -1;
  if (type < 0) return -EINVAL;
  const req: FileLock = { flags: FL_FLOCK, type, start: 0, end: Infinity, owner: f, pid: t.tgid, file: f };
  return flockLockInode(k, t, contextOf(k, f), req, canSleep);
}

/**
 * flock_lock_inode: this open file's lock of the same type is kept; another type is dropped
 * first (waking the waiters), so a conversion that then meets a conflict has lost its lock.
 */
function flockLockInode(k: Kernel, t: Task, c: FileLockContext, req: FileLock, canSleep: boolean): number {
  const i = c.flock.findIndex((fl) => fl.file === req.file);
  if (i >= 0) {
    if (c.flock[i].type === req.type) return 0;
    c.flock.splice(i, 1);
    wakeWaiters(k, c);
  }
  if (req.type === F_UNLCK) return 0;
  if (c.flock.some((fl) => flockConflict(req, fl))) {
    if (!canSleep) return -EAGAIN;
    sleepOn(k, t, c.wait);
    return BLOCK;
  }
  c.flock.push(req);
  return 0;
}

// ---------------------------------------------------------------------------------------
// fcntl record locks

export const isLockCmd = (cmd: number): boolean => (cmd >= F_GETLK && cmd <= F_SETLKW) || (cmd >= F_OFD_GETLK && cmd <= F_OFD_SETLKW);

/** flock_to_posix_lock: the byte range a struct flock names, or -EINVAL. */
function toPosixLock(k: Kernel, f: File, fl: Flock, req: FileLock): number {
  if (fl.l_type !== F_RDLCK && fl.l_type !== F_WRLCK && fl.l_type !== F_UNLCK) return -EINVAL;
  let start: number;
  if (fl.l_whence === SEEK_SET) start = 0;
  else if (fl.l_whence === SEEK_CUR) start = f.ops.llseek ? Math.max(0, f.ops.llseek(k, f, 0, SEEK_CUR)) : 0;
  else if (fl.l_whence === SEEK_END) start = f.ops.stat?.(f).st_size ?? 0;
  else return -EINVAL;
  start += Number(fl.l_start);
  if (start < 0) return -EINVAL;
  const len = Number(fl.l_len);
  let end = Infinity;
  if (len > 0) end = start + len - 1;
  else if (len < 0) {
    end = start - 1;
    start += len;
    if (start < 0) return -EINVAL;
  }
  req.type = fl.l_type; req.start = start; req.end = end;
  return 0;
}

/** fcntl's lock commands: F_GETLK, F_SETLK, F_SETLKW and their F_OFD_ forms. */
export function fcntlLock(k: Kernel, t: Task, f: File, cmd: number, fl: Flock): number {
  if (fl === null || typeof fl !== 'object') return -EFAULT;
  const ofd = cmd >= F_OFD_GETLK;
  const req: FileLock = {
    flags: ofd ? FL_OFDLCK | FL_POSIX : FL_POSIX, type: F_UNLCK, start: 0, end: 0,
    owner: ofd ? f : t.files!, pid: ofd ? -1 : t.tgid, file: f,
  };
  if (cmd === F_GETLK || cmd === F_OFD_GETLK) return fcntlGetlk(k, f, fl, req, ofd);
  const err = toPosixLock(k, f, fl, req);
  if (err < 0) return err;
  const acc = f.flags & O_ACCMODE;
  if ((req.type === F_RDLCK && acc === O_WRONLY) || (req.type === F_WRLCK && acc === O_RDONLY)) return -EBADF;
  if (ofd && fl.l_pid !== 0) return -EINVAL;
  return posixLockInode(k, t, contextOf(k, f), req, cmd === F_SETLKW || cmd === F_OFD_SETLKW);
}

/** fcntl_getlk: the first lock that would stop this one, or l_type F_UNLCK (the rest untouched). */
function fcntlGetlk(k: Kernel, f: File, fl: Flock, req: FileLock, ofd: boolean): number {
  if (fl.l_type !== F_RDLCK && fl.l_type !== F_WRLCK) return -EINVAL;
  const err = toPosixLock(k, f, fl, req);
  if (err < 0) return err;
  if (ofd && fl.l_pid !== 0) return -EINVAL;
  const c = stateOf(k).ctx.get(inodeKey(f));
  const conf = c?.posix.find((l) => posixConflict(req, l));
  if (conf === undefined) { fl.l_type = F_UNLCK; return 0; }
  fl.l_type = conf.type;
  fl.l_pid = (conf.flags & FL_OFDLCK) !== 0 ? -1 : conf.pid;
  fl.l_start = conf.start;
  fl.l_len = conf.end === Infinity ? 0 : conf.end - conf.start + 1;
  fl.l_whence = SEEK_SET;
  return 0;
}

/** posix_lock_inode: a conflict first (EAGAIN, EDEADLK or sleep), then the owner's own locks. */
function posixLockInode(k: Kernel, t: Task, c: FileLockContext, req: FileLock, wait: boolean): number {
  if (req.type !== F_UNLCK) {
    const conf = c.posix.find((l) => posixConflict(req, l));
    if (conf !== undefined) {
      if (!wait) return -EAGAIN;
      if ((req.flags & FL_OFDLCK) === 0 && posixDeadlock(k, req, conf)) return -EDEADLK;
      sleepOn(k, t, c.wait);
      if ((req.flags & FL_OFDLCK) === 0) stateOf(k).blocked.push({ task: t, gen: t.sleepGen, owner: req.owner, pid: req.pid, blocker: conf });
      return BLOCK;
    }
  }
  replaceOwnLocks(k, c, req);
  return 0;
}

/**
 * The owner's locks with [start, end] cut out of them (a lock that spans it is split), the
 * request put in (unless it unlocks), and neighbours of one type merged — what
 * posix_lock_inode's walk over the owner's locks produces. They keep their place in the list.
 */
function replaceOwnLocks(k: Kernel, c: FileLockContext, req: FileLock): void {
  const mine: FileLock[] = [];
  let at = -1, touched = false;
  for (let i = 0; i < c.posix.length; i++) {
    const l = c.posix[i];
    if (!sameOwner(l, req)) continue;
    if (at < 0) at = i;
    if (!overlap(l, req)) { mine.push(l); continue; }
    touched = true;
    if (l.start < req.start) mine.push({ ...l, end: req.start - 1 });
    if (l.end > req.end) mine.push({ ...l, start: req.end + 1 });
  }
  if (req.type !== F_UNLCK) mine.push(req);
  mine.sort((a, b) => a.start - b.start);
  const merged: FileLock[] = [];
  for (const l of mine) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && prev.type === l.type && prev.end !== Infinity && prev.end + 1 >= l.start) {
      merged[merged.length - 1] = { ...prev, end: Math.max(prev.end, l.end), file: req.file };
    } else merged.push(l);
  }
  const others = c.posix.filter((l) => !sameOwner(l, req));
  const pos = at < 0 ? others.length : c.posix.slice(0, at).filter((l) => !sameOwner(l, req)).length;
  c.posix = [...others.slice(0, pos), ...merged, ...others.slice(pos)];
  if (touched) wakeWaiters(k, c);
}

/** what_owner_is_waiting_for: the lock a sleeping owner waits on, if it sleeps on one. */
function ownerWaitsFor(st: LockState, owner: FileLock): FileLock | null {
  for (const b of st.blocked) {
    if (b.task.sleepGen === b.gen && b.task.state === TASK_INTERRUPTIBLE && sameOwner(b, owner)) return b.blocker;
  }
  return null;
}

/** posix_locks_deadlock: does the chain of waiters from the blocker lead back to the caller? */
function posixDeadlock(k: Kernel, req: FileLock, blocker: FileLock): boolean {
  const st = stateOf(k);
  st.blocked = st.blocked.filter((b) => b.task.sleepGen === b.gen && b.task.state === TASK_INTERRUPTIBLE);
  let fl: FileLock | null = blocker;
  for (let i = 0; (fl = ownerWaitsFor(st, fl)) !== null; i++) {
    if (i > MAX_DEADLK_ITERATIONS) return false;
    if (sameOwner(req, fl)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Closing

/**
 * locks_remove_posix (filp_close): the closing process's record locks on this file's inode go,
 * whichever descriptor set them — the POSIX rule that closing any descriptor of a file
 * releases them all.
 */
export function locksRemovePosix(k: Kernel, files: object, tgid: number, f: File): void {
  const st = k.ext.fileLocks as LockState | undefined;
  if (st === undefined) return;
  const c = st.ctx.get(inodeKey(f));
  if (c === undefined) return;
  const owner = { owner: files, pid: tgid };
  const kept = c.posix.filter((l) => (l.flags & FL_OFDLCK) !== 0 || !sameOwner(l, owner));
  if (kept.length === c.posix.length) return;
  c.posix = kept;
  wakeWaiters(k, c);
}

/**
 * locks_remove_file (__fput, the open file's last reference): its flock and OFD locks go, and
 * any record lock still naming it (a LinuxThreads thread's, left when it exited without
 * closing: its descriptor table lived on in its siblings).
 */
export function locksRemoveFile(k: Kernel, f: File): void {
  const st = k.ext.fileLocks as LockState | undefined;
  if (st === undefined) return;
  const c = st.ctx.get(inodeKey(f));
  if (c === undefined) return;
  const nFlock = c.flock.length, nPosix = c.posix.length;
  c.flock = c.flock.filter((l) => l.file !== f);
  c.posix = c.posix.filter((l) => l.file !== f && l.owner !== f);
  if (c.flock.length !== nFlock || c.posix.length !== nPosix) wakeWaiters(k, c);
  if (c.flock.length === 0 && c.posix.length === 0 && c.wait.tasks.length === 0) st.ctx.delete(inodeKey(f)); // locks_free_lock_context
}
