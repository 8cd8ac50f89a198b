/**
 * calibrate.ts — `threadlab calibrate`: measure this host and write the `host` cost model.
 *
 * Builds probe.c (next to this file in the source tree; tsc does not copy it to dist/, so it is
 * also looked up under the package root) with the first C compiler found, runs it, and maps its
 * raw figures onto a full CostModel named `host` the way lmbench isolates a primitive: subtract
 * the overhead measured on its own (a thread switch is the pipe ping-pong per switch minus one
 * pipe write+read, ...). Fields the probe cannot isolate come from modern-x86 and are listed in
 * `_meta.notMeasured`; the composites (pthread_create+join, condvar ping-pong, the NPTL create
 * sweep) are kept in `_meta.raw` for validation and are never calibration inputs. The file is
 * written atomically (temp file + rename) to reports/host-costs.json.
 *
 * Simplifies: one probe run; host noise (other load, a VM's exits) goes into the numbers as it
 * is — the median of runs damps it, nothing more.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HOST_COSTS_FILE, PRESETS, loadCostModel } from '../../kernel/index.js';
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

/** Compile probe.c into a temp dir, run it, return its JSON (all values finite numbers). */
export async function runProbe(opts: ProbeOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const cc = opts.cc ?? findCompiler();
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
    const args = [...(quick ? ['--quick'] : []), ...(opts.compositesOnly ? ['--composites'] : [])];
    const secs = opts.compositesOnly ? (quick ? '≈1 s' : '≈3 s') : (quick ? '≈5 s' : '≈15 s');
    log(`calibrate: running probe (${[quick ? 'quick' : '', opts.compositesOnly ? 'composites only' : '', secs].filter(Boolean).join(', ')})`);
    const { stdout } = await run(exe, args, { timeout: 300_000, maxBuffer: 1 << 20 });
    return parseProbeOutput(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
type Derived = { value: number; how: string };

/** Raw probe figures → CostModel fields. Each entry says how; all in ns. */
function derive(raw: Record<string, number>): Partial<Record<keyof CostModel, Derived>> {
  const m = PRESETS['modern-x86']!;
  const r = (k: string) => raw[k] ?? NaN;
  const syscall = r('null_syscall_ns');
  const futexHash = r('futex_wake_nowaiter_ns') - syscall;
  const ctxSwitch = r('thread_switch_ns') - r('pipe_overhead_ns');
  const cloneExit = r('clone_exit_wait_ns') - 3 * syscall - 2 * ctxSwitch - 2 * futexHash;
  const cloneShare = m.cloneBase / (m.cloneBase + m.exitBase);
  const signal = r('signal_self_ns') - syscall;
  const sigShare = m.signalDeliver / (m.signalDeliver + m.sigreturn);
  return {
    syscall: { value: syscall, how: 'syscall(SYS_getpid)' },
    futexHash: { value: futexHash, how: 'FUTEX_WAKE with no waiter − null syscall' },
    ctxSwitch: { value: ctxSwitch, how: 'thread pipe ping-pong per switch (one CPU) − one pipe write+read' },
    ctxSwitchMm: { value: r('process_switch_ns') - r('pipe_overhead_ns'), how: 'process pipe ping-pong per switch (one CPU) − one pipe write+read' },
    userSwitch: { value: r('swapcontext_ns') - syscall, how: 'swapcontext − its rt_sigprocmask syscall' },
    cloneBase: { value: cloneExit * cloneShare, how: `clone(CLONE_THREAD…)+exit+futex wait − 3 syscalls − 2 switches − 2 futex ops, × modern-x86's clone share ${cloneShare.toFixed(2)}` },
    exitBase: { value: cloneExit * (1 - cloneShare), how: 'the rest of the same clone+exit figure' },
    forkPerPage: { value: r('fork_per_page_ns'), how: 'slope of fork+exit+wait between 16 and 64 MiB resident (includes the child unmapping them)' },
    cowFault: { value: r('cow_fault_ns'), how: 'child writes one byte to each page of a 4 MiB region shared copy-on-write' },
    mmapStack: { value: r('mmap_8m_ns'), how: 'mmap of an 8 MiB MAP_STACK region' },
    munmapStack: { value: r('munmap_8m_ns'), how: 'munmap of it with its top page touched' },
    signalDeliver: { value: signal * sigShare, how: `kill(self)+handler − null syscall, × modern-x86's delivery share ${sigShare.toFixed(2)}` },
    sigreturn: { value: signal * (1 - sigShare), how: 'the rest of the same signal figure' },
    pipeCopyPerByte: { value: r('pipe_copy_per_byte_ns'), how: '(32 KiB write+read − 1-byte write+read) / 32768' },
    atomicOp: { value: r('lock_cmpxchg_ns'), how: 'uncontended lock cmpxchg in a loop' },
    // The futex wake-to-wakeup hand-off is a calibration primitive (issue 8); what crossing
    // CPUs adds to it is the wake-up IPI and the remote CPU leaving idle: the model's `ipi`.
    ipi: { value: r('futex_handoff_cross_cpu_ns') - r('futex_handoff_same_cpu_ns'), how: 'one-way futex hand-off between threads on two CPUs − the same on one CPU' },
    pageSize: { value: r('page_size'), how: 'sysconf(_SC_PAGESIZE)' },
  };
}

/** Round to what a measurement can claim: whole ns above 100, 2 decimals below. */
function roundNs(x: number): number {
  return x >= 100 ? Math.round(x) : Math.round(x * 100) / 100;
}

/** Map raw probe figures onto a full `host` model; unusable or absent fields fall back. */
export function hostModelFromProbe(raw: Record<string, number>): { model: CostModel; notMeasured: string[]; derivation: Record<string, string> } {
  const model: CostModel = { ...PRESETS['modern-x86']!, name: 'host' };
  const notMeasured: string[] = [];
  const derivation: Record<string, string> = {};
  const derived = derive(raw);
  for (const field of Object.keys(model) as (keyof CostModel)[]) {
    if (field === 'name' || field === 'description') continue;
    const d = derived[field];
    if (d && Number.isFinite(d.value) && d.value > 0) {
      (model[field] as number) = roundNs(d.value);
      derivation[field] = d.how;
    } else {
      notMeasured.push(field);
      derivation[field] = d ? `measured ${d.value.toFixed(1)} ns — unusable (host noise), modern-x86's value kept` : 'not measured: modern-x86';
    }
  }
  // A lazy-TLB switch to a kernel thread cannot cost more than a thread switch.
  model.ctxSwitchKthread = Math.min(model.ctxSwitchKthread, model.ctxSwitch);
  return { model, notMeasured, derivation };
}

/** Measure this host and write reports/host-costs.json (or opts.out) atomically. */
export async function calibrate(opts: CalibrateOptions): Promise<{ preset: CostModel; path: string; raw: Record<string, number> }> {
  const raw = await runProbe(opts);
  const { model, notMeasured, derivation } = hostModelFromProbe(raw);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString();
  model.description = `this host (${cpu}, ${cpus().length} CPUs, Linux ${release()}), measured ${date.slice(0, 10)}`;
  const path = resolve(opts.cwd, opts.out ?? HOST_COSTS_FILE);
  const meta = { date, kernel: release(), cpu, cpus: cpus().length, quick: raw['quick'] === 1, notMeasured, derivation, raw };
  writeAtomically(path, JSON.stringify({ ...model, _meta: meta }, null, 2) + '\n');
  const preset = loadCostModel(path, opts.cwd); // what every later run will read back
  opts.log?.(`calibrate: wrote ${path}`);
  return { preset, path, raw };
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The raw figures saved by the last calibrate (for `validate`), or undefined. */
export function readHostRaw(cwd: string): Record<string, number> | undefined {
  const path = resolve(cwd, HOST_COSTS_FILE);
  if (!existsSync(path)) return undefined;
  const meta = (JSON.parse(readFileSync(path, 'utf8')) as { _meta?: { raw?: Record<string, number> } })._meta;
  return meta?.raw;
}
