/**
 * calibrate.ts — `threadlab calibrate`: measure this host and write the `host` cost model.
 *
 * Builds probe.c (next to this file in the source tree; tsc does not copy it to dist/, so it is
 * also looked up under the package root) with the first C compiler found, runs it, and maps its
 * raw figures onto a full CostModel named `host` the way lmbench isolates a primitive: subtract
 * the overhead measured on its own (a thread switch is the one-CPU futex hand-off minus its
 * FUTEX_WAKE and FUTEX_WAIT, a process switch adds what the process pipe ping-pong adds over
 * the thread one, ...). Fields the probe cannot isolate come from modern-x86 and are listed in
 * `_meta.notMeasured`; the composites (pthread_create+join, condvar ping-pong, the NPTL create
 * sweep) are kept in `_meta.raw` for validation and are never calibration inputs. The file is
 * written atomically (temp file + rename) to reports/host-costs.json.
 *
 * Robustness: the probe runs several times (`runs`, default 5: separate processes, so one
 * unlucky run — a burst of other load, a VM exit storm — is outvoted); every figure is the
 * median of the runs, and its min–max spread is kept in `_meta.spread` beside it (`_meta.raw`
 * holds the medians). Inside one run each figure is already the median of 3–5 timed loops.
 *
 * Pairing: the host model carries `glibc` — "2.36" when this host's glibc is 2.34 or newer,
 * else "2.3" — so `--costs host` runs NPTL in the era the machine's library belongs to (see
 * libs/nptl/nptl_2_36.ts); the host's own version is in `_meta.glibc`.
 *
 * Simplifies: host noise goes into the numbers as it is — the medians damp it, the spreads show
 * it, nothing more.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HOST_COSTS_FILE, PRESETS, loadCostModel } from '../../kernel/index.js';
import { fitWakePreempt } from './futex_pingpong.js';
import { simulateRawClone, simulateRawCloneBatch, CLONE_BATCH } from './raw_clone.js';
import type { CostModel } from '../../kernel/index.js';

const run = promisify(execFile);

export interface ProbeOptions {
  /** Shorter, fewer runs (also THREADLAB_PROBE_QUICK=1): for tests, noisier numbers. */
  quick?: boolean;
  /** Progress lines (compiler, what is running). */
  log?: (s: string) => void;
  /** A C compiler to use instead of searching cc, gcc, clang. */
  cc?: string;
  /** Measure only the validation composites (`threadlab validate`), not the primitives. */
  compositesOnly?: boolean;
  /** How many times to run the probe (default 5); each figure is the median of the runs. */
  runs?: number;
  /** Run the probe on this many of the allowed CPUs only (its `--cpus`); default all of them. */
  cpus?: number;
}

/** The default number of probe runs. */
export const DEFAULT_RUNS = 5;

/** Several probe runs folded into one: per figure the median, the smallest and the largest. */
export interface ProbeSummary {
  median: Record<string, number>;
  min: Record<string, number>;
  max: Record<string, number>;
  runs: number;
}

export interface CalibrateOptions extends ProbeOptions {
  /** Directory the default output path is relative to (the project or run directory). */
  cwd: string;
  /** Output file; default reports/host-costs.json under cwd. */
  out?: string;
}

/** The first of cc, gcc, clang that runs; throws a one-line Error if there is none. */
export function findCompiler(candidates: string[] = ['cc', 'gcc', 'clang']): string {
  for (const cc of candidates) {
    const r = spawnSync(cc, ['--version'], { stdio: 'ignore' });
    if (r.status === 0) return cc;
  }
  throw new Error('no C compiler found (install gcc) — calibrate needs one to build its probe');
}

/** probe.c beside this module (tsx, vitest), else under the package root (compiled dist/). */
export function probeSourcePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'probe.c');
  if (existsSync(beside)) return beside;
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'experiments', 'calibrate', 'probe.c');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`calibrate: probe.c not found beside ${here} or under the package root`);
}

/**
 * Compile probe.c into a temp dir once, run it `opts.runs` times (default 5), and fold the runs:
 * per figure the median and the min–max (all values finite numbers).
 */
