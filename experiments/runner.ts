/**
 * runner.ts — run one program on one library: boot a kernel, have the shell fork the
 * program through the library's entry, run to completion, and collect what the kernel saw.
 *
 * Everything reported (system calls by name, switches, tasks created, the ps snapshot) is
 * derived from the kernel's event log and task table, so the numbers cannot disagree.
 * Used by `threadlab run`, `threadlab compare`, the experiments and the tests.
 */

import {
  Kernel, spawnProgram, describeStatus, shellExitCode, formatPsEf, psThreads, recordTrace,
  loadCostModel, DEFAULT_PRESET,
  EV_CLONE, EV_EXIT, syscallName, type CostModel, type TraceEvent, type PsRow, type Task,
  type ScheduleOptions, type ConsoleInput, type ConsoleTty, seedFile,
} from '../kernel/index.js';

/** A file of the simulated file system: its path there and its bytes, one character per byte. */
export interface SimFile {
  path: string;
  data: string;
}
import { getLibrary, type Program, type LibraryInstance } from '../libs/index.js';
import '../libs/all.js';
import { analyzeDeadlock, type DeadlockInfo } from './deadlock.js';
import { DeadlockWatch } from './deadlock_watch.js';

export interface RunOptions {
  program: Program;
  /** Name shown in ps and messages (the program file's base name). */
  name?: string;
  argv?: string[];
  lib?: string;
  libOptions?: Record<string, unknown>;
  cpus?: number;
  seed?: number;
  /** A CostModel, or a preset name / JSON file path. */
  costs?: CostModel | string;
  /** Keep every event (for --trace). */
  trace?: boolean;
  /** Take a ps snapshot at this virtual time (ns) as well. */
  psAt?: number;
  /** Stop at this virtual time (ns). */
  timeLimit?: number;
  /** Kernel options passed through (threadsMax, rlimitNproc, pidMax, programPages). */
  kernel?: { threadsMax?: number; rlimitNproc?: number; pidMax?: number; programPages?: number; cloneVmCopiesSigaltstack?: boolean };
  /** Run the kernel's invariant checker after every event (--check). */
  check?: boolean;
  /** Called with each chunk the program writes to the console, as it is written. */
  onStdout?: (data: string, err: boolean) => void;
  /** Shared with a watchdog thread: the pid/tgid running user code (see Kernel.currentCell). */
  currentCell?: Int32Array;
  /** What the program reads from the console (experiments/stdin.ts); absent: end of file. */
  stdin?: ConsoleInput;
  /**
   * Whether the console is a terminal (the default: true, as at an interactive shell), or a
   * pipe (false: as `./prog | cat`, stdio fully buffers), or stream by stream.
   */
  tty?: boolean | Partial<ConsoleTty>;
  /** Files put in the simulated file system before the run (--file): path (relative: to the cwd) and bytes (latin1). */
  files?: readonly SimFile[];
  /** Called with the kernel before it runs (experiments attach probes). */
  setup?: (k: Kernel) => void;
  /** Perturb the schedule (kernel/sched_pct.ts; experiments/schedule.ts measures `steps`). */
  schedule?: ScheduleOptions;
  /** Run the program as if its file were set-user-ID to this uid (0: --setuid-root). */
  setuid?: number;
  /** Called once the shell has forked the program, with its first pid (a timeline's collector). */
  spawned?: (firstUserPid: number) => void;
}

/** What a perturbed run did (absent from results and reports of ordinary runs). */
export interface ScheduleReport {
  seed: number;
  depth: number;
  /** k: the steps the change points were drawn from, and the steps this run took. */
  expectedSteps: number;
  steps: number;
  changes: number;
  stalls: number;
  preemptions: number;
}

