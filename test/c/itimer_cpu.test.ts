/**
 * itimer_cpu.test.ts — setitimer's ITIMER_VIRTUAL and ITIMER_PROF from C on every library
 * (kernel/itimer_cpu.ts; LTP's pthread_create/11-1 needs ITIMER_VIRTUAL). Expected
 * output: gcc 12 -O2 + glibc 2.36 on this Linux. LinuxThreads differs where its threads are
 * processes (deviations.ts 'proc:itimer-shared').
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';
import { deviation } from '../conformance/deviations.js';

const LIBS = libraryNames();
const FILE = 'test/c/posix/itimer_cpu.c';

beforeAll(async () => { await cprog(FILE); }, 180_000);

const LINUX =
  'initially 0 0\n' +
  'set 0\n' +
  'SIGVTALRM after < 200 ms of CPU 1, si_code SI_KERNEL 1\n' +
  'then disarmed 0\n' +
  'after a 100 ms sleep: fired 0, left > 10 ms 1\n' +
  'a thread\'s spinning fired it 1\n' +
  'SIGPROF 1, old interval 10 ms (to a tick) 1, old value <= 20 ms 1\n' +
  'old value about 1 s 1\n' +
  'child\'s ITIMER_PROF 0\n' +
  'parent\'s still armed 1\n' +
  'bad which: -1\n';

describe.each(LIBS)('C on %s: CPU-time interval timers', (lib) => {
  const dev = deviation(lib, 'proc:itimer-shared');
  it(`SIGVTALRM after user time, not while asleep; every thread's time counts; SIGPROF with an interval; the old value; not inherited by fork${dev ? ` — differs: ${dev.reason}` : ''}`, async () => {
    const r = await runC(FILE, lib);
    expect(r.stdout).toBe(dev ? LINUX.replace('spinning fired it 1', 'spinning fired it 0') : LINUX);
    expect(r.exitCode).toBe(0);
  });
});
