/**
 * task.ts — `Task`, the simulator's task_struct, and the small shared structures it points at.
 *
 * Mirrors: include/linux/sched.h (task_struct, signal_struct, sighand_struct), fs_struct.h,
 * fdtable.h (files_struct). Every kernel task — process, thread, kernel thread, a LinuxThreads
 * manager, an NGPT native — is one Task. A thread group is the set of tasks sharing one
 * `signal` (SignalStruct.threads, in creation order, leader first; an intrusive list,
 * task_list.ts).
 *
 * Simplifies: namespaces, ptrace and cgroups are absent; credentials are the eight ids (cred.ts); signal sets are
 * sigset.ts's two-word SigSet inside the kernel, bigint bit sets (bit sig-1) at the system calls.
 */

import type { PiState } from './futex_pi.js';
import type { Mm } from './mm.js';
import type { File } from './file.js';
import { Cred } from './cred.js';
import { SigSet, sigcopy } from './sigset.js';
import { TaskList, TaskNode, GROUP_LIST, CHILD_LIST } from './task_list.js';

// Task states (sched.h). A task in TASK_RUNNING is on a run queue or on a CPU.
export const TASK_RUNNING = 0;
export const TASK_INTERRUPTIBLE = 1;
export const TASK_UNINTERRUPTIBLE = 2;
export const TASK_STOPPED = 4;
/**
 * Created by clone but not yet made runnable: copy_process has built the task and do_fork has
 * not reached wake_up_new_task (the rest of the clone call's work). Signals only queue.
 */
export const TASK_NEW = 0x800;
// exit_state
export const EXIT_ZOMBIE = 16;
export const EXIT_DEAD = 32;

// Task flags (PF_*)
export const PF_EXITING = 0x4;
export const PF_KTHREAD = 0x00200000;
export const PF_IDLE = 0x2;
export const PF_SIGNALED = 0x400;
/** Forked but has not exec'd (setpgid on such a child is allowed; after exec it is EACCES). */
export const PF_FORKNOEXEC = 0x40;

// Why a sleeping task was woken (read by a restarted system call).
export const WAKE_NONE = 0;
export const WAKE_NORMAL = 1;
export const WAKE_TIMEOUT = 2;
export const WAKE_SIGNAL = 3;

/** What a signal frame saves: the mask to restore and the interrupted call's state. */
export interface SigFrame {
  mask: SigSet;
  retval: unknown;
  restartNr: number;
  /** The interrupted call's arguments, kept only when it restarts after the handler (restartNr >= 0). */
  args: any[] | null;
  /** The unrun rest of a user-mode CPU burst the signal interrupted (resumed at sigreturn). */
  burstLeft: number;
  /** The handler runs on the alternate signal stack (sigaltstack.ts). */
  onstack: boolean;
}

/** A simulated user or kernel program: one generator per execution context. */
export type Context = Generator<unknown, unknown, unknown>;

/** One queued signal (struct sigqueue / siginfo_t). */
export interface SigInfo {
  signo: number;
  code: number;
  pid: number;
  /** si_uid: the sender's real uid (user-sent signals). */
  uid?: number;
  value?: unknown;
  status?: number;
  /** A POSIX timer's signal (posix_timers.ts): its id, its overruns, and the timer itself. */
  timerid?: number;
  overrun?: number;
  timer?: unknown;
  /**
   * What the handler's signal frame holds beside the siginfo (its struct ucontext, set by
   * signal.ts handleSignal as arch/x86/kernel/signal.c setup_rt_frame fills it): the mask of the
   * interrupted code, the alternate stack as sigaltstack set it, uc_flags. Absent elsewhere.
   */
  uc?: SigUcontext;
}

/** The parts of a signal frame's struct ucontext a program can read (uc_mcontext's registers are not modelled). */
export interface SigUcontext {
  /** UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS: 7, as on an x86-64 CPU with XSAVE. */
  flags: number;
  /** uc_sigmask: the mask the frame restores at sigreturn (bit n - 1 for signal n). */
  sigmask: bigint;
  /** uc_stack: current->sas_ss_sp, sas_ss_size and sas_ss_flags (__save_altstack). */
  stack: { ss_sp: number; ss_size: number; ss_flags: number };
}

