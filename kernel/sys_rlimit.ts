/**
 * sys_rlimit.ts — resource limits: getrlimit, setrlimit, prlimit64, and the limits other
 * calls read (RLIMIT_NOFILE for new descriptors, RLIMIT_NPROC for fork/clone).
 *
 * Mirrors: kernel/sys.c of Linux (do_prlimit: a resource outside 0..RLIM_NLIMITS-1 or a soft
 * limit above the hard one is EINVAL; raising the hard limit needs CAP_SYS_RESOURCE — here
 * euid 0 — else EPERM; RLIMIT_NOFILE's hard limit above sysctl_nr_open is EPERM even for root;
 * prlimit64 on another process needs the caller's uids to match its real, effective and saved
 * uids, else EPERM; ESRCH for no such process), include/asm-generic/resource.h's INIT_RLIMITS
 * (the boot values init passes on: RLIMIT_STACK 8 MiB soft, RLIMIT_CORE 0 soft, RLIMIT_NOFILE
 * 1024/4096, RLIMIT_MEMLOCK 8 MiB, RLIMIT_MSGQUEUE 819200, RLIMIT_SIGPENDING and RLIMIT_NPROC
 * from max_threads / 2 — here the kernel's rlimitNproc option, unlimited by default) and
 * copy_signal (a child process inherits its parent's limits: fork.ts).
 *
 * Simplifies: RLIM_INFINITY is Infinity; the limits are stored but not enforced except
 * RLIMIT_NOFILE (file.ts: EMFILE), RLIMIT_NPROC (fork.ts: EAGAIN) and RLIMIT_AS/RLIMIT_DATA
 * (the C runtime's sbrk: ENOMEM); signal->rlim is per process, as in Linux.
 */

import type { Kernel } from './kernel.js';
import type { Task, SignalStruct } from './task.js';
import {
  EINVAL, EPERM, ESRCH, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_NPROC, RLIMIT_NOFILE, RLIMIT_MEMLOCK,
  RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_RTPRIO, RLIM_NLIMITS,
} from './uapi.js';

export { RLIMIT_NOFILE, RLIMIT_CORE } from './uapi.js';
/** fs/file.c sysctl_nr_open: the most descriptors a process may be allowed. */
export const NR_OPEN_MAX = 1024 * 1024;

/** struct rlimit: the soft (cur) and hard (max) limit. */
export interface Rlimit {
  cur: number;
  max: number;
}

/** INIT_RLIMITS for a kernel whose RLIMIT_NPROC default is `nproc`. */
export function initRlimits(nproc: number): Rlimit[] {
  const inf = { cur: Infinity, max: Infinity };
  const r: Rlimit[] = Array.from({ length: RLIM_NLIMITS }, () => ({ ...inf }));
  r[RLIMIT_STACK] = { cur: 8 * 1024 * 1024, max: Infinity };
  r[RLIMIT_CORE] = { cur: 0, max: Infinity };
  r[RLIMIT_NPROC] = { cur: nproc, max: nproc };
  r[RLIMIT_NOFILE] = { cur: 1024, max: 4096 };
  r[RLIMIT_MEMLOCK] = { cur: 8 * 1024 * 1024, max: 8 * 1024 * 1024 };
  r[RLIMIT_SIGPENDING] = { cur: nproc, max: nproc };
  r[RLIMIT_MSGQUEUE] = { cur: 819200, max: 819200 };
  r[RLIMIT_NICE] = { cur: 0, max: 0 };
  r[RLIMIT_RTPRIO] = { cur: 0, max: 0 };
  return r;
}

/** signal->rlim, made on first use from the kernel's defaults. */
export function rlimits(k: Kernel, s: SignalStruct): Rlimit[] {
  if (s.rlim === null) s.rlim = initRlimits(k.rlimitNproc);
  return s.rlim as Rlimit[];
}

/** copy_signal's memcpy of the limits (fork.ts): the child's own copy, or null if none were set. */
export function copyRlimits(parent: SignalStruct): Rlimit[] | null {
  return parent.rlim === null ? null : (parent.rlim as Rlimit[]).map((l) => ({ ...l }));
}

/** rlimit(RLIMIT_NOFILE) of t's process: the first descriptor number it may not use. */
export function nofileLimit(t: Task): number {
  const s = t.signal;
  return s === null || s.rlim === null ? 1024 : Math.min((s.rlim as Rlimit[])[RLIMIT_NOFILE].cur, NR_OPEN_MAX);
}

function validLimit(v: unknown): v is number {
  return typeof v === 'number' && (v === Infinity || (Number.isInteger(v) && v >= 0));
}

/** do_prlimit(p, res, new, old): 0 or -errno. */
function doPrlimit(k: Kernel, t: Task, p: Task, res: number, nv: Rlimit | null, old: { value?: Rlimit } | null): number {
  if (!Number.isInteger(res) || res < 0 || res >= RLIM_NLIMITS) return -EINVAL;
  const lims = rlimits(k, p.signal!);
  const cur = lims[res];
  if (nv !== null) {
    if (typeof nv !== 'object' || !validLimit(nv.cur) || !validLimit(nv.max) || nv.cur > nv.max) return -EINVAL;
    if (res === RLIMIT_NOFILE && nv.max > NR_OPEN_MAX) return -EPERM;
    if (nv.max > cur.max && t.cred.euid !== 0) return -EPERM; // capable(CAP_SYS_RESOURCE)
  }
  if (old) old.value = { ...cur };
  if (nv !== null) {
    lims[res] = { cur: nv.cur, max: nv.max };
    if (res === RLIMIT_NPROC) p.signal!.rlimNproc = nv.cur; // what fork.ts checks
  }
  return 0;
}

/** getrlimit(res, out): out.value = {cur, max}. */
export function sysGetrlimit(k: Kernel, t: Task, res: number, out: { value?: Rlimit } | null): number {
  if (out === null || typeof out !== 'object') return -EINVAL;
  return doPrlimit(k, t, t, res, null, out);
}

/** setrlimit(res, {cur, max}); a plain number sets both (the lab's older form). */
export function sysSetrlimit(k: Kernel, t: Task, res: number, nv: Rlimit | number): number {
  const lim = typeof nv === 'number' ? { cur: nv, max: nv } : nv;
  if (lim === null || lim === undefined) return -EINVAL;
  return doPrlimit(k, t, t, res, lim, null);
}

/** prlimit64(pid, res, new | null, old | null): another process needs matching uids. */
export function sysPrlimit(k: Kernel, t: Task, pid: number, res: number, nv: Rlimit | null, old: { value?: Rlimit } | null): number {
  const p = pid === 0 ? t : k.findTask(pid);
  if (p === undefined || p.exitState !== 0 || p.signal === null) return -ESRCH;
  if (p.tgid !== t.tgid) {
    const c = t.cred, pc = p.cred;
    const same = c.uid === pc.uid && c.uid === pc.euid && c.uid === pc.suid && c.gid === pc.gid && c.gid === pc.egid && c.gid === pc.sgid;
    if (!same && c.euid !== 0) return -EPERM;
  }
  return doPrlimit(k, t, p, res, nv ?? null, old ?? null);
}
