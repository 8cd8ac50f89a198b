/**
 * deadlock.ts — explain a run that stopped because no thread could ever run again: each
 * thread, what it waits on, and the owner chains ("thread 2 waits for mutex#1 held by thread 3,
 * which waits for mutex#0 held by thread 2 — a cycle"), like gdb's "info threads" plus a
 * lock-dependency walk.
 *
 * Two views meet here. The kernel's: every task of the program, its state, the system call it
 * sleeps in (procService below builds it, as a debugger's proc service would). The library's:
 * its libthread_db (LibraryInstance.debugThreads, libs/thread_db.ts) maps those tasks to
 * pthread_t's and says which mutex, condition variable or thread each one waits for and who
 * owns each mutex. A library without a debugging view gets the kernel's view alone.
 *
 * Chains follow "waits for" edges — a mutex to its owner, a join to the joined thread, a
 * LinuxThreads request to the manager — until they reach a thread that waits for nothing a
 * thread holds (a condition variable, a signal, I/O: listed under "no owner") or come back to a
 * thread already on the path (a cycle, printed once, from its first thread in list order).
 * Output is deterministic: threads in process and library order, chains in that order too.
 */

import { type Kernel, type Task, stateLetter, syscallName, pendingWork } from '../kernel/index.js';
import type { LibraryInstance, ProcService, LwpInfo, ThreadDebug } from '../libs/index.js';
import { formatNs } from './commands/format.js';
import { waitPhrase, edgePhrase, ownerlessPhrase, threadLabel } from './deadlock_text.js';

/** One thread in the report: the library's view plus the words for it and its LWP's call. */
export interface DeadlockThread extends ThreadDebug {
  /** What it is doing, as a verb phrase ("waits for mutex#1, held by thread 3"). */
  waits: string;
  /** The system call its LWP sleeps in (the kernel's view), or null. */
  call: string | null;
}

export interface DeadlockChain {
  /** True if the chain comes back to its first thread. */
  cycle: boolean;
  /** The threads along it (as the library prints them) and the objects between them. */
  threads: string[];
  objects: string[];
  text: string;
}

/** How the run was found stuck (see runner.ts and deadlock_watch.ts). */
export interface DeadlockContext {
  /** 'no-events': the event queue ran dry; 'helpers-only': only library helpers kept polling. */
  rule: 'no-events' | 'helpers-only';
  detectedAt: number;
  /** When every program thread was first seen blocked for good (helpers-only), else null. */
  quietSince: number | null;
}

export interface DeadlockInfo extends DeadlockContext {
  threads: DeadlockThread[];
  chains: DeadlockChain[];
  /** Blocked threads whose wait no thread holds (condition variables, semaphores, signals). */
  ownerless: string[];
  text: string;
}

/** The report for a deadlocked run. `inst` supplies the library's view (if it has one). */
export function analyzeDeadlock(k: Kernel, firstUserPid: number, inst: LibraryInstance | null, ctx: DeadlockContext): DeadlockInfo {
  const ps = procService(k, firstUserPid);
  const lwps = ps.lwps();
  const calls = new Map(lwps.map((l) => [l.tid, l.call]));
  const debug = inst?.debugThreads ? inst.debugThreads(ps) : kernelThreads(lwps);
  const threads: DeadlockThread[] = debug.map((d) => {
    const call = d.lwp !== 0 ? calls.get(d.lwp) ?? null : null;
    return { ...d, call, waits: waitPhrase(d, call) };
  });
  const { chains, ownerless } = buildChains(threads);
  const info: DeadlockInfo = { ...ctx, threads, chains, ownerless, text: '' };
  info.text = formatDeadlock(k, firstUserPid, info);
  return info;
}

/** The text alone (kernel view only when no library instance is given). */
export function describeDeadlock(k: Kernel, firstUserPid: number, inst: LibraryInstance | null = null): string {
  return analyzeDeadlock(k, firstUserPid, inst, { rule: 'no-events', detectedAt: k.now, quietSince: null }).text;
}

