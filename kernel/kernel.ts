/**
 * kernel.ts — the Kernel: boot, the pid allocator, the task table, the engine's dispatcher,
 * and run().
 *
 * Mirrors: init/main.c (start_kernel → rest_init: init as pid 1, kthreadd as pid 2),
 * kernel/pid.c (alloc_pidmap with wrap-around at pid_max), kernel/fork.c's limits
 * (max_threads, RLIMIT_NPROC). The subsystems live in files named after their Linux sources;
 * this file only ties them together.
 */

import { Engine } from './sim/engine.js';
import { CELL_BEAT, CELL_RUNNING } from './watch_cell.js';
import { Prng } from './sim/prng.js';
import type { CostModel } from './costs.js';
import { TraceLog, EV_PRINTK } from './trace.js';
import { Task } from './task.js';
import type { PiState } from './futex_pi.js';
import {
  Cpu, EVK_CPU, EVK_TIMEOUT, EVK_TIMER, timeoutFired, enqueueTask, findBusiestQueue, kickCpu, detachTask, selectTaskRq,
} from './sched.js';
import { initAvgIdle } from './sched_newidle.js';
import { cpuAllowed } from './cpumask.js';
import { cpuRun } from './entry.js';
import { buildSyscallTable, type SyscallEntry } from './syscalls.js';
import { bootKernelThreads } from './kthread.js';
import { forceFatalSignal } from './signal.js';
import { KernelPanic } from './panic.js';
import type { ShmemObject } from './shmem.js';
import type { Mm } from './mm.js';
import type { ConsoleInput, ConsoleTty } from './file.js';
import { InvariantChecker } from './check.js';
import type { WaitQueue } from './task.js';
import { SchedPct, type ScheduleOptions } from './sched_pct.js';

/** include/linux/threads.h: PID_MAX_DEFAULT (0x8000) and, on 64-bit, PID_MAX_LIMIT (4M). */
export const PID_MAX_DEFAULT = 32768;
export const PID_MAX_LIMIT = 4 * 1024 * 1024;

export interface KernelOptions {
  cpus?: number;
  seed?: number;
  costs: CostModel;
  /** /proc/sys/kernel/pid_max: default 32,768 (PID_MAX_DEFAULT), at most 4,194,304 (PID_MAX_LIMIT, 64-bit). */
  pidMax?: number;
  /** /proc/sys/kernel/threads-max. */
  threadsMax?: number;
  /** RLIMIT_NPROC of the user running programs. */
  rlimitNproc?: number;
  /** Resident pages of a new program image (fork copies their page tables). */
  programPages?: number;
  /** Stop the run at this virtual time (ns). */
  timeLimit?: number;
  /** Run the invariant checker after every event (tests, --check). */
  check?: boolean;
  /** Boot the usual kernel threads (ksoftirqd/N, kswapd0, ...). Default true. */
  kthreads?: boolean;
  /** Perturb the schedule (sched_pct.ts); absent: the ordinary scheduler. */
  schedule?: ScheduleOptions;
  /**
   * clone with CLONE_VM (and without CLONE_VFORK) copies the creator's alternate signal stack,
   * as Linux did before 2.6.16 (pthreads(7)); by default the new thread starts with none.
   */
  cloneVmCopiesSigaltstack?: boolean;
  /**
   * Which of the console's three streams are a terminal (file.ts ConsoleTty): by default all,
   * as a program started at an interactive shell sees; a stream that is not is a pipe, as
   * `./prog | cat` (stdout) or `2>&1 | cat` gives.
   */
  consoleTty?: Partial<ConsoleTty>;
}

/** A kernel timer (struct timer_list): fn runs in interrupt context at `expires`. */
export interface KTimer {
  expires: number;
  fn: (k: Kernel, data: any) => void;
  data: any;
  active: boolean;
}

