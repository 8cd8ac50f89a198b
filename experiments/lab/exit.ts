/**
 * exit.ts — how does a process end?
 *
 * A monitor forks a threaded child process and waits for it. Four endings:
 *   main-pthread_exit  main calls pthread_exit while two workers still compute for 5 ms
 *   thread-exit        a worker calls exit(3) while another sleeps in a loop
 *   thread-signal      a worker dies of SIGSEGV (raise) while another sleeps in a loop
 *   main-killed        the monitor sends SIGKILL to the child's pid (its main thread)
 * Measured: virtual time from the action to the monitor's waitpid returning, and to the last
 * task of the child's clone tree exiting ("gone"), followed through the kernel's event log
 * (clone and exit events), which also gives what was left when waitpid returned — e.g. a
 * LinuxThreads process whose main thread was killed leaves its manager and threads running
 * until the manager's 2-second poll notices (rule 23).
 */

import { describeStatus, psThreads, SIGKILL, SIGSEGV, type Kernel } from '../../kernel/index.js';
import type { Libc, Sim, pthread_t } from '../../libs/index.js';
import { barChart } from '../report/specs.js';
import { LIB_ORDER, adopt, cpusFor, fmtNs, libsIn, listText, pick, runJob, trackFamily, type Family } from './common.js';
import { asPoints, log10Axis } from './chartfix.js';
import type { Experiment, Job, JobSpec, Row, RunContext } from './types.js';

export const EXIT_SCENARIOS = ['main-pthread_exit', 'thread-exit', 'thread-signal', 'main-killed'] as const;
type Scenario = (typeof EXIT_SCENARIOS)[number];

const DEFAULT_CPUS = 2;
const SLEEPER_LIMIT_MS = 5_000;

interface Obs {
  fam: Family;
  k: Kernel | null;
  startAt: number;
  actionAt: number;
  aliveAtAction: number;
  reapAt: number;
  status: number;
  leftAtReap: string[];
}

/** Note the moment of the ending action, and how many of the child's tasks were alive then. */
function* markAction(libc: Libc, o: Obs): Sim<number> {
  o.actionAt = yield* libc.clock_gettime();
  o.aliveAtAction = o.fam.alive.size;
  return 0;
}

function* computeWorker(libc: Libc, _o: Obs): Sim<number> {
  for (let i = 0; i < 5; i++) yield* libc.compute(1_000_000);
  return 0;
}

function* sleeper(libc: Libc, _o: Obs): Sim<number> {
  for (let i = 0; i < SLEEPER_LIMIT_MS / 2; i++) yield* libc.usleep(2_000);
  return 0;
}

function* exiter(libc: Libc, o: Obs): Sim<number> {
  yield* libc.compute(1_000_000);
  yield* markAction(libc, o);
  return yield* libc.exit(3);
}

function* crasher(libc: Libc, o: Obs): Sim<number> {
  yield* libc.compute(1_000_000);
  yield* markAction(libc, o);
  yield* libc.raise(SIGSEGV);
  return 0;
}

/** The forked child: adopt itself into the family first, then run the scenario. */
function childBody(sc: Scenario, o: Obs) {
  return function* child(libc: Libc): Sim<number> {
    adopt(o.fam, yield* libc.getpid());
    o.startAt = yield* libc.clock_gettime();
    const fns = sc === 'main-pthread_exit' ? [computeWorker, computeWorker]
      : sc === 'thread-exit' ? [exiter, sleeper] : sc === 'thread-signal' ? [crasher, sleeper] : [sleeper, sleeper];
    const ids: pthread_t[] = [];
    for (const fn of fns) ids.push(yield* libc.pthread_create(fn, o));
    if (sc === 'main-pthread_exit') {
      yield* markAction(libc, o);
      yield* libc.pthread_exit(null);
    }
    for (const t of ids) yield* libc.pthread_join(t, null);
    return 0;
  };
}

