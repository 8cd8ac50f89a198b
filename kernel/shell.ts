/**
 * shell.ts — starting a program the way a terminal does: a login shell forks it and waits.
 *
 * Models: bash running `./program`: fork (clone(SIGCHLD)), the child puts itself in a process
 * group of its own (job control: setpgid(0, 0)) and execs the program (exec.ts: the process is
 * named `program`, command line `./program args`, before the program's first instruction),
 * the shell sits in wait4 until the child's process is reaped. The run ends then, unless
 * processes the program started outlive it (orphans, adopted by init or a subreaper): they go
 * on writing to the terminal, as after a real shell's prompt came back, and the run ends when
 * the last of them has exited (or at the time limit). The shell leads its session
 * (it is a login shell) on the terminal pts/0, which the program inherits.
 * The program and the shell belong to uid 1000 ("student"), so ps shows them apart from
 * root's kernel threads and init. A program may be started as if its file were set-user-ID
 * (`setuid`: the exec sets the effective and saved uid to that user, e.g. 0 for root).
 * The program's file is there too, as ./program in the cwd (`image`), so it can exec itself.
 */

import type { Kernel } from './kernel.js';
import { Task, PF_EXITING, FsStruct, FilesStruct, SigHand, SignalStruct, SysvSem, type Context } from './task.js';
import { Mm } from './mm.js';
import { Cred } from './cred.js';
import { Req, type Sim } from './req.js';
import { NR } from './syscalls.js';
import { activateTask } from './sched.js';
import { openConsole } from './file.js';
import { installImage } from './fs_ramfs.js';
import { SIGCHLD, WIFEXITED, WEXITSTATUS, WTERMSIG, signalName } from './uapi.js';

/** The user who logs in on pts/0 ("student"); ps names uid 0 root. */
export const STUDENT_UID = 1000;

export interface ProgramHandle {
  /** pid of the program's process (0 until forked). */
  pid: number;
  done: boolean;
  /** The raw wait status. */
  status: number;
  /** Virtual time at which the shell reaped it. */
  endTime: number;
  shell: Task;
  /** Processes of the program still running when it was reaped (they ran on: see above). */
  orphans: number;
}

/** Describe a wait status like a shell does: "exit 0", "killed by SIGSEGV (core dumped)". */
export function describeStatus(status: number): string {
  if (WIFEXITED(status)) return `exited with status ${WEXITSTATUS(status)}`;
  const sig = WTERMSIG(status);
  return `killed by ${signalName(sig)}${status & 0x80 ? ' (core dumped)' : ''}`;
}

/** The exit code a shell would report: the status, or 128 + the signal. */
export function shellExitCode(status: number): number {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/**
 * Create the shell and have it fork `entry(argv)` as a process named `name`. When the shell
 * reaps it, the handle is filled in and the kernel stops.
 */
export function spawnProgram(k: Kernel, entry: (argv: any) => Context, argv: unknown, name: string, opts: SpawnOptions = {}): ProgramHandle {
  if (opts.image !== undefined) installImage(k, name, opts.image, opts.setuid ?? -1);
  const sh = makeShell(k);
  const h: ProgramHandle = { pid: 0, done: false, status: 0, endTime: 0, shell: sh, orphans: 0 };
  sh.stack.push(shellMain(k, h, { entry, argv, name, setuid: opts.setuid ?? -1 }));
  activateTask(k, sh, null);
  return h;
}

function makeShell(k: Kernel): Task {
  const pid = k.allocPid();
  const t = new Task(pid, 'bash');
  t.data = { cmdline: '-bash' };
  t.cred = Cred.of(STUDENT_UID, STUDENT_UID);
  t.fs = new FsStruct('/home/student');
  t.files = new FilesStruct();
  for (let i = 0; i < 3; i++) t.files.fd.push(openConsole(k, i));
  t.sighand = new SigHand();
  t.signal = new SignalStruct();
  t.sysvsem = new SysvSem();
  t.mm = new Mm(256);
  t.activeMm = t.mm;
  t.groupLeader = t;
  t.realParent = k.init;
  t.exitSignal = SIGCHLD;
  // A login shell leads its session and its process group, on the terminal pts/0.
  t.signal.pgrp = t.signal.session = pid;
  t.signal.leader = true;
  t.signal.tty = 'pts/0';
  t.signal.threads.push(t);
  t.startTime = k.now;
  k.init.children.push(t);
  k.tasks.set(pid, t);
  k.nrThreads++;
  return t;
}

export interface SpawnOptions {
  /** Run the program as if its file were set-user-ID to this uid (0: a setuid-root program). */
  setuid?: number;
  /**
   * What the program's file holds (the library's Program): given, the file ./`name` exists in
   * the cwd (fs_ramfs.ts installImage) and exec of its path runs the program again.
   */
  image?: unknown;
}

interface Job { entry: (argv: any) => Context; argv: unknown; name: string; setuid: number }

/**
 * The child side of a job-control shell (bash's make_child, then execute_disk_command): its
 * own process group (setpgid(0, 0)), then execve of the program — which names the process
 * before any of the program's code runs. exec failing ends the child with status 127.
 */
function* shellChild(job: Job): Sim<number> {
  yield new Req(NR.setpgid, 0, 0);
  yield new Req(NR.execve, job.entry, job.argv, `./${job.name}`, job.setuid);
  return 127;
}

function* shellMain(k: Kernel, h: ProgramHandle, job: Job): Sim<number> {
  const pid = (yield new Req(NR.clone, { flags: SIGCHLD, fn: shellChild, arg: job })) as number;
  if (pid < 0) { h.done = true; h.status = 127 << 8; k.stop(); return 1; }
  h.pid = pid;
  const st = { value: 0 };
  for (;;) {
    const r = (yield new Req(NR.wait4, pid, st, 0)) as number;
    if (r === pid) break;
  }
  h.done = true;
  h.status = st.value;
  h.endTime = k.now;
  h.orphans = programTasksLeft(k, h);
  if (h.orphans === 0) { k.stop(); return 0; }
  // The prompt is back; the program's orphans run on. End the run when the last one exits.
  const prev = k.onTaskExit;
  k.onTaskExit = (t: Task) => {
    prev?.(t);
    if (programTasksLeft(k, h) === 0) k.stop();
  };
  for (;;) yield new Req(NR.rt_sigsuspend, 0n); // an interactive shell waits for its next command
}

/** Processes started after the shell with a task still alive (not exiting, not a zombie). */
function programTasksLeft(k: Kernel, h: ProgramHandle): number {
  const tgids = new Set<number>();
  for (const t of k.tasks.values()) {
    if (t.pid > h.shell.pid && t.mm !== null && t.exitState === 0 && !(t.flags & PF_EXITING)) tgids.add(t.tgid);
  }
  return tgids.size;
}