export async function runProbe(opts: ProbeOptions = {}): Promise<ProbeSummary> {
  const log = opts.log ?? (() => {});
  const cc = opts.cc ?? findCompiler();
  const runs = opts.runs ?? DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1 || runs > 99) throw new Error(`calibrate: --runs must be an integer from 1 to 99 (got ${runs})`);
  const dir = mkdtempSync(join(tmpdir(), 'threadlab-probe-'));
  try {
    const exe = join(dir, 'probe');
    log(`calibrate: compiling probe with ${cc}`);
    await run(cc, ['-O2', '-pthread', '-o', exe, probeSourcePath()]).catch((e: unknown) => {
      const err = e as { stderr?: string; message?: string };
      const first = (err.stderr || err.message || String(e)).trim().split('\n')[0];
      throw new Error(`calibrate: ${cc} failed to build probe.c: ${first}`);
    });
    const quick = opts.quick || ['1', 'true', 'yes'].includes(process.env['THREADLAB_PROBE_QUICK'] ?? '');
    const args = [...(quick ? ['--quick'] : []), ...(opts.compositesOnly ? ['--composites'] : []),
      ...(opts.cpus !== undefined ? ['--cpus', String(opts.cpus)] : [])];
    const secs = opts.compositesOnly ? (quick ? 1 : 3) : (quick ? 5 : 15);
    const what = [quick ? 'quick' : '', opts.compositesOnly ? 'composites only' : ''].filter(Boolean).join(', ');
    const all: Record<string, number>[] = [];
    for (let i = 1; i <= runs; i++) {
      log(`calibrate: running probe, run ${i} of ${runs} (${what ? `${what}, ` : ''}≈${secs} s on a quiet machine)`);
      const { stdout } = await run(exe, args, { timeout: 300_000, maxBuffer: 1 << 20 });
      all.push(parseProbeOutput(stdout));
    }
    return summarizeRuns(all);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of a list (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const v = xs.slice().sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Fold probe runs: each key's median, min and max over the runs that reported it. */
export function summarizeRuns(all: Record<string, number>[]): ProbeSummary {
  const out: ProbeSummary = { median: {}, min: {}, max: {}, runs: all.length };
  const keys = [...new Set(all.flatMap((r) => Object.keys(r)))];
  for (const k of keys) {
    const xs = all.map((r) => r[k]).filter((x): x is number => x !== undefined);
    out.median[k] = median(xs);
    out.min[k] = Math.min(...xs);
    out.max[k] = Math.max(...xs);
  }
  return out;
}

function parseProbeOutput(stdout: string): Record<string, number> {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new Error(`calibrate: probe printed no JSON: ${stdout.slice(0, 80)}`);
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`calibrate: probe value ${k} is not a number`);
    out[k] = v;
  }
  return out;
}

/** What a mapped field is, and how it was derived from the raw figures. */
/** A derived figure; `zero`: 0 is a measurement here, not a failure. */
type Derived = { value: number; how: string; zero?: true };

