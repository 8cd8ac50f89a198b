/**
 * signals.ts — <signal.h> from C: sigaction with C handlers, masks, kill/raise/pthread_kill,
 * sigsuspend, sigwait, alarm, setitimer/getitimer, pause — each the chosen library's call, with its semantics.
 *
 * Models: the signal frame. The handler the library is given is a generator that runs the C
 * handler as a new activation on the receiving thread (threads.ts runNested): on that
 * thread's own stack below where it is suspended, with a siginfo_t there too, through the
 * runtime's __lab_signal_entry (one argument, or three with SA_SIGINFO: the siginfo_t and the
 * frame's ucontext_t, its uc_sigmask the interrupted mask). The kernel pushes it
 * when the thread returns to user mode, so it runs when the thread next enters the library or
 * is preempted, and it may itself call the library (sem_post from a handler) or be interrupted
 * by another signal: each nesting has its own Asyncify buffer. A handler installed with
 * SA_ONSTACK starts on the thread's alternate signal stack (sigaltstack, ids.ts), unless it is
 * already running there.
 *
 * A signal that reaches a created thread before its C code has started (pthread_kill right
 * after pthread_create: the kernel delivers it on the thread's first return to user mode, in
 * the library's start code) waits until the thread enters C and then runs its handler there,
 * before the start routine — where Linux runs it, on that thread. (Simplified: the handler's
 * mask is not applied again then.) One that reaches a thread whose C code has ended is dropped.
 *
 * struct sigaction's layout (signal.h): handler (4 bytes), sa_mask (8), sa_flags (4), restorer.
 */

import type { Libc, Sim, SigInfo, Sigaction, SigDisposition, SignalHandler } from '../../libs/api.js';
import { SIG_DFL, SIG_IGN, EINTR, SA_ONSTACK } from '../../libs/api.js';
import { type Activation, suspend } from './activation.js';
import type { CProcess, CRun, CThread } from './process.js';
import { runNested } from './threads.js';

/** The bytes of siginfo_t the lab fills (its fields; glibc's struct, as signal.h declares it, is 128). */
export const SIGINFO_SIZE = 32;
/**
 * A handler's frame: the whole siginfo_t (128 bytes, zero past the lab's fields), then the
 * ucontext_t a SA_SIGINFO handler gets as its third argument (runtime/lab.h
 * LAB_FRAME_UCONTEXT; sys/ucontext.h's wasm32 layout: uc_flags @0, uc_link @4, uc_stack @8 —
 * ss_sp, ss_flags, ss_size — uc_mcontext @24, uc_sigmask @280; 288 bytes).
 */
export const FRAME_UCONTEXT = 128;
const UCONTEXT_SIZE = 288;
const FRAME_SIZE = FRAME_UCONTEXT + UCONTEXT_SIZE;

/**
 * The C thread a handler runs on: a CLONE_VM clone() child's own (by tid, while there are any),
 * else by pthread_self, and by pid only if forks made it ambiguous.
 */
export function* receivingThread(run: CRun, libc: Libc): Sim<CThread | null> {
  if (run.clones !== null) {
    // A CLONE_VM clone() child shares its creator's pthread_self: find it by its task.
    const c = run.clones.get(yield* libc.gettid());
    if (c !== undefined) return c;
  }
  const self = yield* libc.pthread_self();
  const cands = run.threads.get(self);
  if (cands === undefined || cands.length === 0) return null;
  if (cands.length === 1) return cands[0];
  const pid = yield* libc.getpid();
  return cands.find((t) => t.proc.pid === pid) ?? cands.find((t) => t.proc.pid === null) ?? cands[0];
}

/** siginfo_t (signal.h): a timer's si_timerid and si_overrun share si_pid's and si_uid's words, as in Linux's union. */
export function writeSiginfo(p: CProcess, at: number, sig: number, info: SigInfo): void {
  p.u8().fill(0, at, at + SIGINFO_SIZE);
  p.store32(at, sig);
  p.store32(at + 8, info?.code ?? 0);
  p.store32(at + 12, info?.timerid ?? info?.pid ?? 0);
  p.store32(at + 16, info?.overrun ?? info?.uid ?? 0);
  p.store32(at + 20, info?.status ?? 0);
  if (typeof info?.value === 'number') p.store32(at + 24, info.value);
}

