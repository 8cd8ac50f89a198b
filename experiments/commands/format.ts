/**
 * format.ts — how `run` and `compare` show a result: times, counters, the text report, and
 * the JSON object (everything of RunResult but the kernel and the raw events).
 */

import { describeCosts, type CostModel } from '../../kernel/index.js';
import type { RunResult, ScheduleReport } from '../runner.js';

/** ns → "950 ns", "106.9 µs", "12.28 ms", "5.004 s". */
export function formatNs(ns: number): string {
  const p = (x: number) => String(Number(x.toPrecision(4)));
  if (ns >= 1e9) return `${p(ns / 1e9)} s`;
  if (ns >= 1e6) return `${p(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${p(ns / 1e3)} µs`;
  return `${p(ns)} ns`;
}

/** "27 — write 5, clone 4, ..." (most frequent first, ties by name). */
export function formatSyscalls(calls: Record<string, number>, total: number): string {
  const parts = Object.entries(calls).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n, c]) => `${n} ${c}`);
  return parts.length ? `${total} — ${parts.join(', ')}` : '0';
}

/** The thread-fatal message the kernel logged when a program threw, a C program trapped or made an undefined longjmp (clib setjmp.ts), if any. */
export function fatalMessages(dmesg: string[]): string[] {
  return dmesg.filter((l) => /uncaught exception|: (segfault|arithmetic fault|illegal instruction|fault) in C |: longjmp to a jmp_buf /.test(l))
    .map((l) => l.replace(/^\[[^\]]*\]\s*/, ''));
}

export interface RunMeta {
  file: string;
  costModel: CostModel;
  trace?: string;
  /** --html: the timeline page written. */
  html?: string;
  modules: string[];
  /** --ps-at, in virtual ns, if given. */
  psAt?: number;
}

/** The human report printed after the program's own output. */
export function formatRunReport(r: RunResult, m: RunMeta): string {
  const lines: string[] = [];
  const cpus = `${r.cpus} CPU${r.cpus > 1 ? 's' : ''}`;
  const sched = r.schedule ? ` · schedule seed ${r.schedule.seed}` : '';
  lines.push(`──── threadlab run ${m.file} · ${r.lib}${r.variant ? ` (${r.variant})` : ''} · ${r.costs} · seed ${r.seed}${sched} · ${cpus}`);
  lines.push(`status         ${r.statusText} (exit code ${r.exitCode})`);
  for (const f of fatalMessages(r.dmesg)) lines.push(`fatal          ${f}`);
  if (r.deadlock) lines.push(...r.deadlock.split('\n').map((l) => `               ${l}`));
  if (r.outcome === 'time-limit') lines.push(`               (stopped at the time limit; raise it with --time-limit)`);
  lines.push(`virtual time   ${formatNs(r.virtualNs)}`);
  lines.push(`system calls   ${formatSyscalls(r.syscalls, r.syscallTotal)}`);
  lines.push(`switches       ${r.voluntarySwitches} voluntary, ${r.involuntarySwitches} involuntary (the program's tasks); ${r.contextSwitches} on all CPUs`);
  lines.push(`tasks          ${r.tasksCreated} created; at most ${r.peakTasks} alive at once`);
  lines.push(`cost model     ${describeCosts(m.costModel)}`);
  lines.push(`seed           ${r.seed}`);
  if (r.schedule) lines.push(`schedule       ${describeSchedule(r.schedule)}`);
  if (m.modules.length) lines.push(`modules        ${m.modules.join(', ')}`);
  if (m.trace) lines.push(`trace          ${m.trace} (open it in ui.perfetto.dev)`);
  if (m.html) lines.push(`timeline       ${m.html} (open it in a browser)`);
  if (r.dmesg.length) lines.push('kernel log (dmesg):', ...r.dmesg.map((l) => `  ${l}`));
  if (r.psAt) lines.push('ps -eLf at the requested time:', r.psAt);
  else if (m.psAt !== undefined) lines.push(`ps -eLf at ${formatNs(m.psAt)}: not taken, the run ended at ${formatNs(r.virtualNs)}`);
  lines.push(`ps -eLf when the program had the most tasks (${r.peakTasks}):`, r.ps);
  return lines.join('\n') + '\n';
}

/** One line on a perturbed schedule: its seed, depth, k, and what the perturbation did. */
export function describeSchedule(s: ScheduleReport): string {
  const n = (x: number, what: string) => `${x} ${what}${x === 1 ? '' : 's'}`;
  return `perturbed (seed ${s.seed}, depth ${s.depth}, change points drawn from ${s.expectedSteps} steps); ` +
    `${s.steps} steps taken, ${n(s.changes, 'change point')} hit, ${n(s.stalls, 'stall')}, ${n(s.preemptions, 'priority preemption')}`;
}

/** The deadlock report as data: threads (what each waits for, who holds it) and owner chains. */
function deadlockJson(r: RunResult): Record<string, unknown> | null {
  const d = r.deadlockInfo;
  if (d === null) return null;
  return {
    rule: d.rule, detectedAt: d.detectedAt, quietSince: d.quietSince,
    threads: d.threads.map((t) => ({
      pid: t.pid, thread: t.thread, name: t.name, main: t.main, lwp: t.lwp, state: t.state,
      helper: t.helper ?? null, wait: t.wait, waits: t.waits, call: t.call,
    })),
    chains: d.chains, ownerless: d.ownerless,
  };
}

/** One machine-readable object for --json. */
export function runJson(r: RunResult, m: RunMeta): Record<string, unknown> {
  return {
    program: m.file, lib: r.lib, ...(r.variant ? { libVariant: r.variant } : {}), name: r.name,
    costs: { name: m.costModel.name, description: m.costModel.description }, seed: r.seed, cpus: r.cpus,
    stdout: r.stdout, streams: r.streams, status: r.status, statusText: r.statusText, exitCode: r.exitCode, outcome: r.outcome,
    fatal: fatalMessages(r.dmesg), deadlock: r.deadlock, deadlockInfo: deadlockJson(r), virtualNs: r.virtualNs,
    syscalls: r.syscalls, syscallTotal: r.syscallTotal, voluntarySwitches: r.voluntarySwitches,
    involuntarySwitches: r.involuntarySwitches, contextSwitches: r.contextSwitches,
    tasksCreated: r.tasksCreated, peakTasks: r.peakTasks, ps: r.psRows, psText: r.ps, psAt: r.psAt,
    dmesg: r.dmesg, modules: m.modules, trace: m.trace ?? null, engineSteps: r.engineSteps,
    // Only perturbed runs carry the key, so an ordinary run's JSON is what it always was.
    ...(r.schedule ? { schedule: r.schedule } : {}),
  };
}
