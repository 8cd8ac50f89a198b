/**
 * c_storm.bench.ts — library calls from C in a tight loop while signals arrive: the shape of
 * LTP's open_posix_testsuite signal-storm tests (pthread_mutex_lock/3-1, pthread_mutex_trylock/
 * 4-3, pthread_cond_signal/4-2 ...), whose worker locks and unlocks mutexes for a virtual second
 * while two threads send it SIGUSR1/SIGUSR2 and its handlers sem_post the senders on.
 *
 * An uncontended lock is one atomic instruction: the simulated CPU does tens of millions a
 * second, and each is a call from C into the library. The figure here is host seconds per
 * virtual second of the storm (a conformance run that expects the test to end within its
 * timeout needs it small), and the signals sent meanwhile. See activation.ts runInline
 * (a call the kernel can finish on the spot does not unwind C).
 *
 * Rows: NPTL and LinuxThreads, 1 CPU (as `threadlab run` by default: the worker locks for a
 * whole time slice between two deliveries, the case that costs the host most per virtual
 * second; on 2 CPUs the senders interrupt it throughout and delivery dominates), modern-x86;
 * the worker loops until the run's time limit, T virtual ms (tinybench: a few whole runs
 * after a warm-up). Environment: THREADLAB_BENCH_STORM_MS=<T> (default 20).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { runProgram, type RunResult } from '../experiments/runner.js';
import '../libs/all.js';

const C_STORM = `#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
static volatile int stop;
static sem_t s1, s2;
static pthread_t worker;
static void on1(int sig) { (void)sig; sem_post(&s1); }
static void on2(int sig) { (void)sig; sem_post(&s2); }
static void *send(void *arg) {
  sem_t *s = arg;
  int sig = s == &s1 ? SIGUSR1 : SIGUSR2;
  while (!stop) { while (sem_wait(s) != 0) ; if (!stop) pthread_kill(worker, sig); }
  return NULL;
}
static void *work(void *arg) {
  (void)arg;
  pthread_mutex_t m[5];
  for (int i = 0; i < 5; i++) pthread_mutex_init(&m[i], NULL);
  for (;;)
    for (int k = 0; k < 5; k++) { pthread_mutex_lock(&m[k]); pthread_mutex_unlock(&m[k]); }
  return NULL;
}
int main(void) {
  struct sigaction sa = { 0 };
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on1; sigaction(SIGUSR1, &sa, NULL);
  sa.sa_handler = on2; sigaction(SIGUSR2, &sa, NULL);
  sem_init(&s1, 0, 1); sem_init(&s2, 0, 1);
  pthread_t t1, t2;
  pthread_create(&worker, NULL, work, NULL);
  pthread_create(&t1, NULL, send, &s1);
  pthread_create(&t2, NULL, send, &s2);
  pthread_join(worker, NULL);
  stop = 1;
  sem_post(&s1); sem_post(&s2);
  pthread_join(t1, NULL); pthread_join(t2, NULL);
  return 0;
}
`;

export async function cStormBench(ms = Number(process.env['THREADLAB_BENCH_STORM_MS'] ?? 20)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'threadlab-cstorm-'));
  const { loadC } = await import('../clib/host/index.js');
  try {
    const file = join(dir, 'storm.c');
    writeFileSync(file, C_STORM);
    const { program } = await loadC([file]);
    console.log(`\n## C: pthread_mutex_lock/unlock for ${ms} virtual ms under a signal storm (LTP pthread_mutex_lock/3-1 shape, 1 CPU, modern-x86)\n`);
    console.log('| library | host s / run | host s / virtual s | signals (tgkill or kill) |');
    console.log('|---|---:|---:|---:|');
    for (const lib of ['nptl', 'linuxthreads']) {
      let last: RunResult | null = null;
      const bench = new Bench({ name: `storm ${lib}`, iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 });
      bench.add(lib, () => {
        last = runProgram({ program, lib, name: 'storm', timeLimit: ms * 1e6 });
        if (last.outcome !== 'time-limit') throw new Error(`c storm bench on ${lib}: ${last.statusText}`);
      });
      await bench.run();
      const res = bench.tasks[0].result;
      if (res.state !== 'completed') throw new Error(`bench ${bench.name}: ${res.state}`);
      const r = last as RunResult | null;
      if (r === null) throw new Error('c storm bench did not run');
      const s = res.latency.mean / 1000;
      const signals = (r.syscalls['tgkill'] ?? 0) + (r.syscalls['kill'] ?? 0);
      console.log(`| ${lib} | ${s.toFixed(3)} | ${(s / (ms / 1e3)).toFixed(1)} | ${signals} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