export class Kernel {
  readonly engine = new Engine();
  readonly prng: Prng;
  readonly costs: CostModel;
  readonly trace = new TraceLog();
  readonly cpus: Cpu[];
  readonly tickNs: number;
  readonly seed: number;
  readonly syscalls: SyscallEntry[];
  readonly tasks = new Map<number, Task>();
  readonly pidMax: number;
  readonly threadsMax: number;
  readonly rlimitNproc: number;
  readonly programPages: number;
  readonly cloneVmCopiesSigaltstack: boolean;
  timeLimit: number;
  timeLimitHit = false;
  /** The task whose code is running right now (the `current` macro). */
  current: Task | null = null;
  /** Cost accumulated by the system call being handled (entry+exit plus its work). */
  extraCost = 0;
  nrThreads = 0;
  private lastPid = 0;
  init!: Task;
  kthreadd!: Task;
  idle: Task[] = [];
  /** Captured console output: what fd 1 and 2 of every process wrote, merged, as a terminal shows it. */
  stdout: string[] = [];
  /** The same writes apart: those of the console opened as fd 2 (standard error), and the rest. */
  stderr: string[] = [];
  stdoutOnly: string[] = [];
  dmesg: string[] = [];
  // counters
  syscallCount = 0;
  /**
   * System calls of the tasks whose pid is at least countFrom (the program's: the runner sets
   * it past the shell's pid), by number, and the numbers in the order of their first call.
   * Counted in the entry path (a compare when unused), not by a trace subscriber per call.
   */
  countFrom = Infinity;
  readonly callsByNr: number[];
  readonly callOrder: number[] = [];
  contextSwitches = 0;
  /** Some task has had a real-time policy: the scheduler runs RT push/pull (sched_rt.ts). */
  rtActive = false;
  migrations = 0;
  tlbFlushes = 0;
  forks = 0;
  /** Kernel stacks that missed the per-CPU cache: vmalloc'd at clone or vfree'd at exit (fork_stack.ts). */
  kstackMisses = 0;
  /** Subsystem state, owned by the files named in the key. */
  futexQueues = new Map<Mm | ShmemObject, Map<number, WaitQueue>>();
  /** PI futexes' states by key (futex_pi.ts), and the normal rt_priority of each task boosted now (rtmutex.ts). */
  futexPi = new Map<Mm | ShmemObject, Map<number, PiState>>();
  piNormal = new Map<Task, number>();
  ext: Record<string, any> = {};
  /** Called with every chunk written to the console, and whether it was standard error (a watchdog streams output with it). */
  onStdout: ((data: string, err: boolean) => void) | null = null;
  /** What a read of the console returns (file.ts ConsoleInput); null: end of file at once. */
  consoleInput: ConsoleInput | null = null;
  /** Which console streams are a terminal (KernelOptions.consoleTty). */
  readonly consoleTty: ConsoleTty;
  /** Called after every do_exit (the run harness watches for the program's end). */
  onTaskExit: ((t: Task) => void) | null = null;
  /**
   * Called when a sleeping task's timeout is about to wake it (before the wake-up): the run
   * harness's deadlock watch looks at the program then (experiments/deadlock_watch.ts).
   */
  onSleepTimeout: ((t: Task) => void) | null = null;
  /**
   * When set (a view of a SharedArrayBuffer, CELL_SLOTS long), cell[CELL_PID] holds the pid and
   * cell[CELL_TGID] the tgid of the task running user code, cell[CELL_BEAT] is the engine's
   * heartbeat (Engine.beat) and cell[CELL_RUNNING] is 1 while run() simulates: a watchdog in
   * another thread reads them to name a thread that stopped yielding.
   */
  currentCell: Int32Array | null = null;
  /** The invariant checker, when enabled (check.ts). */
  checker: InvariantChecker | null = null;
  /** The schedule-perturbation policy (sched_pct.ts), or null: off, the default. */
  readonly pct: SchedPct | null;

