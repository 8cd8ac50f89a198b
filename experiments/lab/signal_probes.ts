/**
 * signal_probes.ts — the probe programs behind the signals matrix.
 *
 * Each probe is a real Libc program that sets up one POSIX situation, lets it happen, and
 * records what it observed: which thread's handler ran (by pthread_self, named by the probe),
 * what sigpending said, what ps showed (task states read from the kernel's task table at that
 * instant, as `ps -eLf` would), what getpid/getppid/waitpid returned. The verdict is computed
 * from those observations by the probe's `judge`; nothing in a cell is typed in by hand.
 *
 * A probe's process and everything cloned from it (threads, a LinuxThreads manager, NGPT
 * natives) is followed through the kernel's event log (common.ts trackFamily), so "every
 * thread of the process" means every task the program created, whatever the library calls it.
 */

import { SIGUSR1, SIGUSR2, SIG_BLOCK, SIG_UNBLOCK, psThreads, type Kernel } from '../../kernel/index.js';
import {
  SIG_DFL, sigmask, type Libc, type Program, type Ref, type Sigaction, type Sim, type pthread_t,
} from '../../libs/index.js';
import { adopt, type Family } from './common.js';

export interface Verdict { status: 'pass' | 'fail'; cell: string; evidence: string }

/** What a probe saw; filled in by the program, read by the experiment after the run. */
export interface ProbeObs {
  k: Kernel | null;
  fam: Family;
  names: Map<pthread_t, string>;
  /** gettid() of each named thread. */
  tids: Map<string, number>;
  got: number;
  receiver: string;
  receiverDetail: string;
  ready: number;
  stop: boolean;
  verdict: Verdict | null;
}

export interface Probe {
  id: string;
  /** The requirement, as the matrix row label. */
  rule: string;
  kind: 'POSIX' | 'LinuxThreads deviation';
  program(o: ProbeObs): Program;
  /** How the program is started, when it matters (e.g. as a set-user-ID-root file). */
  start?: { setuid?: number };
}

export function newObs(): ProbeObs {
  return {
    k: null, fam: { root: -1, pids: new Set(), alive: new Set(), lastExit: 0 }, names: new Map(), tids: new Map(),
    got: 0, receiver: 'none', receiverDetail: '', ready: 0, stop: false, verdict: null,
  };
}

// ---- helpers every probe uses ----

function* name(libc: Libc, o: ProbeObs, who: string): Sim<void> {
  o.names.set(yield* libc.pthread_self(), who);
  o.tids.set(who, yield* libc.gettid());
}

/** Poll `cond` every millisecond (yielding first, for non-preemptive libraries), up to `ms`. */
function* waitFor(libc: Libc, cond: () => boolean, ms: number): Sim<boolean> {
  for (let i = 0; i < ms && !cond(); i++) {
    yield* libc.pthread_yield();
    yield* libc.usleep(1_000);
  }
  return cond();
}

/** The probe's first step in its main thread: follow its process, name the thread. */
function* begin(libc: Libc, o: ProbeObs): Sim<void> {
  adopt(o.fam, yield* libc.getpid());
  yield* name(libc, o, 'main');
}

/** A handler that records which thread ran it (by pthread_self, and gettid for the evidence). */
function recorder(o: ProbeObs) {
  return function* onSignal(libc: Libc): Sim<void> {
    o.got++;
    const me = yield* libc.pthread_self();
    const tid = yield* libc.gettid();
    const known = o.names.get(me);
    o.receiver = known ?? 'another thread';
    o.receiverDetail = known ? `${known} (tid ${tid})` : `pthread_self() = ${me}, gettid() = ${tid}, not a thread the probe created`;
  };
}

/** A thread that names itself, sets its mask as told, reports ready and idles until stop. */
function* idler(libc: Libc, a: { o: ProbeObs; who: string; unblock: number }): Sim<number> {
  yield* name(libc, a.o, a.who);
  if (a.unblock) yield* libc.pthread_sigmask(SIG_UNBLOCK, sigmask(a.unblock), null);
  a.o.ready++;
  yield* waitFor(libc, () => a.o.stop, 2_000);
  return 0;
}

/** ps -eLf rows of the probed process's live tasks: "105 S, 106 T". */
export function familyPs(o: ProbeObs): string {
  const rows = psThreads(o.k!).filter((r) => o.fam.alive.has(r.lwp));
  const byPid = new Map<number, string[]>();
  for (const r of rows) byPid.set(r.pid, [...(byPid.get(r.pid) ?? []), `${r.lwp} ${r.stat[0]}`]);
  return [...byPid].map(([pid, ts]) => `pid ${pid}: ${ts.join(', ')}`).join('; ') || 'no tasks';
}

function* startIdlers(libc: Libc, o: ProbeObs, specs: [string, number][]): Sim<pthread_t[]> {
  const ids: pthread_t[] = [];
  for (const [who, unblock] of specs) ids.push(yield* libc.pthread_create(idler, { o, who, unblock }));
  yield* waitFor(libc, () => o.ready === specs.length, 200);
  return ids;
}

function* finish(libc: Libc, o: ProbeObs, ids: pthread_t[]): Sim<number> {
  o.stop = true;
  for (const t of ids) yield* libc.pthread_join(t, null);
  return 0;
}

