/**
 * timeline-data.test.ts — the timeline model (experiments/report/timeline_data.ts) against what
 * the runs did: CPU lanes account for every nanosecond (slices + idle), never overlap; the
 * blocking example shows green's siblings stopped (ready, not running) during an unwrapped
 * read and NPTL's running; the signals example has its signals sent, delivered and linked;
 * user threads run one place at a time; a long run aggregates without losing busy time; and
 * the page is deterministic.
 */

import { describe, it, expect } from 'vitest';
import { traceExample, traceProgram, laneOf } from './timeline-helpers.js';
import type { TimelineModel, Slice } from '../experiments/report/timeline_model.js';
import type { Libc } from '../libs/api.js';
import { Kernel, loadCostModel, EV_SYS_ENTER, EV_SYS_EXIT, EV_CONSOLE, EV_BLOCK, EV_UNBLOCK, EV_SCHED_SWITCH, EV_SCHED_WAKEUP } from '../kernel/index.js';
import { newCollector } from '../experiments/timeline.js';
import { buildTimeline } from '../experiments/report/timeline_data.js';
import { timelineHtml } from '../experiments/report/timeline_html.js';
import { runExperiments } from '../experiments/lab/run_all.js';

function cpuCoverage(m: TimelineModel, cpu: number): { busy: number; idle: number; overlaps: number } {
  const runs = m.slices.filter((s) => s.cpu === cpu).sort((a, b) => a.start - b.start);
  const idle = m.states.filter((s) => s.lane === cpu && s.kind === 'idle').sort((a, b) => a.start - b.start);
  const all = [...runs.map((s) => [s.start, s.end]), ...idle.map((s) => [s.start, s.end])].sort((a, b) => a[0] - b[0]);
  let overlaps = 0;
  for (let i = 1; i < all.length; i++) if (all[i][0] < all[i - 1][1] - 1e-6) overlaps++;
  const sum = (xs: { start: number; end: number }[]) => xs.reduce((s, x) => s + x.end - x.start, 0);
  return { busy: sum(runs), idle: sum(idle), overlaps };
}

/** Slices of keys whose label matches, overlapping [a, b). */
function slicesOf(m: TimelineModel, label: RegExp, a: number, b: number): Slice[] {
  return m.slices.filter((s) => label.test(m.keys[s.key].label) && s.start < b && s.end > a);
}

describe('CPU lanes', () => {
  for (const lib of ['nptl', 'linuxthreads', 'ngpt', 'green']) {
    it(`${lib}: every CPU's run slices and idle bars tile the run exactly, with no overlap`, async () => {
      const { model } = await traceExample('prodcons.ts', lib, { cpus: 2 });
      for (let c = 0; c < 2; c++) {
        const cov = cpuCoverage(model, c);
        expect(cov.overlaps, `CPU ${c}`).toBe(0);
        expect(cov.busy + cov.idle).toBeCloseTo(model.endNs, 0);
        expect(cov.busy).toBeGreaterThan(0);
      }
    });
  }
});

describe('the blocking example (rules 33, 34: what a blocking read does to siblings)', () => {
  it('green, unwrapped read: while the reader is blocked in read(), the CPU idles and the workers are ready but never run', async () => {
    const { model } = await traceExample('slow_device.ts', 'green', { libOptions: { wrap: false } });
    const reader = laneOf(model, 'thread 2 (pid 12)'); // main is thread 1, the reader is created first
    const reads = model.states.filter((s) => s.lane === reader && s.kind === 'blocked' && /read on slow_dev/.test(s.text));
    expect(reads.length).toBe(3);
    for (const r of reads) {
      expect(slicesOf(model, /^thread [34] /, r.start, r.end), `workers ran during ${r.start}–${r.end}`).toEqual([]);
      for (const w of ['thread 3 (pid 12)', 'thread 4 (pid 12)']) {
        const ready = model.states.filter((s) => s.lane === laneOf(model, w) && s.kind === 'runnable' && s.start <= r.start && s.end >= r.end);
        expect(ready.length, `${w} ready through the read`).toBe(1);
      }
      const idle = model.states.filter((s) => s.lane === 0 && s.kind === 'idle' && s.start < r.end && s.end > r.start);
      expect(idle.reduce((t, s) => t + Math.min(s.end, r.end) - Math.max(s.start, r.start), 0)).toBeGreaterThan(0.95 * (r.end - r.start));
    }
    expect(model.markers.some((k) => k.kind === 'block' && /read on slow_dev/.test(k.text))).toBe(true);
  });

  it('nptl: while the reader is blocked in read(), both workers run on the CPU', async () => {
    const { model } = await traceExample('slow_device.ts', 'nptl');
    const tasks = model.lanes.filter((l) => l.group === 2).map((l) => l.label); // main, reader, two workers
    expect(tasks).toHaveLength(4);
    const reader = laneOf(model, tasks[1]);
    const reads = model.states.filter((s) => s.lane === reader && s.kind === 'blocked' && /read on slow_dev/.test(s.text));
    expect(reads.length).toBe(3);
    for (const r of reads) {
      for (const w of tasks.slice(2).map((t) => new RegExp(`^${t}$`))) {
        const ran = slicesOf(model, w, r.start, r.end).reduce((t, s) => t + Math.min(s.end, r.end) - Math.max(s.start, r.start), 0);
        expect(ran, `${w} during the read`).toBeGreaterThan(0.3 * (r.end - r.start));
      }
    }
  });
});