/** Raw probe figures → CostModel fields. Each entry says how; all in ns. */
function derive(raw: Record<string, number>): Partial<Record<keyof CostModel, Derived>> {
  const m = PRESETS['modern-x86']!;
  const r = (k: string) => raw[k] ?? NaN;
  const syscall = r('null_syscall_ns');
  const futexHash = r('futex_wake_nowaiter_ns') - syscall;
  // A switch as NPTL threads make one: the one-CPU futex hand-off less its FUTEX_WAKE and
  // FUTEX_WAIT. The pipe ping-pong's switch also carries pipe_read's sleep and pipe_write's
  // wake-up (the pipe mutex, the wait queue): 0.26 µs more on the calibrated host, so the
  // simulated hand-off, charged its futex calls besides, ran 9 % over the measured one. A probe
  // without the hand-off keeps the pipe figure.
  const futexSwitch = r('futex_handoff_same_cpu_ns') - 2 * (syscall + futexHash);
  const pipeSwitch = r('thread_switch_ns') - r('pipe_overhead_ns');
  const ctxSwitch = Number.isFinite(futexSwitch) ? futexSwitch : pipeSwitch;
  const cloneExit = r('clone_exit_wait_ns') - 3 * syscall - 2 * ctxSwitch - 2 * futexHash;
  const clone = cloneBaseFrom(raw, syscall, cloneExit, m.cloneBase / (m.cloneBase + m.exitBase));
  const signal = r('signal_self_ns') - syscall;
  const sigShare = m.signalDeliver / (m.signalDeliver + m.sigreturn);
  return {
    syscall: { value: syscall, how: 'syscall(SYS_getpid)' },
    futexHash: { value: futexHash, how: 'FUTEX_WAKE with no waiter − null syscall' },
    ctxSwitch: Number.isFinite(futexSwitch)
      ? { value: ctxSwitch, how: 'one-way futex hand-off between two threads on one CPU − its FUTEX_WAKE and FUTEX_WAIT (2 × (syscall + futexHash)): a switch as NPTL threads make one' }
      : { value: ctxSwitch, how: 'thread pipe ping-pong per switch (one CPU) − one pipe write+read (the probe measured no futex hand-off)' },
    ctxSwitchMm: { value: ctxSwitch + r('process_switch_ns') - r('thread_switch_ns'), how: 'ctxSwitch + what a process pipe ping-pong per switch (one CPU) adds over the same between threads (the address-space switch)' },
    userSwitch: { value: r('swapcontext_ns') - syscall, how: 'swapcontext − its rt_sigprocmask syscall' },
    cloneBase: clone,
    exitBase: { value: cloneExit - clone.value, how: 'clone(CLONE_THREAD…)+exit+futex wait − 3 syscalls − 2 switches − 2 futex ops − cloneBase' },
    ...(raw['clone_call_cross_ns'] === undefined ? {} : { remoteFork: remoteForkFrom(raw) }),
    forkPerPage: { value: r('fork_per_page_ns'), how: 'slope of fork+exit+wait between 16 and 64 MiB resident (includes the child unmapping them)' },
    cowFault: { value: r('cow_fault_ns'), how: 'child writes one byte to each page of a 4 MiB region shared copy-on-write' },
    mmapStack: { value: r('mmap_8m_ns'), how: 'mmap of an 8 MiB MAP_STACK region' },
    munmapStack: { value: r('munmap_8m_ns'), how: 'munmap of it with its top page touched' },
    signalDeliver: { value: signal * sigShare, how: `kill(self)+handler − null syscall, × modern-x86's delivery share ${sigShare.toFixed(2)}` },
    sigreturn: { value: signal * (1 - sigShare), how: 'the rest of the same signal figure' },
    pipeCopyPerByte: { value: r('pipe_copy_per_byte_ns'), how: '(32 KiB write+read − 1-byte write+read) / 32768' },
    atomicOp: { value: r('lock_cmpxchg_ns'), how: 'uncontended lock cmpxchg in a loop' },
    // The futex wake-to-wakeup hand-off is a calibration primitive (issue 8). The model charges
    // ipi + idleWake only when the woken task's CPU is idle (sched.ts activateTask), so the two
    // must add up to what crossing to an idle CPU adds (cross − same): see ipiAndIdleWake.
    ...ipiAndIdleWake(raw),
    pageFault: { value: r('page_fault_ns'), how: 'first write to each page of a fresh 8 MiB anonymous mapping (4 KiB pages), per page' },
    madvise: { value: r('madvise_stack_ns'), how: 'madvise(MADV_DONTNEED) of an 8 MiB stack below its top two pages and 16 KiB (advise_stack_range)' },
    tlbShootdown: { value: r('madvise_sibling_ns') - r('madvise_flush_ns'), how: 'that madvise dropping one resident page while a thread of the same process spins on the other CPU − the same alone (the flush IPI and its acknowledgement)' },
    tlbFlushIrq: { value: r('flush_irq_ns'), how: 'the work a thread on the other CPU loses per flush IPI while that madvise runs, against the same madvise dropping no page' },
    pageSize: { value: r('page_size'), how: 'sysconf(_SC_PAGESIZE)' },
  };
}

