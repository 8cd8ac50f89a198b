/**
 * blocking.ts — what happens to siblings when one thread blocks in a system call?
 *
 * One thread reads the slow device (/dev/slow, milliseconds per read) while CPU-bound
 * siblings compute in small chunks, yielding between chunks (so that a non-preemptive
 * library can switch at all). The reader counts the siblings' completed chunks just before
 * and just after its read: that is their progress during the block, shown as a percentage of
 * what the CPUs could have done (min(siblings, CPUs) × block time).
 *
 * 1:1 libraries block only the reader's kernel task. NGPT runs user threads on a few natives:
 * an unwrapped read blocks the reader's native and every user thread queued on it (rule 33),
 * so progress depends on the native count; a wrapped read parks only the reader. The green
 * library has one native: an unwrapped read stops everything (rule 34). The library options
 * swept are read from each library's self-description (LibraryInfo.options).
 */

import type { Libc, Sim, pthread_t } from '../../libs/index.js';
import { getLibrary } from '../../libs/index.js';
import { barChart } from '../report/specs.js';
import { LIB_ORDER, cpusFor, fmtNs, libsIn, listText, runJob, sig } from './common.js';
import { plainBars } from './chartfix.js';
import type { Experiment, Job, JobSpec, Params, ParamSets, Row, RunContext } from './types.js';

interface BlockingParams { siblings: number; chunkNs: number; bytes: number; natives: number[] }

export const BLOCKING_PARAMS: ParamSets<BlockingParams> = {
  full: { siblings: 6, chunkNs: 50_000, bytes: 512, natives: [1, 2, 3, 4] },
  quick: { siblings: 4, chunkNs: 50_000, bytes: 512, natives: [1, 3] },
};

const DEFAULT_CPUS = 2;
/** Library options this experiment sweeps, by name (see each library's info.options). */
export const NATIVES_OPTION = 'natives';
export const WRAP_OPTION = 'wrap';

interface Shared { iters: number; stop: boolean; chunkNs: number }
interface Out { blockNs: number; during: number; got: number }

function* sibling(libc: Libc, st: Shared): Sim<number> {
  while (!st.stop) {
    yield* libc.compute(st.chunkNs);
    st.iters++;
    yield* libc.pthread_yield();
  }
  return 0;
}

function* reader(libc: Libc, a: { st: Shared; out: Out; bytes: number }): Sim<number> {
  const before = a.st.iters;
  const t0 = yield* libc.clock_gettime();
  a.out.got = yield* libc.read_slow_device(a.bytes);
  a.out.blockNs = (yield* libc.clock_gettime()) - t0;
  a.out.during = a.st.iters - before;
  a.st.stop = true;
  return 0;
}

function blockingProgram(siblings: number, chunkNs: number, bytes: number, out: Out) {
  return function* main(libc: Libc): Sim<number> {
    const st: Shared = { iters: 0, stop: false, chunkNs };
    const ids: pthread_t[] = [];
    for (let i = 0; i < siblings; i++) ids.push(yield* libc.pthread_create(sibling, st));
    ids.push(yield* libc.pthread_create(reader, { st, out, bytes }));
    if (ids.some((t) => t < 0)) return 1;
    for (const t of ids) yield* libc.pthread_join(t, null);
    return 0;
  };
}

interface Variant { config: string; libOptions: Params; natives: number | null; io: string }

/** The configurations a library is run in: its native count and I/O wrapping, if it has them. */
export function variants(lib: string, p: BlockingParams): Variant[] {
  const opts = getLibrary(lib).info.options;
  const hasNatives = Object.hasOwn(opts, NATIVES_OPTION);
  const hasWrap = Object.hasOwn(opts, WRAP_OPTION);
  const ios = hasWrap ? [true, false] : [null];
  const natives = hasNatives ? p.natives : [null];
  return ios.flatMap((wrap) => natives.map((n) => {
    const libOptions: Params = {};
    if (n !== null) libOptions[NATIVES_OPTION] = n;
    if (wrap !== null) libOptions[WRAP_OPTION] = wrap;
    const io = wrap === null ? 'system call' : wrap ? 'wrapped' : 'unwrapped';
    const config = `${lib}${n !== null ? ` ${n} native${n > 1 ? 's' : ''}` : ''}${wrap !== null ? `, ${io}` : ''}`;
    return { config, libOptions, natives: n, io };
  }));
}

function params(ctx: RunContext): BlockingParams {
  return ctx.quick ? BLOCKING_PARAMS.quick : BLOCKING_PARAMS.full;
}

function plan(ctx: RunContext): JobSpec[] {
  const p = params(ctx);
  return ctx.libs.flatMap((lib) => variants(lib, p).map((v) => ({
    lib, libOptions: v.libOptions, seed: ctx.seed, costs: ctx.costs, cpus: cpusFor(ctx, DEFAULT_CPUS),
    params: { config: v.config, natives: v.natives ?? 0, io: v.io, siblings: p.siblings, chunk_ns: p.chunkNs, bytes: p.bytes },
  })));
}

