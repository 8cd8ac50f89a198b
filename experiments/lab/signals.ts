/**
 * signals.ts — which POSIX signal rules does each library keep?
 *
 * One probe program per requirement (signal_probes.ts, signal_probes_proc.ts), run on every
 * library; each run yields one cell of a pass/fail matrix with its evidence — which thread's
 * handler ran, what ps showed, what getpid/getppid/waitpid returned. The rows are the POSIX
 * requirements for a process's threads (the NPTL white paper's list) and the rules where
 * LinuxThreads is documented to deviate: identity, and (signal_probes_creds.ts) the process
 * group a signal is sent to, user ids, CPU time, and (signal_probes_exit.ts) the disposition
 * sigwait leaves and the atexit handlers after main's pthread_exit. The rule numbers are DESIGN.md section 8's.
 */

import { matrixChart } from '../report/specs.js';
import { LIB_ORDER, cpusFor, libsIn, listText, runJob, trackFamily } from './common.js';
import {
  killThreadId, masksAndDispositions, newObs, processDirected, threadDirected, type Probe,
} from './signal_probes.js';
import { getpidProbe, getppidProbe, psProbe, stopProbe, terminateProbe, waitProbe } from './signal_probes_proc.js';
import { groupSignalProbe, setuidProbe, getrusageProbe } from './signal_probes_creds.js';
import { atexitAfterMainExitProbe, sigwaitDispositionProbe } from './signal_probes_exit.js';
import type { Experiment, Job, JobSpec, Row, RunContext } from './types.js';

export const PROBES: Probe[] = [
  { id: 'process-directed', rule: 'R13 kill(pid) → thread not blocking it', kind: 'POSIX', program: processDirected },
  { id: 'kill-thread-id', rule: 'R12 kill(tid) is process-wide', kind: 'POSIX', program: killThreadId },
  { id: 'stop', rule: 'R16 SIGSTOP stops every thread', kind: 'POSIX', program: stopProbe },
  { id: 'terminate', rule: 'R15 a fatal signal kills every thread', kind: 'POSIX', program: terminateProbe },
  { id: 'masks', rule: 'R4 per-thread masks, shared handlers', kind: 'POSIX', program: masksAndDispositions },
  { id: 'pthread-kill', rule: 'R12 pthread_kill hits that thread', kind: 'POSIX', program: threadDirected },
  { id: 'getpid', rule: 'R3 same getpid() in every thread', kind: 'LinuxThreads deviation', program: getpidProbe },
  { id: 'getppid', rule: "R3 getppid() is the process's parent", kind: 'LinuxThreads deviation', program: getppidProbe },
  { id: 'ps', rule: 'R20 ps shows one process', kind: 'LinuxThreads deviation', program: psProbe },
  { id: 'wait', rule: "R11 wait for another thread's child", kind: 'LinuxThreads deviation', program: waitProbe },
  // Issue 16: what else threads share (process group, user ids, CPU time).
  { id: 'group-signal', rule: 'kill(0, sig): one handler per process', kind: 'LinuxThreads deviation', program: groupSignalProbe },
  { id: 'setuid', rule: 'setuid in a thread changes every thread', kind: 'LinuxThreads deviation', program: setuidProbe, start: { setuid: 0 } },
  { id: 'getrusage', rule: 'getrusage(RUSAGE_SELF) counts every thread', kind: 'LinuxThreads deviation', program: getrusageProbe },
  // Issue 16: what a call leaves behind (signal_probes_exit.ts).
  { id: 'sigwait-disposition', rule: 'sigwait leaves the disposition alone', kind: 'LinuxThreads deviation', program: sigwaitDispositionProbe },
  { id: 'atexit-main-exit', rule: "atexit runs after main's pthread_exit", kind: 'POSIX', program: atexitAfterMainExitProbe },
];

const DEFAULT_CPUS = 2;

function plan(ctx: RunContext): JobSpec[] {
  return ctx.libs.flatMap((lib) => PROBES.map((p) => ({
    lib, libOptions: {}, seed: ctx.seed, costs: ctx.costs, cpus: cpusFor(ctx, DEFAULT_CPUS), params: { probe: p.id },
  })));
}

