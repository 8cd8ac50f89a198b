/**
 * signal_probes_creds.ts — probes of what POSIX says threads share beyond signal handlers: the
 * process group a signal is sent to, the user ids, and the CPU time the process is charged
 * (issue 16). Each is a documented LinuxThreads deviation (linuxthreads/README "KNOWN BUGS",
 * signals item 4; pthreads(7): "threads do not share user and group IDs", "the information
 * returned by times and getrusage is per-thread"); NGPT keeps ids per native.
 * As in signal_probes.ts, each verdict is computed from what the program observed.
 */

import { SIGUSR1, psThreads } from '../../kernel/index.js';
import {
  RUSAGE_SELF, RUSAGE_THREAD, type Libc, type Program, type Rusage, type Sim, type pthread_t,
} from '../../libs/index.js';
import { adopt } from './common.js';
import type { ProbeObs } from './signal_probes.js';

/** Idle in 0.5 ms sleeps (yielding first, for the non-preemptive libraries) until told to stop. */
function* idle(libc: Libc, o: ProbeObs): Sim<number> {
  for (let i = 0; i < 4_000 && !o.stop; i++) {
    yield* libc.pthread_yield();
    yield* libc.usleep(500);
  }
  return 0;
}

function* startIdlers(libc: Libc, o: ProbeObs, n: number): Sim<pthread_t[]> {
  const ids: pthread_t[] = [];
  for (let i = 0; i < n; i++) ids.push(yield* libc.pthread_create(idle, o));
  for (let i = 0; i < 3; i++) { yield* libc.pthread_yield(); yield* libc.usleep(1_000); }
  return ids;
}

function* stopAll(libc: Libc, o: ProbeObs, ids: pthread_t[]): Sim<void> {
  o.stop = true;
  for (const t of ids) yield* libc.pthread_join(t, null);
}

/** kill(0, sig): every process of the caller's group — one handler run for one process. */
export function groupSignalProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    const pid = yield* libc.getpid();
    adopt(o.fam, pid);
    const runs: number[] = [];
    yield* libc.sigaction(SIGUSR1, { handler: function* (l: Libc) { runs.push(yield* l.gettid()); } });
    const ids = yield* startIdlers(libc, o, 2);
    const pgrp = yield* libc.getpgrp();
    const members = psThreads(o.k!).filter((r) => r.pgid === pgrp).map((r) => r.lwp);
    yield* libc.kill(0, SIGUSR1);
    for (let i = 0; i < 10; i++) { yield* libc.pthread_yield(); yield* libc.usleep(1_000); }
    yield* stopAll(libc, o, ids);
    o.verdict = {
      status: runs.length === 1 ? 'pass' : 'fail',
      cell: `handler ran ${runs.length === 1 ? 'once' : `${runs.length} times`}`,
      evidence: `main + 2 threads; kill(0, SIGUSR1) to process group ${pgrp} (tasks ${members.join(', ')}): ` +
        `the handler ran in gettid ${runs.join(', ') || 'none'}`,
    };
    return 0;
  };
}

/** A set-user-ID-root program: a thread's setuid(1000) — does every thread drop root? */
export function setuidProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    const ids = yield* startIdlers(libc, o, 1);
    const before = yield* libc.geteuid();
    let rc = -2;
    const setter = yield* libc.pthread_create(function* (l: Libc) { rc = yield* l.setuid(1000); return 0; });
    yield* libc.pthread_join(setter, null);
    for (let i = 0; i < 3; i++) { yield* libc.pthread_yield(); yield* libc.usleep(1_000); }
    const after = yield* libc.geteuid();
    const rows = psThreads(o.k!).filter((r) => o.fam.alive.has(r.lwp));
    const users = rows.map((r) => `${r.lwp} ${r.uid}`).join(', ');
    yield* stopAll(libc, o, ids);
    o.verdict = {
      status: after === 1000 ? 'pass' : 'fail',
      cell: after === 1000 ? 'all threads dropped root' : 'main still root',
      evidence: `set-user-ID-root program (euid ${before}); a thread's setuid(1000) returned ${rc}; ` +
        `then geteuid() in main = ${after}; ps UID per task: ${users}`,
    };
    return 0;
  };
}

/** Two threads compute 20 ms each, main 10 ms: does getrusage(RUSAGE_SELF) in main count all 50 ms? */
export function getrusageProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    const work = function* (l: Libc) { yield* l.compute(20e6); return 0; };
    const ids = [yield* libc.pthread_create(work), yield* libc.pthread_create(work)];
    yield* libc.compute(10e6);
    for (const t of ids) yield* libc.pthread_join(t, null);
    const self: { value?: Rusage } = {};
    const thread: { value?: Rusage } = {};
    yield* libc.getrusage(RUSAGE_SELF, self);
    yield* libc.getrusage(RUSAGE_THREAD, thread);
    const ms = Math.round(self.value!.ru_utime / 1000);
    const mine = Math.round(thread.value!.ru_utime / 1000);
    o.verdict = {
      status: ms >= 50 ? 'pass' : 'fail',
      cell: `RUSAGE_SELF ${ms} ms of 50`,
      evidence: `2 threads × 20 ms + main 10 ms of CPU; in main after joining: getrusage(RUSAGE_SELF) user time ${ms} ms, ` +
        `RUSAGE_THREAD ${mine} ms`,
    };
    return 0;
  };
}
