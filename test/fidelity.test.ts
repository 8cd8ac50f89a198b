/**
 * fidelity.test.ts — the NPTL white paper's shape claims, checked from the experiments' own
 * output with the i386-2003 preset (create and contention in quick mode, run in-process
 * through the experiment code), never from stored numbers.
 *
 * Where the lab reproduces a claim the test asserts the claim: NPTL creates faster than
 * LinuxThreads at every number of top-level threads. Where it does not, the test asserts what
 * the lab shows instead, and that the fidelity experiment's table says "no". NGPT's creation
 * follows NGPT 2.2.1's source (libs/ngpt/pth_spawn.ts), which makes it slower than NPTL and
 * about twice as fast as LinuxThreads, as the paper's Figure 1 has it.
 * The contention claim holds since LinuxThreads' default mutex is the timed kind, as in glibc
 * 2.2–2.3 (no spinning; the adaptive kind that spins is tested in linuxthreads-sync.test.ts).
 * Quick mode resolves it where threads contend; with a region per thread (32 regions, 32
 * threads) nobody contends, both libraries take their user-space fast path, and quick mode's
 * 50 entries per thread leave the two within the seed-to-seed spread of thread placement on 4
 * CPUs (either may be lower, by up to ~8 %; seeds 1–6), so there the test asks for a tie, and
 * the quick verdict may be either. The full run has NPTL lower at 12 of 12 points.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeClaims, minOverChildren, PRESET_MHZ, ANNOUNCED } from '../experiments/lab/fidelity_claims.js';
import { runExperiments } from '../experiments/lab/run_all.js';
import type { Row } from '../experiments/lab/types.js';

let createRows: Row[] = [];
let contentionRows: Row[] = [];
let fidelityRows: Row[] = [];
let table: { columns: string[]; rows: (string | number)[][] } | undefined;

beforeAll(async () => {
  const base = await runExperiments({
    names: ['create', 'contention'], libs: ['linuxthreads', 'nptl', 'ngpt'], quick: true, costs: 'i386-2003', workers: 0,
  });
  createRows = base.report.experiments.find((e) => e.name === 'create')!.rows as Row[];
  contentionRows = base.report.experiments.find((e) => e.name === 'contention')!.rows as Row[];
  // --costs modern-x86 on purpose: the fidelity experiment must still run with i386-2003.
  const fid = await runExperiments({ names: ['fidelity'], quick: true, costs: 'modern-x86', workers: 0 });
  const e = fid.report.experiments[0];
  fidelityRows = e.rows as Row[];
  table = e.table;
}, 180_000); // three quick sweeps in-process: ~20 s on a quiet machine, a minute on a loaded one

/** ns per creation, minimum over children, per library and top-level count (the paper's Figure 1). */
function figure1(lib: string): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of createRows.filter((x) => x.library === lib)) {
    expect(r.outcome, `${lib} T=${r.top_threads} C=${r.children}`).toBe('ok');
    const t = r.top_threads as number;
    m.set(t, Math.min(m.get(t) ?? Infinity, r.ns_per_creation as number));
  }
  return m;
}

const ns = (lib: string, regions: number, inside: number, col = 'ns_per_entry', rows = contentionRows) =>
  rows.find((r) => r.library === lib && r.regions === regions && r.inside_ns === inside)![col] as number;

/** Uncontended (a region per thread), the two fast paths tie within quick mode's placement spread. */
const TIE = 0.1;

/** NPTL below LinuxThreads at every contended point, and tied with it at the uncontended one. */
function checkContention(rows: Row[]): void {
  const regions = [...new Set(rows.map((r) => r.regions as number))];
  const threads = rows[0].threads as number;
  expect(regions.length).toBeGreaterThan(1);
  expect(regions.filter((g) => g < threads).length).toBeGreaterThan(0);
  for (const i of [1000, 10000]) {
    for (const g of regions) {
      const np = ns('nptl', g, i, 'ns_per_entry', rows), lt = ns('linuxthreads', g, i, 'ns_per_entry', rows);
      if (g < threads) expect(np, `${g} regions, ${i} ns inside`).toBeLessThan(lt);
      else expect(Math.abs(np / lt - 1), `${g} regions (uncontended), ${i} ns inside`).toBeLessThan(TIE);
    }
  }
}

