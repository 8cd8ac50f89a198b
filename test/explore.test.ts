/**
 * explore.test.ts — `threadlab explore` (experiments/explore.ts and commands/explore.ts).
 *
 * The done-when checks: the lost update shows more than one outcome under NPTL on 2
 * CPUs within 500 runs and the replay command reproduces the one it names exactly; the AB-BA
 * deadlock is found under NPTL within 200 runs; the grouping is the same with 0 (in-process),
 * 1 or 2 worker threads. Then the outputs (--json, --csv, --out with its chart), --until, the
 * table's replay commands and owner chains, fresh module state per run, bad input, and the
 * watchdog on a program that never yields.
 */

import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../experiments/cli.js';
import { explore, type ExploreSpec } from '../experiments/explore.js';
import { explorationJson } from '../experiments/commands/explore_format.js';
import { programFactory } from '../experiments/fresh.js';
import { runProgram } from '../experiments/runner.js';

const spec = (file: string, o: Partial<ExploreSpec> = {}): ExploreSpec => ({
  file, args: [], libs: ['nptl'], runs: 20, firstSeed: 1, depth: 3, until: null, cpus: 1, seed: 1, costs: 'modern-x86',
  timeLimit: 20e9, libOpt: {}, check: false, jobs: 0, hostSeconds: 60, memoryMb: 1024, ...o,
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** The argv after `threadlab` of a printed replay command. */
const replayArgv = (cmd: string): string[] => cmd.split(' ').slice(1);

describe('done when', () => {
  it('lost_update: more than one outcome under NPTL on 2 CPUs within 500 runs; the replay command reproduces it exactly', async () => {
    const x = await explore(spec('examples/lost_update.ts', { cpus: 2, runs: 500, until: { kind: 'differs' } }));
    const l = x.libs[0];
    expect(l.stoppedAt).not.toBeNull();
    expect(l.outcomes).toHaveLength(2);
    const other = l.outcomes.find((o) => o.firstSeed === l.stoppedAt)!;
    const j = explorationJson(x, 'modern-x86') as { libraries: { outcomes: { replay: string; stdout: string; firstSeed: number }[] }[] };
    const cmd = j.libraries[0].outcomes.find((o) => o.firstSeed === l.stoppedAt)!.replay;
    expect(cmd).toBe(`threadlab run examples/lost_update.ts --lib nptl --cpus 2 --time-limit 20s --schedule-seed ${l.stoppedAt}`);
    const r = await cli([...replayArgv(cmd), '--json', '--no-watchdog']);
    expect(r.code).toBe(other.exitCode);
    const run = JSON.parse(r.out) as { stdout: string; statusText: string };
    expect(run.stdout).toBe(other.stdout);
    expect(run.statusText).toBe(other.statusText);
    expect(run.stdout).toMatch(/^total=\d+ \(expected 400\)\n$/);
  });

  for (const cpus of [1, 2]) {
    it(`abba: the AB-BA deadlock is found under NPTL on ${cpus} CPU(s) within 200 runs, with its owner chains; a plain run does not deadlock`, async () => {
      const x = await explore(spec('examples/abba.ts', { cpus, runs: 200, until: { kind: 'differs' } }));
      const l = x.libs[0];
      expect(l.unperturbed.index).toBe(1);
      expect(l.unperturbed.stdout).toBe('2 transfers, no deadlock\n');
      const dl = l.outcomes.find((o) => o.statusText === 'deadlock')!;
      expect(dl.firstSeed).toBe(l.stoppedAt);
      expect(dl.exitCode).toBe(125);
      expect(dl.deadlock![0]).toBe('owner chains:');
      expect(dl.deadlock!.join('\n')).toMatch(/waits for mutex#[01] held by thread \S+, which waits for mutex#[01] held by thread \S+ — a cycle/);
    });
  }
});

describe('the grouping does not depend on the worker threads', () => {
  it('in-process, 1 worker and 2 workers give the same exploration (and stop --until at the same seed)', async () => {
    const json: string[] = [];
    for (const jobs of [0, 1, 2]) {
      // nptl stops at its first outcome that differs; green never does and runs all 60.
      const x = await explore(spec('examples/lost_update.ts', { libs: ['nptl', 'green'], cpus: 2, runs: 60, jobs, until: { kind: 'differs' } }));
      expect(x.libs[0].stoppedAt).not.toBeNull();
      expect(x.libs[0].outcomes).toHaveLength(2);
      expect(x.libs[1]).toMatchObject({ stoppedAt: null, runs: 60 });
      json.push(JSON.stringify(explorationJson(x, 'modern-x86')));
    }
    expect(json[1]).toBe(json[0]);
    expect(json[2]).toBe(json[0]);
  }, 60_000);
});

describe('threadlab explore', () => {
  it('the table: outcomes by count, the plain run, a replay command each, the owner chains of a deadlock', async () => {
    const r = await cli(['explore', 'examples/abba.ts', '--lib', 'nptl', '--runs', '60', '--jobs', '0']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('threadlab explore examples/abba.ts · 1 CPU · modern-x86 · seed 1 · schedule seeds 1–60 · depth 3');
    expect(r.out).toMatch(/^nptl: 60 runs, 2 distinct outcomes \(change points drawn from k = \d+ steps\)$/m);
    expect(r.out).toMatch(/^ {2}1 +\d+ +\d+\.\d% +1 +exit 0 {4}2 transfers, no deadlock$/m);
    expect(r.out).toMatch(/^ {2}2 +\d+ +\d+\.\d% +\d+ +deadlock {2}\(no output\)$/m);
    expect(r.out).toContain('  a plain run (no --schedule-seed) gives outcome #1\n');
    expect(r.out).toMatch(/^ {4}#2 {2}threadlab run examples\/abba\.ts --lib nptl --schedule-seed \d+\n {8}owner chains:\n {10}thread .* — a cycle$/m);
    expect(r.err).toMatch(/^explore: 60 runs in [\d.]+ s \(\d+ runs\/s of host time\)\n$/);
  });

  it('--json and --csv: the same outcomes as data, one CSV row per library and outcome', async () => {
    const argv = ['explore', 'examples/lost_update.ts', '--libs', 'nptl,green', '--cpus', '2', '--runs', '30', '--jobs', '0'];
    const j = await cli([...argv, '--json']);
    const c = await cli([...argv, '--csv']);
    expect(j.code).toBe(0);
    const x = JSON.parse(j.out) as { libraries: { lib: string; runs: number; outcomes: { runs: number; stdout: string }[] }[] };
    expect(x.libraries.map((l) => l.lib)).toEqual(['nptl', 'green']);
    for (const l of x.libraries) expect(l.outcomes.reduce((n, o) => n + o.runs, 0)).toBe(30);
    expect(x.libraries[1].outcomes.map((o) => o.stdout)).toEqual(['total=400 (expected 400)\n']);
    const rows = c.out.split('\n').filter((s) => /^(nptl|green),/.test(s));
    expect(c.out.split('\n')[0]).toBe('library,outcome,runs,share,first_seed,exit_code,status,stdout,deadlock,unperturbed,replay,cpus,seed,depth,k');
    expect(rows).toHaveLength(x.libraries[0].outcomes.length + 1);
    expect(await cli([...argv, '--json', '--csv'])).toMatchObject({ code: 2, err: 'threadlab: give --json or --csv, not both\n' });
  });

  it('--until PATTERN stops at the first run whose output matches; exit status 1 when none does', async () => {
    const found = await cli(['explore', 'examples/lost_update.ts', '--lib', 'nptl', '--cpus', '2', '--runs', '200', '--jobs', '0', '--until', '/total=200 /']);
    expect(found.code).toBe(0);
    expect(found.out).toMatch(/--until \/total=200 \/: stopped at schedule seed \d+/);
    const none = await cli(['explore', 'examples/lost_update.ts', '--lib', 'green', '--runs', '20', '--jobs', '0', '--until', 'total=3']);
    expect(none.code).toBe(1);
    expect(none.out).toContain('--until /total=3/: no run matched');
  });

  it('--out writes outcomes.csv, outcomes.json and the chart (spec, SVG, PNG); the SVG is the same for the same seeds', async () => {
    const svgs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'explore-'));
      const r = await cli(['explore', 'examples/lost_update.ts', '--libs', 'nptl,green', '--cpus', '2', '--runs', '20', '--jobs', '0', '--out', dir]);
      expect(r.code).toBe(0);
      for (const f of ['outcomes.csv', 'outcomes.json', 'charts/outcomes.vl.json', 'charts/outcomes.svg', 'charts/outcomes.png']) expect(existsSync(join(dir, f)), f).toBe(true);
      svgs.push(readFileSync(join(dir, 'charts/outcomes.svg'), 'utf8'));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(svgs[1]).toBe(svgs[0]);
    expect(svgs[0]).toContain('total=400 (expected 400)');
  });

  it('bad input: one line on stderr, status 2', async () => {
    expect(await cli(['explore', 'examples/nope.ts'])).toMatchObject({ code: 2, err: "threadlab: program 'examples/nope.ts' not found\n" });
    expect((await cli(['explore', 'examples/hello.ts', '--lib', 'solaris'])).err).toMatch(/^threadlab: unknown library 'solaris' \(known: .*\)\n$/);
    expect((await cli(['explore', 'examples/hello.ts', '--until', '/(/'])).code).toBe(2);
    expect((await cli(['explore', 'examples/hello.ts', '--runs', '0'])).err).toMatch(/--runs <n>.*must be an integer from 1/);
    expect(await cli(['explore', 'examples/hello.ts', '--lib', 'nptl', '--libs', 'green'])).toMatchObject({ code: 2, err: 'threadlab: give --lib or --libs, not both\n' });
  });

  it('a program that never yields is stopped by the watchdog (the measuring run too), naming the run', async () => {
    const r = await cli(['explore', 'test/fixtures/spin.ts', '--lib', 'nptl', '--runs', '3', '--jobs', '1', '--host-timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/stopped by the watchdog: the unperturbed run of nptl took more than 1 s of host time/);
  }, 30_000);
});

describe('fresh module state for every run', () => {
  it('module-level variables, the program\'s and an imported helper\'s, start afresh in every run', async () => {
    const r = await cli(['explore', 'test/fixtures/module_state.ts', '--lib', 'nptl', '--runs', '5', '--jobs', '0', '--json']);
    const x = JSON.parse(r.out) as { libraries: { outcomes: { runs: number; stdout: string }[] }[] };
    expect(x.libraries[0].outcomes).toEqual([expect.objectContaining({ runs: 5, stdout: 'runs=1 helper=1\n' })]);
  });

  it('a program the bundler cannot copy (import.meta) runs on one shared instance, with a note', async () => {
    const r = await cli(['explore', 'test/fixtures/import_meta.ts', '--lib', 'nptl', '--runs', '3', '--jobs', '0']);
    expect(r.code).toBe(0);
    expect(r.err).toContain("note: every run of 'test/fixtures/import_meta.ts' shares one module instance (it uses import.meta)");
  });

  it('a module-level variable starts from its initial value in every copy (signals.ts keeps three)', async () => {
    const f = await programFactory('examples/signals.ts');
    expect(f.shared).toBeNull();
    const outs = new Set<string>();
    for (let i = 0; i < 3; i++) outs.add(runProgram({ program: f.fresh(), lib: 'nptl', check: false }).stdout);
    expect([...outs]).toHaveLength(1);
    expect([...outs][0]).toMatch(/2 signals handled\n$/);
  });
});