describe('the signals example', () => {
  it('nptl: SIGUSR1 and SIGUSR2 are sent (by main, with kill and tgkill), delivered to a worker that runs its handler, with an arrow from sender to receiver', async () => {
    const { model } = await traceExample('signals.ts', 'nptl', { cpus: 2 });
    for (const sig of ['SIGUSR1', 'SIGUSR2']) {
      const sent = model.markers.filter((k) => k.kind === 'signal_generate' && k.text.startsWith(`${sig} →`));
      const got = model.markers.filter((k) => k.kind === 'signal_deliver' && k.text.startsWith(`${sig} delivered`) && /runs its handler/.test(k.text));
      expect(sent.length, sig).toBe(1);
      expect(sent[0].text).toMatch(new RegExp(`sent by ${model.lanes.find((l) => l.group === 2)!.label}$`)); // main
      expect(got.length, sig).toBe(1);
      expect(got[0].t).toBeGreaterThanOrEqual(sent[0].t);
      expect(model.arrows.some((a) => a.kind === 'signal' && a.t0 === sent[0].t && a.t1 === got[0].t)).toBe(true);
    }
    expect(model.output.map((o) => o.text).join('')).toContain('SIGUSR2 handled by worker-2');
  });
});

describe('user threads (user_dispatch, user_ready)', () => {
  it('ngpt on 2 natives: a user thread runs in one place at a time, and every thread has a lane', async () => {
    function* worker(libc: Libc, n: number): Generator<any, number, any> {
      for (let i = 0; i < n; i++) { yield* libc.compute(30_000); yield* libc.sched_yield(); }
      return 0;
    }
    const { model } = traceProgram(function* (libc: Libc): Generator<any, number, any> {
      const ts: number[] = [];
      for (let i = 0; i < 4; i++) ts.push(yield* libc.pthread_create(worker, 20));
      for (const t of ts) yield* libc.pthread_join(t);
      return 0;
    }, 'ngpt', { cpus: 2, libOptions: { natives: 2 } });
    const uthreads = model.keys.map((k, i) => ({ k, i })).filter((x) => x.k.kind === 'uthread');
    expect(uthreads.map((x) => x.k.label.replace(/pid \d+/, 'pid P')).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `thread ${n} (pid P)`));
    for (const u of uthreads) {
      const s = model.slices.filter((x) => x.key === u.i).sort((a, b) => a.start - b.start);
      for (let i = 1; i < s.length; i++) expect(s[i].start, u.k.label).toBeGreaterThanOrEqual(s[i - 1].end - 1e-6);
      expect(laneOf(model, u.k.label)).toBeGreaterThan(0);
    }
    expect(model.arrows.some((a) => a.kind === 'uwake')).toBe(true);
  });
});

describe('long runs', () => {
  function* busy(libc: Libc): Generator<any, number, any> {
    function* w(l: Libc): Generator<any, number, any> {
      for (let i = 0; i < 400; i++) { yield* l.compute(5_000); yield* l.sched_yield(); }
      return 0;
    }
    const a = yield* libc.pthread_create(w);
    const b = yield* libc.pthread_create(w);
    yield* libc.pthread_join(a);
    yield* libc.pthread_join(b);
    yield* libc.printf('done\n');
    return 0;
  }

  it('past the event limit the CPU lanes become busy buckets that keep the busy time, and the page says so', () => {
    const detailed = traceProgram(busy, 'nptl', { cpus: 2 });
    const agg = traceProgram(busy, 'nptl', { cpus: 2 }, { limit: 500, buckets: 64 });
    expect(detailed.model.aggregated).toBeNull();
    expect(agg.model.aggregated).not.toBeNull();
    expect(agg.model.slices).toEqual([]);
    expect(agg.model.buckets.length).toBeGreaterThan(0);
    expect(agg.model.buckets.length).toBeLessThanOrEqual(2 * 64);
    for (let c = 0; c < 2; c++) {
      const exact = cpuCoverage(detailed.model, c).busy;
      const fromBuckets = agg.model.buckets.filter((b) => b.cpu === c).reduce((t, b) => t + b.busy * (b.end - b.start), 0);
      expect(fromBuckets / exact).toBeCloseTo(1, 6);
    }
    expect(agg.model.output.map((o) => o.text)).toEqual(['done\n']);
    expect(agg.html()).toContain('more than the 500 events a page draws one by one');
  });
});