// ---------------------------------------------------------------------------------------
// The kernel's side: a proc service over the program's tasks

/** ps_prochandle for the library's thread_db: the program's tasks and their memory. */
export function procService(k: Kernel, firstUserPid: number): ProcService {
  const pending = pendingWork(k);
  const tasks = [...k.tasks.values()].filter((t) => t.pid >= firstUserPid && !t.isKthread).sort((a, b) => a.pid - b.pid);
  const lwps: LwpInfo[] = tasks.map((t) => ({
    tid: t.pid, tgid: t.tgid, tls: t.tls, state: lwpState(t), call: callOf(k, t), timed: pending.timeouts.has(t),
  }));
  return { lwps: () => lwps, readWord: (tid, addr) => readWord(k, tid, addr) };
}

function lwpState(t: Task): LwpInfo['state'] {
  if (t.exitState !== 0) return 'zombie';
  if (t.onCpu) return 'running';
  const s = stateLetter(t);
  return s === 'R' ? 'ready' : s === 'T' ? 'stopped' : 'blocked';
}

/** ps_pdread: through the task's mm, or any live thread's of its group (a zombie has none). */
function readWord(k: Kernel, tid: number, addr: number): number {
  const t = k.findTask(tid);
  if (t === undefined) return 0;
  const mm = t.mm ?? t.signal?.threads.find((x) => x.mm !== null)?.mm ?? null;
  return mm === null ? 0 : mm.read(addr);
}

/** The system call a task sleeps in, with the argument that says on what ("read(fd 3)"). */
export function callOf(k: Kernel, t: Task): string | null {
  if (t.exitState !== 0 || t.sysNr < 0) return null;
  const name = syscallName(k, t.sysNr);
  const a = t.sa;
  let call: string;
  switch (name) {
    case 'read': case 'write': call = `${name}(fd ${a})`; break;
    case 'futex': call = `futex(0x${(Number(a) >>> 0).toString(16)})`; break;
    case 'wait4': call = `wait4(${a})`; break;
    case 'poll': call = `poll(${Array.isArray(a) ? a.map((p: { fd: number }) => `fd ${p.fd}`).join(', ') : ''})`; break;
    default: call = `${name}()`;
  }
  const q = t.waitq?.name;
  return q && q !== name ? `${call} on ${q}` : call;
}

