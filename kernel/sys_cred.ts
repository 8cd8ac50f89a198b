/**
 * sys_cred.ts — credentials: getuid/geteuid/getgid/getegid, setuid, setreuid, setresuid,
 * getresuid and their gid twins, and the signal-permission check they govern.
 *
 * Mirrors: kernel/sys.c — __sys_setuid (SysV with saved ids: privileged sets real, effective
 * and saved; otherwise only back to the real or saved uid, else EPERM), __sys_setreuid (BSD:
 * either id may become the other or, for the effective one, the saved uid; a changed real uid
 * or an effective uid other than the old real one moves the saved uid too), __sys_setresuid
 * (each new id must be one of the three old ones unless privileged), getresuid, the same for
 * gids with CAP_SETGID; the fs ids follow the effective ones. kernel/signal.c
 * check_kill_permission / kill_ok_by_cred: a user signal is allowed within one thread group,
 * to a process whose real or saved uid is the sender's real or effective uid, to anyone by a
 * privileged sender, and SIGCONT within one session.
 *
 * Credentials are per task, as in every Linux kernel: a system call changes only the calling
 * thread's. That is why NPTL broadcasts SIGSETXID so each thread makes the call itself
 * (libs/nptl/nptl_setxid.ts), while under LinuxThreads (and NGPT, which does not wrap these
 * calls) the other threads keep their old ids.
 *
 * Simplifies: capabilities are "effective uid 0" (capable(CAP_SETUID) and friends, as 2.6's
 * default capability rules work out for these calls); no user namespaces, no
 * supplementary groups, no RLIMIT_NPROC accounting per user; -1 means "unchanged".
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { EINVAL, EPERM, SIGCONT } from './uapi.js';
import { Cred } from './cred.js';

export { Cred };

/** capable(CAP_SETUID / CAP_SETGID / CAP_KILL / CAP_SYS_NICE): effective uid 0 here. */
export function capable(t: Task): boolean {
  return t.cred.euid === 0;
}

const UNCHANGED = -1;

function validId(id: unknown): boolean {
  return Number.isInteger(id) && (id as number) >= 0 && (id as number) <= 0xfffffffe;
}

function idArg(id: unknown): boolean {
  return id === UNCHANGED || validId(id);
}

export function sysGetuid(k: Kernel, t: Task): number { return t.cred.uid; }
export function sysGeteuid(k: Kernel, t: Task): number { return t.cred.euid; }
export function sysGetgid(k: Kernel, t: Task): number { return t.cred.gid; }
export function sysGetegid(k: Kernel, t: Task): number { return t.cred.egid; }

/** __sys_setuid. */
export function sysSetuid(k: Kernel, t: Task, uid: number): number {
  if (!validId(uid)) return -EINVAL;
  const c = t.cred;
  if (capable(t)) { c.uid = c.suid = uid; } else if (uid !== c.uid && uid !== c.suid) return -EPERM;
  c.euid = c.fsuid = uid;
  return 0;
}

/** __sys_setreuid. */
export function sysSetreuid(k: Kernel, t: Task, ruid: number, euid: number): number {
  if (!idArg(ruid) || !idArg(euid)) return -EINVAL;
  const old = t.cred;
  const priv = capable(t);
  if (ruid !== UNCHANGED && ruid !== old.uid && ruid !== old.euid && !priv) return -EPERM;
  if (euid !== UNCHANGED && euid !== old.uid && euid !== old.euid && euid !== old.suid && !priv) return -EPERM;
  const n = old.copy();
  if (ruid !== UNCHANGED) n.uid = ruid;
  if (euid !== UNCHANGED) n.euid = euid;
  if (ruid !== UNCHANGED || (euid !== UNCHANGED && euid !== old.uid)) n.suid = n.euid;
  n.fsuid = n.euid;
  t.cred = n;
  return 0;
}

/** __sys_setresuid: each new id must be one of the old three unless privileged. */
export function sysSetresuid(k: Kernel, t: Task, ruid: number, euid: number, suid: number): number {
  if (!idArg(ruid) || !idArg(euid) || !idArg(suid)) return -EINVAL;
  const old = t.cred;
  const known = (id: number) => id === UNCHANGED || id === old.uid || id === old.euid || id === old.suid;
  if (!(known(ruid) && known(euid) && known(suid)) && !capable(t)) return -EPERM;
  const n = old.copy();
  if (ruid !== UNCHANGED) n.uid = ruid;
  if (euid !== UNCHANGED) n.euid = euid;
  if (suid !== UNCHANGED) n.suid = suid;
  n.fsuid = n.euid;
  t.cred = n;
  return 0;
}

/** getresuid(r, e, s): three out-parameters. */
export function sysGetresuid(k: Kernel, t: Task, r: { value?: number } | null, e: { value?: number } | null, s: { value?: number } | null): number {
  if (r) r.value = t.cred.uid;
  if (e) e.value = t.cred.euid;
  if (s) s.value = t.cred.suid;
  return 0;
}

/** __sys_setgid (CAP_SETGID). */
export function sysSetgid(k: Kernel, t: Task, gid: number): number {
  if (!validId(gid)) return -EINVAL;
  const c = t.cred;
  if (capable(t)) { c.gid = c.egid = c.sgid = c.fsgid = gid; return 0; }
  if (gid !== c.gid && gid !== c.sgid) return -EPERM;
  c.egid = c.fsgid = gid;
  return 0;
}

/** __sys_setresgid. */
export function sysSetresgid(k: Kernel, t: Task, rgid: number, egid: number, sgid: number): number {
  if (!idArg(rgid) || !idArg(egid) || !idArg(sgid)) return -EINVAL;
  const old = t.cred;
  const known = (id: number) => id === UNCHANGED || id === old.gid || id === old.egid || id === old.sgid;
  if (!(known(rgid) && known(egid) && known(sgid)) && !capable(t)) return -EPERM;
  const n = old.copy();
  if (rgid !== UNCHANGED) n.gid = rgid;
  if (egid !== UNCHANGED) n.egid = egid;
  if (sgid !== UNCHANGED) n.sgid = sgid;
  n.fsgid = n.egid;
  t.cred = n;
  return 0;
}

export function sysGetresgid(k: Kernel, t: Task, r: { value?: number } | null, e: { value?: number } | null, s: { value?: number } | null): number {
  if (r) r.value = t.cred.gid;
  if (e) e.value = t.cred.egid;
  if (s) s.value = t.cred.sgid;
  return 0;
}

/**
 * check_kill_permission for a signal a user task sends: 0 or -EPERM. Threads of one group
 * may always signal each other (same_thread_group, Linux ≥ 2.6.26); LinuxThreads threads are
 * separate groups, so a thread that changed its ids may no longer signal the others.
 */
export function killPermission(sender: Task, target: Task, sig: number): number {
  if (sender.tgid === target.tgid) return 0;
  const c = sender.cred;
  const tc = target.cred;
  if (c.euid === tc.suid || c.euid === tc.uid || c.uid === tc.suid || c.uid === tc.uid) return 0;
  if (capable(sender)) return 0;
  if (sig === SIGCONT && sender.signal!.session === target.signal!.session) return 0;
  return -EPERM;
}