describe('the page', () => {
  it('is deterministic: the same run gives byte-identical HTML; another seed another page', async () => {
    const a = (await traceExample('philosophers.ts', 'ngpt', { cpus: 2, seed: 3 })).html();
    const b = (await traceExample('philosophers.ts', 'ngpt', { cpus: 2, seed: 3 })).html();
    const c = (await traceExample('philosophers.ts', 'ngpt', { cpus: 2, seed: 4 })).html();
    expect(a === b).toBe(true);
    expect(a === c).toBe(false);
    expect(a).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema|www\.w3\.org)/);
  });
});

describe('size', () => {
  it('a run at the event limit, made of the costliest events to draw, gives a page under 20 MB', () => {
    const k = new Kernel({ costs: loadCostModel('modern-x86'), cpus: 2, seed: 1 });
    const c = newCollector();
    c.attach(k);
    c.spawned(12);
    const text = 'a line of output that is about one hundred characters long, as a chatty program would print it\n';
    let t = 0;
    const emit = (kind: number, cpu: number, pid: number, a: number, b: number, s: string) => k.trace.emit(kind, t, cpu, pid, a, b, s);
    for (let i = 0; c.limit > 8 * i; i++) {
      const cpu = i % 2, me = 12 + (i % 6), next = 12 + ((i + 1) % 6);
      t += 1000;
      emit(EV_SYS_ENTER, cpu, me, 1, 0, 'write');
      emit(EV_CONSOLE, cpu, me, text.length, 0, text);
      emit(EV_SYS_EXIT, cpu, me, 1, text.length, '');
      emit(EV_SYS_ENTER, cpu, me, 202, 0, 'futex');
      emit(EV_BLOCK, cpu, me, 0, 0, 'futex');
      emit(EV_SCHED_SWITCH, cpu, me, next, 1, 'worker');
      emit(EV_UNBLOCK, cpu, me, 1, 0, '');
      emit(EV_SCHED_WAKEUP, cpu, me, cpu, next, '');
    }
    const cap = c.finish(t + 1000);
    expect(cap.busy).toBeNull();
    const html = timelineHtml({ title: 'size', meta: [], rows: [{ heading: 'worst case', detail: '', model: buildTimeline(cap) }] });
    expect(html.length).toBeLessThan(20e6);
    expect(html.length).toBeGreaterThan(2e6); // it did draw them all
  });
});

describe('experiment timelines (lab/timelines.ts)', () => {
  it('one representative run per experiment when asked, the same bytes every time; none by default', async () => {
    const go = (timelines?: boolean) => runExperiments({ names: ['exit'], libs: ['linuxthreads', 'nptl'], quick: true, workers: 0, timelines });
    const [a, b, none] = [await go(true), await go(true), await go()];
    const t = a.report.experiments[0].timeline!;
    expect(t.file).toBe('exit.html');
    expect(t.caption).toMatch(/^exit linuxthreads scenario=\S+ cpus=\d+: /);
    expect(t.html === b.report.experiments[0].timeline!.html).toBe(true);
    expect(none.report.experiments[0].timeline).toBeUndefined();
  });
});

describe('exec', () => {
  it('nptl: a thread that execs is marked, takes over the pid, and the CPU lanes still tile the run', () => {
    function* image(libc: Libc): Generator<any, number, any> {
      yield* libc.printf('new image\n');
      return 0;
    }
    function* execer(libc: Libc): Generator<any, number, any> {
      yield* libc.compute(20_000);
      yield* libc.execve(image, ['./newimage']);
      return 1;
    }
    const { model } = traceProgram(function* (libc: Libc): Generator<any, number, any> {
      const t = yield* libc.pthread_create(execer);
      yield* libc.pthread_join(t);
      return 2;
    }, 'nptl', { cpus: 2 });
    const exec = model.markers.filter((k) => k.kind === 'exec' && /newimage/.test(k.text)); // (the shell's exec of the program is the other)
    expect(exec).toHaveLength(1);
    expect(exec[0].text).toMatch(/^tl \d+ execs newimage \(a thread exec'd: it takes over pid \d+\)$/);
    expect(model.lanes.filter((l) => l.group === 2).map((l) => l.label)[0]).toMatch(/^newimage \d+$/);
    expect(model.output.map((o) => o.text)).toEqual(['new image\n']);
    for (let c = 0; c < 2; c++) {
      const cov = cpuCoverage(model, c);
      expect(cov.overlaps).toBe(0);
      expect(cov.busy + cov.idle).toBeCloseTo(model.endNs, 0);
    }
  });
});