/**
 * struct sigpending: the set of pending signals (its `signal`, whose words are this object's
 * own: a SigPending is the SigSet) plus the queue of siginfos.
 */
export class SigPending extends SigSet {
  list: SigInfo[] = [];
}

/** struct sigaction as rt_sigaction takes and gives it. `handler` is SIG_DFL (0), SIG_IGN (1) or a generator function. */
export interface SigAction {
  handler: 0 | 1 | ((...args: any[]) => Context);
  flags: number;
  mask: bigint;
}

/**
 * struct k_sigaction, the kernel's table entry. An entry is replaced, never changed, so its
 * mask is never written after the entry is made (entries may share one).
 */
export interface KSigAction {
  handler: SigAction['handler'];
  flags: number;
  mask: SigSet;
}

/** The mask of an entry with none (shared; never written). */
export const NO_MASK = new SigSet();

/** sighand_struct: the handler table, shared with CLONE_SIGHAND. */
export class SigHand {
  count = 1;
  released = false;
  action: KSigAction[] = [];
  /** signalfd_wqh: wakes readers and pollers of a signalfd when a signal is queued (signalfd.ts sets it). */
  signalfdWake: ((k: import('./kernel.js').Kernel) => void) | null = null;
  constructor() {
    for (let i = 0; i <= 64; i++) this.action.push({ handler: 0, flags: 0, mask: NO_MASK });
  }
}

/** signal_struct: one per thread group. */
export class SignalStruct {
  /** Live references: tasks whose `signal` is this (the thread group). */
  count = 1;
  released = false;
  /** The group's tasks in creation order, leader first (task_list.ts: O(1) removal). */
  threads = new TaskList(GROUP_LIST);
  shared = new SigPending();
  /** SIGNAL_GROUP_EXIT is set once exit_group or a fatal signal started. */
  groupExit = false;
  groupExitCode = 0;
  groupStopCount = 0;
  /** The stop signal of the current or last group stop (for wait's WSTOPSIG). */
  stopSig = 0;
  /** SIGNAL_STOP_STOPPED / CLD_* notification state. */
  stopped = false;
  notifyParent = 0;
  /** round-robin cursor for complete_signal (rule 13). */
  currTarget: Task | null = null;
  /** Task doing exit_group, whose exit must wait for the others (group_exit_task). */
  groupExitTask: Task | null = null;
  /** Accumulated times and switches of dead threads (for getrusage / ps TIME). */
  utime = 0;
  stime = 0;
  nvcsw = 0;
  nivcsw = 0;
  /** Reaped children's times and switches (theirs and their own children's: wait_task_zombie). */
  cutime = 0;
  cstime = 0;
  cnvcsw = 0;
  cnivcsw = 0;
  rlimNproc = Infinity;
  /** Process group and session ids (signal->pgrp, signal->session of 2.6; sys_pgrp.ts). */
  pgrp = 0;
  session = 0;
  /** This process is its session's leader (signal->leader: setsid made it). */
  leader = false;
  /** The session's controlling terminal, as ps names it ('pts/0'), or null (ps shows '?'). */
  tty: string | null = null;
  /** itimer/alarm state, owned by timer.ts. */
  realTimer: unknown = null;
  /** signal->posix_timers: id → timer, owned by posix_timers.ts (null until the first). */
  posixTimers: Map<number, unknown> | null = null;
  /** signal->it[CPUCLOCK_VIRT], it[CPUCLOCK_PROF]: owned by itimer_cpu.ts (null until the first). */
  cpuItimers: unknown[] | null = null;
  /** signal->rlim: the resource limits, owned by sys_rlimit.ts (null: the boot defaults). */
  rlim: unknown[] | null = null;
  /** prctl(PR_SET_CHILD_SUBREAPER) set on this process; a subreaper is somewhere above it. */
  isChildSubreaper = false;
  hasChildSubreaper = false;
}