/**
 * ipi and idleWake from the three futex hand-offs (same CPU, to a CPU kept busy, to an idle one).
 * ipi is what crossing to a busy CPU adds, idleWake what an idle one adds on top. On a VM the
 * order can turn: interrupting a running vCPU takes a VM exit, while a halted one is woken by
 * the host's halt polling — here the idle hand-off measured 4.7 µs over the same-CPU one and the
 * busy one 9.3 µs. Since the model charges the pair only for an idle CPU, ipi is then the idle
 * figure and idleWake 0, so that their sum is always the idle hand-off's.
 */
function ipiAndIdleWake(raw: Record<string, number>): { ipi: Derived; idleWake: Derived } {
  const same = raw['futex_handoff_same_cpu_ns'] ?? NaN;
  const busy = raw['futex_handoff_busy_cpu_ns'] ?? NaN;
  const idle = raw['futex_handoff_cross_cpu_ns'] ?? NaN;
  if (!(idle < busy)) {
    return {
      ipi: { value: busy - same, how: 'one-way futex hand-off to a thread on another CPU kept busy by a SCHED_IDLE spinner − the same on one CPU' },
      idleWake: { value: idle - busy, how: 'one-way futex hand-off to a thread whose CPU idles − the same to a CPU kept busy' },
    };
  }
  return {
    ipi: { value: idle - same, how: `one-way futex hand-off to a thread whose CPU idles − the same on one CPU (to a busy CPU it took ${((busy - same) / 1000).toFixed(1)} µs more than on one: more than to an idle one, as on a VM whose halted vCPU the host wakes by polling)` },
    idleWake: { value: 0, zero: true, how: 'an idle CPU took the wake-up no slower than a busy one on this host: 0, so that ipi + idleWake is the idle hand-off' },
  };
}

/**
 * remoteFork: the clone call unpinned − pinned, in the creator's own CPU time. The probe also
 * reports how many of those children went to the other CPU (clone_call_cross_fraction): the
 * unpinned call costs more even in runs where none did, so the difference is not divided by it.
 */
function remoteForkFrom(raw: Record<string, number>): Derived {
  const extra = (raw['clone_call_cross_ns'] ?? NaN) - (raw['clone_call_ns'] ?? NaN);
  const f = raw['clone_call_cross_fraction'];
  const where = f === undefined ? '' : ` (${(f * 100).toFixed(0)} % of its children started on the other CPU)`;
  return { value: extra, how: `the clone call alone, unpinned on 2 CPUs${where} − pinned, both in the creator's own CPU time` };
}

/**
 * cloneBase: the clone call alone in the creator's CPU time, pinned (less the system call's
 * entry and exit, charged as `syscall`); from probes before it, the raw clone loop split by
 * modern-x86's clone share.
 */
function cloneBaseFrom(raw: Record<string, number>, syscall: number, cloneExit: number, share: number): Derived {
  const call = (raw['clone_call_ns'] ?? NaN) - syscall;
  if (call > 0 && call < cloneExit) {
    return { value: call, how: 'the clone call alone in the creator\'s CPU time (pinned, CLOCK_THREAD_CPUTIME_ID less its own cost) − null syscall' };
  }
  return { value: cloneExit * share, how: `clone(CLONE_THREAD…)+exit+futex wait − 3 syscalls − 2 switches − 2 futex ops, × modern-x86's clone share ${share.toFixed(2)}` };
}

/**
 * wakePreempt from the pinned futex ping-pong: the waking thread's involuntary switches per round
 * trip there (wake_preempt_ratio; CFS/EEVDF's wake-up preemption, which depends on lag and
 * deadlines the lab does not keep) is matched by simulating the same loop (futex_pingpong.ts):
 * the fraction whose simulation preempts as often. Undefined when the probe did not measure it.
 */