/** Without a library view: one "thread" per task, named by its LWP. */
function kernelThreads(lwps: LwpInfo[]): ThreadDebug[] {
  const out: ThreadDebug[] = [];
  for (const l of lwps) {
    if (l.state === 'zombie') continue;
    out.push({ pid: l.tgid, thread: l.tid, name: `LWP ${l.tid}`, main: l.tid === l.tgid, lwp: l.tid, state: l.state, wait: null });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Owner chains

const key = (pid: number, thread: number) => `${pid}:${thread}`;

/** The thread `d` waits for, if its wait has a holder and `d` is stuck. */
function holderOf(d: DeadlockThread, byKey: Map<string, DeadlockThread>): DeadlockThread | null {
  const w = d.wait;
  if (w === null || w.holder === null || d.state === 'running' || d.state === 'exited') return null;
  return byKey.get(key(d.pid, w.holder)) ?? null;
}

/** Cycles (each once), chains from the threads nobody waits for, and waits with no owner. */
function buildChains(threads: DeadlockThread[]): { chains: DeadlockChain[]; ownerless: string[] } {
  const byKey = new Map(threads.map((d) => [key(d.pid, d.thread), d]));
  const next = new Map<DeadlockThread, DeadlockThread | null>(threads.map((d) => [d, holderOf(d, byKey)]));
  const onCycle = new Set<DeadlockThread>();
  const chains: DeadlockChain[] = [];
  for (const d of threads) {
    const path: DeadlockThread[] = [];
    let x: DeadlockThread | null = d;
    while (x !== null && !path.includes(x) && !onCycle.has(x)) { path.push(x); x = next.get(x) ?? null; }
    if (x === null || onCycle.has(x)) continue;
    const cyc = path.slice(path.indexOf(x));
    cyc.forEach((c) => onCycle.add(c));
    chains.push(chainOf(cyc, next, true));
  }
  const pointedAt = new Set([...next.values()].filter((x): x is DeadlockThread => x !== null));
  for (const d of threads) {
    if (onCycle.has(d) || pointedAt.has(d) || d.wait === null || (d.wait.holder === null && !d.wait.holderName)) continue;
    if (d.state !== 'blocked' && d.state !== 'ready') continue;
    const path: DeadlockThread[] = [d];
    for (let x = next.get(d) ?? null; x !== null && !onCycle.has(x) && !path.includes(x) && next.get(x); x = next.get(x)!) path.push(x);
    chains.push(chainOf(path, next, false, onCycle));
  }
  const ownerless = threads.filter((d) => d.state === 'blocked' && !d.helper && next.get(d) === null && !d.wait?.holderName)
    .map((d) => ownerlessPhrase(d));
  return { chains, ownerless };
}

/** The words for one chain: each hop, then the cycle or how it ends. */
function chainOf(path: DeadlockThread[], next: Map<DeadlockThread, DeadlockThread | null>, cycle: boolean, onCycle?: Set<DeadlockThread>): DeadlockChain {
  const hops = path.map((d, i) => (i === 0 ? `${threadLabel(d)} ` : 'which ') + edgePhrase(d));
  const last = path[path.length - 1];
  const after = next.get(last) ?? null;
  let end = '';
  if (cycle) end = ' — a cycle';
  else if (after !== null && onCycle?.has(after)) end = ', which is in the cycle above';
  else if (after !== null) end = `, which ${after.waits}`;
  else if (last.wait?.holder != null) end = ', which has exited';
  return {
    cycle,
    threads: path.map((d) => d.name),
    objects: path.map((d) => d.wait?.object ?? ''),
    text: hops.join(', ') + end,
  };
}

// ---------------------------------------------------------------------------------------
// The text

function formatDeadlock(k: Kernel, firstUserPid: number, info: DeadlockInfo): string {
  const lines: string[] = [];
  if (info.rule === 'helpers-only') {
    lines.push(`deadlock: no program thread can run, and no timer or I/O could wake one: every thread was found blocked at `
      + `${formatNs(info.quietSince ?? info.detectedAt)} and stayed so while the library's helper tasks (which poll on a timer) `
      + `woke twice and slept again without waking anyone (detected at ${formatNs(info.detectedAt)})`);
  } else {
    lines.push('deadlock: no thread can run and no timer or I/O is pending');
  }
  let pid = -1;
  for (const d of info.threads) {
    if (d.pid !== pid) { pid = d.pid; lines.push(`process ${pid}:`); }
    lines.push(`  ${threadLabel(d, true)}: ${d.waits}`);
  }
  if (info.chains.length) lines.push('owner chains:', ...info.chains.map((c) => `  ${c.text}`));
  if (info.ownerless.length) lines.push('waits that no thread can end:', ...info.ownerless.map((s) => `  ${s}`));
  lines.push('kernel view:', ...kernelView(k, firstUserPid));
  return lines.join('\n');
}

/** Each task of the program: state, system call and wait queue (the kernel's own words). */
function kernelView(k: Kernel, firstUserPid: number): string[] {
  const lines: string[] = [];
  for (const t of k.tasks.values()) {
    if (t.pid < firstUserPid || t.isKthread) continue;
    if (t.exitState !== 0) { lines.push(`  task ${t.pid} (${t.comm}) zombie`); continue; }
    const call = t.sysNr >= 0 ? syscallName(k, t.sysNr) : 'user mode';
    const on = t.waitq ? ` on ${t.waitq.name}` : '';
    lines.push(`  task ${t.pid} (${t.comm}, tgid ${t.tgid}) state ${stateLetter(t)} in ${call}${on}`);
  }
  return lines;
}

