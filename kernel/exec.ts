/**
 * exec.ts — execve: a new program image in the calling task.
 *
 * Mirrors: fs/exec.c of Linux 2.6 — do_execve → flush_old_exec and setup_new_exec:
 *  - de_thread: every other thread of the group gets SIGKILL (zap_other_threads) while
 *    signal->group_exit_task names the exec'ing thread, which sleeps until they are gone
 *    (they exit without zapping it: signal_group_exit). A thread that is not the group leader
 *    then waits for the leader to become a zombie and takes over its identity: its pid (the
 *    process id does not change — the thread's own tid disappears), its start time, its place
 *    among its parent's children; the old leader is released without a report to the parent.
 *  - exec_mmap: mm_release (a vfork parent wakes, clear_child_tid is honoured) and mmput of
 *    the old address space; a fresh mm of `programPages` resident pages (no copy-on-write
 *    pages shared with anyone: the parent's pages were left behind).
 *  - unshare_files + do_close_on_exec, flush_signal_handlers (caught signals go back to
 *    SIG_DFL; ignored ones stay ignored; the mask and pending signals are kept),
 *    __set_task_comm (the file name's last part, 15 characters), PF_FORKNOEXEC cleared (a
 *    parent can no longer setpgid it: EACCES), exit_signal SIGCHLD, no alternate signal stack;
 *    a set-user-ID file makes
 *    its owner the effective and saved uid (bprm_fill_uid; here the optional `setuid`
 *    argument says the file is set-user-ID to that uid).
 *
 * What runs: the lab cannot load binaries. execve(fn, argv, filename) starts the generator
 * function fn(argv) as the new image, and `filename` names it (ps shows it with argv as the
 * command line). The C library's execve (libs/common/libc_proc.ts) passes its own crt0 with
 * the program to run, the way a real exec'd binary starts in its C library's _start.
 *
 * By path (`open`): openExec looks the file up as do_open_execat does (ENOENT, EACCES without x
 * permission or for a non-regular file, ENOEXEC for a file that holds no program: only the
 * started program's own file holds one, fs_ramfs.ts installImage) and gives its image to fn.
 *
 * Simplifies: no binfmt search (no #! scripts); de_thread sleeps uninterruptibly (as
 * 2.6 did before TASK_KILLABLE); POSIX timers are not modelled (ITIMER_REAL survives exec,
 * as in Linux).
 */

import type { Kernel } from './kernel.js';
import {
  Task, SigHand, NO_MASK, FilesStruct, TASK_UNINTERRUPTIBLE, TASK_STOPPED, TASK_RUNNING, EXIT_DEAD,
  PF_FORKNOEXEC, type Context,
} from './task.js';
import { EINVAL, EAGAIN, EACCES, ENOENT, ENOEXEC, ENOTDIR, S_IFMT, S_IFREG, SIGCHLD, SIGKILL, SIG_IGN, SIG_DFL } from './uapi.js';
import { walk, permission, MAY_EXEC } from './namei.js';
import type { Inode } from './fs_ramfs.js';

const S_ISUID = 0o4000;
import { sleepOn, BLOCK } from './sched.js';
import { mmRelease, mmput } from './exit.js';
import { sigaddsetPrivate, signalWakeUp } from './signal.js';
import { dupFile, filpClose } from './file.js';
import { Mm } from './mm.js';
import { EV_EXEC } from './trace.js';
import { exitItimers } from './posix_timers.js';

/**
 * execve(fn, argv, filename): 0 (the new image runs from the next step), or -errno. With
 * `open`, filename is a path the kernel opens first (openExec): its errors come before
 * anything changes, the new image is fn(argv, the file's image), and a set-user-ID file makes
 * its owner the effective uid.
 */
export function sysExecve(k: Kernel, t: Task, fn: (argv: any, image?: unknown) => Context, argv: unknown, filename: string, setuid?: number, open?: boolean): number {
  if (typeof fn !== 'function') return -EINVAL;
  if (filename !== undefined && typeof filename !== 'string') return -EINVAL;
  if (setuid !== undefined && !Number.isInteger(setuid)) return -EINVAL;
  let image: unknown;
  if (open === true) {
    const ino = openExec(k, t, filename);
    if (typeof ino === 'number') return ino;
    image = ino.image;
    if (ino.mode & S_ISUID) setuid = ino.uid;
  }
  const r = deThread(k, t);
  if (r !== 0) return r;
  const oldTid = t.pid;
  if (!t.isLeader) takeOverLeader(k, t);
  execMmap(k, t);
  unshareFilesCloseOnExec(k, t);
  flushSignalHandlers(t);
  exitItimers(k, t); // POSIX timers do not survive exec (alarm and itimers do)
  t.flags &= ~PF_FORKNOEXEC;
  t.exitSignal = SIGCHLD;
  t.sasSp = t.sasSize = 0; // the alternate signal stack is gone with the old image
  if (setuid !== undefined && setuid >= 0) { t.cred = t.cred.copy(); t.cred.euid = t.cred.suid = t.cred.fsuid = setuid; }
  setCommand(t, argv, filename);
  if (k.trace.on[EV_EXEC]) k.trace.emit(EV_EXEC, k.now, t.cpu, t.pid, oldTid, 0, t.comm);
  t.stack = [open === true ? fn(argv, image) : fn(argv)];
  t.sigFrames = [];
  t.savedSigmask = null;
  t.restartNr = -1;
  t.tls = undefined;
  t.retval = undefined;
  return 0;
}