/**
 * The frame's ucontext_t as the kernel's setup_rt_frame fills it (SigInfo.uc): uc_flags,
 * uc_link NULL, uc_stack (the alternate stack as sigaltstack set it), uc_sigmask (the
 * interrupted code's mask); the registers stay zero. A signal the library delivers itself
 * (no kernel frame) has none: zeros, as a handler's context of nothing.
 */
function writeUcontext(p: CProcess, at: number, info: SigInfo): void {
  p.u8().fill(0, at, at + UCONTEXT_SIZE);
  const uc = info?.uc;
  if (uc === undefined) return;
  p.store32(at, uc.flags);
  p.store32(at + 8, uc.stack.ss_sp);
  p.store32(at + 12, uc.stack.ss_flags);
  p.store32(at + 16, uc.stack.ss_size);
  p.storeSigset(at + 280, uc.sigmask);
}

interface CHandler extends SignalHandler {
  cfn: number;
  cflags: number;
}

function markHandler(act: Activation): void {
  act.handler = true;
}

/** Run C handler `fn` for `sig` on thread `th` (a nested activation: the signal frame). */
function* runHandler(th: CThread, fn: number, flags: number, sig: number, info: SigInfo): Sim<void> {
  const p = th.proc;
  yield* runNested(p, th, '__lab_signal_entry', (si) => [fn, sig, si, flags, p.shape(fn)], FRAME_SIZE,
    (si) => { p.u8().fill(0, si, si + FRAME_UCONTEXT); writeSiginfo(p, si, sig, info); writeUcontext(p, si + FRAME_UCONTEXT, info); },
    th.handlerStack((flags & SA_ONSTACK) !== 0), markHandler);
}

/** The library-level handler for C function `fn` (a function-table index). */
function cHandler(run: CRun, fn: number, flags: number): CHandler {
  const h = function* (libc: Libc, sig: number, info: SigInfo): Sim<void> {
    const th = yield* receivingThread(run, libc);
    if (th !== null) { yield* runHandler(th, fn, flags, sig, info); return; }
    const self = yield* libc.pthread_self();
    if (!run.ended.has(self)) run.deferSignal(self, { fn, flags, sig, info });
  } as CHandler;
  h.cfn = fn;
  h.cflags = flags;
  return h;
}

/** Handlers for signals that reached `th` before its C code started (cThreadStart). */
export function* runEarlySignals(th: CThread): Sim<void> {
  for (const e of th.proc.run.takeEarly(th.self)) yield* runHandler(th, e.fn, e.flags, e.sig, e.info);
}

function dispositionToC(h: SigDisposition): number {
  if (h === SIG_DFL) return 0;
  if (h === SIG_IGN) return 1;
  return (h as Partial<CHandler>).cfn ?? 0;
}

function* opSigaction(p: CProcess, a: Activation): Sim<number> {
  const [sig, act, old] = [a.a0, a.a1, a.a2];
  let sa: Sigaction | null = null;
  if (act !== 0) {
    const fn = p.loadU32(act);
    const flags = p.load32(act + 12);
    sa = { handler: fn === 0 ? SIG_DFL : fn === 1 ? SIG_IGN : cHandler(p.run, fn, flags), flags, mask: p.loadSigset(act + 4) };
  }
  const ref = { value: { handler: SIG_DFL } as Sigaction };
  const r = yield* p.libc.sigaction(sig, sa, old !== 0 ? ref : null);
  if (r < 0) { a.thread.errno = p.libc.errno; return -1; }
  if (old !== 0) {
    p.store32(old, dispositionToC(ref.value.handler));
    p.storeSigset(old + 4, ref.value.mask ?? 0n);
    p.store32(old + 12, ref.value.flags ?? 0);
    p.store32(old + 16, 0);
  }
  return 0;
}

/** sigprocmask (a0 = 0) or pthread_sigmask (a0 = 1): how, set, old. */
function* opMask(p: CProcess, a: Activation): Sim<number> {
  const set = a.a2 !== 0 ? p.loadSigset(a.a2) : null;
  const ref = { value: 0n };
  const old = a.a3 !== 0 ? ref : null;
  if (a.a0 === 1) {
    const r = yield* p.libc.pthread_sigmask(a.a1, set, old);
    if (r === 0 && a.a3 !== 0) p.storeSigset(a.a3, ref.value);
    return r;
  }
  const r = yield* p.libc.sigprocmask(a.a1, set, old);
  if (r < 0) { a.thread.errno = p.libc.errno; return -1; }
  if (a.a3 !== 0) p.storeSigset(a.a3, ref.value);
  return 0;
}

