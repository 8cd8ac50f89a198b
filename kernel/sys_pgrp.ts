/**
 * sys_pgrp.ts — process groups and sessions: setpgid, getpgid, getpgrp, setsid, getsid, and
 * the signal to a whole process group (kill(0, sig), kill(-pgid, sig)).
 *
 * Mirrors: kernel/sys.c of Linux 2.6.16 and later —
 *  - sys_setpgid: pid 0 is the caller's group leader, pgid 0 is pid; EINVAL for a negative
 *    pgid or a pid naming a thread that does not lead its group; a child of the caller must be
 *    in the caller's session (EPERM) and must not have exec'd yet (EACCES: !PF_FORKNOEXEC);
 *    any process but the caller and its children is ESRCH; a session leader cannot change
 *    group (EPERM); the group joined must exist in the caller's session (EPERM).
 *  - do_getpgid / sys_getpgrp / sys_getsid: the ids of the process a pid names (a thread id
 *    names its process), ESRCH if none.
 *  - ksys_setsid: EPERM for a session leader or when a process group with the caller's pid
 *    exists (a group leader cannot start a session); otherwise the process leads a new
 *    session and a new group with its pid and loses its controlling terminal (proc_clear_tty).
 *  - kernel/signal.c __kill_pgrp_info: group_send_sig_info to every process of the group;
 *    0 if one delivery succeeded, else the last error.
 * The ids live in the thread group's signal_struct (2.6's signal->pgrp and signal->session),
 * so every thread of an NPTL process shares them, while each LinuxThreads thread — a process
 * of its own — has its own (pthreads(7): "threads do not share a common session ID and
 * process group ID"), and a signal to the group reaches every LinuxThreads thread
 * (linuxthreads/README, KNOWN BUGS, signals item 4).
 *
 * Simplifies: the pid hashes are a scan of the task table (these calls are rare); there is no
 * terminal foreground group (tcsetpgrp), no terminal-generated signals and no orphaned-group
 * SIGHUP/SIGCONT (will_become_orphaned_pgrp).
 */

import type { Kernel } from './kernel.js';
import { PF_FORKNOEXEC, type Task } from './task.js';
import { EINVAL, EPERM, ESRCH, EACCES } from './uapi.js';

/** The processes (thread-group leaders, zombies included) of process group `pgid`. */
export function pgrpMembers(k: Kernel, pgid: number): Task[] {
  const out: Task[] = [];
  if (pgid <= 0) return out;
  for (const p of k.tasks.values()) if (p.isLeader && !p.isKthread && p.signal!.pgrp === pgid) out.push(p);
  return out;
}

/** pid_task(pgrp, PIDTYPE_PGID): some process of that group, or null. */
function pgrpTask(k: Kernel, pgid: number): Task | null {
  if (pgid <= 0) return null;
  for (const p of k.tasks.values()) if (p.isLeader && !p.isKthread && p.signal!.pgrp === pgid) return p;
  return null;
}

/** setpgid(pid, pgid). */
export function sysSetpgid(k: Kernel, t: Task, pid: number, pgid: number): number {
  if (!Number.isInteger(pid) || !Number.isInteger(pgid)) return -EINVAL;
  const gl = t.groupLeader;
  if (pid === 0) pid = gl.pid;
  if (pgid === 0) pgid = pid;
  if (pgid < 0) return -EINVAL;
  const p = k.findTask(pid);
  if (!p) return -ESRCH;
  if (!p.isLeader) return -EINVAL;
  if (p.realParent && p.realParent.tgid === gl.tgid) {
    if (p.signal!.session !== gl.signal!.session) return -EPERM;
    if (!(p.flags & PF_FORKNOEXEC)) return -EACCES;
  } else if (p !== gl) {
    return -ESRCH;
  }
  if (p.signal!.leader) return -EPERM;
  if (pgid !== pid) {
    const g = pgrpTask(k, pgid);
    if (!g || g.signal!.session !== gl.signal!.session) return -EPERM;
  }
  p.signal!.pgrp = pgid;
  return 0;
}

/** The process a pid names (0: the caller), for the id queries. */
function lookup(k: Kernel, t: Task, pid: number): Task | null {
  if (!Number.isInteger(pid)) return null;
  if (pid === 0) return t;
  return k.findTask(pid) ?? null;
}

export function sysGetpgid(k: Kernel, t: Task, pid: number): number {
  const p = lookup(k, t, pid);
  return p ? p.signal!.pgrp : -ESRCH;
}

export function sysGetpgrp(k: Kernel, t: Task): number {
  return t.signal!.pgrp;
}

export function sysGetsid(k: Kernel, t: Task, pid: number): number {
  const p = lookup(k, t, pid);
  return p ? p.signal!.session : -ESRCH;
}

/** setsid(): the new session's id (the caller's pid), or EPERM. */
export function sysSetsid(k: Kernel, t: Task): number {
  const gl = t.groupLeader;
  const s = gl.signal!;
  if (s.leader) return -EPERM;
  if (pgrpTask(k, gl.pid) !== null) return -EPERM;
  s.leader = true;
  s.session = gl.pid;
  s.pgrp = gl.pid;
  s.tty = null;
  return gl.pid;
}
