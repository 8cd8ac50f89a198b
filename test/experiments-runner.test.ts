// The experiment runner and `threadlab experiment`: the same seed gives byte-identical CSV and
// SVG whether the jobs run in worker threads or in-process; the seed reaches the runs; every
// CSV row carries library, seed, cost preset and CPU count; bad input is one line and a
// non-zero status; the report directory holds CSV, chart files, index.md and index.html.

import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../experiments/cli.js';
import { progressBar } from '../experiments/commands/experiment.js';
import { EXPERIMENTS } from '../experiments/lab/registry.js';
import type { Job } from '../experiments/lab/types.js';
import { JobError, runSweep } from '../experiments/sweep.js';
import { quick } from './experiments-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'experiments-runner-'));
afterAll(() => { rmSync(root, { recursive: true, force: true }); });

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => { out.push(s); }, err: (s: string) => { err.push(s); } }, out, err };
}

function filesOf(dir: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const f of readdirSync(dir)) if (f.endsWith('.csv')) m.set(f, readFileSync(join(dir, f)));
  for (const f of readdirSync(join(dir, 'charts'))) if (f.endsWith('.svg')) m.set(`charts/${f}`, readFileSync(join(dir, 'charts', f)));
  return m;
}

describe('threadlab experiment', () => {
  it('writes byte-identical CSV and SVG from worker threads and in-process for the same seed', async () => {
    const names = ['contention', 'blocking', 'exit'];
    const a = io(), b = io();
    const args = [...names, '--quick', '--libs', 'nptl,green', '--seed', '7'];
    expect(await main(['experiment', ...args, '--jobs', '2', '--out', join(root, 'w')], a.io)).toBe(0);
    expect(await main(['experiment', ...args, '--jobs', '0', '--out', join(root, 'p')], b.io)).toBe(0);
    expect(a.err.join('')).not.toMatch(/worker threads unavailable/);
    const w = filesOf(join(root, 'w')), p = filesOf(join(root, 'p'));
    expect([...w.keys()].sort()).toEqual([...p.keys()].sort());
    expect(w.size).toBeGreaterThanOrEqual(3 + 4);
    for (const [f, buf] of w) expect(buf.equals(p.get(f)!), f).toBe(true);
    for (const f of ['index.md', 'index.html']) expect(existsSync(join(root, 'w', f))).toBe(true);
    expect(readFileSync(join(root, 'w', 'contention.csv'), 'utf8')).toMatch(/^library,threads,entries,regions,.*\nnptl,32,/);
  }, 120_000);

  it('passes the seed to every run: the slow device jitter follows it', async () => {
    const s1 = await quick('blocking', ['nptl'], { seed: 1 });
    const s2 = await quick('blocking', ['nptl'], { seed: 2 });
    expect(s1.rows[0].seed).toBe(1);
    expect(s2.rows[0].seed).toBe(2);
    expect(s1.rows[0].block_ns).not.toBe(s2.rows[0].block_ns);
  });

  it('every experiment declares library, seed, costs and cpus columns', () => {
    for (const e of EXPERIMENTS) {
      for (const c of ['library', 'seed', 'costs', 'cpus']) expect(e.columns, `${e.name} lacks ${c}`).toContain(c);
    }
  });

  it('an unknown experiment is one line naming the known ones, and status 2; nothing is written', async () => {
    const r = io();
    const out = join(root, 'none');
    expect(await main(['experiment', 'create', 'nosuch', '--out', out], r.io)).toBe(2);
    expect(r.err.join('')).toBe("threadlab: unknown experiment 'nosuch' (known: create, contention, signals, blocking, pingpong, exit, scaling, fidelity, or all)\n");
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown library or bad option is one line and status 2', async () => {
    const r = io();
    expect(await main(['experiment', 'pingpong', '--libs', 'nptl,bogus'], r.io)).toBe(2);
    expect(r.err.join('')).toMatch(/^threadlab: unknown library 'bogus' \(known: [a-z, ]+\)\n$/);
    const s = io();
    expect(await main(['experiment', 'pingpong', '--cpus', '0'], s.io)).toBe(2);
    expect(s.err).toHaveLength(1);
  });

  it('a job that throws fails the sweep with an error naming the job, in a worker or in-process', async () => {
    const bad: Job = { index: 0, experiment: 'signals', lib: 'nptl', libOptions: {}, params: { probe: 'nosuch' }, seed: 1, costs: 'modern-x86', cpus: 1 };
    const good: Job = { ...bad, index: 1, params: { probe: 'getpid' } };
    for (const workers of [0, 2]) {
      const run = runSweep([bad, good], { workers });
      await expect(run).rejects.toBeInstanceOf(JobError);
      await expect(runSweep([bad, good], { workers })).rejects.toThrow(/^signals nptl probe=nosuch cpus=1: signals: unknown probe 'nosuch'$/);
    }
  }, 60_000);

  it('draws a progress bar only on a terminal', () => {
    const written: string[] = [];
    const tty = { isTTY: true, columns: 100, write: (s: string) => { written.push(s); return true; } } as unknown as NodeJS.WriteStream;
    const bar = progressBar(tty);
    const job: Job = { index: 0, experiment: 'create', lib: 'nptl', libOptions: {}, params: { top_threads: 4 }, seed: 1, costs: 'modern-x86', cpus: 2 };
    bar.update!(1, 4, job);
    expect(written[0]).toMatch(/^\r\x1b\[K\[#{7}\.{21}\] 1\/4 create nptl top_threads=4 cpus=2$/);
    const pipe = { isTTY: false, write: () => { throw new Error('must not write'); } } as unknown as NodeJS.WriteStream;
    expect(progressBar(pipe).update).toBeUndefined();
  });
});