function run(job: Job): Row[] {
  const q = job.params;
  const siblings = q.siblings as number, chunkNs = q.chunk_ns as number;
  const out: Out = { blockNs: 0, during: 0, got: 0 };
  const r = runJob(job, blockingProgram(siblings, chunkNs, q.bytes as number, out));
  const ok = r.outcome === 'exited' && out.got > 0;
  const capacity = Math.min(siblings, job.cpus) * out.blockNs;
  return [{
    library: job.lib, config: q.config, natives: q.natives === 0 ? null : q.natives, io: q.io,
    siblings, chunk_ns: chunkNs, bytes: q.bytes, seed: job.seed, costs: r.costs, cpus: job.cpus,
    outcome: ok ? 'ok' : `${r.outcome}: ${r.statusText}${out.got < 0 ? ` (read returned ${out.got})` : ''}`,
    block_ns: Math.round(out.blockNs),
    sibling_chunks_during_block: out.during,
    sibling_cpu_ns_during_block: out.during * chunkNs,
    progress_pct: ok && capacity > 0 ? sig((100 * out.during * chunkNs) / capacity, 3) : null,
    peak_tasks: r.peakTasks,
  }];
}

const COLUMNS = [
  'library', 'config', 'natives', 'io', 'siblings', 'chunk_ns', 'bytes', 'seed', 'costs', 'cpus', 'outcome',
  'block_ns', 'sibling_chunks_during_block', 'sibling_cpu_ns_during_block', 'progress_pct', 'peak_tasks',
];

function setup(ctx: RunContext): string {
  const p = params(ctx);
  return `One thread reads ${p.bytes} bytes from the slow device while ${p.siblings} CPU-bound siblings compute in ` +
    `${fmtNs(p.chunkNs)} chunks, yielding between chunks. Progress = siblings' CPU work completed while the reader ` +
    `was blocked ÷ (min(siblings, CPUs) × block time). Libraries with a '${NATIVES_OPTION}' option run with ` +
    `${p.natives.join(', ')} natives; with a '${WRAP_OPTION}' option, both wrapped and unwrapped. ` +
    `${cpusFor(ctx, DEFAULT_CPUS)} CPUs, cost preset ${ctx.costs}.`;
}

function reading(rows: Row[]): string {
  const ok = rows.filter((r) => r.progress_pct !== null);
  const stalled = ok.filter((r) => (r.progress_pct as number) < 1).map((r) => String(r.config));
  const full = ok.filter((r) => (r.progress_pct as number) >= 90).map((r) => String(r.config));
  const partial = ok.filter((r) => (r.progress_pct as number) >= 1 && (r.progress_pct as number) < 90);
  const block = ok.length ? fmtNs(Math.min(...ok.map((r) => r.block_ns as number))) : '?';
  let text = `The read blocked its thread for ${block} or more.`;
  if (full.length) text += ` Siblings kept the CPUs busy (≥ 90 %) under ${listText(full)}: the read blocked only the reader's kernel task, or only the reader's user thread.`;
  if (stalled.length) text += ` They made no progress under ${listText(stalled)}: the read blocked the kernel task the siblings' user threads run on.`;
  if (partial.length) {
    text += ` In between: ${listText(partial.map((r) => `${r.config} ${r.progress_pct} % (${r.peak_tasks} kernel task${r.peak_tasks === 1 ? '' : 's'} at peak)`))}` +
      ` — a configuration whose siblings share fewer kernel tasks than the ${String(ok[0].cpus)} CPUs cannot fill them, ` +
      'and an unwrapped read also stalls the user threads queued on the reader\'s native.';
  }
  return text;
}

export const blocking: Experiment = {
  name: 'blocking',
  question: 'What happens to siblings when one thread blocks in a system call?',
  libraries: LIB_ORDER,
  measures: "siblings' CPU work during one thread's blocking device read, as a percentage of the CPUs' capacity",
  columns: COLUMNS,
  setup,
  plan,
  run,
  report(rows) {
    const data = rows.filter((r) => r.progress_pct !== null);
    return {
      reading: reading(rows),
      table: {
        columns: ['configuration', 'block time', 'siblings\' chunks during block', 'progress %'],
        rows: rows.map((r) => [String(r.config), fmtNs(r.block_ns as number), r.sibling_chunks_during_block as number, (r.progress_pct as number | null) ?? '']),
      },
      charts: [{
        id: 'blocking-progress',
        title: "Blocking: siblings' progress while one thread is blocked on the slow device",
        spec: plainBars(barChart({
          title: "siblings' progress during the block", data, x: 'config', y: 'progress_pct', color: 'library',
          xTitle: 'library and configuration', yTitle: '% of CPU capacity used by siblings', colorDomain: libsIn(rows),
          width: 520, height: 240,
        })),
      }],
    };
  },
};