/** fs_struct: root and cwd; shared with CLONE_FS. */
export class FsStruct {
  users = 1;
  released = false;
  constructor(public cwd = '/', public umask = 0o022) {}
}

/** files_struct: the descriptor table; shared with CLONE_FILES. */
export class FilesStruct {
  count = 1;
  released = false;
  fd: (File | null)[] = [];
  cloexec: boolean[] = [];
}

/** sysv_undo: SysV semaphore undo list, shared with CLONE_SYSVSEM. */
export class SysvSem {
  refcnt = 1;
  released = false;
  /** sem_undo_list.list_proc: a SemUndo (ipc/sem_queue.ts) per semaphore set, by semid. */
  undo: Map<number, unknown> | null = null;
}

export class Task {
  pid: number;
  tgid: number;
  comm: string;
  state = TASK_RUNNING;
  exitState = 0;
  flags = 0;
  exitCode = 0;
  exitSignal = 0;
  /** prctl(PR_SET_PDEATHSIG): sent to this task's group when its creating thread dies (sys_prctl.ts). */
  pdeathSignal = 0;
  /** prctl's other per-task settings, inherited by fork and clone (sys_prctl.ts). */
  noNewPrivs = false;
  keepCaps = false;
  timerSlackNs = 50_000;
  realParent!: Task;
  groupLeader!: Task;
  /** Child processes (leaders) in the order they were added, once it has had any (`children`). */
  childList: TaskList | null = null;
  /** This task's places on its group's `threads` and its parent's `children` (task_list.ts). */
  groupNode: TaskNode | null = null;
  siblingNode: TaskNode | null = null;
  mm: Mm | null = null;
  activeMm: Mm | null = null;
  fs: FsStruct | null = null;
  files: FilesStruct | null = null;
  sighand: SigHand | null = null;
  signal: SignalStruct | null = null;
  sysvsem: SysvSem | null = null;
  pending = new SigPending();
  /** User and group ids (per task, copied by clone: cred.ts); root unless set. */
  cred = new Cred();
  /**
   * blocked, the signal mask. Its two words are the task's own fields (sig[0] and sig[1] of
   * sigset.ts), so `t.blocked` is the task seen as a SigSet: no separate object per task (a
   * run keeps 100,000 tasks alive). `t.blocked = set` copies, as the C struct assignment does.
   */
  w0 = 0;
  w1 = 0;
  get blocked(): SigSet { return this; }
  set blocked(s: SigSet) { sigcopy(this, s); }
  /** real_blocked: the mask sigtimedwait saved while it unblocks the signals it waits for (null: empty). */
  realBlocked: SigSet | null = null;
  /** Saved mask while in sigsuspend (restored after the handler). */
  savedSigmask: SigSet | null = null;
  /** TIF_SIGPENDING: recalculated by recalcSigpending. */
  sigpending = false;
  /** JOBCTL_STOP_PENDING: this thread must join its group's stop. */
  stopPending = false;
  /** A system call that returned -ERESTART*: its nr, decided on at the next do_signal. */
  restartNr = -1;
  /** Saved state of each signal-handler frame on `stack` (the sigcontext). */
  sigFrames: SigFrame[] = [];
  setChildTid = 0;
  clearChildTid = 0;
  /** robust_list: the head set_robust_list registered (futex_robust.ts), 0 for none; never inherited. */
  robustList = 0;
  /** do_exit has run up to exit_mm's mmap_read_lock (exit_signals, the tid word cleared): exit.ts exitStart. */
  exitStarted = false;
  /** The alternate signal stack (sas_ss_sp, sas_ss_size; size 0: none): sigaltstack.ts. */
  sasSp = 0;
  sasSize = 0;
  /** sas_ss_flags: the flags sigaltstack was given (SS_DISABLE after a disable or a thread's reset); a frame's uc_stack.ss_flags. */
  sasFlags = 0;
  tls: unknown = undefined;
  /** Kernel stack: two pages holding thread_info (counted in kernel memory). */
  kstackBytes = 8192;

