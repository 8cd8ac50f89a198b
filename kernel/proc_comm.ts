/**
 * proc_comm.ts — /proc/<pid>/task/<tid>/comm (and /proc/self/…, /proc/thread-self/comm): a
 * thread's name (task->comm) read and written as a file, which is how glibc's
 * pthread_setname_np and pthread_getname_np reach a thread other than the caller.
 *
 * Mirrors: fs/proc/base.c — proc_pid_get_link for "self" and "thread-self", proc_task_lookup
 * (a tid is found only in its own thread group's task/ directory), comm_show ("%s\n") and
 * comm_write (at most TASK_COMM_LEN - 1 bytes are taken; the write is refused with EINVAL
 * unless the writer is in the task's thread group — the rule of 2.6.37's comm file; later
 * kernels also let a ptrace-capable process write it), set_task_comm.
 *
 * Simplifies: the lab has no /proc file system, only these paths (dev_slow.ts sysOpen hands
 * them here); a read returns the whole line from offset 0 and then end of file; no lseek.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { File, type FileOps } from './file.js';
import { EINVAL, ENOENT, O_ACCMODE, O_NONBLOCK, S_IFREG } from './uapi.js';

/** TASK_COMM_LEN: 16 bytes with the terminating NUL. */
export const TASK_COMM_LEN = 16;

interface CommFile {
  task: Task;
  /** Bytes already read (one line, then end of file). */
  pos: number;
}

const commOps: FileOps = {
  name: 'comm',
  mode: S_IFREG,
  read(_k: Kernel, _t: Task, f: File, n: number): string {
    const c = f.priv as CommFile;
    const line = `${c.task.comm}\n`.slice(c.pos, c.pos + n);
    c.pos += line.length;
    return line;
  },
  write(_k: Kernel, t: Task, f: File, data: string): number {
    const c = f.priv as CommFile;
    if (t.tgid !== c.task.tgid) return -EINVAL; // same_thread_group(current, p)
    c.task.comm = data.slice(0, TASK_COMM_LEN - 1).split('\0')[0];
    return data.length;
  },
};

/** proc_task_lookup: the task `tid` of thread group `tgid`, or null. */
function taskLookup(k: Kernel, tgid: number, tid: number): Task | null {
  const p = k.findTask(tid);
  return p !== undefined && p.tgid === tgid && p.exitState === 0 ? p : null;
}

/**
 * The file for a comm path, -ENOENT for a /proc path that names no live thread (or is not a
 * comm file), or null for a path outside /proc.
 */
export function procCommOpen(k: Kernel, t: Task, path: string, flags: number): File | number | null {
  if (!path.startsWith('/proc/')) return null;
  let task: Task | null = null;
  if (path === '/proc/thread-self/comm') task = t;
  const m = /^\/proc\/(self|\d+)\/task\/(\d+)\/comm$/.exec(path) ?? /^\/proc\/(self|\d+)\/comm$/.exec(path);
  if (m !== null) {
    const tgid = m[1] === 'self' ? t.tgid : Number(m[1]);
    task = taskLookup(k, tgid, m[2] !== undefined ? Number(m[2]) : tgid);
  }
  if (task === null) return -ENOENT;
  return new File(commOps, flags & (O_ACCMODE | O_NONBLOCK), { task, pos: 0 } satisfies CommFile);
}
