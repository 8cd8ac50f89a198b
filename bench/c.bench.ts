/**
 * c.bench.ts — C programs (clib/): what compiling costs, what a library call from C costs the
 * simulator against the same call from TypeScript, and 10,000 create+join from C.
 *
 * Rows:
 *  - compile, cold: the first compile in this process (loads the compiler, ≈ 105 MB of
 *    WebAssembly, and binaryen), then a cold compile of another program with both loaded;
 *    cached: the same program again (a cache hit: no compiler runs). A private cache
 *    directory is used, so the figures do not depend on earlier runs.
 *  - host ns per library call, C vs TypeScript: N × (pthread_mutex_lock + unlock) and
 *    N × getpid() in one thread, on NPTL; target: C within 2× of TypeScript.
 *  - 10,000 × pthread_create + pthread_join from C on NPTL; target under 2 s of host time.
 * Host times are wall-clock on a shared machine: best of a few runs.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../experiments/runner.js';
import type { Libc, Program } from '../libs/api.js';
import '../libs/all.js';

const CALLS = 200_000;
const CREATES = 10_000;

const C_MUTEX = `#include <pthread.h>
#include <stdlib.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int main(int argc, char **argv) { long n = atol(argv[1]); for (long i = 0; i < n; i++) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); } return 0; }
`;
const C_GETPID = `#include <unistd.h>
#include <stdlib.h>
int main(int argc, char **argv) { long n = atol(argv[1]); long s = 0; for (long i = 0; i < n; i++) s += getpid(); return s == 0; }
`;
const C_CREATE = `#include <pthread.h>
#include <stdlib.h>
static void *child(void *a) { return a; }
int main(int argc, char **argv) { long n = atol(argv[1]); for (long i = 0; i < n; i++) { pthread_t t; if (pthread_create(&t, NULL, child, (void *)i)) return 1; pthread_join(t, NULL); } return 0; }
`;

function tsMutex(n: number): Program {
  return function* (libc: Libc) {
    const m = yield* libc.pthread_mutex_init();
    for (let i = 0; i < n; i++) { yield* libc.pthread_mutex_lock(m); yield* libc.pthread_mutex_unlock(m); }
    return 0;
  };
}

function tsGetpid(n: number): Program {
  return function* (libc: Libc) {
    let s = 0;
    for (let i = 0; i < n; i++) s += yield* libc.getpid();
    return s === 0 ? 1 : 0;
  };
}

interface Timing { wall: number; cpu: number }

/** One run: host wall ms, and this process's CPU ms (what an idle host would show as wall time). */
function once(program: Program, argv: string[]): Timing {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = runProgram({ program, lib: 'nptl', name: 'bench', argv, timeLimit: 3600e9 });
  const c = process.cpuUsage(c0);
  if (r.exitCode !== 0) throw new Error(`c bench: ${r.statusText}`);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

const min = (a: Timing, b: Timing): Timing => ({ wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });

/** Best of `runs` runs of each program, alternating them so both meet the same load. */
function bestPair(a: [Program, string[]], b: [Program, string[]], runs = 7): [Timing, Timing] {
  let x: Timing = { wall: Infinity, cpu: Infinity };
  let y: Timing = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < runs; i++) {
    x = min(x, once(...a));
    y = min(y, once(...b));
  }
  return [x, y];
}

export async function cBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'threadlab-cbench-'));
  process.env['THREADLAB_CACHE_DIR'] = join(dir, 'cache');
  const { loadC } = await import('../clib/host/index.js');
  try {
    const file = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };
    const fMutex = file('mutex.c', C_MUTEX);
    let t0 = performance.now();
    const mutex = await loadC([fMutex]);
    const first = performance.now() - t0;
    t0 = performance.now();
    const getpid = await loadC([file('getpid.c', C_GETPID)]);
    const cold = performance.now() - t0;
    t0 = performance.now();
    await loadC([fMutex]);
    const cached = performance.now() - t0;
    const create = await loadC([file('create.c', C_CREATE)]);

    console.log('\n## C programs (clib/): compile, library calls from C, create+join from C\n');
    console.log('| compile | host ms |');
    console.log('|---|---:|');
    console.log(`| first in a process (loads clang and binaryen, compiles the lab's runtime) | ${first.toFixed(0)} |`);
    console.log(`| cold, compiler loaded | ${cold.toFixed(0)} |`);
    console.log(`| cached | ${cached.toFixed(1)} |`);

    const rows: [string, Program, Program][] = [
      ['pthread_mutex_lock + unlock (2 calls)', mutex.program, tsMutex(CALLS)],
      ['getpid (1 system call)', getpid.program, tsGetpid(CALLS)],
    ];
    console.log(`\n| ${CALLS.toLocaleString('en-US')} × call, NPTL | C CPU ns / call | TS CPU ns / call | C / TS | C wall ns / call | TS wall ns / call | target (CPU) |`);
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const [what, c, ts] of rows) {
      const calls = what.startsWith('pthread') ? 2 * CALLS : CALLS;
      const [a, b] = bestPair([c, [String(CALLS)]], [ts, []]);
      const ratio = a.cpu / b.cpu;
      const ns = (ms: number): string => ((ms * 1e6) / calls).toFixed(0);
      console.log(`| ${what} | ${ns(a.cpu)} | ${ns(b.cpu)} | ${ratio.toFixed(2)} | ${ns(a.wall)} | ${ns(b.wall)} | ≤ 2: ${ratio <= 2 ? 'met' : 'MISSED'} |`);
    }
    let t: Timing = { wall: Infinity, cpu: Infinity };
    for (let i = 0; i < 3; i++) t = min(t, once(create.program, [String(CREATES)]));
    console.log(`\n| ${CREATES.toLocaleString('en-US')} × pthread_create + join from C, NPTL | host s | CPU s | target (host) |`);
    console.log('|---|---:|---:|---|');
    console.log(`| create + join | ${(t.wall / 1000).toFixed(3)} | ${(t.cpu / 1000).toFixed(3)} | < 2 s: ${t.wall < 2000 ? 'met' : 'MISSED'} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
