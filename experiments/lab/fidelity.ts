/**
 * fidelity.ts — does the lab reproduce the published results of the NPTL era?
 *
 * `threadlab experiment fidelity` runs, always with the i386-2003 cost preset (the machines
 * of 2002–2003, whatever --costs says), three parts through the other experiments' own code
 * (and, with --costs host, a fourth: this machine's composites, fidelity_host.ts):
 *
 *   create        the create experiment's sweep (create.ts's jobs and program) for the three
 *                 libraries the NPTL white paper compared: LinuxThreads, NPTL, NGPT
 *   contention    the contention experiment's sweep (contention.ts) for NPTL and LinuxThreads,
 *                 the pair of the paper's Figure 3
 *   announcement  NPTL 0.1's figure: 100,000 creations by one thread keeping at most 50 alive,
 *                 on 2 CPUs (the announcement's dual Pentium II), through create.ts's program
 *
 * and sets each published statement beside the lab's figure (fidelity_claims.ts): the claim,
 * its source, the lab's number, reproduced or not, and why. A dedicated experiment rather than
 * a section the report writer adds: the claims need runs the other sweeps do not make (the
 * announcement's configuration, a fixed preset), the section then travels through the report
 * writer like any experiment (table, charts, reading, notes, CSV), and the runs stay the create
 * and contention experiments' own code, so nothing is computed twice in two ways.
 *
 * Simplifies: the paper's absolute times are not compared (its figures are plots of machines
 * the presets only approximate), only its shape statements and the announcement's one number.
 */

import { lineChart } from '../report/specs.js';
import { lineStyles, log2Axis } from './chartfix.js';
import { cpusFor, fmtNs, libsIn, setText } from './common.js';
import { contention, CONTENTION_PARAMS } from './contention.js';
import { create, CREATE_PARAMS } from './create.js';
import { ANNOUNCED, PRESET_MHZ, claimsReading, judgeClaims, minOverChildren } from './fidelity_claims.js';
import { HOST_COLUMNS, hostClaims, hostJobs, runHostJob } from './fidelity_host.js';
import type { Experiment, Job, JobSpec, Row, RunContext } from './types.js';

/** The preset every fidelity run uses. */
export const FIDELITY_PRESET = 'i386-2003';
const CREATE_LIBS = ['linuxthreads', 'nptl', 'ngpt'];
const CONTENTION_LIBS = ['linuxthreads', 'nptl'];

type Part = 'create' | 'contention' | 'announcement';
const PARTS: Record<Part, Experiment> = { create, contention, announcement: create };

/**
 * Every column of the parts' rows, `part` first, each once, in order of first appearance; then
 * the host composites' (fidelity_host.ts, with --costs host).
 */
const COLUMNS = ['part', ...new Set([...create.columns, ...contention.columns, ...HOST_COLUMNS])];

/** The other experiment's jobs for `libs`, with the fixed preset, each tagged with its part. */
function partJobs(e: Experiment, part: Part, ctx: RunContext, libs: string[]): JobSpec[] {
  const c: RunContext = { ...ctx, costs: FIDELITY_PRESET, libs: ctx.libs.filter((l) => libs.includes(l)) };
  if (c.libs.length === 0) return [];
  return e.plan(c).map((j) => ({ ...j, params: { part, ...j.params } }));
}

function plan(ctx: RunContext): JobSpec[] {
  const jobs = [...partJobs(create, 'create', ctx, CREATE_LIBS), ...partJobs(contention, 'contention', ctx, CONTENTION_LIBS)];
  if (ctx.libs.includes('nptl')) {
    jobs.push({
      lib: 'nptl', libOptions: {}, seed: ctx.seed, costs: FIDELITY_PRESET, cpus: ANNOUNCED.cpus,
      params: { part: 'announcement', top_threads: 1, children: ANNOUNCED.alive, creations: ANNOUNCED.creations },
    });
    if (ctx.costs === 'host') jobs.push(...hostJobs(ctx)); // this machine's composites too
  }
  return jobs;
}

/** Run the job with its part's experiment; widen its rows to the union of columns. */
function run(job: Job): Row[] {
  const { part, ...params } = job.params;
  const widen = (row: Row): Row => Object.fromEntries(COLUMNS.map((c) => [c, row[c] ?? null]));
  if (part === 'validate') return [widen(runHostJob(job))];
  const e = PARTS[part as Part];
  if (!e) throw new Error(`fidelity: unknown part '${String(part)}'`);
  return e.run({ ...job, experiment: e.name, params }).map((r) => widen({ part: part as string, ...r }));
}