// ---- POSIX requirements ----

/** Rule 13: kill(getpid()) while main blocks the signal reaches the worker that does not. */
function processDirected(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    yield* begin(libc, o);
    yield* libc.sigaction(SIGUSR1, { handler: recorder(o) });
    yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1), null);
    const ids = yield* startIdlers(libc, o, [['worker', SIGUSR1]]);
    const pid = yield* libc.getpid();
    yield* libc.kill(pid, SIGUSR1);
    yield* waitFor(libc, () => o.got > 0, 50);
    const pend = { value: 0n };
    yield* libc.sigpending(pend);
    const pending = (pend.value & sigmask(SIGUSR1)) !== 0n;
    const ok = o.got > 0 && o.receiver === 'worker';
    o.verdict = {
      status: ok ? 'pass' : 'fail', cell: o.got ? `taken by ${o.receiver}` : 'never taken',
      evidence: `main blocks SIGUSR1, the worker does not; kill(getpid()=${pid}, SIGUSR1): ` +
        (o.got ? `the handler ran in ${o.receiverDetail}` : `no handler ran within 50 ms; pending for main: ${pending ? 'yes' : 'no'}`) +
        `; ps: ${familyPs(o)}`,
    };
    return yield* finish(libc, o, ids);
  };
}

/** Rule 12: kill() on a thread's id (gettid) is process-directed: another thread takes it. */
function killThreadId(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    yield* begin(libc, o);
    yield* libc.sigaction(SIGUSR1, { handler: recorder(o) });
    yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1), null);
    const ids = yield* startIdlers(libc, o, [['worker A', 0], ['worker B', SIGUSR1]]);
    const tidA = o.tids.get('worker A') ?? -1;
    yield* libc.kill(tidA, SIGUSR1);
    yield* waitFor(libc, () => o.got > 0, 50);
    const ok = o.got > 0 && o.receiver === 'worker B';
    o.verdict = {
      status: ok ? 'pass' : 'fail', cell: o.got ? `taken by ${o.receiver}` : 'never taken',
      evidence: `worker A (gettid ${tidA}) and main block SIGUSR1, worker B does not; kill(${tidA}, SIGUSR1): ` +
        (o.got ? `the handler ran in ${o.receiverDetail}` : 'no handler ran within 50 ms') + `; ps: ${familyPs(o)}`,
    };
    return yield* finish(libc, o, ids);
  };
}

/** Rule 12 (thread-directed side): pthread_kill(t) runs the handler in t. */
function threadDirected(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    yield* begin(libc, o);
    yield* libc.sigaction(SIGUSR1, { handler: recorder(o) });
    const ids = yield* startIdlers(libc, o, [['worker A', 0], ['worker B', 0]]);
    yield* libc.pthread_kill(ids[1], SIGUSR1);
    yield* waitFor(libc, () => o.got > 0, 50);
    const ok = o.got === 1 && o.receiver === 'worker B';
    o.verdict = {
      status: ok ? 'pass' : 'fail', cell: o.got ? `taken by ${o.receiver}` : 'never taken',
      evidence: `no thread blocks SIGUSR1; pthread_kill(worker B, SIGUSR1): ` +
        (o.got ? `the handler ran ${o.got} time(s), last in ${o.receiverDetail}` : 'no handler ran within 50 ms'),
    };
    return yield* finish(libc, o, ids);
  };
}

/** Rule 4 + POSIX: a handler set in one thread is seen by all; a mask set in one is not. */
function masksAndDispositions(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    yield* begin(libc, o);
    const marker = recorder(o);
    const seen = { blockedInB: false };
    const a = yield* libc.pthread_create(function* setHandler(l: Libc) { return yield* l.sigaction(SIGUSR2, { handler: marker }); }, null);
    yield* libc.pthread_join(a, null);
    const b = yield* libc.pthread_create(function* setMask(l: Libc) {
      yield* l.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR2), null);
      const m = { value: 0n };
      yield* l.pthread_sigmask(SIG_BLOCK, null, m);
      seen.blockedInB = (m.value & sigmask(SIGUSR2)) !== 0n;
      return 0;
    }, null);
    yield* libc.pthread_join(b, null);
    const old: Ref<Sigaction> = { value: { handler: SIG_DFL } };
    yield* libc.sigaction(SIGUSR2, null, old);
    const mine = { value: 0n };
    yield* libc.pthread_sigmask(SIG_BLOCK, null, mine);
    const shared = old.value.handler === marker;
    const blockedInMain = (mine.value & sigmask(SIGUSR2)) !== 0n;
    const ok = shared && seen.blockedInB && !blockedInMain;
    o.verdict = {
      status: ok ? 'pass' : 'fail',
      cell: `${shared ? 'shared' : 'own'} handler, ${seen.blockedInB && !blockedInMain ? 'own' : 'shared'} mask`,
      evidence: `worker A installed a SIGUSR2 handler: main's sigaction ${shared ? 'returns it' : 'does not return it'}; ` +
        `worker B blocked SIGUSR2: blocked in B ${seen.blockedInB ? 'yes' : 'no'}, in main ${blockedInMain ? 'yes' : 'no'}`,
    };
    return 0;
  };
}

export { processDirected, killThreadId, threadDirected, masksAndDispositions };
