/**
 * uthreads.bench.ts — what user-level threads cost the simulator (host time and memory), and
 * what they cost the simulated machine (virtual time), against kernel threads.
 *
 * 1. Switch cost: two threads hand the CPU back and forth with sched_yield, 2 × 20,000 times,
 *    on one CPU (minus the same run with no yields: boot, create and join). Green and NGPT switch at user level (a marker to the scheduler loop, no
 *    system call); NPTL's sched_yield is a system call and a kernel context switch. Reported:
 *    host ns per switch (tinybench; the fastest run of each, as the host may be shared) and
 *    virtual ns per switch (the cost model's userSwitch vs syscall + ctxSwitch).
 * 2. Scale: one run with 1,000,000 live user threads (green, and NGPT on 2 CPUs), all parked
 *    on one condition variable at once, then released and joined. Reported: host heap per live
 *    thread (heapUsed after a full GC with all threads parked, minus before the run, divided
 *    by the count; it includes the program's own array of pthread_t), and host time of the
 *    creation phase and of the whole run (wall clock, and CPU time, which a shared host does
 *    not inflate). Target: under 1 KB per live thread.
 *
 * Environment: THREADLAB_BENCH_UTHREADS=<n> changes the scale count (default 1,000,000).
 */

import { Bench } from 'tinybench';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runProgram } from '../experiments/runner.js';
import type { Libc, pthread_cond_t, pthread_mutex_t } from '../libs/api.js';
import '../libs/all.js';

const SWITCH_ROUNDS = 20_000;

function* yielder(libc: Libc, n: number): Generator<any, number, any> {
  for (let i = 0; i < n; i++) yield* libc.sched_yield();
  return 0;
}

/** Two threads yielding to each other `rounds` times each. */
function pingpong(rounds: number) {
  return function* (libc: Libc): Generator<any, number, any> {
    const a = yield* libc.pthread_create(yielder, rounds);
    const b = yield* libc.pthread_create(yielder, rounds);
    yield* libc.pthread_join(a);
    yield* libc.pthread_join(b);
    return 0;
  };
}

export interface SwitchRow { lib: string; hostNsPerSwitch: number; virtualNsPerSwitch: number }

/**
 * Host and virtual cost of one thread switch, per library: a run with 2 × 20,000 yields minus
 * the same run with none (boot, create, join), divided by the switches.
 */
export async function switchCost(): Promise<SwitchRow[]> {
  const switches = 2 * SWITCH_ROUNDS;
  const libs = ['green', 'ngpt', 'nptl'];
  const virtual = new Map<string, number>();
  const bench = new Bench({ name: 'thread switch (sched_yield ping-pong, 1 CPU)', time: 1000, warmupTime: 200 });
  for (const lib of libs) {
    for (const rounds of [SWITCH_ROUNDS, 0]) {
      const program = pingpong(rounds);
      bench.add(`${lib}/${rounds}`, () => {
        const r = runProgram({ program, lib, cpus: 1, name: 'pingpong' });
        virtual.set(`${lib}/${rounds}`, r.virtualNs);
      });
    }
  }
  await bench.run();
  const best = new Map<string, number>();
  for (const task of bench.tasks) {
    const res = task.result;
    if (res.state !== 'completed') throw new Error(`bench ${task.name}: ${res.state}`);
    best.set(task.name, res.latency.min * 1e6); // the least disturbed run: the host may be busy
  }
  return libs.map((lib) => ({
    lib,
    hostNsPerSwitch: (best.get(`${lib}/${SWITCH_ROUNDS}`)! - best.get(`${lib}/0`)!) / switches,
    virtualNsPerSwitch: (virtual.get(`${lib}/${SWITCH_ROUNDS}`)! - virtual.get(`${lib}/0`)!) / switches,
  }));
}

interface Gate { m: pthread_mutex_t; c: pthread_cond_t; open: boolean }

function* parked(libc: Libc, g: Gate): Generator<any, number, any> {
  yield* libc.pthread_mutex_lock(g.m);
  while (!g.open) yield* libc.pthread_cond_wait(g.c, g.m);
  yield* libc.pthread_mutex_unlock(g.m);
  return 0;
}

export interface ScaleRow {
  lib: string;
  cpus: number;
  threads: number;
  bytesPerThread: number;
  createMs: number;
  totalMs: number;
  /** Host CPU time (user + system) of the whole run: less than totalMs when the host is shared. */
  cpuMs: number;
  virtualMs: number;
  status: string;
}

function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** One run with `n` live user threads parked at once. */
export function scale(lib: string, cpus: number, n: number): ScaleRow {
  const gc = fullGc();
  let createMs = 0;
  let liveHeap = 0;
  const program = function* (libc: Libc): Generator<any, number, any> {
    const g: Gate = { m: yield* libc.pthread_mutex_init(), c: yield* libc.pthread_cond_init(), open: false };
    const ids = new Array<number>(n);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) ids[i] = yield* libc.pthread_create(parked, g);
    yield* libc.usleep(1000); // every thread runs once and parks on the condition
    createMs = performance.now() - t0;
    gc();
    liveHeap = process.memoryUsage().heapUsed;
    yield* libc.pthread_mutex_lock(g.m);
    g.open = true;
    yield* libc.pthread_cond_broadcast(g.c);
    yield* libc.pthread_mutex_unlock(g.m);
    for (let i = 0; i < n; i++) yield* libc.pthread_join(ids[i]);
    return 0;
  };
  gc();
  const base = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = runProgram({ program, lib, cpus, name: 'million' });
  const c1 = process.cpuUsage(c0);
  return {
    lib, cpus, threads: n, bytesPerThread: (liveHeap - base) / n, createMs,
    totalMs: performance.now() - t0, cpuMs: (c1.user + c1.system) / 1000, virtualMs: r.virtualNs / 1e6,
    status: r.statusText,
  };
}

/** Run both parts and print them. */
export async function uthreadsBench(n = Number(process.env.THREADLAB_BENCH_UTHREADS ?? 1_000_000)): Promise<void> {
  console.log('## thread switch cost (sched_yield ping-pong on 1 CPU)\n');
  console.log('| library | host ns / switch | virtual ns / switch |');
  console.log('|---|---:|---:|');
  for (const row of await switchCost()) {
    console.log(`| ${row.lib} | ${row.hostNsPerSwitch.toFixed(0)} | ${row.virtualNsPerSwitch.toFixed(0)} |`);
  }
  console.log(`\n## ${n.toLocaleString('en-US')} live user threads in one run\n`);
  console.log('| library | CPUs | heap bytes / live thread | create + park (host ms) | whole run (host ms) | whole run (host CPU ms) | virtual ms | status |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const [lib, cpus] of [['green', 1], ['ngpt', 2]] as const) {
    const s = scale(lib, cpus, n);
    console.log(`| ${s.lib} | ${s.cpus} | ${s.bytesPerThread.toFixed(0)} | ${s.createMs.toFixed(0)} | ${s.totalMs.toFixed(0)} | ${s.cpuMs.toFixed(0)} | ${s.virtualMs.toFixed(1)} | ${s.status} |`);
  }
}