export function wakePreemptFrom(raw: Record<string, number>, model: CostModel): { value: number; how: string } | undefined {
  const ratio = raw['wake_preempt_ratio'];
  if (ratio === undefined || !Number.isFinite(ratio)) return undefined;
  const measured = Math.min(Math.max(ratio, 0), 1);
  const fit = fitWakePreempt(model, measured);
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  return {
    value: fit.value,
    how: `the waking thread of the one-CPU futex ping-pong was preempted in ${pct(measured)} of round trips; the same loop simulated with this fraction is, in ${pct(fit.simulated)}`,
  };
}

/**
 * Placement (sched_select_rq.ts): not measured by the probe. Scenes built with affinity calls
 * changed what the kernel did (a probe pinning a spinner to the other CPU kept every child home
 * at any idle time; one re-pinning its wakee saw half the wake-ups move), so the host model
 * carries what perf sched traced on unpinned programs on the 2-vCPU Linux 6.18 guest threadlab
 * was calibrated on. Another host may differ: override them in a cost file.
 */
const TRACED_FORK_PACK = 45_000;
const TRACED_WAKE_IDLE_SCAN = 0;
function tracedPlacement(model: CostModel, derivation: Record<string, string>): void {
  model.forkPack = TRACED_FORK_PACK;
  derivation['forkPack'] = 'not measured: traced (perf sched, 2-vCPU Linux 6.18 guest) — a child stays on its creator\'s CPU if that CPU left idle less than ~45 µs before the placement';
  model.wakeIdleScan = TRACED_WAKE_IDLE_SCAN;
  derivation['wakeIdleScan'] = 'not measured: traced (perf sched, 2-vCPU Linux 6.18 guest) — a wakee whose last CPU is busy stayed there in 99.9 % of ~24,000 wake-ups with the other CPU idle';
}

/**
 * remoteStart: what the unpinned raw clone loop costs on this host beyond what the model, with
 * every other field measured, predicts for it on two CPUs (cloneBase and the creator's
 * remoteFork, both cross-CPU wake-ups and switches, the exit): the child's first run away from
 * its creator's CPU. Kept at
 * modern-x86's when not measured or not positive.
 */
function deriveRemoteStart(model: CostModel, raw: Record<string, number>, notMeasured: string[], derivation: Record<string, string>): void {
  const real = raw['clone_exit_wait_cross_ns'];
  if (real === undefined || !Number.isFinite(real)) return; // one CPU: stays in notMeasured
  // Predicted with every child placed across (forkPack 0): the real loop's children mostly were
  // (clone_call_cross_fraction, 77–96 % on the guest), though the window would keep them home.
  const predicted = simulateRawClone({ ...model, remoteStart: 0, forkPack: 0 }, 2);
  const v = real - predicted;
  if (v > 0) {
    model.remoteStart = roundNs(v);
    notMeasured.splice(notMeasured.indexOf('remoteStart'), 1);
    derivation['remoteStart'] = `raw clone+exit+futex wait, unpinned on 2 CPUs (${roundNs(real)} ns) − the model's prediction of the same loop without it (${roundNs(predicted)} ns)`;
  } else {
    derivation['remoteStart'] = `measured ${v.toFixed(1)} ns (unpinned raw clone loop ${roundNs(real)} ns against a prediction of ${roundNs(predicted)} ns) — not positive, modern-x86's value kept`;
  }
}

/**
 * kstackMiss: the batched raw clone loop, pinned (probe.c b_clone_batch: CLONE_BATCH clones,
 * then CLONE_BATCH waits), costs this host more per clone than the model predicts without the
 * cost; what is left, per kernel stack the simulated loop vmallocs or vfrees past the per-CPU
 * cache (fork_stack.ts), is the cost of one. The one-at-a-time loop that gave exitBase never
 * misses the cache, so the two do not overlap. 0 when not measured or not positive.
 */