function run(job: Job): Row[] {
  const probe = PROBES.find((p) => p.id === job.params.probe);
  if (!probe) throw new Error(`signals: unknown probe '${String(job.params.probe)}'`);
  const o = newObs();
  const r = runJob(job, probe.program(o), {
    name: `probe-${probe.id}`,
    timeLimit: 30e9,
    setup: (k) => { o.k = k; o.fam = trackFamily(k); },
    ...probe.start,
  });
  const v = o.verdict;
  const broken = r.outcome !== 'exited' ? `${r.outcome}: ${(r.deadlock ?? r.statusText).split('\n').join(' / ')}` : 'program ended without a verdict';
  return [{
    library: job.lib, probe: probe.id, rule: probe.rule, kind: probe.kind, seed: job.seed, costs: r.costs, cpus: job.cpus,
    outcome: r.outcome === 'exited' ? r.statusText : r.outcome,
    status: v ? v.status : 'error',
    cell: v ? v.cell : 'error',
    evidence: v ? v.evidence : broken,
  }];
}

const COLUMNS = ['library', 'probe', 'rule', 'kind', 'seed', 'costs', 'cpus', 'outcome', 'status', 'cell', 'evidence'];

function setup(ctx: RunContext): string {
  const posix = PROBES.filter((p) => p.kind === 'POSIX').length;
  return `${PROBES.length} probe programs, each run on every library: ${posix} POSIX requirements for the threads of a process ` +
    `and ${PROBES.length - posix} rules where LinuxThreads is documented to deviate (identity, process group, user ids, ` +
    'CPU time, what sigwait leaves behind) and whether atexit handlers run after main calls pthread_exit. A probe sets up the ' +
    'situation (who blocks which signal, who sends it, who forks), lets it happen, and records what it observed: ' +
    'which thread ran the handler (by pthread_self), sigpending, ps rows of the process\'s tasks read from the ' +
    'kernel at that instant, and the return values of getpid, getppid and waitpid. The verdict in each cell is ' +
    `computed from those observations. ${cpusFor(ctx, DEFAULT_CPUS)} CPUs, cost preset ${ctx.costs}.`;
}

function reading(rows: Row[]): string {
  const libs = libsIn(rows);
  const parts: string[] = [];
  for (const l of libs) {
    const mine = rows.filter((r) => r.library === l);
    const failed = mine.filter((r) => r.status !== 'pass');
    const posixFailed = failed.filter((r) => r.kind === 'POSIX');
    parts.push(failed.length === 0
      ? `${l} passed all ${mine.length} probes`
      : `${l} passed ${mine.length - failed.length} of ${mine.length}, failing ${listText(failed.map((r) => `"${String(r.rule).replace(/^R\d+ /, '')}"`))}` +
        (posixFailed.length ? ` (${posixFailed.length} of them POSIX requirements)` : ''));
  }
  let text = `${parts.join('; ')}.`;
  const lt = rows.find((r) => r.library === 'linuxthreads' && r.probe === 'process-directed');
  if (lt) text += ` LinuxThreads' evidence for the process-directed kill: ${lt.evidence}.`;
  const np = rows.find((r) => r.library === 'nptl' && r.probe === 'process-directed');
  if (np) text += ` NPTL's: ${np.evidence}.`;
  return text;
}

function table(rows: Row[]) {
  const libs = libsIn(rows);
  return {
    columns: ['requirement', ...libs],
    rows: PROBES.map((p) => [p.rule, ...libs.map((l) => {
      const r = rows.find((x) => x.library === l && x.probe === p.id);
      return r ? `${String(r.status)}: ${String(r.cell)}` : '';
    })]),
  };
}

export const signals: Experiment = {
  name: 'signals',
  question: 'Which POSIX signal rules does each library keep?',
  libraries: LIB_ORDER,
  measures: 'one pass/fail verdict per requirement and library, with the observations it was computed from',
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows) {
    return {
      reading: reading(rows),
      table: table(rows),
      charts: [{
        id: 'signals-matrix',
        title: 'Signal rules: pass/fail per library (hover a cell for its evidence)',
        spec: matrixChart({
          title: 'POSIX signal and identity rules', data: rows, row: 'rule', column: 'library', value: 'status', text: 'cell',
          rowTitle: '', rowSort: PROBES.map((p) => p.rule), columnSort: libsIn(rows),
          tooltip: ['evidence'], cellWidth: 200, colors: { error: '#bdbdbd' },
        }),
      }],
      notes: ['Each cell\'s evidence is in signals.csv (column evidence) and in the chart\'s tooltips in index.html.'],
    };
  },
};