/**
 * do_open_execat + search_binary_handler: the path must name a regular file the caller may
 * execute (may_open's EACCES for a directory or other non-regular file, generic_permission's
 * MAY_EXEC) and hold a program (no binary format knows a data file: ENOEXEC).
 */
function openExec(k: Kernel, t: Task, path: string): Inode | number {
  const w = walk(k, t, path);
  if (typeof w === 'number') return w;
  if (w.ino === null) return -ENOENT;
  if (w.slash && !w.ino.isDir()) return -ENOTDIR;
  if ((w.ino.mode & S_IFMT) !== S_IFREG) return -EACCES;
  if (!permission(t, w.ino, MAY_EXEC)) return -EACCES;
  if (w.ino.image === null) return -ENOEXEC;
  return w.ino;
}

/**
 * de_thread: kill the other threads and wait until only this one (and, for a non-leader, the
 * zombie leader) is left. Returns 0 when done, BLOCK while waiting, -EAGAIN if another group
 * exit is already under way (the pending SIGKILL then ends this thread too).
 */
function deThread(k: Kernel, t: Task): number {
  const sig = t.signal!;
  if (t.sleepData === null) {
    if (sig.threads.length === 1) return 0;
    if (sig.groupExit || (sig.groupExitTask !== null && sig.groupExitTask !== t)) return -EAGAIN;
    sig.groupExitTask = t;
    for (const th of sig.threads) {
      if (th === t || th.exitState !== 0) continue;
      sigaddsetPrivate(th, SIGKILL);
      if (th.state === TASK_STOPPED) th.state = TASK_RUNNING, k.enqueueRunnable(th, k.cpus[th.cpu]);
      signalWakeUp(k, th, true);
    }
    t.sleepData = 'de_thread';
  }
  if (sig.threads.some((th) => th !== t && th.exitState === 0)) return sleepOn(k, t, null, -1, TASK_UNINTERRUPTIBLE);
  sig.groupExitTask = null;
  t.sleepData = null;
  return 0;
}

/**
 * The exec'ing thread becomes the group leader: the leader's pid, start time and place among
 * its parent's children are now this task's, and the zombie leader is released silently.
 */
function takeOverLeader(k: Kernel, t: Task): void {
  const leader = t.groupLeader;
  const sig = t.signal!;
  sig.utime += leader.utime; // __exit_signal: the group keeps a released thread's times
  sig.stime += leader.stime;
  sig.nvcsw += leader.nvcsw;
  sig.nivcsw += leader.nivcsw;
  k.tasks.delete(t.pid);
  t.pid = leader.pid;
  k.tasks.set(t.pid, t);
  t.startTime = leader.startTime;
  t.groupLeader = t;
  leader.groupLeader = t;
  leader.exitState = EXIT_DEAD;
  sig.threads.remove(leader);
  if (sig.currTarget === leader) sig.currTarget = null;
  sig.count--;
  if (leader.sighand && --leader.sighand.count === 0) leader.sighand.released = true;
  const parent = leader.realParent;
  t.realParent = parent;
  if (!parent.children.replace(leader, t)) parent.children.push(t); // list_replace_init(&leader->sibling, ...)
  k.nrThreads--;
}

/**
 * exec_mmap: let go of the old address space; the new image gets a fresh one, which
 * activate_mm loads on this CPU at once (a page-table switch: the TLB is flushed).
 */
function execMmap(k: Kernel, t: Task): void {
  const old = t.mm;
  mmRelease(k, t, old);
  if (old) mmput(k, old);
  t.mm = new Mm(k.programPages);
  t.activeMm = t.mm;
  const cpu = k.cpus[t.cpu];
  if (t.onCpu && cpu.curr === t) { cpu.loadedMm = t.mm; k.tlbFlushes++; }
}

/** unshare_files (a table still shared gets a private copy) and do_close_on_exec. */
function unshareFilesCloseOnExec(k: Kernel, t: Task): void {
  const f = t.files;
  if (!f) return;
  if (f.count > 1) {
    const copy = new FilesStruct();
    copy.fd = f.fd.map((file) => (file ? dupFile(file) : null));
    copy.cloexec = f.cloexec.slice();
    f.count--;
    t.files = copy;
  }
  const files = t.files!;
  for (let fd = 0; fd < files.fd.length; fd++) {
    const file = files.fd[fd];
    if (file && files.cloexec[fd]) { files.fd[fd] = null; files.cloexec[fd] = false; filpClose(k, t, file); }
  }
}

/** flush_signal_handlers on a private table: caught signals revert to SIG_DFL. */
function flushSignalHandlers(t: Task): void {
  const sh = new SigHand();
  if (t.sighand) sh.action = t.sighand.action.map((a) => ({ handler: a.handler === SIG_IGN ? SIG_IGN : SIG_DFL, flags: 0, mask: NO_MASK }));
  if (t.sighand && --t.sighand.count === 0) t.sighand.released = true;
  t.sighand = sh;
}

/** __set_task_comm(basename(filename)); ps's command line is the file name and the arguments. */
function setCommand(t: Task, argv: unknown, filename: string | undefined): void {
  if (filename === undefined) return;
  t.comm = filename.slice(filename.lastIndexOf('/') + 1).slice(0, 15);
  const args = Array.isArray(argv) && argv.every((a) => typeof a === 'string') ? (argv as string[]).slice(1) : [];
  const cmdline = [filename, ...args].join(' ');
  if (t.data && typeof t.data === 'object') t.data = { ...t.data, cmdline };
  else t.data = { cmdline };
}

export { BLOCK };
