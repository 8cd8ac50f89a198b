/**
 * signal_probes_exit.ts — two probes of issue 16 about what outlives a call: the disposition
 * sigwait leaves behind, and the atexit handlers of a process whose main thread called
 * pthread_exit.
 *
 * - sigwait: POSIX leaves the disposition alone ("sigwait ... shall not change the action").
 *   LinuxThreads' __pthread_sigwait (linuxthreads/signals.c; FAQ J.4) installs a no-op handler
 *   for every waited signal whose action was SIG_DFL or SIG_IGN and never restores it, so a
 *   later signal no longer terminates the process.
 * - atexit after main's pthread_exit: the process ends "as if exit(0)" when its last thread
 *   ends, so the handlers run. In LinuxThreads since glibc 2.2 (join.c) main waits for the
 *   others and calls exit(0) itself; in NPTL the last thread to exit does (rule 28) — the cell
 *   says which thread ran them.
 * As in signal_probes.ts, each verdict is computed from what the program observed.
 */

import { SIGUSR1, SIG_BLOCK, SIG_UNBLOCK } from '../../kernel/index.js';
import {
  SIG_DFL, SIG_IGN, WIFSIGNALED, WTERMSIG, sigmask, signame, type Libc, type Program, type Ref,
  type Sigaction, type Sim,
} from '../../libs/index.js';
import { adopt } from './common.js';
import type { ProbeObs } from './signal_probes.js';

function dispositionText(h: Sigaction['handler']): string {
  return h === SIG_DFL ? 'SIG_DFL' : h === SIG_IGN ? 'SIG_IGN' : 'a handler';
}

/** sigwait for SIGUSR1 (sent to itself while blocked); then the disposition it sees. */
function* sigwaitOnce(libc: Libc): Sim<{ got: number; after: Sigaction['handler'] }> {
  yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1), null);
  yield* libc.kill(yield* libc.getpid(), SIGUSR1);
  const sig = { value: 0 };
  yield* libc.sigwait(sigmask(SIGUSR1), sig);
  const old: Ref<Sigaction> = { value: { handler: SIG_DFL } };
  yield* libc.sigaction(SIGUSR1, null, old);
  return { got: sig.value, after: old.value.handler };
}

/** A child that sigwaits, then unblocks SIGUSR1 and raises it: does the default action still kill it? */
function* sigwaitThenRaise(libc: Libc): Sim<number> {
  yield* sigwaitOnce(libc);
  yield* libc.pthread_sigmask(SIG_UNBLOCK, sigmask(SIGUSR1), null);
  yield* libc.raise(SIGUSR1);
  return 0;
}

export function sigwaitDispositionProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    // Every thread blocks SIGUSR1 (the mask is inherited), so the kill can only be sigwait's.
    yield* libc.pthread_sigmask(SIG_BLOCK, sigmask(SIGUSR1), null);
    let seen = { got: 0, after: SIG_DFL as Sigaction['handler'] };
    const t = yield* libc.pthread_create(function* waiter(l: Libc) { seen = yield* sigwaitOnce(l); return 0; });
    yield* libc.pthread_join(t, null);
    const child = yield* libc.fork(sigwaitThenRaise);
    const st = { value: 0 };
    yield* libc.waitpid(child, st, 0);
    const killed = WIFSIGNALED(st.value) && WTERMSIG(st.value) === SIGUSR1;
    const kept = seen.after === SIG_DFL;
    o.verdict = {
      status: kept && killed ? 'pass' : 'fail',
      cell: kept ? 'left SIG_DFL' : 'installed a handler',
      evidence: `every thread blocks SIGUSR1 (action SIG_DFL); a thread sent it to the process and sigwait() returned ` +
        `${seen.got ? signame(seen.got) : 'nothing'}; sigaction(SIGUSR1) then reports ${dispositionText(seen.after)}. ` +
        `A forked child did the same, unblocked SIGUSR1 and raised it: ` +
        (killed ? 'killed by SIGUSR1 (the default action)' : `it ${WIFSIGNALED(st.value) ? `died of ${signame(WTERMSIG(st.value))}` : `exited with status ${st.value >> 8}`}, not killed by SIGUSR1`),
    };
    return 0;
  };
}

/** main registers an atexit handler, starts a worker, and calls pthread_exit. */
export function atexitAfterMainExitProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<never> {
    const pid = yield* libc.getpid();
    adopt(o.fam, pid);
    const who = new Map<number, string>([[yield* libc.pthread_self(), 'main']]);
    o.verdict = {
      status: 'fail', cell: 'atexit never ran',
      evidence: 'main registered an atexit handler, started a worker (2 ms of CPU) and called pthread_exit; the process ended without running the handler',
    };
    yield* libc.atexit(function* handler(l: Libc) {
      const self = yield* l.pthread_self();
      const tid = yield* l.gettid();
      const name = who.get(self) ?? 'another thread';
      o.verdict = {
        status: 'pass', cell: `ran in ${name}`,
        evidence: `main registered an atexit handler, started a worker (2 ms of CPU) and called pthread_exit; ` +
          `the handler ran in ${name} (gettid ${tid}; the process is pid ${pid}) when the last thread had ended`,
      };
    });
    const w = yield* libc.pthread_create(function* worker(l: Libc) { yield* l.compute(2e6); return 0; });
    who.set(w, 'the worker');
    return yield* libc.pthread_exit(0);
  };
}