function exitProgram(sc: Scenario, o: Obs) {
  return function* monitor(libc: Libc): Sim<number> {
    const pid = yield* libc.fork(childBody(sc, o));
    if (pid < 0) return 1;
    if (sc === 'main-killed') {
      yield* libc.usleep(2_000);
      yield* markAction(libc, o);
      yield* libc.kill(pid, SIGKILL);
    }
    const st = { value: 0 };
    yield* libc.waitpid(pid, st, 0);
    o.reapAt = yield* libc.clock_gettime();
    o.status = st.value;
    o.leftAtReap = psThreads(o.k!).filter((r) => o.fam.alive.has(r.lwp)).map((r) => `${r.lwp} ${r.stat}`);
    for (let i = 0; i < 1000 && o.fam.alive.size > 0; i++) yield* libc.usleep(10_000);
    return 0;
  };
}

function plan(ctx: RunContext): JobSpec[] {
  return ctx.libs.flatMap((lib) => EXIT_SCENARIOS.map((scenario) => ({
    lib, libOptions: {}, seed: ctx.seed, costs: ctx.costs, cpus: cpusFor(ctx, DEFAULT_CPUS), params: { scenario },
  })));
}

function run(job: Job): Row[] {
  const sc = job.params.scenario as Scenario;
  const o: Obs = { fam: { root: -1, pids: new Set(), alive: new Set(), lastExit: 0 }, k: null, startAt: -1, actionAt: -1, aliveAtAction: 0, reapAt: -1, status: 0, leftAtReap: [] };
  const r = runJob(job, exitProgram(sc, o), {
    timeLimit: 60e9,
    setup: (k) => { o.k = k; o.fam = trackFamily(k); },
  });
  const ok = r.outcome === 'exited' && o.actionAt >= 0 && o.reapAt >= 0;
  const gone = ok && o.fam.alive.size === 0;
  return [{
    library: job.lib, scenario: sc, seed: job.seed, costs: r.costs, cpus: job.cpus,
    outcome: ok ? (gone ? 'ok' : 'tasks still alive at the end of the run') : `${r.outcome}: ${r.statusText}`,
    child_status: ok ? describeStatus(o.status) : null,
    tasks_at_action: o.aliveAtAction,
    start_to_action_ns: ok && o.startAt >= 0 ? Math.round(o.actionAt - o.startAt) : null,
    action_to_reap_ns: ok ? Math.round(o.reapAt - o.actionAt) : null,
    action_to_gone_ns: gone ? Math.round(Math.max(0, o.fam.lastExit - o.actionAt)) : null,
    left_at_reap: o.leftAtReap.length,
    left_at_reap_ps: o.leftAtReap.join('; '),
  }];
}

const COLUMNS = [
  'library', 'scenario', 'seed', 'costs', 'cpus', 'outcome', 'child_status', 'tasks_at_action', 'start_to_action_ns', 'action_to_reap_ns',
  'action_to_gone_ns', 'left_at_reap', 'left_at_reap_ps',
];

function setup(ctx: RunContext): string {
  return 'A monitor forks a child process with two worker threads and waits for it; the child ends in one of four ways: ' +
    'main calls pthread_exit while both workers compute for 5 ms (main-pthread_exit); a worker calls exit(3) ' +
    '(thread-exit); a worker raises SIGSEGV (thread-signal); the monitor sends SIGKILL to the child\'s pid, its main ' +
    'thread (main-killed). The child\'s tasks are followed through the clone tree in the kernel\'s event log. ' +
    `${cpusFor(ctx, DEFAULT_CPUS)} CPUs, cost preset ${ctx.costs}.`;
}