/** A system-call wrapper's result: -1 sets errno. */
function sc(p: CProcess, a: Activation, r: number): number {
  if (r < 0) a.thread.errno = p.libc.errno;
  return r;
}

function* opSigsuspend(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.sigsuspend(p.loadSigset(a.a0)));
}

function* opSigpending(p: CProcess, a: Activation): Sim<number> {
  const ref = { value: 0n };
  const r = yield* p.libc.sigpending(ref);
  if (r === 0) p.storeSigset(a.a0, ref.value);
  return sc(p, a, r);
}

function* opSigwait(p: CProcess, a: Activation): Sim<number> {
  const ref = { value: 0 };
  const r = yield* p.libc.sigwait(p.loadSigset(a.a0), ref);
  if (r === 0) p.store32(a.a1, ref.value);
  return r;
}

function* opKill(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.kill(a.a0, a.a1));
}

function* opTgkill(p: CProcess, a: Activation): Sim<number> {
  return sc(p, a, yield* p.libc.tgkill(a.a0, a.a1, a.a2));
}

/**
 * raise(sig). In a clone() child, whose library state (the cached tid, the user thread) is its
 * creator's, it is glibc ≥ 2.25's raise: tgkill(getpid(), gettid(), sig) from the system calls,
 * so the signal reaches the child's own task, not its creator (older glibc's cached-tid bug).
 */
function* opRaise(p: CProcess, a: Activation): Sim<number> {
  const l = p.libc;
  if (!a.thread.cloned) return sc(p, a, yield* l.raise(a.a0));
  const pid = yield* l.getpid();
  const tid = yield* l.gettid();
  return sc(p, a, yield* l.tgkill(pid, tid, a.a0));
}

function* opPthreadKill(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.pthread_kill(a.a0 >>> 0, a.a1);
}

/** pthread_sigqueue(t, sig, sival_int): an error number, as pthread_kill. */
function* opPthreadSigqueue(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.pthread_sigqueue(a.a0 >>> 0, a.a1, a.a2);
}

function* opAlarm(p: CProcess, a: Activation): Sim<number> {
  return yield* p.libc.alarm(a.a0 >>> 0);
}

/** setitimer (a1: the new [value, interval] in ns) or getitimer (a1 = 0); a2 gets the old one. */
function* opItimer(p: CProcess, a: Activation): Sim<number> {
  const old: { value?: number; interval?: number } = {};
  const r = a.a1 !== 0
    ? yield* p.libc.setitimer(a.a0, p.loadI64(a.a1), p.loadI64(a.a1 + 8), old)
    : yield* p.libc.getitimer(a.a0, old);
  if (r === 0 && a.a2 !== 0) {
    p.storeI64(a.a2, old.value ?? 0);
    p.storeI64(a.a2 + 8, old.interval ?? 0);
  }
  return sc(p, a, r);
}

function* opPause(p: CProcess, a: Activation): Sim<number> {
  const r = yield* p.libc.pause();
  if (r < 0) a.thread.errno = p.libc.errno || EINTR;
  return r;
}

export function signalImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return {
    sigaction: (sig, act, old) => suspend(p, opSigaction, sig, act, old),
    sigprocmask: (how, set, old) => suspend(p, opMask, 0, how, set, old),
    pthread_sigmask: (how, set, old) => suspend(p, opMask, 1, how, set, old),
    sigsuspend: (m) => suspend(p, opSigsuspend, m),
    sigpending: (s) => suspend(p, opSigpending, s),
    sigwait: (s, out) => suspend(p, opSigwait, s, out),
    kill: (pid, sig) => suspend(p, opKill, pid, sig),
    tgkill: (tg, tid, sig) => suspend(p, opTgkill, tg, tid, sig),
    raise: (sig) => suspend(p, opRaise, sig),
    pthread_kill: (t, sig) => suspend(p, opPthreadKill, t, sig),
    pthread_sigqueue: (t, sig, v) => suspend(p, opPthreadSigqueue, t, sig, v),
    alarm: (s) => suspend(p, opAlarm, s),
    itimer: (which, set, old) => suspend(p, opItimer, which, set, old),
    pause: () => suspend(p, opPause),
  };
}

export function signalSyncImports(p: CProcess): Record<string, (...a: number[]) => number> {
  return { sigrtmin: () => p.libc.SIGRTMIN };
}