  // ---- execution context ----
  /** The generator stack: base program, then any signal-handler frames. */
  stack: Context[] = [];
  /** Value to send into the top generator at the next resume. */
  retval: unknown = undefined;
  /** Fault and interrupt time since the last request (copy-on-write and first-touch faults, TLB-flush IPIs), ns. */
  faultNs = 0;
  /** Remaining ns of a CPU burst in progress. */
  burstLeft = 0;
  /** Burst is kernel work (counted as system time), not user computation. */
  burstSys = false;
  /** System call in progress (-1: none) and its arguments, kept for restart after a sleep. */
  sysNr = -1;
  sa: any; sb: any; sc: any; sd: any; se: any; sf: any;
  wakeReason = WAKE_NONE;
  /** Wait queue the task sleeps on (null when not sleeping on one). */
  waitq: WaitQueue | null = null;
  /** Bumped at every sleep; a timeout event carries it so stale timeouts are ignored. */
  sleepGen = 0;
  /** The engine slot of this sleep's timeout event (-1: none armed); a wake-up cancels it. */
  timeoutSlot = -1;
  /** Scratch for a sleeping system call (deadline, futex key, ...). */
  sleepData: any = null;
  /** vfork: the parent sleeping until this child exits or execs. */
  vforkParent: Task | null = null;

  // ---- scheduling ----
  /** Nice value, -20 … 19 (static_prio - 120): the time-slice weight (sys_prio.ts). */
  nice = 0;
  /**
   * policy: SCHED_NORMAL, SCHED_FIFO, SCHED_RR, SCHED_BATCH or SCHED_IDLE, or'ed with
   * SCHED_RESET_ON_FORK for sched_reset_on_fork (one field, not two: a task's size counts).
   */
  policy = 0;
  /**
   * rt_priority: 1 … 99 under SCHED_FIFO/SCHED_RR, 0 under any other policy (sched_rt.ts) — the
   * effective one, raised while the task holds a PI futex a higher task waits on (rtmutex.ts keeps
   * the normal one in k.piNormal meanwhile).
   */
  rtPriority = 0;
  /** pi_state_list: the PI futexes this task owns (futex_pi.ts), null when none. */
  piOwned: PiState[] | null = null;
  /** cpus_mask: the CPUs this task may run on, null for all of them (cpumask.ts, sys_affinity.ts). */
  cpusMask: bigint | null = null;
  cpu = 0;
  /** The CPU its creator ran on, until its first run (contextSwitch charges remoteStart elsewhere); then -1. */
  startCpu = -1;
  onCpu = false;
  onRq = false;
  sliceLeft = 0;
  /** The fair class's placement: vruntime = CPU time (weighted) + this (sched_fair.ts). */
  vruntimeOff = 0;

  // ---- accounting ----
  utime = 0;
  stime = 0;
  nvcsw = 0;
  nivcsw = 0;
  startTime = 0;
  /** Kernel-side description of why the task died, if a program fault killed it. */
  fatalMessage: string | null = null;
  /** Set by kthread_stop. */
  kthreadShouldStop = false;
  /** Arbitrary per-task data for kernel code (kthread data, debugger views). */
  data: any = null;

  constructor(pid: number, comm: string) {
    this.pid = pid;
    this.tgid = pid;
    this.comm = comm;
  }

  /** Child processes (leaders), in the order they were added (task_list.ts). */
  get children(): TaskList {
    return this.childList ??= new TaskList(CHILD_LIST);
  }

  get hasChildren(): boolean {
    return this.childList !== null && this.childList.length > 0;
  }

  get isKthread(): boolean {
    return (this.flags & PF_KTHREAD) !== 0;
  }

  get isLeader(): boolean {
    return this.groupLeader === this;
  }

  get alive(): boolean {
    return this.exitState === 0;
  }
}

/** wait_queue_head_t: tasks sleeping on one condition, in arrival order. */
export class WaitQueue {
  tasks: Task[] = [];
  constructor(public name: string) {}
}