function reading(rows: Row[]): string {
  const libs = libsIn(rows);
  const g = (l: string, s: string, c: string) => pick(rows, { library: l, scenario: s }, c);
  const parts: string[] = [];
  const slow = libs.filter((l) => (g(l, 'main-killed', 'action_to_gone_ns') ?? 0) > 100e6);
  const fast = libs.filter((l) => { const v = g(l, 'main-killed', 'action_to_gone_ns'); return v !== null && v <= 100e6; });
  if (fast.length) parts.push(`When the main thread was killed, ${listText(fast.map((l) => `${l}'s process was gone ${fmtNs(g(l, 'main-killed', 'action_to_gone_ns')!)} later`))}.`);
  for (const l of slow) {
    const gone = g(l, 'main-killed', 'action_to_gone_ns')!, reap = g(l, 'main-killed', 'action_to_reap_ns')!;
    parts.push(`${l}'s process took ${fmtNs(gone)}: waitpid returned after ${fmtNs(reap)} with ` +
      `${g(l, 'main-killed', 'left_at_reap')} task(s) of the process still alive, and they lived on for ${fmtNs(gone - reap)}` +
      (l === 'linuxthreads' ? ' — until the manager\'s poll (2 s timeout) found its parent, the main thread, gone (rule 23).' : '.'));
  }
  const leftovers = rows.filter((r) => r.scenario !== 'main-killed' && (r.left_at_reap as number) > 0);
  if (leftovers.length) parts.push(`Tasks also outlived waitpid in ${listText(leftovers.map((r) => `${r.library}/${r.scenario}`))}.`);
  for (const sc of ['thread-exit', 'thread-signal', 'main-pthread_exit']) {
    const st = libs.map((l) => [l, rows.find((r) => r.library === l && r.scenario === sc)?.child_status ?? null] as const);
    const kinds = [...new Set(st.map(([, s]) => s))];
    const said = kinds.length === 1 ? `"${kinds[0]}" in every library` : listText(st.map(([l, s]) => `${l} "${s}"`));
    parts.push(`${sc}: the monitor saw ${said}, gone after ${listText(libs.map((l) => {
      const v = g(l, sc, 'action_to_gone_ns'), at = g(l, sc, 'start_to_action_ns');
      return `${v === null ? '?' : fmtNs(v)} (${l}${sc === 'main-pthread_exit' && at !== null ? `, called ${fmtNs(at)} after the child started` : ''})`;
    }))}.`);
  }
  const late = rows.filter((r) => (r.left_at_reap as number) === 0 && r.action_to_reap_ns !== null && r.action_to_gone_ns !== null &&
    (r.action_to_reap_ns as number) - (r.action_to_gone_ns as number) > 50e6);
  const lateLibs = [...new Set(late.map((r) => String(r.library)))];
  if (lateLibs.length) {
    parts.push(`Under ${listText(lateLibs)} the monitor itself learned of the end late (waitpid returned up to ` +
      `${fmtNs(Math.max(...late.map((r) => (r.action_to_reap_ns as number) - (r.action_to_gone_ns as number))))} after the ` +
      'last task exited): the monitor runs on the same library, whose wrapped waitpid polls with WNOHANG between user-level sleeps.');
  }
  return parts.join(' ');
}

export const exit: Experiment = {
  name: 'exit',
  question: 'How does a process end?',
  libraries: LIB_ORDER,
  measures: "virtual time from the ending action until waitpid returns and until the process's last task has exited, and what was left at waitpid",
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows) {
    const data = rows.filter((r) => r.action_to_gone_ns !== null)
      .map((r) => ({ ...r, gone_us: Math.max(0.01, (r.action_to_gone_ns as number) / 1000) }));
    return {
      reading: reading(rows),
      table: {
        columns: ['library', 'scenario', 'status', 'to waitpid', 'to gone', 'left at waitpid'],
        rows: rows.map((r) => [
          String(r.library), String(r.scenario), String(r.child_status ?? r.outcome),
          r.action_to_reap_ns === null ? '' : fmtNs(r.action_to_reap_ns as number),
          r.action_to_gone_ns === null ? '' : fmtNs(r.action_to_gone_ns as number),
          r.left_at_reap_ps ? String(r.left_at_reap_ps) : 'nothing',
        ]),
      },
      charts: [{
        id: 'exit-gone',
        title: 'Process exit: virtual time from the ending action until the last task is gone (log scale)',
        spec: log10Axis(asPoints(barChart({
          title: 'time until the process is gone', data, x: 'scenario', y: 'gone_us',
          xTitle: 'how the process ends', yTitle: 'µs until gone (log scale)', colorDomain: libsIn(rows),
          xSort: [...EXIT_SCENARIOS], width: 440,
        })), 'y', data.map((r) => r.gone_us)),
      }],
    };
  },
};