function deriveKstackMiss(model: CostModel, raw: Record<string, number>, notMeasured: string[], derivation: Record<string, string>): void {
  const real = raw['clone_batch8_exit_wait_ns'];
  if (real === undefined || !Number.isFinite(real)) return; // an older probe: stays in notMeasured
  const sim = simulateRawCloneBatch({ ...model, kstackMiss: 0 });
  const v = (real - sim.ns) / sim.missesPerClone;
  const loop = `raw clone+exit+futex wait ${CLONE_BATCH} at a time, pinned (${roundNs(real)} ns per clone) − the model's prediction of the same loop without it (${roundNs(sim.ns)} ns), per cache miss (${sim.missesPerClone.toFixed(2)} per clone)`;
  if (v > 0 && Number.isFinite(v)) {
    model.kstackMiss = roundNs(v);
    notMeasured.splice(notMeasured.indexOf('kstackMiss'), 1);
    derivation['kstackMiss'] = loop;
  } else {
    model.kstackMiss = 0;
    derivation['kstackMiss'] = `measured ${Number.isFinite(v) ? v.toFixed(1) : 'nothing'} ns: ${loop} — not positive, 0 kept`;
  }
}

/**
 * The unpinned clone call's extra CPU time (remoteFork) holds a kernel-stack miss for every
 * child that started, and so died, on the other CPU: its stack went to that CPU's cache, and
 * the creator's ran dry. The model charges those misses as kstackMiss (fork_stack.ts), so
 * remoteFork keeps the rest: the placement, the remote enqueue and the IPI.
 */
function remoteForkLessStackMiss(model: CostModel, raw: Record<string, number>, derivation: Record<string, string>): void {
  const f = raw['clone_call_cross_fraction'];
  if (f === undefined || model.kstackMiss <= 0 || derivation['remoteFork']?.startsWith('not measured')) return;
  const less = model.remoteFork - f * model.kstackMiss;
  if (less <= 0) return;
  model.remoteFork = roundNs(less);
  derivation['remoteFork'] += ` − kstackMiss × that fraction (the creator's stack cache runs dry)`;
}

/** Round to what a measurement can claim: whole ns above 100, 2 decimals below. */
function roundNs(x: number): number {
  return x >= 100 ? Math.round(x) : Math.round(x * 100) / 100;
}

/** kernel/sched/fair.c: sysctl_sched_migration_cost = 500000UL (ns). */
const LINUX_MIGRATION_COST = 500_000;

/** Map raw probe figures onto a full `host` model; unusable or absent fields fall back. */
export function hostModelFromProbe(raw: Record<string, number>): { model: CostModel; notMeasured: string[]; derivation: Record<string, string> } {
  const model: CostModel = { ...PRESETS['modern-x86']!, name: 'host' };
  const notMeasured: string[] = [];
  const derivation: Record<string, string> = {};
  const derived = derive(raw);
  for (const field of Object.keys(model) as (keyof CostModel)[]) {
    if (field === 'name' || field === 'description' || field === 'glibc') continue;
    const d = derived[field];
    if (d && Number.isFinite(d.value) && (d.value > 0 || (d.zero === true && d.value === 0))) {
      (model[field] as number) = roundNs(d.value);
      derivation[field] = d.how;
    } else {
      notMeasured.push(field);
      derivation[field] = d ? `measured ${d.value.toFixed(1)} ns — unusable (host noise), modern-x86's value kept` : 'not measured: modern-x86';
    }
  }
  // Linux's default; the host's own value sits in debugfs (sched/migration_cost_ns), which an
  // unprivileged probe cannot read.
  model.migrationCost = LINUX_MIGRATION_COST;
  derivation['migrationCost'] = 'not measured: Linux ≥ 2.6.35\'s default sysctl_sched_migration_cost (500 µs), the avg_idle below which a newly idle CPU does not balance';
  model.fairQueue = 1;
  derivation['fairQueue'] = 'not measured: from source: Linux ≥ 2.6.23 orders SCHED_OTHER tasks by virtual runtime (CFS, EEVDF since 6.6): a new thread runs soon, ahead of the threads that keep running; traced on a 2-vCPU Linux 6.18 guest, the sweep at T=20, C=10: a child first runs a median of 7 creations after its birth (p90 20)';
  derivation['rwsemHandoff'] = 'not measured: Linux ≥ 5.3\'s RWSEM_WAIT_TIMEOUT (4 ms), how long mmap_lock\'s first waiter lets newcomers steal the lock past it';
  derivation['rwsemSpin'] = 'not measured: from source: Linux ≥ 3.16\'s rwsem_optimistic_spin, a writer spins on a running owner (or 10–25 µs on readers) before it sleeps for mmap_lock';
  derivation['tlbFlushNested'] = 'not measured: from source: Linux ≥ 4.15\'s tlb_finish_mmu forces a full flush when two zaps of one mm overlap (mm_tlb_flush_nested); traced on a 2-vCPU Linux 6.18 guest: remote flush IPIs after 23 % of the dead-thread madvise calls of two threads creating at once, none for one thread or two processes';
  tracedPlacement(model, derivation);
  // A lazy-TLB switch to a kernel thread cannot cost more than a thread switch.
  model.ctxSwitchKthread = Math.min(model.ctxSwitchKthread, model.ctxSwitch);
  // The rest simulate the probe's loops under the model as derived so far, in this order: the
  // one-CPU ping-pong's preemption, then the one-CPU batched clone loop (which wakes and
  // preempts), then the two-CPU clone loop (whose stacks miss the cache on both CPUs).
  const wp = wakePreemptFrom(raw, model);
  if (wp !== undefined) {
    model.wakePreempt = wp.value;
    derivation['wakePreempt'] = wp.how;
    notMeasured.splice(notMeasured.indexOf('wakePreempt'), 1);
  }
  deriveKstackMiss(model, raw, notMeasured, derivation);
  remoteForkLessStackMiss(model, raw, derivation);
  deriveRemoteStart(model, raw, notMeasured, derivation);
  return { model, notMeasured, derivation };
}