function setup(ctx: RunContext): string {
  const cp = ctx.quick ? CREATE_PARAMS.quick : CREATE_PARAMS.full;
  const kp = ctx.quick ? CONTENTION_PARAMS.quick : CONTENTION_PARAMS.full;
  return `Every run uses the ${FIDELITY_PRESET} cost preset (Pentium III 790 MHz class, Linux 2.5/2.6), whatever --costs says. ` +
    `Creation: the create experiment's sweep — T ∈ ${setText(cp.tops)} top-level threads, C ∈ ${setText(cp.children)} children, ` +
    `${cp.total.toLocaleString('en-US')} creations — for ${CREATE_LIBS.join(', ')}, on ${cpusFor(ctx, 2)} CPUs. ` +
    `Contention: the contention experiment's sweep — ${kp.threads} threads, ${kp.entries.toLocaleString('en-US')} entries, ` +
    `regions ∈ ${setText(kp.regions)}, ${setText(kp.insideNs.map(fmtNs))} inside — for ${CONTENTION_LIBS.join(' and ')}, on ${cpusFor(ctx, 4)} CPUs. ` +
    `Announcement: NPTL, one thread creating ${ANNOUNCED.creations.toLocaleString('en-US')} threads with at most ${ANNOUNCED.alive} ` +
    `alive, on ${ANNOUNCED.cpus} CPUs; its time is scaled by the clock ratio ${PRESET_MHZ}/${ANNOUNCED.mhz} MHz.` +
    (ctx.costs === 'host' ? ' This machine (--costs host): the composites `threadlab calibrate` measured (medians of its probe runs, ' +
      'with their spread), each simulated with the host preset on the probe\'s CPU count, NPTL in the era the host model pairs.' : '');
}

/** The paper's Figure 1: µs per creation, minimum over children, by top-level threads. */
function createChart(rows: Row[]) {
  const fig = minOverChildren(rows);
  const libs = libsIn(rows).filter((l) => fig.has(l));
  const data = libs.flatMap((l) => [...fig.get(l)!].map(([t, ns]) => ({ library: l, top_threads: t, us_per_creation: ns / 1000 })));
  return {
    id: 'fidelity-create',
    title: 'Fidelity, creation (i386-2003): µs per creation, minimum over children kept alive, by top-level threads (the paper\'s Figure 1)',
    spec: lineStyles(lineChart({
      title: 'µs per creation (minimum over children)', data, x: 'top_threads', y: 'us_per_creation',
      xTitle: 'top-level threads', yTitle: 'µs per creation', colorDomain: libs,
    }), libs),
  };
}

/** The paper's Figure 3: ns per entry by regions, NPTL and LinuxThreads, one panel per length. */
function contentionChart(rows: Row[]) {
  const libs = libsIn(rows);
  const done = rows.filter((r) => typeof r.ns_per_entry === 'number');
  const data = done.map((r) => ({ ...r, inside: `${fmtNs(r.inside_ns as number)} inside` }));
  const regions = [...new Set(done.map((r) => r.regions as number))];
  const spec = lineChart({
    title: 'ns per critical-region entry', data, x: 'regions', y: 'ns_per_entry', xTitle: 'critical regions (mutexes)',
    yTitle: 'ns per entry', column: 'inside', columnTitle: 'work inside the lock per entry', colorDomain: libs, width: 260, height: 220,
  });
  return {
    id: 'fidelity-contention',
    title: 'Fidelity, contention (i386-2003): ns per entry by number of regions, NPTL and LinuxThreads (the paper\'s Figure 3)',
    spec: { ...lineStyles(log2Axis(spec, 'x', regions), libs), resolve: { scale: { y: 'independent' } } },
  };
}

export const fidelity: Experiment = {
  name: 'fidelity',
  question: 'Does the lab reproduce the published results of the NPTL era (i386-2003 preset)?',
  libraries: ['linuxthreads', 'nptl', 'ngpt'],
  measures: 'the create and contention experiments\' figures with the i386-2003 preset, and NPTL\'s time for the announcement\'s 100,000 creations',
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows) {
    const claims = [...judgeClaims(rows), ...hostClaims(rows)];
    const part = (p: string) => rows.filter((r) => r.part === p);
    return {
      reading: claimsReading(claims),
      table: {
        columns: ['claim', 'source', 'lab', 'reproduced', 'why'],
        rows: claims.map((c) => [c.claim, c.source, c.lab, c.reproduced, c.why]),
      },
      charts: [createChart(part('create')), contentionChart(part('contention'))],
      notes: [
        `Scaling: the ${FIDELITY_PRESET} preset's primitives were measured on a Pentium III 790 MHz (lmbench, [LM03] in kernel/costs.ts); ` +
        `the announcement's machine was a dual 450 MHz Pentium II. Both are P6 cores, so the lab's time is multiplied by ${PRESET_MHZ}/${ANNOUNCED.mhz} ` +
        `≈ ${(PRESET_MHZ / ANNOUNCED.mhz).toFixed(2)}: a choice made before the run, never fitted; the unscaled time is shown too. ` +
        'The shape claims compare libraries on one preset and need no scaling.',
        'Sources: U. Drepper and I. Molnar, "The Native POSIX Thread Library for Linux", Red Hat, February 2003, section Results ' +
        '(Thread Creation and Destruction Timing; Contention Handling); U. Drepper, "[ANNOUNCE] Native POSIX Thread Library 0.1", ' +
        'linux-kernel, 19 September 2002. The presets never use these figures as inputs (DESIGN.md section 3).',
        'Green threads are left out: the paper did not measure an M:1 library.',
      ],
    };
  },
};
