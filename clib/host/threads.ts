/**
 * threads.ts — pthread_create/join/exit/self/detach/yield from C, on the chosen library.
 *
 * Models: a C thread is a thread the library creates with `cThreadStart` as its start
 * routine; that routine enters C through the runtime's __lab_thread_entry (which calls the
 * user's start routine, then runs the thread-specific-data destructors) with the thread's own
 * C stack and Asyncify buffer (the block pthread_create malloc'ed: lab.h's layout). The value
 * the C start routine returns is the library thread's return value, so pthread_join hands it
 * back unchanged. pthread_self is the library's own thread id, cached when the thread starts.
 *
 * Mirrors glibc's rule that pthread_create stores the new id before the thread can look at it:
 * if the new thread runs before its creator's pthread_create returns, it stores the id itself.
 */

import type { Libc, Sim, PthreadAttr, pthread_t } from '../../libs/api.js';
import { PTHREAD_CANCELED } from '../../libs/api.js';
import { Activation, runActivation, suspend, current } from './activation.js';
import type { CProcess, CThread } from './process.js';
import { NESTED_ASYNC_BUF } from './abi.js';
import { runEarlySignals } from './signals.js';
import { LabTrap } from './traps.js';
import { loadCpuSet } from './affinity.js';

interface StartInfo {
  p: CProcess;
  fn: number;
  arg: number;
  block: number;
  size: number;
  /** Where the creator wants the id (0: nowhere). */
  out: number;
  /** The creator's pthread_create has returned (it stores the id itself). */
  returned: boolean;
  /** The program's own stack (pthread_attr_setstack): [lo, hi), else null. */
  stack: { lo: number; hi: number } | null;
  /** Created detached (the attribute's detach state). */
  detached: boolean;
  /** Its CThread, built by whichever comes first: its start or its creator's return. */
  th?: CThread;
}

/** The thread's CThread (its stack as the runtime lays it out), built once. */
function cThreadOf(info: StartInfo, self: pthread_t): CThread {
  if (info.th !== undefined) return info.th;
  const p = info.p, st = info.stack;
  const th = st === null ? p.threadFromBlock(self, info.block, info.size) : p.threadOnStack(self, info.block, info.size, st.lo, st.hi);
  th.detached = info.detached;
  return (info.th = th);
}

/**
 * pthread_attr_t's words (lab.h ATTR_*): stacksize, detached, scope (0: unset, else the scope
 * + 1), the scheduling words, and the affinity set's address and size (words 6 and 7). What is unset is
 * left to the library's default.
 */
function readAttr(p: CProcess, a: number): PthreadAttr | undefined {
  if (a === 0) return undefined;
  const attr: PthreadAttr = {};
  const size = p.loadU32(a);
  if (size > 0) attr.stacksize = size;
  if ((p.load32(a + 4) & 1) !== 0) attr.detached = true; // the guard size above bit 0 (lab.h)
  const scope = p.load32(a + 8);
  if (scope !== 0) attr.scope = scope === 2 ? 'process' : 'system';
  // The scheduling words (ATTR_PRIORITY 3, ATTR_INHERIT 4, ATTR_POLICY 5): an explicit
  // attribute's policy and (when one was set) priority; a policy alone still reaches a library
  // that checks it whatever the inherit flag (LinuxThreads' EPERM).
  const prio = p.load32(a + 12), inherit = p.load32(a + 16), policy = p.load32(a + 20);
  if (inherit === 1) attr.inheritsched = 1;
  if (policy !== 0 || inherit === 1) attr.schedpolicy = policy;
  if (prio !== 0) attr.schedparam = { sched_priority: prio };
  const cpuset = p.loadU32(a + 24); // pthread_attr_setaffinity_np's copy (lab.h ATTR_CPUSET, ATTR_CPUSETSIZE)
  if (cpuset !== 0) attr.affinity = loadCpuSet(p, cpuset, p.loadU32(a + 28));
  return attr;
}

/** Default stack size when only pthread_attr_setstackaddr gave a stack: glibc's 8 MiB. */
const DEFAULT_STACKSIZE = 8 * 1024 * 1024;

/**
 * The stack the attribute gives (lab.h ATTR_STACKADDR, word 8: its top, as glibc stores it;
 * pthread_attr_stack.c), or null when the library allocates one.
 */
function userStack(p: CProcess, a: number): { lo: number; hi: number } | null {
  if (a === 0) return null;
  const hi = p.loadU32(a + 32);
  if (hi === 0) return null;
  const size = p.loadU32(a) || DEFAULT_STACKSIZE;
  return { lo: Math.max(0, hi - size), hi };
}

/** The library thread's start routine for a C thread (its generator is the driver's). */
function cThreadStart(libc: Libc, info: StartInfo): Sim<number> {
  const p = info.p;
  return runActivation(p, function* () {
    const self = yield* libc.pthread_self();
    if (!info.returned && info.out !== 0) p.store32(info.out, self);
    const th = cThreadOf(info, self);
    p.threadStarted(th);
    yield* runEarlySignals(th);
    const act = new Activation(th, '__lab_thread_entry', [info.fn, info.arg, p.shape(info.fn)], th.buf, th.bufEnd, th.stackTop);
    act.done = (r) => { p.threadGone(th); return r >>> 0; };
    return act;
  });
}