/** The era NPTL runs in with this host's model: 2.36 from glibc 2.34 on (nptl_2_36.ts), else 2.3. */
export function glibcEra(raw: Record<string, number>): '2.3' | '2.36' | undefined {
  const major = raw['glibc_major'], minor = raw['glibc_minor'];
  if (major === undefined || minor === undefined) return undefined;
  return major > 2 || (major === 2 && minor >= 34) ? '2.36' : '2.3';
}

/** Measure this host and write reports/host-costs.json (or opts.out) atomically. */
export async function calibrate(opts: CalibrateOptions): Promise<{ preset: CostModel; path: string; raw: Record<string, number>; summary: ProbeSummary }> {
  const summary = await runProbe(opts);
  const raw = summary.median;
  const { model, notMeasured, derivation } = hostModelFromProbe(raw);
  const era = glibcEra(raw);
  if (era !== undefined) model.glibc = era;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString();
  model.description = `this host (${cpu}, ${cpus().length} CPUs, Linux ${release()}), measured ${date.slice(0, 10)}`;
  const path = resolve(opts.cwd, opts.out ?? HOST_COSTS_FILE);
  const spread = Object.fromEntries(Object.keys(raw).map((k) => [k, [summary.min[k], summary.max[k]]]));
  const glibc = era === undefined ? null : `${raw['glibc_major']}.${raw['glibc_minor']}`;
  const meta = {
    date, kernel: release(), cpu, cpus: cpus().length, quick: raw['quick'] === 1, runs: summary.runs, glibc,
    notMeasured, derivation, raw, spread,
  };
  writeAtomically(path, JSON.stringify({ ...model, _meta: meta }, null, 2) + '\n');
  const preset = loadCostModel(path, opts.cwd); // what every later run will read back
  opts.log?.(`calibrate: wrote ${path}`);
  return { preset, path, raw, summary };
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The figures saved by the last calibrate: medians, and their spreads when it kept them. */
export function readHostRaw(cwd: string): { raw: Record<string, number>; spread: Record<string, [number, number]>; runs: number } | undefined {
  const path = resolve(cwd, HOST_COSTS_FILE);
  if (!existsSync(path)) return undefined;
  const meta = (JSON.parse(readFileSync(path, 'utf8')) as { _meta?: { raw?: Record<string, number>; spread?: Record<string, [number, number]>; runs?: number } })._meta;
  if (meta?.raw === undefined) return undefined;
  return { raw: meta.raw, spread: meta.spread ?? {}, runs: meta.runs ?? 1 };
}
