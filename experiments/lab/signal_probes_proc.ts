/**
 * signal_probes_proc.ts — probes that look at the process as a whole: stop and terminate
 * signals sent from outside (a monitor forks the probed process and signals it, as a shell
 * would), and the identity rules where LinuxThreads is documented to deviate (each thread its
 * own pid, its parent the manager, N+2 tasks in ps, children owned by the thread that forked).
 * Observations come from the program's own calls and from ps rows read at one instant.
 */

import { SIGCONT, SIGKILL, SIGSTOP, SIGTERM, errnoName, psThreads } from '../../kernel/index.js';
import type { Libc, Program, Sim, pthread_t } from '../../libs/index.js';
import { adopt } from './common.js';
import { familyPs, type ProbeObs } from './signal_probes.js';

function* pause1ms(libc: Libc): Sim<void> {
  yield* libc.pthread_yield();
  yield* libc.usleep(1_000);
}

/** A worker that stays busy (computing, yielding between chunks) until told to stop. */
function* spinner(libc: Libc, o: ProbeObs): Sim<number> {
  for (let i = 0; i < 400 && !o.stop; i++) {
    yield* libc.compute(250_000);
    yield* libc.pthread_yield();
  }
  return 0;
}

/** A worker that sleeps in 1 ms steps until told to stop. */
function* sleeper(libc: Libc, o: ProbeObs): Sim<number> {
  for (let i = 0; i < 3_000 && !o.stop; i++) yield* pause1ms(libc);
  return 0;
}

/** The probed child process: adopt itself, start two workers, join them. */
function threadedChild(o: ProbeObs, worker: (libc: Libc, o: ProbeObs) => Sim<number>) {
  return function* child(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    const ids: pthread_t[] = [];
    for (let i = 0; i < 2; i++) ids.push(yield* libc.pthread_create(worker, o));
    for (const t of ids) yield* libc.pthread_join(t, null);
    return 0;
  };
}

/** "1 task", "3 tasks". */
function tasks(n: number): string {
  return `${n} task${n === 1 ? '' : 's'}`;
}

/** Live tasks of the probed process as ps rows. */
function liveRows(o: ProbeObs) {
  return psThreads(o.k!).filter((r) => o.fam.alive.has(r.lwp));
}

/** Rule 16: SIGSTOP to the process stops every thread (ps shows T for all). */
export function stopProbe(o: ProbeObs): Program {
  return function* monitor(libc: Libc): Sim<number> {
    const pid = yield* libc.fork(threadedChild(o, spinner));
    for (let i = 0; i < 2; i++) yield* pause1ms(libc);
    yield* libc.kill(pid, SIGSTOP);
    for (let i = 0; i < 5; i++) yield* pause1ms(libc);
    const rows = liveRows(o);
    const stopped = rows.filter((r) => r.stat[0] === 'T').length;
    const ps = familyPs(o);
    o.stop = true;
    yield* libc.kill(pid, SIGCONT);
    yield* libc.kill(pid, SIGKILL);
    yield* libc.waitpid(pid, null, 0);
    const ok = rows.length > 0 && stopped === rows.length;
    o.verdict = {
      status: ok ? 'pass' : 'fail', cell: `${stopped} of ${tasks(rows.length)} T`,
      evidence: `5 ms after kill(${pid}, SIGSTOP) to a process of main + 2 busy threads: ps: ${ps}`,
    };
    return 0;
  };
}

/** Rule 15: SIGTERM (default action: terminate) to the process kills every thread at once. */
export function terminateProbe(o: ProbeObs): Program {
  return function* monitor(libc: Libc): Sim<number> {
    const pid = yield* libc.fork(threadedChild(o, sleeper));
    for (let i = 0; i < 2; i++) yield* pause1ms(libc);
    const before = liveRows(o).length;
    yield* libc.kill(pid, SIGTERM);
    yield* pause1ms(libc);
    const left = liveRows(o).length;
    const ps = familyPs(o);
    o.stop = true;
    const st = { value: 0 };
    yield* libc.waitpid(pid, st, 0);
    o.verdict = {
      status: left === 0 ? 'pass' : 'fail', cell: left === 0 ? `${before === 1 ? 'the' : `all ${before}`} ${before === 1 ? 'task' : 'tasks'} gone` : `${left} of ${tasks(before)} alive`,
      evidence: `1 ms after kill(${pid}, SIGTERM) to a process of main + 2 sleeping threads: ps: ${ps}`,
    };
    return 0;
  };
}