describe('creation with i386-2003 (create experiment, quick)', () => {
  it('every row ran with the i386-2003 preset', () => {
    expect(createRows.length).toBeGreaterThan(0);
    for (const r of [...createRows, ...contentionRows]) expect(r.costs).toBe('i386-2003');
  });

  it('reproduced: NPTL creates faster than LinuxThreads at every number of top-level threads', () => {
    const np = figure1('nptl'), lt = figure1('linuxthreads');
    expect(np.size).toBeGreaterThan(1);
    for (const [t, v] of np) expect(v, `T=${t}`).toBeLessThan(lt.get(t)!);
  });

  it('reproduced: with NGPT 2.2.1\'s creation path (mmap\'d stack, time, two sigprocmask, munmap) NPTL is faster than NGPT, and NGPT about twice LinuxThreads', () => {
    const np = figure1('nptl'), ng = figure1('ngpt'), lt = figure1('linuxthreads');
    const mean = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0) / m.size;
    for (const [t, v] of ng) expect(np.get(t)!, `T=${t}`).toBeLessThan(v);
    const ratio = mean(lt) / mean(ng);
    expect(ratio).toBeGreaterThanOrEqual(1.5);
    expect(ratio).toBeLessThanOrEqual(2.5);
  });
});

describe('contention with i386-2003 (contention experiment, quick)', () => {
  it('reproduced: with LinuxThreads\' default PTHREAD_MUTEX_TIMED_NP (no spinning) NPTL is lower wherever threads contend', () => {
    checkContention(contentionRows);
    // The contended LinuxThreads lock sleeps through sigsuspend and a restart signal: more system calls per entry.
    expect(ns('linuxthreads', 1, 1000, 'syscalls_per_entry')).toBeGreaterThan(ns('nptl', 1, 1000, 'syscalls_per_entry'));
  });
});

describe('the fidelity experiment', () => {
  it('runs with i386-2003 whatever --costs says, and tags each row with its part', () => {
    expect(new Set(fidelityRows.map((r) => r.costs))).toEqual(new Set(['i386-2003']));
    expect(new Set(fidelityRows.map((r) => r.part))).toEqual(new Set(['create', 'contention', 'announcement']));
  });

  it('its table says what the experiments show: claim by claim, reproduced or not', () => {
    expect(table!.columns).toEqual(['claim', 'source', 'lab', 'reproduced', 'why']);
    const verdict = Object.fromEntries(judgeClaims(fidelityRows).map((c) => [c.id, c.reproduced]));
    expect(table!.rows.map((r) => r[3])).toEqual(Object.values(verdict));
    expect(verdict['create-nptl-fastest']).toBe('yes');
    expect(verdict['create-ngpt-twice-linuxthreads']).toBe('yes');
    checkContention(fidelityRows.filter((r) => r.part === 'contention')); // the verdict: yes, or no by a tie where nobody contends
    const fig = minOverChildren(fidelityRows.filter((r) => r.part === 'create'));
    expect([...fig.keys()].sort()).toEqual(['linuxthreads', 'ngpt', 'nptl']);
  });

  it('times the announcement\'s 100,000 creations with at most 50 alive on 2 CPUs, scaled by 790/450 before judging', () => {
    const a = fidelityRows.find((r) => r.part === 'announcement')!;
    expect(a).toMatchObject({ library: 'nptl', creations: 100_000, children: 50, cpus: 2, outcome: 'ok' });
    const scaled = ((a.elapsed_ns as number) / 1e9) * (PRESET_MHZ / ANNOUNCED.mhz);
    const claim = judgeClaims(fidelityRows).find((c) => c.id === 'announce-100k')!;
    expect(claim.lab).toContain(`${scaled.toFixed(2)} s`);
    expect(claim.reproduced).toBe(Math.abs(scaled / 2.3 - 1) <= 0.35 ? 'yes' : 'no');
  });
});