export interface RunResult {
  lib: string;
  /** The library's variant when not its default (NPTL's 'glibc 2.36'); absent otherwise. */
  variant?: string;
  name: string;
  costs: string;
  seed: number;
  cpus: number;
  /** The console: what the program wrote to fds 1 and 2, merged as a terminal shows it. */
  stdout: string;
  /** The same apart, as a shell's `>` and `2>` see them (kernel/file.ts consoleOps). */
  streams: { stdout: string; stderr: string };
  dmesg: string[];
  /** Raw wait status, its description, and the shell's exit code. */
  status: number;
  statusText: string;
  exitCode: number;
  /**
   * 'exited' normally, 'deadlock' (no program thread could ever run again: see deadlock.ts and
   * deadlock_watch.ts), or 'time-limit'.
   */
  outcome: 'exited' | 'deadlock' | 'time-limit';
  /** The deadlock report's text, and the same as data (threads, waits, owner chains). */
  deadlock: string | null;
  deadlockInfo: DeadlockInfo | null;
  /** Virtual run time of the program, ns (fork to reap). */
  virtualNs: number;
  syscalls: Record<string, number>;
  syscallTotal: number;
  voluntarySwitches: number;
  involuntarySwitches: number;
  contextSwitches: number;
  tasksCreated: number;
  /** Most tasks of the program alive at once, and ps -eLf at that moment. */
  peakTasks: number;
  ps: string;
  psRows: PsRow[];
  psAt: string | null;
  engineSteps: number;
  events: TraceEvent[] | null;
  kernel: Kernel;
  /** Present only when the schedule was perturbed. */
  schedule?: ScheduleReport;
}

export function runProgram(o: RunOptions): RunResult {
  const costs = typeof o.costs === 'object' ? o.costs : loadCostModel(o.costs ?? DEFAULT_PRESET);
  const libName = o.lib ?? 'nptl';
  const inst = getLibrary(libName).create(o.libOptions, costs);
  const k = new Kernel({ costs, cpus: o.cpus ?? 1, seed: o.seed ?? 1, timeLimit: o.timeLimit, check: o.check, schedule: o.schedule, consoleTty: consoleTty(o.tty), ...o.kernel });
  const name = o.name ?? 'a.out';
  if (o.currentCell) k.currentCell = o.currentCell;
  if (o.onStdout) k.onStdout = o.onStdout;
  if (o.stdin) k.consoleInput = o.stdin;
  for (const f of o.files ?? []) {
    const e = seedFile(k, f.path, f.data);
    if (e !== null) throw new Error(`cannot put a file in the simulated file system: ${e}`);
  }
  const probe = attachCounters(k);
  const rec = o.trace ? recordTrace(k.trace, 'all') : null;
  let psAt: string | null = null;
  if (o.psAt !== undefined) k.addTimer(o.psAt, () => { psAt = formatPsEf(k); }, null);
  o.setup?.(k);
  const watch = inst.isHelperTask ? new DeadlockWatch(k, () => probe.firstUserPid, inst.isHelperTask) : null;
  watch?.install();
  // The shell runs it as `./name args`: argv[0] is "./name", as a shell passes the word typed
  // (ps's command line says the same; comm is the basename, "name").
  const h = spawnProgram(k, (argv: string[]) => inst.entry(o.program, argv), [`./${name}`, ...(o.argv ?? [])], name, { setuid: o.setuid, image: o.program });
  probe.firstUserPid = h.shell.pid + 1;
  k.countFrom = probe.firstUserPid;
  o.spawned?.(probe.firstUserPid);
  k.run();
  const outcome = h.done ? 'exited' : watch?.detectedAt != null ? 'deadlock' : k.timeLimitHit ? 'time-limit' : 'deadlock';
  const dl = outcome === 'deadlock' ? deadlockReport(k, probe.firstUserPid, inst, watch) : null;
  const calls = syscallsByName(k);
  const r: RunResult = {
    lib: libName, ...(inst.variant ? { variant: inst.variant } : {}), name, costs: costs.name, seed: k.seed, cpus: k.cpus.length,
    stdout: k.stdout.join(''), streams: { stdout: k.stdoutOnly.join(''), stderr: k.stderr.join('') }, dmesg: k.dmesg.slice(),
    status: h.status, statusText: h.done ? describeStatus(h.status) : outcome,
    exitCode: h.done ? shellExitCode(h.status) : outcome === 'deadlock' ? 125 : 124,
    outcome, deadlock: dl ? dl.text : null, deadlockInfo: dl,
    // At the limit the engine stops short of the next event, leaving the clock where the last
    // one ran (26.9 µs for a program sleeping past the limit); the run did last to the limit.
    virtualNs: (h.done ? h.endTime : outcome === 'time-limit' ? Math.max(k.now, k.timeLimit) : k.now),
    syscalls: calls.byName, syscallTotal: calls.total,
    voluntarySwitches: probe.nvcsw + sumLive(k, probe.firstUserPid, 'nvcsw'),
    involuntarySwitches: probe.nivcsw + sumLive(k, probe.firstUserPid, 'nivcsw'),
    contextSwitches: k.contextSwitches, tasksCreated: probe.created, peakTasks: probe.peak,
    ps: probe.ps ?? formatPsEf(k), psRows: probe.psRows ?? psThreads(k), psAt,
    engineSteps: k.engine.steps, events: rec ? rec.events : null, kernel: k,
  };
  if (k.pct !== null && o.schedule) {
    const p = k.pct;
    r.schedule = { seed: o.schedule.seed, depth: p.depth, expectedSteps: p.expectedSteps, steps: p.steps, changes: p.changes, stalls: p.stalls, preemptions: p.preemptions };
  }
  return r;
}