function* opCreate(p: CProcess, a: Activation): Sim<number> {
  const attr = readAttr(p, a.a1);
  const info: StartInfo = { p, out: a.a0, fn: a.a2, arg: a.a3, block: a.a4, size: a.a5, returned: false, stack: userStack(p, a.a1), detached: attr?.detached === true };
  const t = yield* p.libc.pthread_create(cThreadStart, info, attr);
  info.returned = true;
  if (t < 0) return -t;
  if (info.th === undefined) p.unstarted.set(t, cThreadOf(info, t)); // not running yet: getattr_np and detach see it
  if (a.a0 !== 0) p.store32(a.a0, t);
  return 0;
}

/** A joined value as a C pointer (PTHREAD_CANCELED is (void *)-1). */
export function asPointer(v: unknown): number {
  if (v === PTHREAD_CANCELED) return -1;
  return typeof v === 'number' ? v | 0 : 0;
}

function* opJoin(p: CProcess, a: Activation): Sim<number> {
  const ref = { value: undefined as unknown };
  const r = yield* p.libc.pthread_join(a.a0 >>> 0, ref);
  if (r === 0 && a.a1 !== 0) p.store32(a.a1, asPointer(ref.value));
  return r;
}

/** The runtime's own cleanup record (cancel.c __lab_thread_end) counts the thread out. */
function* opExit(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.pthread_exit(a.a0 >>> 0);
}

function* opDetach(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.pthread_detach(a.a0 >>> 0);
  if (r !== 0) return r;
  for (const th of p.run.threads.get(a.a0 >>> 0) ?? []) if (th.proc === p) th.detached = true;
  const early = p.unstarted.get(a.a0 >>> 0);
  if (early !== undefined) early.detached = true;
  return r;
}

function* opYield(p: CProcess): Sim<number> {
  yield* p.libc.pthread_yield();
  return 0;
}

/**
 * Run export `entry` on thread `th` as a new activation on top of whatever the thread is
 * suspended in (signal handlers, pthread_once routines): its stack starts below the thread's
 * saved stack pointer, after `scratch` bytes (a siginfo_t,
 * filled by `prepare`) — and after room for its Asyncify buffer when the thread's block has
 * none left for it (abi.ts NEST_BUF). `args(scratchAddress)` gives the export's arguments. `stack` may name
 * another place for its C stack to start (an alternate signal stack: the buffer and scratch
 * stay on the thread's own stack, so a small alternate stack holds only C frames).
 */
export function* runNested(
  p: CProcess, th: CThread, entry: string, args: (scratch: number) => number[], scratch = 0,
  prepare?: (scratch: number) => void, stack: number | null = null, setup?: (act: Activation) => void,
): Sim<number> {
  const top = (th.stackPointer() - 64) & ~15;
  const scratchAt = (top - scratch) & ~15;
  const zoned = th.nestTop - NESTED_ASYNC_BUF >= th.nestLo && th.nestLo !== 0;
  const bufEnd = zoned ? th.nestTop : scratchAt;
  const buf = (bufEnd - NESTED_ASYNC_BUF) & ~15;
  prepare?.(scratchAt);
  const sp = stack !== null ? (stack - 16) & ~15 : zoned ? scratchAt : buf;
  const act = new Activation(th, entry, args(scratchAt), buf, bufEnd, sp);
  setup?.(act);
  if (!zoned) return yield* runActivation(p, act);
  th.nestTop = buf;
  try {
    return yield* runActivation(p, act);
  } finally {
    th.nestTop = bufEnd;
  }
}

export function threadImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    pthread_create: (out, attr, fn, arg, block, size) => suspend(p, opCreate, out, attr, fn, arg, block, size),
    pthread_join: (t, ret) => suspend(p, opJoin, t, ret),
    pthread_exit: (v) => suspend(p, opExit, v),
    pthread_self: () => current(p).thread.self,
    pthread_detach: (t) => suspend(p, opDetach, t),
    pthread_yield: () => suspend(p, opYield),
  };
}

/**
 * pthread_attr_setscope's answer for C's scope `s` (0 SYSTEM, 1 PROCESS): 0 or an error
 * number; s = -1 asks a fresh attribute's scope (0/1), or -errno where getscope fails.
 */
function attrScope(p: CProcess, s: number): number {
  if (s >= 0) return p.libc.pthread_attr_setscope(s === 0 ? 'system' : 'process');
  const d = p.libc.pthread_attr_getscope();
  return typeof d === 'number' ? -d : d === 'system' ? 0 : 1;
}

export function threadSyncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    stack_reclaim: () => p.reclaimBlock(),
    block_grew: (n) => { p.keepFromBrk(n >>> 0); return 0; },
    default_stacksize: () => p.libc.pthread_attr_getstacksize(null),
    attr_scope: (s) => attrScope(p, s),
    fault: (kind) => { throw new LabTrap(kind === 0 ? 'stack overflow' : 'null pointer dereference'); },
  };
}
