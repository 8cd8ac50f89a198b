/**
 * proc_stat.ts — /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat (and /proc/self/stat,
 * /proc/thread-self/stat): one line of a task's status, which programs parse for its state
 * letter — LTP's tst_process_state_wait3 reads "%*i %*s %c" until a child is sleeping ('S').
 *
 * Mirrors: fs/proc/array.c do_task_stat — "pid (comm) state ppid pgrp session tty_nr tpgid
 * flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice num_threads 0
 * starttime vsize rss rsslim …", the 52 fields of Linux 6; the state of the task itself
 * (get_task_state: a zombie leader is Z even while its threads live); for /proc/<pid>/stat
 * (whole) the times are the thread group's plus what its dead threads left, the children's
 * are the reaped ones'; times and start time in clock ticks (USER_HZ); priority task_prio
 * (nice + 20, or -1 - rt_priority under a real-time policy). A zombie's file is there until it
 * is reaped; a thread is found only in its own group's task/ directory (proc_task_lookup).
 *
 * Simplifies: fields the lab does not keep are 0 — flags, page faults, vsize, rss, the memory
 * layout addresses, the signal masks, wchan, delay accounting, exit_code; tty_nr is 0 and
 * tpgid -1 (no terminal device numbers). A read returns the line from offset 0, then end of
 * file (as proc_comm.ts); no lseek.
 */

import type { Kernel } from './kernel.js';
import { type Task, EXIT_ZOMBIE } from './task.js';
import { File, type FileOps } from './file.js';
import { stateLetter } from './ps.js';
import { groupUsage } from './sys_rusage.js';
import { CLK_TCK, ENOENT, O_ACCMODE, O_NONBLOCK, S_IFREG, SCHED_FIFO, SCHED_RR } from './uapi.js';

const NS_PER_TICK = 1e9 / CLK_TCK;

interface StatFile {
  task: Task;
  whole: boolean;
  /** The line, made at the first read; bytes already read. */
  line: string | null;
  pos: number;
}

function ticks(ns: number): number {
  return Math.floor(ns / NS_PER_TICK);
}

/** task_prio: 0 … 39 for nice -20 … 19; -2 … -100 for rt_priority 1 … 99. */
function taskPrio(t: Task): number {
  const policy = t.policy & 0xff;
  return policy === SCHED_FIFO || policy === SCHED_RR ? -1 - t.rtPriority : t.nice + 20;
}

/** do_task_stat's line for `t` (whole: the process's view, /proc/<pid>/stat). */
export function taskStatLine(t: Task, whole: boolean): string {
  const sig = t.signal!; // a zombie keeps its signal_struct until it is reaped
  let utime = t.utime, stime = t.stime;
  if (whole) ({ utime, stime } = groupUsage(sig));
  const leader = t.groupLeader;
  const ppid = leader.realParent ? leader.realParent.tgid : 0;
  const fields = [
    t.pid, `(${t.comm})`, stateLetter(t), ppid, sig.pgrp, sig.session, 0, -1, 0,
    0, 0, 0, 0, ticks(utime), ticks(stime), whole ? ticks(sig.cutime) : 0, whole ? ticks(sig.cstime) : 0,
    taskPrio(t), t.nice, sig.threads.length || 1, 0, ticks(t.startTime),
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // vsize … cnswap (23-37)
    t.exitSignal, t.cpu, t.rtPriority, t.policy & 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  ]; // 52 fields
  return `${fields.join(' ')}\n`;
}

const statOps: FileOps = {
  name: 'stat',
  mode: S_IFREG,
  read(_k: Kernel, _t: Task, f: File, n: number): string {
    const s = f.priv as StatFile;
    s.line ??= taskStatLine(s.task, s.whole);
    const part = s.line.slice(s.pos, s.pos + n);
    s.pos += part.length;
    return part;
  },
};

/** A task of group `tgid` that /proc still shows (alive, or a zombie not yet reaped), or null. */
function taskLookup(k: Kernel, tgid: number, tid: number): Task | null {
  const p = k.findTask(tid);
  return p !== undefined && p.tgid === tgid && (p.exitState === 0 || p.exitState === EXIT_ZOMBIE) ? p : null;
}

/** The file for a stat path, -ENOENT for one that names no task, or null for any other path. */
export function procStatOpen(k: Kernel, t: Task, path: string, flags: number): File | number | null {
  if (!path.startsWith('/proc/') || !path.endsWith('/stat')) return null;
  let task: Task | null = null;
  let whole = true;
  if (path === '/proc/thread-self/stat') { task = t; whole = false; }
  const m = /^\/proc\/(self|\d+)\/task\/(\d+)\/stat$/.exec(path) ?? /^\/proc\/(self|\d+)\/stat$/.exec(path);
  if (m !== null) {
    const tgid = m[1] === 'self' ? t.tgid : Number(m[1]);
    whole = m[2] === undefined;
    task = taskLookup(k, tgid, whole ? tgid : Number(m[2]));
  }
  if (task === null) return -ENOENT;
  return new File(statOps, flags & (O_ACCMODE | O_NONBLOCK), { task, whole, line: null, pos: 0 } satisfies StatFile);
}