  constructor(opts: KernelOptions) {
    this.costs = opts.costs;
    this.seed = opts.seed ?? 1;
    this.prng = new Prng(this.seed);
    const n = opts.cpus ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`cpus must be an integer from 1 to 64 (got ${n})`);
    this.cpus = Array.from({ length: n }, (_, i) => new Cpu(i));
    for (const c of this.cpus) initAvgIdle(this, c);
    this.tickNs = 1e9 / this.costs.hz;
    this.pidMax = opts.pidMax ?? PID_MAX_DEFAULT;
    if (!Number.isInteger(this.pidMax) || this.pidMax < 2 || this.pidMax > PID_MAX_LIMIT) {
      throw new RangeError(`pidMax must be an integer from 2 to ${PID_MAX_LIMIT} (got ${opts.pidMax})`);
    }
    this.threadsMax = opts.threadsMax ?? 32768;
    this.rlimitNproc = opts.rlimitNproc ?? Infinity;
    this.programPages = opts.programPages ?? 256;
    this.cloneVmCopiesSigaltstack = opts.cloneVmCopiesSigaltstack ?? false;
    this.consoleTty = { stdin: true, stdout: true, stderr: true, ...opts.consoleTty };
    this.timeLimit = opts.timeLimit ?? Infinity;
    this.syscalls = buildSyscallTable();
    this.callsByNr = new Array<number>(this.syscalls.length).fill(0);
    this.pct = opts.schedule ? new SchedPct(opts.schedule) : null;
    if (opts.check ?? process.env.THREADLAB_CHECK === '1') this.checker = new InvariantChecker();
    bootKernelThreads(this, opts.kthreads ?? true);
  }

  get now(): number {
    return this.engine.now;
  }

  /** alloc_pidmap: the next free pid after the last one, wrapping at pid_max (300 reserved). */
  allocPid(): number {
    const max = this.pidMax;
    let pid = this.lastPid + 1;
    for (let tries = 0; tries < max; tries++, pid++) {
      if (pid >= max) pid = this.lastPid >= 300 ? 300 : 1;
      if (!this.tasks.has(pid)) {
        this.lastPid = pid;
        return pid;
      }
    }
    return -1;
  }

  /** Lowest pid (used once at boot for the idle task, pid 0). */
  setLastPid(p: number): void {
    this.lastPid = p;
  }

  findTask(pid: number): Task | undefined {
    return this.tasks.get(pid);
  }

  printk(msg: string): void {
    const line = `[${(this.engine.now / 1e9).toFixed(6).padStart(12)}] ${msg}`;
    this.dmesg.push(line);
    if (this.trace.on[EV_PRINTK]) this.trace.emit(EV_PRINTK, this.engine.now, 0, this.current ? this.current.pid : 0, 0, 0, msg);
  }

  forceFatalSignal(t: Task, sig: number): void {
    forceFatalSignal(this, t, sig);
  }

  /**
   * rebalance_tick → load_balance, much simplified: at a slice end with nothing queued here,
   * pull one waiting task from the busiest other queue, if it has one to spare
   * (findBusiestQueue: nr_running > 1). Returns true if a task was pulled.
   */
  pullTask(cpu: Cpu): boolean {
    const busiest = findBusiestQueue(this, cpu);
    if (busiest === null) return false;
    const t = detachTask(busiest, cpu);
    this.migrations++;
    enqueueTask(this, t, cpu);
    return true;
  }

  /**
   * Make `t` runnable on `cpu` (a stopped thread killed by a group exit or an exec). An idle
   * CPU is woken as try_to_wake_up's resched_task would (the IPI); a busy one (the caller's)
   * will reach it by itself. No other CPU takes a task an idle CPU holds alone.
   */
  enqueueRunnable(t: Task, cpu: Cpu): void {
    if (!cpuAllowed(t, cpu.id)) cpu = selectTaskRq(this, t); // its mask changed while it was stopped
    enqueueTask(this, t, cpu);
    kickCpu(this, cpu, this.costs.ipi + this.costs.idleWake);
  }

  /** add_timer: run `fn(k, data)` at virtual time `expires`. */
  addTimer(expires: number, fn: KTimer['fn'], data: any): KTimer {
    const tm: KTimer = { expires, fn, data, active: true };
    this.engine.at(Math.max(expires, this.engine.now), 0, EVK_TIMER, tm, 0);
    return tm;
  }

  delTimer(tm: KTimer | null): void {
    if (tm) tm.active = false;
  }

  hitTimeLimit(): void {
    this.timeLimitHit = true;
    this.engine.stop();
  }

  /** Run the simulation until nothing is left to do, `stop()` is called, or the time limit. */
  run(): void {
    const dispatch = (kind: number, target: unknown, gen: number): void => {
      switch (kind) {
        case EVK_CPU: {
          const cpu = target as Cpu;
          if (gen === cpu.gen) cpuRun(this, cpu);
          break;
        }
        case EVK_TIMEOUT:
          if (this.onSleepTimeout !== null && gen === (target as Task).sleepGen) this.onSleepTimeout(target as Task);
          timeoutFired(this, target as Task, gen);
          break;
        case EVK_TIMER: {
          const tm = target as KTimer;
          if (tm.active) { tm.active = false; tm.fn(this, tm.data); }
          break;
        }
        default:
          throw new KernelPanic('Kernel.run', `unknown event kind ${kind}`);
      }
      if (this.checker !== null) this.checker.check(this);
    };
    const cell = this.currentCell;
    if (cell !== null) {
      this.engine.beat = cell.subarray(CELL_BEAT, CELL_BEAT + 1);
      Atomics.store(cell, CELL_RUNNING, 1);
    }
    try {
      this.engine.run(dispatch, this.timeLimit);
    } finally {
      if (cell !== null) Atomics.store(cell, CELL_RUNNING, 0);
    }
    if (this.engine.pending > 0 && this.engine.nextTime() > this.timeLimit) this.timeLimitHit = true;
  }

  stop(): void {
    this.engine.stop();
  }
}
