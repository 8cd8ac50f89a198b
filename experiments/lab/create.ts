/**
 * create.ts — what does a thread cost to create and destroy?
 *
 * The NPTL white paper's setup (Drepper & Molnar, "The Native POSIX Thread Library for Linux",
 * 2003, section 8): T top-level threads each keep C children alive, joining the oldest and
 * creating a new one, until 100,000 threads have been created in all. The program times
 * itself with clock_gettime (a vDSO read, no system call), as the paper's test did, and the
 * row also carries what the kernel saw per creation: system calls and context switches.
 */

import { errnoName } from '../../kernel/index.js';
import type { Libc, Sim, pthread_t } from '../../libs/index.js';
import { lineChart } from '../report/specs.js';
import {
  LIB_ORDER, baseRow, cpusFor, fmtNs, fmtRatio, libsIn, listText, mean, rowsOf, runJob, setText, sig,
  syscallMix,
} from './common.js';
import { lineStyles } from './chartfix.js';
import type { Experiment, Job, JobSpec, ParamSets, Row, RunContext } from './types.js';

interface CreateParams { tops: number[]; children: number[]; total: number }

export const CREATE_PARAMS: ParamSets<CreateParams> = {
  full: { tops: [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20], children: [1, 5, 10], total: 100_000 },
  quick: { tops: [1, 4, 16], children: [1, 10], total: 1_000 },
};

const DEFAULT_CPUS = 2;

interface Out { elapsedNs: number; created: number; error: number }
interface TopArg { children: number; creations: number; out: Out }

/** A child does nothing: the cost measured is creation, exit and join. */
function* child(): Sim<number> {
  return 0;
}

/** A top-level thread: keep `children` alive, replacing the oldest, `creations` times. */
function* topLevel(libc: Libc, a: TopArg): Sim<number> {
  const live: pthread_t[] = [];
  for (let made = 0; made < a.creations; made++) {
    if (live.length === a.children) yield* libc.pthread_join(live.shift()!, null);
    const t = yield* libc.pthread_create(child, null);
    if (t < 0) { a.out.error = -t; break; }
    live.push(t);
    a.out.created++;
  }
  while (live.length > 0) yield* libc.pthread_join(live.shift()!, null);
  return 0;
}

/** main: start T top-level threads sharing `total` creations, join them, time it all. */
function createProgram(tops: number, children: number, total: number, out: Out) {
  return function* main(libc: Libc): Sim<number> {
    const t0 = yield* libc.clock_gettime();
    const ids: pthread_t[] = [];
    for (let i = 0; i < tops; i++) {
      const share = Math.floor(total / tops) + (i < total % tops ? 1 : 0);
      const t = yield* libc.pthread_create(topLevel, { children, creations: share, out });
      if (t < 0) { out.error = -t; return 1; }
      ids.push(t);
    }
    for (const t of ids) yield* libc.pthread_join(t, null);
    out.elapsedNs = (yield* libc.clock_gettime()) - t0;
    return 0;
  };
}

function plan(ctx: RunContext): JobSpec[] {
  const p = ctx.quick ? CREATE_PARAMS.quick : CREATE_PARAMS.full;
  const jobs: JobSpec[] = [];
  for (const lib of ctx.libs) {
    for (const children of p.children) {
      for (const top of p.tops) {
        jobs.push({
          lib, libOptions: {}, params: { top_threads: top, children, creations: p.total },
          seed: ctx.seed, costs: ctx.costs, cpus: cpusFor(ctx, DEFAULT_CPUS),
        });
      }
    }
  }
  return jobs;
}

function run(job: Job): Row[] {
  const { top_threads: tops, children, creations } = job.params as Record<string, number>;
  const out: Out = { elapsedNs: 0, created: 0, error: 0 };
  const r = runJob(job, createProgram(tops, children, creations, out));
  const ok = r.outcome === 'exited' && out.created === creations;
  return [{
    ...baseRow(job, r),
    outcome: ok ? 'ok' : `${r.outcome}: ${r.statusText}${out.error ? `; pthread_create failed with ${errnoName(out.error)}` : ''}`,
    created: out.created,
    elapsed_ns: Math.round(out.elapsedNs),
    ns_per_creation: ok ? sig(out.elapsedNs / creations) : null,
    syscalls_per_creation: ok ? sig(r.syscallTotal / creations) : null,
    switches_per_creation: ok ? sig(r.contextSwitches / creations) : null,
    peak_tasks: r.peakTasks,
    syscall_mix: syscallMix(r.syscalls, creations),
  }];
}

const COLUMNS = [
  'library', 'top_threads', 'children', 'creations', 'seed', 'costs', 'cpus', 'outcome', 'created',
  'elapsed_ns', 'ns_per_creation', 'syscalls_per_creation', 'switches_per_creation', 'peak_tasks',
  'syscall_mix',
];

