/**
 * sys_prctl.ts — prctl(2): the per-task and per-process settings a thread program reaches for.
 *
 * Mirrors: kernel/sys.c SYSCALL_DEFINE5(prctl) for the options below, and kernel/exit.c's two
 * readers of them, forget_original_parent and find_new_reaper:
 *
 * - PR_SET_NAME / PR_GET_NAME: the task's comm (16 bytes with the NUL: longer names are cut).
 *   Per thread, as pthread_setname_np uses it.
 * - PR_SET_PDEATHSIG / PR_GET_PDEATHSIG: the signal this task gets when its parent dies —
 *   where "parent" is the *thread* that created it, not its process: forget_original_parent
 *   sends it to every child's threads that set one, when the creating thread exits, even if
 *   another thread of the group adopts the child (the gotcha prctl(2) warns of). EINVAL for an
 *   invalid signal; a fork child starts with none (copy_process clears it).
 * - PR_SET_CHILD_SUBREAPER / PR_GET_CHILD_SUBREAPER: a process that adopts its orphaned
 *   descendants instead of init (find_new_reaper walks up from the dead parent to the nearest
 *   living subreaper; has_child_subreaper is inherited on fork so the walk happens at all).
 * - PR_SET_DUMPABLE / PR_GET_DUMPABLE: the mm's dumpable flag (0 or 1; 2 is EINVAL from user).
 * - PR_SET_NO_NEW_PRIVS (arg2 must be 1: it cannot be unset), PR_SET_KEEPCAPS (0 or 1),
 *   PR_SET_TIMERSLACK (ns; 0: back to the default) and their GETs, which return the value.
 *   Per task and inherited by fork and clone; the lab's kernel keeps them and nothing else
 *   reads them (no exec of set-user-ID programs, no capabilities to keep, timers are exact).
 *
 * Any other option is EINVAL, as for an option the kernel does not know. PR_GET_PDEATHSIG,
 * PR_GET_NAME and PR_GET_CHILD_SUBREAPER store their value where arg2 points (here a Ref, as
 * getresuid's are; EFAULT without one) and return 0; PR_GET_DUMPABLE returns its value.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import {
  EINVAL, EFAULT, validSignal, PR_SET_PDEATHSIG, PR_GET_PDEATHSIG, PR_GET_DUMPABLE, PR_SET_DUMPABLE,
  PR_SET_NAME, PR_GET_NAME, PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER, PR_GET_KEEPCAPS, PR_SET_KEEPCAPS,
  PR_SET_TIMERSLACK, PR_GET_TIMERSLACK, PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS,
} from './uapi.js';

/** The timer slack a task starts with (init's: 50 µs); PR_SET_TIMERSLACK 0 goes back to it. */
const DEFAULT_TIMER_SLACK_NS = 50_000;

/** Where a GET option stores its value (the kernel's put_user to arg2). */
type Out<T> = { value?: T };

/** put_user(value, arg2): 0, or -EFAULT when arg2 is no place to store it. */
function put<T>(arg2: unknown, value: T): number {
  if (typeof arg2 !== 'object' || arg2 === null) return -EFAULT;
  (arg2 as Out<T>).value = value;
  return 0;
}


/** TASK_COMM_LEN − 1: the bytes of a name that fit. */
const COMM_MAX = 15;

/** prctl(option, arg2): 0 (PR_GET_DUMPABLE: the flag), or −errno. */
export function sysPrctl(k: Kernel, t: Task, option: number, arg2: unknown): number {
  switch (option) {
    case PR_SET_NAME:
      if (typeof arg2 !== 'string') return -EINVAL;
      t.comm = commOf(arg2);
      return 0;
    case PR_GET_NAME:
      return put(arg2, t.comm);
    case PR_SET_PDEATHSIG:
      if (typeof arg2 !== 'number' || !(arg2 === 0 || validSignal(arg2))) return -EINVAL;
      t.pdeathSignal = arg2;
      return 0;
    case PR_GET_PDEATHSIG:
      return put(arg2, t.pdeathSignal);
    case PR_SET_CHILD_SUBREAPER:
      setChildSubreaper(k, t, arg2 !== 0 && arg2 !== undefined && arg2 !== null);
      return 0;
    case PR_GET_CHILD_SUBREAPER:
      return put(arg2, t.signal!.isChildSubreaper ? 1 : 0);
    case PR_SET_DUMPABLE:
      if (arg2 !== 0 && arg2 !== 1) return -EINVAL;
      if (t.mm) t.mm.dumpable = arg2;
      return 0;
    case PR_GET_DUMPABLE:
      return t.mm ? t.mm.dumpable : 0;
    case PR_SET_NO_NEW_PRIVS:
      if (arg2 !== 1) return -EINVAL;
      t.noNewPrivs = true;
      return 0;
    case PR_GET_NO_NEW_PRIVS:
      return t.noNewPrivs ? 1 : 0;
    case PR_SET_KEEPCAPS:
      if (arg2 !== 0 && arg2 !== 1) return -EINVAL;
      t.keepCaps = arg2 === 1;
      return 0;
    case PR_GET_KEEPCAPS:
      return t.keepCaps ? 1 : 0;
    case PR_SET_TIMERSLACK:
      if (typeof arg2 !== 'number' || !(arg2 >= 0)) return -EINVAL;
      t.timerSlackNs = arg2 === 0 ? DEFAULT_TIMER_SLACK_NS : arg2;
      return 0;
    case PR_GET_TIMERSLACK:
      return t.timerSlackNs;
    default:
      return -EINVAL;
  }
}

/** A name as set_task_comm keeps it: at most 15 bytes of UTF-8, cut at a character boundary. */
const utf8 = new TextEncoder();

function commOf(name: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    const n = utf8.encode(ch).length;
    if (bytes + n > COMM_MAX) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * PR_SET_CHILD_SUBREAPER: mark the process; when set, every descendant process learns that it
 * has a subreaper above it (walk_process_tree → propagate_has_child_subreaper).
 */
function setChildSubreaper(k: Kernel, t: Task, on: boolean): void {
  t.signal!.isChildSubreaper = on;
  if (!on) return;
  const stack: Task[] = [t];
  while (stack.length > 0) {
    const p = stack.pop()!;
    for (const th of p.signal!.threads) {
      if (!th.hasChildren) continue;
      for (const c of th.children) {
        if (c.signal && !c.signal.hasChildSubreaper) { c.signal.hasChildSubreaper = true; stack.push(c); }
      }
    }
  }
}

/**
 * find_new_reaper: who adopts the children of a dying `father` — a live thread of its group,
 * else (when a subreaper exists above) a live thread of the nearest subreaper ancestor, else
 * init. `alive(th)` says whether a thread is not yet exiting.
 */
export function findNewReaper(k: Kernel, father: Task, alive: (th: Task) => boolean): Task {
  for (const th of father.signal!.threads) if (th !== father && alive(th)) return th;
  if (father.signal!.hasChildSubreaper) {
    for (let r = father.realParent; r !== undefined && r !== k.init && r.signal; r = r.realParent) {
      if (r.signal.isChildSubreaper) {
        for (const th of r.signal.threads) if (alive(th)) return th;
      }
      if (r.realParent === r) break;
    }
  }
  return k.init;
}