/** A thread that reports getpid/getppid and, when asked, forks a child that exits with 7. */
function* reporter(libc: Libc, a: { out: { pid: number; ppid: number; child: number }; fork: boolean }): Sim<number> {
  a.out.pid = yield* libc.getpid();
  a.out.ppid = yield* libc.getppid();
  if (a.fork) a.out.child = yield* libc.fork(function* exit7() { return 7; });
  return 0;
}

function* runReporter(libc: Libc, fork: boolean) {
  const out = { pid: 0, ppid: 0, child: 0 };
  const t = yield* libc.pthread_create(reporter, { out, fork });
  yield* libc.pthread_join(t, null);
  return out;
}

/** Rule 3 / 21: getpid() is the same in every thread. */
export function getpidProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    const pid = yield* libc.getpid();
    adopt(o.fam, pid);
    const w = yield* runReporter(libc, false);
    o.verdict = {
      status: w.pid === pid ? 'pass' : 'fail', cell: w.pid === pid ? 'same pid' : `${pid} vs ${w.pid}`,
      evidence: `getpid() in main = ${pid}, in a created thread = ${w.pid}`,
    };
    return 0;
  };
}

/** Rule 3 / 21: getppid() in a thread is the process's parent, not a helper thread. */
export function getppidProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    const ppid = yield* libc.getppid();
    const w = yield* runReporter(libc, false);
    const inside = o.fam.pids.has(w.ppid);
    o.verdict = {
      status: w.ppid === ppid ? 'pass' : 'fail', cell: w.ppid === ppid ? 'same parent' : `${ppid} vs ${w.ppid}`,
      evidence: `getppid() in main = ${ppid}, in a created thread = ${w.ppid}` +
        (w.ppid !== ppid && inside ? ` — a task created by this process itself` : ''),
    };
    return 0;
  };
}

/** Rule 20: ps shows the program as one process, however many threads it has. */
export function psProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    const ids: pthread_t[] = [];
    for (let i = 0; i < 2; i++) ids.push(yield* libc.pthread_create(sleeper, o));
    for (let i = 0; i < 2; i++) yield* pause1ms(libc);
    const rows = liveRows(o);
    const procs = new Set(rows.map((r) => r.pid)).size;
    const ps = familyPs(o);
    o.stop = true;
    for (const t of ids) yield* libc.pthread_join(t, null);
    o.verdict = {
      status: procs === 1 ? 'pass' : 'fail', cell: `${procs} process${procs > 1 ? 'es' : ''}, ${tasks(rows.length)}`,
      evidence: `main + 2 threads; ps -eLf: ${ps}`,
    };
    return 0;
  };
}

/** POSIX wait: any thread may wait for a child forked by another thread of the process. */
export function waitProbe(o: ProbeObs): Program {
  return function* main(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    const w = yield* runReporter(libc, true);
    const st = { value: 0 };
    const r = w.child > 0 ? yield* libc.waitpid(w.child, st, 0) : -1;
    const err = r < 0 ? libc.errno : 0;
    const ok = r === w.child && ((st.value >> 8) & 0xff) === 7;
    o.verdict = {
      status: ok ? 'pass' : 'fail', cell: ok ? 'reaped, status 7' : r < 0 ? errnoName(err) : `returned ${r}`,
      evidence: `a thread forked pid ${w.child} (exits 7); waitpid(${w.child}) in main returned ${r}` +
        (r < 0 ? ` (${errnoName(err)})` : `, status ${(st.value >> 8) & 0xff}`),
    };
    return 0;
  };
}
