/**
 * affinity.test.ts — CPU affinity and the concurrency hint from C (clib/include/sched.h's
 * cpu_set_t macros, clib/runtime/affinity.c, clib/host/affinity.ts) on every library, 2 CPUs:
 * the macros, sched_setaffinity/getaffinity/getcpu on the caller, the affinity attribute and
 * pthread_setaffinity_np/getaffinity_np on a thread (ENOSYS under NGPT and green, whose user
 * threads have no kernel task: test/conformance/deviations.ts), and pthread_setconcurrency
 * (negative levels stored by LinuxThreads and NGPT 2.2.1, as their pthread.c does); and the
 * CPU count a program reads (sysconf, get_nprocs).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const PROG = 'test/c/posix/affinity.c';
const NPROCS = 'test/c/posix/nprocs.c';

beforeAll(async () => { await cprog(PROG); await cprog(NPROCS); }, 600_000);

const COMMON = [
  'macros: size 128 count 2 isset0 1 isset3 0 isset1000 1 equal 1',
  'dynamic: size 12 count 1 isset65 1',
  'get: 0 count 2',
  'get size 0: -1 EINVAL',
  'pin to 1: 0',
  'cpu 1',
  'pin to 5: -1 EINVAL',
  'no such pid: -1 ESRCH',
  'attr unset: count 1024',
  'attr set: isset0 1 count 1',
];

const KERNEL_TASK = ['create with attr: 0', 'thread ran on cpu 0', 'pthread_setaffinity_np 0 getaffinity 0 count 1 isset0 1; it ran on cpu 0'];
const NO_TASK = ['create with attr: ENOSYS', 'pthread_setaffinity_np ENOSYS getaffinity ENOSYS count 0 isset0 0; it ran on cpu 1'];

const EXPECTED: Record<string, string[]> = {
  nptl: [...COMMON, ...KERNEL_TASK, 'concurrency 0 set 0 get 4 negative EINVAL'],
  linuxthreads: [...COMMON, ...KERNEL_TASK, 'concurrency 0 set 0 get 4 negative 0'],
  ngpt: [...COMMON, ...NO_TASK, 'concurrency 0 set 0 get 4 negative 0'],
  green: [...COMMON, ...NO_TASK, 'concurrency 0 set 0 get 4 negative EINVAL'],
};

describe.each(libraryNames())('C affinity on %s', (lib) => {
  it('cpu_set_t macros, sched_*affinity and sched_getcpu, the affinity attribute, pthread_*affinity_np, pthread_setconcurrency', async () => {
    const r = await runC(PROG, lib, [], { cpus: 2 });
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(EXPECTED[lib]);
    expect(r.exitCode).toBe(0);
  });

  it('sysconf(_SC_NPROCESSORS_ONLN/_CONF) and get_nprocs answer the run\'s CPUs (wasi-libc alone says 1)', async () => {
    for (const cpus of [1, 2, 4]) {
      const r = await runC(NPROCS, lib, [], { cpus });
      expect(r.stdout).toBe(`onln ${cpus} conf ${cpus} get_nprocs ${cpus} conf ${cpus}\n`);
    }
  });
});
