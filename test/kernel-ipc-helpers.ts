/**
 * kernel-ipc-helpers.ts — scaffolding for the signal, futex, pipe, poll, timer and device
 * suites (test/kernel-signal*.test.ts, kernel-futex, kernel-pipe, kernel-poll, kernel-time,
 * kernel-dev-slow).
 *
 * Programs are raw tasks: generator functions yielding `sys.*` requests with no thread
 * library between them and the kernel. A program receives the kernel so it can look at task
 * structures at one instant (JavaScript between two yields runs atomically). Threads are
 * clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD) tasks; `trace` records the
 * signal events so a test can say which thread took a signal.
 */

import { Kernel, type KernelOptions } from '../kernel/kernel.js';
import { PRESETS } from '../kernel/costs.js';
import { spawnProgram, type ProgramHandle } from '../kernel/shell.js';
import { sys } from '../kernel/usys.js';
import { recordTrace, EV_SIGNAL_GENERATE, EV_SIGNAL_DELIVER, type TraceEvent } from '../kernel/trace.js';
import type { Sim } from '../kernel/req.js';
import type { Task, SigAction } from '../kernel/task.js';
import { sigmask } from '../kernel/signal.js';
import {
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, SIG_BLOCK, SIG_UNBLOCK,
  SIG_SETMASK, SIGSTOP, SIGCONT,
} from '../kernel/uapi.js';

export const THREAD = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
export const MS = 1_000_000;

/** pipe2(flags) on the calling task: [read end, write end] (a failure throws). */
export function* pipe(flags = 0): Sim<[number, number]> {
  const r = (yield sys.pipe(flags)) as number[] | number;
  if (typeof r === 'number') throw new Error(`pipe failed: ${r}`);
  return r as [number, number];
}

/** The monotonic clock now, ns. */
export function* now(): Sim<number> {
  return (yield sys.clock_gettime()) as number;
}

/**
 * A child that waits in `wait(readEnd)` (nothing is ever written) is stopped 10 ms in and
 * continued 20 ms later; returns how many ms the wait took in all (255 if it did not time out).
 */
export function* stoppedWait(wait: (readEnd: number) => Sim<number>): Sim<number> {
  const child = (yield sys.fork(function* () {
    const [r] = yield* pipe();
    const a = yield* now();
    const n = yield* wait(r);
    return n === 0 ? Math.round(((yield* now()) - a) / MS) : 255;
  })) as number;
  yield* sleep(10 * MS);
  yield sys.kill(child, SIGSTOP);
  yield* sleep(20 * MS);
  yield sys.kill(child, SIGCONT);
  const st = { value: 0 };
  yield sys.wait4(child, st, 0);
  return (st.value >> 8) & 0xff;
}

export function boot(opts: Partial<KernelOptions> = {}): Kernel {
  return new Kernel({ costs: PRESETS['modern-x86'], cpus: 1, seed: 1, kthreads: false, timeLimit: 600e9, ...opts });
}

export interface Run {
  k: Kernel;
  h: ProgramHandle;
  /** signal_generate and signal_deliver events (pid, a = signal, b = kind). */
  sig: TraceEvent[];
}

/** Boot, run `main(k)` under the login shell to the end, with signal events recorded. */
export function run(main: (k: Kernel) => Sim<unknown>, opts: Partial<KernelOptions> = {}): Run {
  const k = boot(opts);
  const rec = recordTrace(k.trace, [EV_SIGNAL_GENERATE, EV_SIGNAL_DELIVER]);
  const h = spawnProgram(k, main, k, 'prog');
  k.run();
  rec.stop();
  if (!h.done) throw new Error(`program did not finish (time ${k.now}, limit hit: ${k.timeLimitHit})`);
  return { k, h, sig: rec.events };
}

/** The pids that took (had delivered) signal `sig`, in order. */
export function takers(r: Run, sig: number): number[] {
  return r.sig.filter((e) => e.kind === 'signal_deliver' && e.a === sig).map((e) => e.pid);
}

/** The task running this code (valid only inside a program, between two yields). */
export function me(k: Kernel): Task {
  if (k.current === null) throw new Error('me(): no current task');
  return k.current;
}

/** clone a CLONE_THREAD thread running fn(arg); returns its tid. */
export function* thread(fn: (arg: any) => Sim<unknown>, arg?: unknown): Sim<number> {
  const tid = (yield sys.clone({ flags: THREAD, fn, arg })) as number;
  if (tid < 0) throw new Error(`clone failed: ${tid}`);
  return tid;
}

export function* block(...sigs: number[]): Sim<number> {
  return (yield sys.rt_sigprocmask(SIG_BLOCK, mask(...sigs), null)) as number;
}

export function* unblock(...sigs: number[]): Sim<number> {
  return (yield sys.rt_sigprocmask(SIG_UNBLOCK, mask(...sigs), null)) as number;
}

export function* setmask(...sigs: number[]): Sim<number> {
  return (yield sys.rt_sigprocmask(SIG_SETMASK, mask(...sigs), null)) as number;
}

export function mask(...sigs: number[]): bigint {
  return sigs.reduce((m, s) => m | sigmask(s), 0n);
}

/** The blocked signals pending for the calling thread (private | shared), as a bigint. */
export function* pending(): Sim<bigint> {
  const out: { value?: bigint } = {};
  yield sys.rt_sigpending(out);
  return out.value ?? 0n;
}

/** Install `handler` for sig (flags default 0, i.e. no SA_RESTART). */
export function* catchSig(sig: number, handler: SigAction['handler'], flags = 0, m = 0n): Sim<number> {
  return (yield sys.rt_sigaction(sig, { handler, flags, mask: m }, null)) as number;
}

/** A handler that records (tid, signal) into `log` via gettid. */
export function recorder(log: [number, number][]): (sig: number) => Sim<void> {
  return function* (sig: number) {
    const tid = (yield sys.gettid()) as number;
    log.push([tid, sig]);
  };
}

/** Sleep ns of virtual time (nanosleep, retried after EINTR until the time is over). */
export function* sleep(ns: number): Sim<void> {
  const rem = { value: ns };
  let left = ns;
  for (;;) {
    const r = (yield sys.nanosleep(left, rem)) as number;
    if (r === 0) return;
    left = rem.value ?? 0;
    if (left <= 0) return;
  }
}

/** Sleep in pause() until `done()` holds (each signal delivered wakes it). */
export function* pauseUntil(done: () => boolean): Sim<void> {
  while (!done()) yield sys.pause();
}