/** RunOptions.tty as the kernel's per-stream answer. */
function consoleTty(tty: boolean | Partial<ConsoleTty> | undefined): Partial<ConsoleTty> | undefined {
  return typeof tty === 'boolean' ? { stdin: tty, stdout: tty, stderr: tty } : tty;
}

/** The report of a deadlocked run, saying which rule found it. */
function deadlockReport(k: Kernel, firstUserPid: number, inst: LibraryInstance, watch: DeadlockWatch | null): DeadlockInfo {
  const byWatch = watch !== null && watch.detectedAt !== null;
  return analyzeDeadlock(k, firstUserPid, inst, {
    rule: byWatch ? 'helpers-only' : 'no-events', detectedAt: k.now, quietSince: byWatch ? watch.quietSince : null,
  });
}

interface Counters {
  firstUserPid: number;
  created: number;
  live: number;
  peak: number;
  nvcsw: number;
  nivcsw: number;
  ps: string | null;
  psRows: PsRow[] | null;
  snapshotAt: number;
}

/** Subscribe to the log: creations and the ps snapshot at the peak (system calls: Kernel.callsByNr). */
function attachCounters(k: Kernel): Counters {
  const c: Counters = { firstUserPid: Infinity, created: 0, live: 1, peak: 1, nvcsw: 0, nivcsw: 0, ps: null, psRows: null, snapshotAt: 0 };
  k.trace.subscribe([EV_CLONE], (_kind, _t, _cpu, pid, child) => {
    if (pid < c.firstUserPid || child < c.firstUserPid) return;
    c.created++;
    c.live++;
    if (c.live > c.peak) c.peak = c.live;
  });
  k.trace.subscribe([EV_EXIT], (_kind, _t, _cpu, pid) => {
    if (pid < c.firstUserPid) return;
    if (c.live === c.peak && c.snapshotAt !== c.peak) {
      c.snapshotAt = c.peak;
      c.psRows = psThreads(k);
      c.ps = formatPsEf(k, c.psRows);
    }
    c.live--;
  });
  k.onTaskExit = (t: Task) => {
    if (t.pid < c.firstUserPid) return;
    c.nvcsw += t.nvcsw;
    c.nivcsw += t.nivcsw;
  };
  return c;
}

/** The program's system calls by name, names in the order of their first call (Kernel.callOrder). */
function syscallsByName(k: Kernel): { byName: Record<string, number>; total: number } {
  const byName: Record<string, number> = {};
  let total = 0;
  for (const nr of k.callOrder) {
    const name = syscallName(k, nr);
    const n = k.callsByNr[nr];
    byName[name] = (byName[name] ?? 0) + n;
    total += n;
  }
  return { byName, total };
}

function sumLive(k: Kernel, firstUserPid: number, f: 'nvcsw' | 'nivcsw'): number {
  let n = 0;
  for (const t of k.tasks.values()) if (t.pid >= firstUserPid) n += t[f];
  return n;
}