function setup(ctx: RunContext): string {
  const p = ctx.quick ? CREATE_PARAMS.quick : CREATE_PARAMS.full;
  return `T top-level threads, T ∈ ${setText(p.tops)}, each keep C children alive, C ∈ ${setText(p.children)}: ` +
    `a top-level thread joins its oldest child and creates a new one until ${p.total.toLocaleString('en-US')} threads ` +
    `have been created in all (the NPTL white paper's test${p.total === 100_000 ? '' : ', which used 100,000'}). Children return at once. ` +
    `Time is the program's own clock_gettime around the whole run, divided by the creations; ` +
    `${cpusFor(ctx, DEFAULT_CPUS)} CPUs, cost preset ${ctx.costs}.`;
}

/** Mean over all configurations of a library's per-creation numbers. */
function libMeans(rows: Row[], lib: string) {
  const ok = rowsOf(rows, lib).filter((r) => r.ns_per_creation !== null);
  const col = (c: string) => mean(ok.map((r) => r[c] as number));
  return { ns: col('ns_per_creation'), sys: col('syscalls_per_creation'), sw: col('switches_per_creation'), n: ok.length };
}

/** Libraries with runs that did not complete, with the first such run's outcome. */
function failures(rows: Row[]): string {
  return libsIn(rows).map((l) => {
    const bad = rowsOf(rows, l).filter((r) => r.outcome !== 'ok');
    if (bad.length === 0) return '';
    const r = bad[0];
    return ` ${bad.length} ${l} run${bad.length > 1 ? 's' : ''} did not complete (first: T=${r.top_threads}, C=${r.children}, ` +
      `${r.outcome} after ${r.created} of ${r.creations} creations); its other runs are averaged.`;
  }).join('');
}

function reading(rows: Row[]): string {
  const libs = libsIn(rows);
  const m = Object.fromEntries(libs.map((l) => [l, libMeans(rows, l)]));
  const parts = libs.filter((l) => m[l].n > 0).map((l) =>
    `${l} ${fmtNs(m[l].ns)} (${m[l].sys.toFixed(1)} system calls, ${m[l].sw.toFixed(1)} context switches)`);
  let text = `Averaged over the configurations, one creation + exit + join cost ${listText(parts)}.`;
  const mix = (l: string) => String(rowsOf(rows, l).find((r) => r.outcome === 'ok')?.syscall_mix ?? '');
  const lt = m.linuxthreads, np = m.nptl;
  if (lt?.n && np?.n) {
    text += ` LinuxThreads costs ${fmtRatio(lt.ns / np.ns)} NPTL's. Its most frequent calls per creation were ${mix('linuxthreads')} ` +
      `against NPTL's ${mix('nptl')}: a LinuxThreads creation is a request over the manager's pipe and a restart signal ` +
      'back, and the manager clones and reaps every thread; NPTL clones directly and joins on a futex.';
  }
  for (const l of libs.filter((x) => (x === 'green' || x === 'ngpt') && m[x].n > 0 && np?.n)) {
    const cheaper = m[l].ns < np.ns;
    text += ` ${l} is ${fmtRatio(cheaper ? np.ns / m[l].ns : m[l].ns / np.ns)} ${cheaper ? 'cheaper' : 'dearer'} than NPTL, ` +
      `with ${m[l].sys.toFixed(2)} system calls per creation: its threads are user-level contexts.`;
  }
  return text + failures(rows);
}

function table(rows: Row[]): { columns: string[]; rows: (string | number)[][] } {
  const libs = libsIn(rows);
  return {
    columns: ['library', 'mean ns per creation', 'min', 'max', 'system calls per creation', 'switches per creation'],
    rows: libs.map((l) => {
      const ns = rowsOf(rows, l).map((r) => r.ns_per_creation).filter((v): v is number => typeof v === 'number');
      const m = libMeans(rows, l);
      return [l, sig(m.ns), ns.length ? Math.min(...ns) : '', ns.length ? Math.max(...ns) : '', sig(m.sys, 3), sig(m.sw, 3)];
    }),
  };
}

export const create: Experiment = {
  name: 'create',
  question: 'What does a thread cost to create and destroy?',
  libraries: LIB_ORDER,
  measures: 'virtual ns per thread creation (create + exit + join), with system calls and switches per creation',
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows) {
    const data = rows.filter((r) => r.ns_per_creation !== null).map((r) => ({ ...r, us_per_creation: (r.ns_per_creation as number) / 1000 }));
    return {
      reading: reading(rows),
      table: table(rows),
      charts: [{
        id: 'create-time',
        title: 'Thread creation: virtual µs per creation by top-level threads (one panel per children kept alive)',
        spec: lineStyles(lineChart({
          title: 'µs per thread creation', data, x: 'top_threads', y: 'us_per_creation',
          xTitle: 'top-level threads', yTitle: 'µs per creation', column: 'children',
          columnTitle: 'children kept alive per top-level thread', colorDomain: libsIn(rows), width: 220, height: 220,
        }), libsIn(rows)),
      }],
    };
  },
};
